// The accounts list's filters as the API's query, shared by the list and its export (so the
// file holds exactly the accounts the list finds), and the export's file name and errors.
import type { AccountFilter } from '@/api/accounts';
import { ApiError } from '@/api/client';
import type { Grade } from '@/api/types';
import { errorMessage, type Translator } from './error-message';
import { dateStamp } from './format';

export type AccountStatus = 'active' | 'inactive' | 'all';

/** What the list page's search box and filter selects hold. */
export interface AccountListState {
  q: string;
  grade: Grade | '';
  industry: string;
  division_code: string | null;
  owner_unit_id: number | null;
  status: AccountStatus;
}

/** The filters of `GET /accounts` (and `/accounts/export`) for the list's state; no paging. */
export function accountListFilter(state: AccountListState): AccountFilter {
  return {
    q: state.q.trim() || undefined,
    grade: state.grade || undefined,
    industry: state.industry || undefined,
    division_code: state.division_code ?? undefined,
    owner_unit_id: state.owner_unit_id ?? undefined,
    active: state.status === 'all' ? undefined : state.status === 'active',
  };
}

/** The name to save an export under when the server gives none: 客户列表-YYYYMMDD.xlsx. */
export function exportFallbackName(translator: Pick<Translator, 't'>, date: Date = new Date()): string {
  return translator.t('accounts.export.file', { date: dateStamp(date) });
}

/**
 * Why an export failed, for the user. Too many accounts (422, `limit`/`too_long`) is said in
 * the user's language with the server's limit; another field error is the server's message.
 */
export function exportErrorMessage(error: unknown, translator: Translator): string {
  if (error instanceof ApiError) {
    const tooMany = error.fieldErrors.find((e) => e.field === 'limit' && e.code === 'too_long');
    if (tooMany) {
      const limit = /\d[\d,]*/.exec(tooMany.message)?.[0]?.replace(/,/g, '');
      return limit
        ? translator.t('accounts.export.tooMany', { n: Number(limit).toLocaleString('en-US') })
        : tooMany.message;
    }
    const first = error.fieldErrors.find((e) => e.message);
    if (first) return first.message;
  }
  return errorMessage(error, translator);
}
