// An account's figures for its overview (GET /accounts/{id}/summary), counted by the server: open
// opportunities and their amount, units won this year, the last delivery (all in the caller's
// scope) and the buying roles held by an active contact. 404 outside the scope.
import { http } from './client';
import type { components } from './schema';

export type AccountSummary = components['schemas']['AccountSummary'];

export function getAccountSummary(id: number, signal?: AbortSignal): Promise<AccountSummary> {
  return http.get<AccountSummary>(`/accounts/${id}/summary`, undefined, { signal });
}
