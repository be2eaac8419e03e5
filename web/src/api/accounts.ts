// Accounts (`/accounts`): the list in pinyin order, create (409 `account.duplicate` with the
// candidates), edit, duplicate hints, the buying centre's contacts, the analysis sheet and
// the spreadsheet import (preview, then write) and export.
import { filenameFromContentDisposition } from '@/utils/download';
import { ApiError, buildUrl, getFile, http, upload, type Query } from './client';
import type {
  Account,
  AccountCreate,
  AccountList,
  AccountPatch,
  AnalysisHistory,
  AnalysisSheet,
  AnalysisVersion,
  Contact,
  ContactCreate,
  ContactList,
  ContactPatch,
  DuplicateCandidate,
  DuplicateList,
  Grade,
} from './types';

export interface AccountFilter {
  /** Name (simplified or traditional), full pinyin or initials, or credit code, by prefix. */
  q?: string;
  grade?: Grade;
  industry?: string;
  /** GB/T 2260; a province includes its cities and counties. */
  division_code?: string;
  /** Owned by this unit or a unit under it. */
  owner_unit_id?: number;
  owner_user_id?: number;
  active?: boolean;
  limit?: number;
  cursor?: string;
}

export function listAccounts(filter: AccountFilter = {}, signal?: AbortSignal): Promise<AccountList> {
  return http.get<AccountList>('/accounts', { ...filter }, { signal });
}

/** Per status, how many accounts the list holds with the other filters (GET /accounts/status-counts). */
export interface AccountStatusCounts {
  counts: { active: number; inactive: number };
  total: number;
}

