// Accounts (`/accounts`): the list in pinyin order, create (409 `account.duplicate` with the
// candidates), edit, duplicate hints, the buying centre's contacts and the analysis sheet.
import { ApiError, http } from './client';
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
