// Our quotes (报价) on an opportunity and their approval (报价审批): a quote within the model's
// price band for the opportunity's procurement method is approved at once; outside it needs the
// regional director, and far below it HQ as well (see `classifyQuote` in ./catalogue for the rule).
//
// The types are written here from docs/api-notes.md ("Opportunities, quotes and deliveries —
// issue 6") rather than taken from the generated schema, which does not describe this module yet.
import { http } from './client';

export const QUOTE_STATUSES = ['approved', 'pending_regional', 'pending_hq', 'rejected', 'sent'] as const;
export type QuoteStatus = (typeof QUOTE_STATUSES)[number];

/** The statuses that wait for a decision (otherwise 409 `quote.not_pending`). */
export const PENDING_QUOTE_STATUSES: readonly QuoteStatus[] = ['pending_regional', 'pending_hq'];

/** Who must approve: nobody (within the band), the regional director, or the regional director then HQ. */
export const APPROVAL_LEVELS = ['none', 'regional', 'hq'] as const;
export type ApprovalLevel = (typeof APPROVAL_LEVELS)[number];

export type QuoteDecisionKind = 'approve' | 'reject';

/** One step decided: `level` is the step (regional or HQ). */
export interface QuoteApproval {
  level: ApprovalLevel;
  decision: QuoteDecisionKind;
  note: string | null;
  by_user_id: number;
  by_user_name: string;
  /** RFC 3339. */
  at: string;
}

export interface Quote {
  id: number;
  opportunity_id: number;
  opportunity_title: string;
  account_name: string;
  owner_unit_id: number;
  owner_unit_name: string;
  model_id: number;
  model_name: string;
  quantity: number;
  /** Our price per vehicle, in 分 (fen). */
  unit_price_fen: number;
  /** The model's guide price when quoted, in fen. */
  guide_price_fen: number;
  /** (guide − price) / guide in basis points (1/100 %); negative above the guide price. */
  discount_bp: number;
  /** The band the quote was judged by (basis points). */
  max_discount_bp: number;
  hq_discount_bp: number;
  approval_level: ApprovalLevel;
  status: QuoteStatus;
  approvals: QuoteApproval[];
  note: string | null;
  created_by_name: string;
  created_at: string;
  sent_at: string | null;
  version: number;
  /** RFC 3339: since when it waits for its current step (null once decided). */
  waiting_since: string | null;
  /** RFC 3339: the soonest bid deadline not yet passed of its opportunity's pending tenders. */
  bid_deadline: string | null;
}

export interface QuoteCreate {
  model_id: number;
  quantity: number;
  unit_price_fen: number;
  note?: string;
}

export interface QuoteDecision {
  decision: QuoteDecisionKind;
  /** Required to reject. */
  note?: string;
  version: number;
}

export interface QuoteFilter {
  status?: readonly QuoteStatus[];
  /** Only the steps the caller may decide (the approval inbox). */
  awaiting_me?: boolean;
}

export interface QuoteList {
  items: Quote[];
}

/** The approval inbox: the pending steps the caller may decide, in scope. */
export const INBOX_FILTER: QuoteFilter = { status: PENDING_QUOTE_STATUSES, awaiting_me: true };

export function listQuotes(filter: QuoteFilter = INBOX_FILTER, signal?: AbortSignal): Promise<QuoteList> {
  const { status, awaiting_me } = filter;
  return http.get<QuoteList>(
    '/quotes',
    { status: status && status.length ? status.join(',') : undefined, awaiting_me: awaiting_me ? true : undefined },
    { signal },
  );
}

export function createQuote(opportunityId: number, body: QuoteCreate): Promise<Quote> {
  return http.post<Quote>(`/opportunities/${opportunityId}/quotes`, body);
}

/**
 * Approves or rejects the step the quote waits for (`quotes.approve`): 403 for a regional
 * director at the HQ step, 409 `quote.not_pending` when it no longer waits, `version_conflict`.
 */
export function decideQuote(id: number, body: QuoteDecision): Promise<Quote> {
  return http.post<Quote>(`/quotes/${id}/decision`, body);
}

/** Marks an approved quote sent to the customer (409 `quote.not_approved` otherwise). */
export function sendQuote(id: number, version: number): Promise<Quote> {
  return http.post<Quote>(`/quotes/${id}/send`, { version });
}