/** The list's status-filter counts: the same filters as the list, its status (`active`) aside. */
export function accountStatusCounts(
  filter: Omit<AccountFilter, 'active' | 'limit' | 'cursor'> = {},
  signal?: AbortSignal,
): Promise<AccountStatusCounts> {
  return http.get<AccountStatusCounts>('/accounts/status-counts', { ...filter }, { signal });
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The query of `GET /accounts/export`: `format=xlsx` and the list's filters (never its paging). */
export function accountExportQuery(filter: AccountFilter): Query {
  return {
    format: 'xlsx',
    q: filter.q,
    grade: filter.grade,
    industry: filter.industry,
    division_code: filter.division_code,
    owner_unit_id: filter.owner_unit_id,
    owner_user_id: filter.owner_user_id,
    active: filter.active,
  };
}

/** The address of the export of the accounts that `filter` finds. */
export function accountExportUrl(filter: AccountFilter): string {
  return buildUrl('/accounts/export', accountExportQuery(filter));
}

export interface AccountExport {
  blob: Blob;
  /** The name the server gave the file (Content-Disposition), or null. */
  filename: string | null;
}

/**
 * The accounts `filter` finds as an .xlsx workbook. More than the server allows (100,000) is a
 * 422 ApiError with `errors[] = {field: "limit", code: "too_long"}`.
 */
export async function exportAccounts(filter: AccountFilter, signal?: AbortSignal): Promise<AccountExport> {
  const file = await getFile('/accounts/export', accountExportQuery(filter), { accept: XLSX_TYPE, signal });
  return { blob: file.blob, filename: filenameFromContentDisposition(file.contentDisposition) };
}

export function getAccount(id: number): Promise<Account> {
  return http.get<Account>(`/accounts/${id}`);
}

export function createAccount(body: AccountCreate): Promise<Account> {
  return http.post<Account>('/accounts', body);
}

export function updateAccount(id: number, body: AccountPatch): Promise<Account> {
  return http.patch<Account>(`/accounts/${id}`, body);
}

export interface DuplicateQuery {
  name?: string;
  credit_code?: string;
  division_code?: string;
}

export async function findDuplicates(query: DuplicateQuery, signal?: AbortSignal): Promise<DuplicateCandidate[]> {
  const list = await http.get<DuplicateList>('/accounts/duplicates', { ...query }, { signal });
  return list.candidates;
}

function isCandidate(value: unknown): value is DuplicateCandidate {
  return (
    typeof value === 'object' &&
    value !== null &&
    'kind' in value &&
    'reason' in value &&
    typeof value.reason === 'string'
  );
}

/** The `duplicates` of a 409 `account.duplicate` answer (empty for any other error). */
export function duplicatesOf(error: unknown): DuplicateCandidate[] {
  if (!(error instanceof ApiError) || error.code !== 'account.duplicate') return [];
  const problem: object | null = error.problem;
  if (!problem || !('duplicates' in problem) || !Array.isArray(problem.duplicates)) return [];
  const list: unknown[] = problem.duplicates;
  return list.filter(isCandidate);
}

export async function listContacts(accountId: number): Promise<Contact[]> {
  const list = await http.get<ContactList>(`/accounts/${accountId}/contacts`);
  return list.items;
}

export function createContact(accountId: number, body: ContactCreate): Promise<Contact> {
  return http.post<Contact>(`/accounts/${accountId}/contacts`, body);
}

export function updateContact(accountId: number, contactId: number, body: ContactPatch): Promise<Contact> {
  return http.patch<Contact>(`/accounts/${accountId}/contacts/${contactId}`, body);
}

export function getAnalysis(accountId: number, limit = 100): Promise<AnalysisHistory> {
  return http.get<AnalysisHistory>(`/accounts/${accountId}/analysis`, { limit });
}

export function saveAnalysis(accountId: number, body: AnalysisSheet): Promise<AnalysisVersion> {
  return http.post<AnalysisVersion>(`/accounts/${accountId}/analysis`, body);
}

/** One problem of an import row: a field and what is wrong with it. */
export interface ImportFieldError {
  field: string;
  message: string;
  code: string;
}

/** An account (or an earlier row of the file) that an import row may duplicate. */
export interface ImportDuplicate {
  kind: string;
  score: number;
  reason: string;
  /** Only for an account in the caller's scope. */
  id?: number;
  name?: string;
}

/** Statuses of rows that are not written; the server may add others (and once sent `ok`). */
export type ImportRowStatus = 'invalid' | 'duplicate' | (string & {});

/** A row of the file that is not written, by its spreadsheet row number (the header is row 1). */
export interface ImportRow {
  row: number;
  name: string;
  status: ImportRowStatus;
  errors: ImportFieldError[];
  duplicates: ImportDuplicate[];
  id: number | null;
}

export interface ImportSummary {
  total: number;
  valid: number;
  invalid: number;
  duplicate: number;
  written: number;
  /** Contacts in the file that are (preview) or were (import) valid to write. */
  contacts: number;
}

/**
 * The answer of `POST /accounts/import`. Own type rather than the generated one: it has
 * `summary.contacts`, and it is read leniently (see `normaliseImportResult`).
 */
export interface ImportResult {
  dry_run: boolean;
  summary: ImportSummary;
  rows: ImportRow[];
}

const count = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);
const record = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** The server's answer with every count a number (a missing `contacts` is 0) and every list a list. */
export function normaliseImportResult(raw: unknown): ImportResult {
  const body = record(raw);
  const summary = record(body.summary);
  return {
    dry_run: body.dry_run !== false,
    summary: {
      total: count(summary.total),
      valid: count(summary.valid),
      invalid: count(summary.invalid),
      duplicate: count(summary.duplicate),
      written: count(summary.written),
      contacts: count(summary.contacts),
    },
    rows: list(body.rows).map((value) => {
      const row = record(value);
      return {
        row: count(row.row),
        name: text(row.name),
        status: text(row.status),
        errors: list(row.errors).map((entry) => {
          const error = record(entry);
          return { field: text(error.field), message: text(error.message), code: text(error.code) };
        }),
        duplicates: list(row.duplicates).map((entry) => {
          const duplicate = record(entry);
          const candidate: ImportDuplicate = {
            kind: text(duplicate.kind),
            score: count(duplicate.score),
            reason: text(duplicate.reason),
          };
          if (typeof duplicate.id === 'number') candidate.id = duplicate.id;
          if (typeof duplicate.name === 'string') candidate.name = duplicate.name;
          return candidate;
        }),
        id: typeof row.id === 'number' ? row.id : null,
      };
    }),
  };
}

export interface ImportOptions {
  signal?: AbortSignal;
  /** Upload progress, 0–100. */
  onProgress?: (percent: number) => void;
  /** The file is sent; the server is checking (or writing) it. */
  onSent?: () => void;
}

/**
 * Sends an .xlsx or .csv file to `POST /accounts/import`: `dryRun` previews every row's
 * problems and duplicates without writing; otherwise the valid rows are written in one
 * transaction. A whole-file problem is a 422 ApiError with `errors[].field == "file"`.
 */
export async function importAccounts(file: Blob, dryRun: boolean, options: ImportOptions = {}): Promise<ImportResult> {
  const raw = await upload<unknown>('/accounts/import', file, {
    query: { dry_run: dryRun },
    signal: options.signal,
    onProgress: (loaded, total) => options.onProgress?.(total > 0 ? Math.min(100, Math.round((loaded / total) * 100)) : 0),
    onSent: options.onSent,
  });
  return normaliseImportResult(raw);
}
