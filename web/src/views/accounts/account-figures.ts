// The account overview's figures, from what the API already offers: its opportunities (open
// ones and won ones, by account_id), the deliveries of the won ones, and its contacts.
import { BUYING_ROLES, type BuyingRole } from '@/api/types';
import type { Opportunity } from '@/api/opportunities';
import type { Delivery } from '@/api/deliveries';
import { formatDate } from '@/kit/format';

export interface AccountFigures {
  openCount: number;
  /** More open opportunities than one page holds: the count is a lower bound. */
  openMore: boolean;
  openAmountFen: number;
  /** Units of the opportunities won this year (Asia/Shanghai year of closed_at). */
  wonUnitsThisYear: number;
  /** YYYY-MM-DD of the newest (not voided) delivery, or null. */
  lastDelivery: string | null;
  /** Buying roles with at least one active contact, of all six. */
  rolesCovered: BuyingRole[];
  rolesTotal: number;
}

export function openFigures(open: readonly Opportunity[]) {
  return { openCount: open.length, openAmountFen: open.reduce((sum, o) => sum + (o.amount_fen ?? 0), 0) };
}

/** `year` as YYYY: the won opportunities closed in it. */
export function wonUnitsIn(won: readonly Opportunity[], year: string): number {
  return won.filter((o) => formatDate(o.closed_at).slice(0, 4) === year).reduce((sum, o) => sum + o.won_units, 0);
}

export function lastDeliveryOf(deliveries: readonly Pick<Delivery, 'date' | 'voided_at'>[]): string | null {
  const dates = deliveries.filter((d) => !d.voided_at).map((d) => d.date);
  return dates.length ? dates.reduce((a, b) => (a > b ? a : b)) : null;
}

export function rolesCovered(contacts: readonly { buying_role: BuyingRole; active: boolean }[]): BuyingRole[] {
  const held = new Set(contacts.filter((c) => c.active).map((c) => c.buying_role));
  return BUYING_ROLES.filter((role) => held.has(role));
}
