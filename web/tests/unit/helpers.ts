// Test helpers: a scripted fetch that records requests and answers from a route table.
import { vi } from 'vitest';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
  credentials: RequestCredentials | undefined;
}

type Answer = { status: number; body?: unknown; contentType?: string };
type Route = (request: RecordedRequest) => Answer | undefined;

export function jsonResponse({ status, body, contentType }: Answer): Response {
  if (status === 204) return new Response(null, { status });
  const type = contentType ?? (status >= 400 ? 'application/problem+json' : 'application/json');
  return new Response(body === undefined ? '' : JSON.stringify(body), { status, headers: { 'Content-Type': type } });
}

export function problem(status: number, code: string, extra: Record<string, unknown> = {}) {
  return { type: 'about:blank', title: 'Error', status, code, ...extra };
}

/** Replaces global fetch; each call is recorded and answered by the first route that answers. */
export function mockFetch(...routes: Route[]) {
  const requests: RecordedRequest[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((value, key) => {
      headers[key.toLowerCase()] = value;
    });
    const request: RecordedRequest = {
      method: init.method ?? 'GET',
      url: String(input),
      headers,
      body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
      credentials: init.credentials,
    };
    requests.push(request);
    for (const route of routes) {
      const answer = route(request);
      if (answer) return jsonResponse(answer);
    }
    return jsonResponse({ status: 404, body: problem(404, 'not_found') });
  });
  vi.stubGlobal('fetch', fetchMock);
  return { requests, fetchMock };
}

export const when =
  (method: string, path: string, answer: Answer | ((request: RecordedRequest) => Answer)): Route =>
  (request) => {
    const url = new URL(request.url, 'http://localhost');
    if (request.method !== method || url.pathname !== path) return undefined;
    return typeof answer === 'function' ? answer(request) : answer;
  };

export const adminUser = {
  id: 1,
  username: 'admin',
  display_name: '管理员',
  role: 'admin' as const,
  org_unit_id: 1,
  active: true,
  version: 1,
  created_at: '2024-01-01T00:00:00Z',
  updated_at: '2024-01-01T00:00:00Z',
};

export const hqUnit = {
  id: 1,
  kind: 'hq' as const,
  name: '总部',
  parent_id: null,
  division_code: null,
  active: true,
  version: 1,
  created_at: '2024-01-01T00:00:00Z',
  updated_at: '2024-01-01T00:00:00Z',
};

export const adminMe = { user: adminUser, org_unit: hqUnit, permissions: ['org.read', 'org.manage', 'users.read', 'users.manage', 'audit.read'] };

/** An account as the server answers it (成都市公安局, a secondary account in 成都市). */
export function accountFixture(extra: Record<string, unknown> = {}) {
  return {
    id: 12,
    name: '成都市公安局',
    credit_code: '11510100MB0000000U',
    industry: 'police',
    admin_level: 'municipal' as const,
    division_code: '510100',
    province_code: '510000',
    address: null,
    grade: 'secondary' as const,
    business_class: 'tender' as const,
    procurement_method: 'agreement' as const,
    source_channel: 'gov_procurement_site',
    owner_unit_id: 1,
    owner_user_id: null,
    active: true,
    version: 3,
    created_at: '2024-01-01T00:00:00Z',
    updated_at: '2024-01-01T00:00:00Z',
    ...extra,
  };
}

/** A contact of account 12. */
export function contactFixture(id: number, name: string, buying_role: string, extra: Record<string, unknown> = {}) {
  return {
    id,
    account_id: 12,
    name,
    title: null,
    department: null,
    buying_role: buying_role as 'user' | 'evaluator' | 'decision_maker' | 'decision_layer' | 'operator' | 'finance',
    level: null,
    function: null,
    reports_to_id: null,
    phone: null,
    active: true,
    version: 1,
    created_at: '2024-01-01T00:00:00Z',
    updated_at: '2024-01-01T00:00:00Z',
    ...extra,
  };
}

/** Polls until `check` passes (for debounced and chained requests), at most `ms`. */
export async function eventually(check: () => void, ms = 2000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}
