// Pure helpers of the quote approval pages (报价审批): money, the discount and the band as
// percentages, which step a quote waits for, and how far outside the band it is.
import type { ApprovalLevel, Quote, QuoteStatus } from '@/api/quotes';
import type { AppLocale } from '@/locales';
import { formatMoney } from '@/kit';

export type TagType = 'primary' | 'success' | 'info' | 'warning' | 'danger';

/** 分 as 元 in the kit's one format: "268,000 元" (empty when there is none). */
export function formatFen(fen: number | null | undefined, locale: AppLocale): string {
  return formatMoney(fen, locale);
}

/** Basis points as a percentage with up to 2 decimals: 350 → "3.5%", −120 → "-1.2%". */
export function formatBp(bp: number | null | undefined, locale: AppLocale): string {
  if (bp === null || bp === undefined || !Number.isFinite(bp)) return '—';
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 2 }).format(bp / 10000);
}

/** The step a pending quote waits for; null when it waits for none. */
export function pendingStep(status: QuoteStatus): Exclude<ApprovalLevel, 'none'> | null {
  if (status === 'pending_regional') return 'regional';
  if (status === 'pending_hq') return 'hq';
  return null;
}

const STATUS_TAGS: Record<QuoteStatus, TagType> = {
  approved: 'success',
  pending_regional: 'warning',
  pending_hq: 'danger',
  rejected: 'info',
  sent: 'primary',
};

export function quoteStatusTag(status: string): TagType {
  return (STATUS_TAGS as Record<string, TagType | undefined>)[status] ?? 'info';
}

/** How the discount reads against the band: above the guide price, within, beyond max, beyond HQ's. */
export type DiscountPosition = 'above_guide' | 'within' | 'beyond_max' | 'beyond_hq';

export function discountPosition(quote: Pick<Quote, 'unit_price_fen' | 'guide_price_fen' | 'approval_level'>): DiscountPosition {
  if (quote.unit_price_fen > quote.guide_price_fen) return 'above_guide';
  if (quote.approval_level === 'hq') return 'beyond_hq';
  if (quote.approval_level === 'regional') return 'beyond_max';
  return 'within';
}

const POSITION_TAGS: Record<DiscountPosition, TagType> = {
  above_guide: 'warning',
  within: 'success',
  beyond_max: 'warning',
  beyond_hq: 'danger',
};

export function discountTag(position: DiscountPosition): TagType {
  return POSITION_TAGS[position];
}

/** The quote's amount: unit price × quantity, in fen. */
export function quoteAmountFen(quote: Pick<Quote, 'unit_price_fen' | 'quantity'>): number {
  return quote.unit_price_fen * quote.quantity;
}

/** The path of an opportunity's page (its competitors' quotes are there). */
export function opportunityPath(id: number): string {
  return `/opportunities/${id}`;
}

/**
 * When the quote began to wait for its current step: for the HQ step, the regional approval;
 * otherwise its creation.
 */
export function waitingSince(quote: Pick<Quote, 'status' | 'created_at' | 'approvals'>): string {
  if (quote.status === 'pending_hq') {
    const regional = [...(quote.approvals ?? [])].reverse().find((a) => a.level === 'regional' && a.decision === 'approve');
    if (regional) return regional.at;
  }
  return quote.created_at;
}

/** How long a wait reads: under an hour in minutes, under two days in hours, else in days. */
export function waitedMessage(since: string, now: Date = new Date()): { key: string; n: number } {
  const ms = Math.max(0, now.getTime() - Date.parse(since));
  const minutes = Math.floor(ms / 60000);
  if (!Number.isFinite(minutes)) return { key: 'quotes.waited.minutes', n: 0 };
  if (minutes < 60) return { key: 'quotes.waited.minutes', n: minutes };
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return { key: 'quotes.waited.hours', n: hours };
  return { key: 'quotes.waited.days', n: Math.floor(hours / 24) };
}

/** Waits of this many hours or more are shown in red (the approver is the bottleneck). */
export const LONG_WAIT_HOURS = 48;

export function waitTag(since: string, now: Date = new Date()): TagType {
  const hours = (now.getTime() - Date.parse(since)) / 3600000;
  if (hours >= LONG_WAIT_HOURS) return 'danger';
  if (hours >= 24) return 'warning';
  return 'info';
}
