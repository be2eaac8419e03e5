// Pure rules of what needs attention on an opportunity, and what a closed one still offers.
// Urgent: an open opportunity whose expected purchase date (预计采购时间) has passed, or whose
// pending tender's bid deadline (投标截止) is within the next two days. Closed (won or lost):
// no 移动到… and no 登记招标; a lost one can only be reopened (重新打开, with a reason).
import type { Opportunity, Stage } from '@/api/opportunities';
import type { Tender } from '@/api/tenders';
import { shanghaiDate } from '@/views/registrations/registration-format';

/** A bid deadline this close (or closer) marks the opportunity. */
export const BID_SOON_DAYS = 2;
const HOUR_MS = 60 * 60 * 1000;
const BID_SOON_MS = BID_SOON_DAYS * 24 * HOUR_MS;

export interface Urgency {
  /** Open, and the expected purchase date is before today (Asia/Shanghai). */
  overdue: boolean;
  /** The pending tender's bid deadline within the next two days (RFC 3339), else null. */
  bidDeadline: string | null;
}

export const NOT_URGENT: Urgency = { overdue: false, bidDeadline: null };

export function isClosedStage(stage: Stage): boolean {
  return stage === 'won' || stage === 'lost';
}

/**
 * The urgency of an opportunity: overdue when open and `expected_date` is before today; a bid
 * deadline when `deadline` (its next pending tender's) lies from now to now + 2 days. A closed
 * opportunity is never urgent.
 */
export function urgencyOf(
  opportunity: Pick<Opportunity, 'stage' | 'expected_date'>,
  deadline: string | null | undefined,
  now: Date = new Date(),
): Urgency {
  if (isClosedStage(opportunity.stage)) return NOT_URGENT;
  const overdue = Boolean(opportunity.expected_date) && opportunity.expected_date < shanghaiDate(now);
  let bidDeadline: string | null = null;
  if (deadline) {
    const left = Date.parse(deadline) - now.getTime();
    if (Number.isFinite(left) && left >= 0 && left <= BID_SOON_MS) bidDeadline = deadline;
  }
  return { overdue, bidDeadline };
}

export function isUrgent(urgency: Urgency): boolean {
  return urgency.overdue || urgency.bidDeadline !== null;
}

/**
 * Each opportunity's next bid deadline: the earliest deadline not yet passed among its pending
 * tenders (a tender with a result, or cancelled, no longer has one).
 */
export function nextBidDeadlines(
  tenders: readonly Pick<Tender, 'opportunity_id' | 'bid_deadline' | 'result'>[],
  now: Date = new Date(),
): Map<number, string> {
  const out = new Map<number, string>();
  for (const tender of tenders) {
    if (tender.result !== 'pending') continue;
    const at = Date.parse(tender.bid_deadline);
    if (!Number.isFinite(at) || at < now.getTime()) continue;
    const known = out.get(tender.opportunity_id);
    if (known === undefined || at < Date.parse(known)) out.set(tender.opportunity_id, tender.bid_deadline);
  }
  return out;
}

/** What an opportunity's page and card offer in its stage. */
export interface StageActions {
  /** 移动到… / 变更阶段: any move (open stages only). */
  move: boolean;
  /** 重新打开: a lost opportunity back to an open stage, with a reason. */
  reopen: boolean;
  /** 登记招标: a new tender (open stages only). */
  addTender: boolean;
  /** 编辑: the fields (open stages only; the server answers 409 opportunity.closed). */
  edit: boolean;
}

export function stageActions(stage: Stage): StageActions {
  const closed = isClosedStage(stage);
  return { move: !closed, reopen: stage === 'lost', addTender: !closed, edit: !closed };
}
