// The one configured HTTP client for /api/v1: same-origin cookie auth, the CSRF token on
// every non-GET request, JSON in and out (and file uploads with progress, file downloads into
// a blob), problem+json errors turned into ApiError.
import type { FieldError, Problem } from './types';

export const API_BASE = '/api/v1';
const CSRF_STORAGE_KEY = 'fleetkam.csrf_token';

/** An HTTP error from the API; `problem` is the RFC 9457 body when the server sent one. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem | null;

  constructor(status: number, problem: Problem | null, message?: string) {
    super(message ?? problem?.detail ?? problem?.title ?? `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
  }

  /** The stable error code (`validation_failed`, `auth.invalid_credentials`, …), if any. */
  get code(): string | null {
    return this.problem?.code ?? null;
  }

  get fieldErrors(): FieldError[] {
    return this.problem?.errors ?? [];
  }
}

/** The CSRF token lives in sessionStorage so that a reload keeps it; without it we are signed out. */
export const csrfToken = {
  get(): string | null {
    try {
      return sessionStorage.getItem(CSRF_STORAGE_KEY);
    } catch {
      return null;
    }
  },
  set(token: string): void {
    sessionStorage.setItem(CSRF_STORAGE_KEY, token);
  },
  clear(): void {
    try {
      sessionStorage.removeItem(CSRF_STORAGE_KEY);
    } catch {
      /* storage unavailable: nothing to clear */
    }
  },
};

type UnauthorizedHandler = (error: ApiError) => void;
let unauthorizedHandler: UnauthorizedHandler | null = null;

/** Registers what happens when any request answers 401 (the session ended). */
export function onUnauthorized(handler: UnauthorizedHandler | null): void {
  unauthorizedHandler = handler;
}

export type QueryValue = string | number | boolean | null | undefined;
export type Query = Record<string, QueryValue>;

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  /** Do not run the 401 handler (used by login, where 401 means wrong credentials). */
  ignoreUnauthorized?: boolean;
  signal?: AbortSignal;
}

export function buildUrl(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === '') continue;
    params.append(key, String(value));
  }
  const qs = params.toString();
  return `${API_BASE}${path}${qs ? `?${qs}` : ''}`;
}

function isProblem(value: unknown): value is Problem {
  return typeof value === 'object' && value !== null && 'status' in value && 'title' in value;
}

async function readProblem(response: Response): Promise<Problem | null> {
  const type = response.headers.get('Content-Type') ?? '';
  if (!type.includes('json')) return null;
  try {
    const body: unknown = await response.json();
    return isProblem(body) ? body : null;
  } catch {
    return null;
  }
}

/** Sends one request and answers its Response when it is 2xx; otherwise throws an ApiError. */
async function send(method: string, path: string, options: RequestOptions, accept: string): Promise<Response> {
  const headers: Record<string, string> = { Accept: accept };
  let body: string | undefined;
  if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  if (method !== 'GET' && method !== 'HEAD') {
    const token = csrfToken.get();
    if (token) headers['X-CSRF-Token'] = token;
  }
  let response: Response;
  try {
    response = await fetch(buildUrl(path, options.query), {
      method,
      headers,
      body,
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError(0, null, 'network error');
  }
  if (!response.ok) {
    const error = new ApiError(response.status, await readProblem(response));
    if (response.status === 401 && !options.ignoreUnauthorized) unauthorizedHandler?.(error);
    throw error;
  }
  return response;
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const response = await send(method, path, options, 'application/json');
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** A file the server sent: its bytes and the headers that name it. */
export interface FileAnswer {
  blob: Blob;
  /** The Content-Disposition header as sent (it may carry the file's name), or null. */
  contentDisposition: string | null;
}

/**
 * GETs a file (an export) into memory with fetch rather than by navigating to it, so that an
 * error answer (problem+json) becomes an ApiError the page can show. Same auth as `request`.
 */
export async function getFile(
  path: string,
  query?: Query,
  options: { accept?: string; signal?: AbortSignal } = {},
): Promise<FileAnswer> {
  const accept = options.accept ? `${options.accept}, application/problem+json` : '*/*';
  const response = await send('GET', path, { query, signal: options.signal }, accept);
  let blob: Blob;
  try {
    blob = await response.blob();
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError(0, null, 'network error');
  }
  return { blob, contentDisposition: response.headers.get('Content-Disposition') };
}

export interface UploadOptions {
  query?: Query;
  signal?: AbortSignal;
  /** Bytes sent so far, of `total` (the whole body). */
  onProgress?: (loaded: number, total: number) => void;
  /** The whole body is sent; the server is working on it. */
  onSent?: () => void;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * POSTs a file's bytes (application/octet-stream) with XMLHttpRequest, which, unlike fetch,
 * reports upload progress. Same auth, CSRF and errors as `request`; aborting the signal aborts
 * the upload and rejects with an AbortError.
 */
export function upload<T>(path: string, body: Blob, options: UploadOptions = {}): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const { signal } = options;
    if (signal?.aborted) {
      reject(new DOMException('The upload was aborted', 'AbortError'));
      return;
    }
    const xhr = new XMLHttpRequest();
    const abort = () => xhr.abort();
    const settle = () => signal?.removeEventListener('abort', abort);
    xhr.open('POST', buildUrl(path, options.query));
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    const token = csrfToken.get();
    if (token) xhr.setRequestHeader('X-CSRF-Token', token);
    xhr.responseType = 'text';
    xhr.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable) options.onProgress?.(event.loaded, event.total);
    });
    xhr.upload.addEventListener('load', () => options.onSent?.());
    xhr.addEventListener('load', () => {
      settle();
      const text = typeof xhr.responseText === 'string' ? xhr.responseText : '';
      if (xhr.status >= 200 && xhr.status < 300) {
        const parsed = text ? parseJson(text) : undefined;
        if (text && parsed === undefined) reject(new ApiError(xhr.status, null, 'malformed answer'));
        else resolve(parsed as T);
        return;
      }
      const type = xhr.getResponseHeader('Content-Type') ?? '';
      const body = type.includes('json') && text ? parseJson(text) : undefined;
      const error = new ApiError(xhr.status, isProblem(body) ? body : null);
      if (xhr.status === 401) unauthorizedHandler?.(error);
      reject(error);
    });
    xhr.addEventListener('error', () => {
      settle();
      reject(new ApiError(0, null, 'network error'));
    });
    xhr.addEventListener('abort', () => {
      settle();
      reject(new DOMException('The upload was aborted', 'AbortError'));
    });
    signal?.addEventListener('abort', abort, { once: true });
    xhr.send(body);
  });
}

export const http = {
  get: <T>(path: string, query?: Query, options: Omit<RequestOptions, 'body' | 'query'> = {}) =>
    request<T>('GET', path, { ...options, query }),
  post: <T>(path: string, body?: unknown, options: Omit<RequestOptions, 'body'> = {}) =>
    request<T>('POST', path, { ...options, body }),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, { body }),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, { body }),
};
