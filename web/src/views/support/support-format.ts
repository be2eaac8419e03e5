// How the support pages (支持台账) show a request and read their address, apart from any component
// so that unit tests call it: the status colours, the list's tabs (全部, 待我审批, 待发放, 待签收,
// 我的申请) as the filters of the address and the statuses as a comma list, the form's amount
// (quantity × the item's cost, live) and HQ's gift allowance checked before sending, the server's
// gift.over_limit read back, the request's timeline, the ledger's month as the list's filter, and
// the prefill of a form opened from an account's contact.
import type { LocationQuery } from 'vue-router';
import { ApiError } from '@/api/client';
import {
  BOXES,
  COUNTED_STATUSES,
  REQUEST_STATUSES,
  type ApprovalLevel,
  type Box,
  type GiftAllowance,
  type GiftKind,
  type HqVisitStatus,
  type PolicyNoteStatus,
  type RequestKind,
  type RequestStatus,
  type SupportItem,
  type SupportRequest,
  type SupportRequestCreate,
} from '@/api/support';
import type { FilterDef } from '@/kit/url-filters';
import { yuanToFen, type TagType } from '@/kit/format';

/** The status as a tag colour: waiting amber, approved blue, issued blue, received green, refused red, withdrawn grey. */
export function requestStatusType(status: RequestStatus | string): TagType {
  if (status === 'pending') return 'warning';
  if (status === 'approved' || status === 'issued') return 'primary';
  if (status === 'received') return 'success';
  if (status === 'rejected') return 'danger';
  return 'info';
}

/** An HQ visit: planned blue (red when overdue), done green, cancelled grey. */
export function hqVisitStatusType(status: HqVisitStatus | string, overdue = false): TagType {
  if (status === 'planned') return overdue ? 'danger' : 'primary';
  if (status === 'done') return 'success';
  return 'info';
}

/** A policy note: waiting amber, useful green, not useful grey. */
export function noteStatusType(status: PolicyNoteStatus | string): TagType {
  if (status === 'submitted') return 'warning';
  if (status === 'useful') return 'success';
  return 'info';
}

/** The kind as a tag colour: 终端物料 blue, 销售工具 plain, 礼品 amber. */
export function kindType(kind: RequestKind | string): TagType {
  if (kind === 'gift') return 'warning';
  if (kind === 'tool') return 'info';
  return 'primary';
}

// ---- the list's tabs and filters ----

export const TABS = ['all', ...BOXES] as const;
export type Tab = (typeof TABS)[number];

/** Which tab the address is: its box, else 全部. */
export function tabOf(filters: { box: string }): Tab {
  return (BOXES as readonly string[]).includes(filters.box) ? (filters.box as Box) : 'all';
}

/** The filters a tab sets (the others stay). */
export function tabFilters(tab: Tab): { box: Box | '' } {
  return { box: tab === 'all' ? '' : tab };
}

/**
 * The tabs a caller has: 待我审批 for approvers, 待发放 for HQ's stock keepers and the units' people
 * (who buy their approved gifts), 待签收 and 我的申请 for those who request; 全部 for everyone.
 */
export function tabsFor(can: (permission: string) => boolean): Tab[] {
  return TABS.filter((tab) => {
    if (tab === 'to_approve') return can('support.approve');
    if (tab === 'to_issue') return can('support.stock') || can('support.request');
    if (tab === 'to_receive' || tab === 'mine') return can('support.request');
    return true;
  });
}

/** Statuses as the address writes them: known ones only, in their order, comma-separated. */
export function statusList(raw: string): RequestStatus[] {
  const wanted = new Set(raw.split(',').map((s) => s.trim()));
  return REQUEST_STATUSES.filter((s) => wanted.has(s));
}

/** The `status=` filter: one status or several (the ledger links to approved,issued,received). */
export const statusFilter: FilterDef<string> = {
  fallback: '',
  parse: (raw) => statusList(raw).join(','),
  serialize: (value) => statusList(value).join(','),
};

// ---- the request form ----

/** The amount of a material or tool: quantity × the item's cost, in 分; null until both are known. */
export function itemAmountFen(item: Pick<SupportItem, 'unit_cost_fen'> | null | undefined, quantity: number | null | undefined): number | null {
  if (!item || quantity === null || quantity === undefined || !Number.isFinite(quantity) || quantity < 1) return null;
  return item.unit_cost_fen * Math.round(quantity);
}

/** Why a gift is beyond what the contact may still be given this year. */
export interface OverLimit {
  /**
   * The field the refusal stands beside: the amount, or for the number of gifts the contact (the
   * server's field; docs/api-notes.md names `quantity`, which is taken too).
   */
  field: 'amount_fen' | 'contact_id' | 'quantity';
  reason: 'amount' | 'count';
  limit_fen: number;
  given_fen: number;
  count_limit: number;
  given_count: number;
}

/**
 * HQ's yearly limit per contact checked before sending: the gifts already given (not rejected
 * or cancelled) plus this one must stay within the number of gifts and the amount. Each limit
 * passed, the number's first; none when it fits (or nothing is known yet).
 */
export function giftOverLimits(allowance: GiftAllowance | null, amountFen: number | null | undefined): OverLimit[] {
  if (!allowance) return [];
  const figures = {
    limit_fen: allowance.limit_fen,
    given_fen: allowance.given_fen,
    count_limit: allowance.count_limit,
    given_count: allowance.given_count,
  };
  const over: OverLimit[] = [];
  if (allowance.given_count + 1 > allowance.count_limit) over.push({ field: 'contact_id', reason: 'count', ...figures });
  if (amountFen !== null && amountFen !== undefined && allowance.given_fen + amountFen > allowance.limit_fen) {
    over.push({ field: 'amount_fen', reason: 'amount', ...figures });
  }
  return over;
}

const asNumber = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);
const LIMIT_FIELDS: Readonly<Record<string, OverLimit['reason']>> = { amount_fen: 'amount', contact_id: 'count', quantity: 'count' };

/**
 * The server's 422 gift.over_limit read back: the limit and what was given (the problem's
 * `limit_fen`, `given_fen`, `count_limit`, `given_count`), one per field its errors name. None
 * for any other error, or when the problem lacks the figures (the server's words then stay).
 */
export function overLimitsOf(error: unknown): OverLimit[] {
  if (!(error instanceof ApiError) || error.code !== 'gift.over_limit') return [];
  const problem = (error.problem ?? {}) as Record<string, unknown>;
  const figures = {
    limit_fen: asNumber(problem.limit_fen),
    given_fen: asNumber(problem.given_fen),
    count_limit: asNumber(problem.count_limit),
    given_count: asNumber(problem.given_count),
  };
  if (Object.values(figures).some((value) => value === null)) return [];
  return error.fieldErrors
    .filter((e) => e.field in LIMIT_FIELDS)
    .map((e) => ({ field: e.field as OverLimit['field'], reason: LIMIT_FIELDS[e.field]!, ...(figures as Record<keyof typeof figures, number>) }));
}

/** The request form's model: 元 typed for a gift's amount. */
export interface RequestForm {
  kind: RequestKind;
  unit_id: number | null;
  item_id: number | null;
  quantity: number | undefined;
  gift_kind: GiftKind;
  description: string;
  amount_yuan: number | undefined;
  account_id: number | null;
  contact_id: number | null;
  purpose: string;
}

export function emptyRequestForm(prefill: Partial<RequestForm> = {}): RequestForm {
  return {
    kind: 'material',
    unit_id: null,
    item_id: null,
    quantity: 1,
    gift_kind: 'small',
    description: '',
    amount_yuan: undefined,
    account_id: null,
    contact_id: null,
    purpose: '',
    ...prefill,
  };
}

/** The body sent: a material or tool names its item, a gift its contact, kind, what and amount (分). */
export function requestBody(model: RequestForm, ownUnitId: number | null): SupportRequestCreate {
  const common = {
    kind: model.kind,
    quantity: Math.round(model.quantity ?? 0),
    ...(model.unit_id !== null && model.unit_id !== ownUnitId ? { unit_id: model.unit_id } : {}),
    ...(model.purpose.trim() ? { purpose: model.purpose.trim() } : {}),
  };
  if (model.kind === 'gift') {
    return {
      ...common,
      gift_kind: model.gift_kind,
      description: model.description.trim(),
      amount_fen: yuanToFen(model.amount_yuan) ?? 0,
      contact_id: model.contact_id ?? 0,
    };
  }
  return { ...common, item_id: model.item_id ?? 0 };
}

function one(value: LocationQuery[string] | undefined): string {
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first.trim() : '';
}
const idOf = (raw: string): number | null => (/^[1-9]\d*$/.test(raw) ? Number(raw) : null);

/** What a form opened from elsewhere starts with (an account's contact: ?kind=gift&account_id=&contact_id=). */
export function requestPrefill(query: LocationQuery): Partial<RequestForm> {
  const kind = one(query.kind);
  const prefill: Partial<RequestForm> = {};
  if (kind === 'material' || kind === 'tool' || kind === 'gift') prefill.kind = kind;
  const account = idOf(one(query.account_id));
  const contact = idOf(one(query.contact_id));
  if (account !== null) prefill.account_id = account;
  if (account !== null && contact !== null) prefill.contact_id = contact;
  return prefill;
}

/** The address of the form for a gift to a contact. */
export function giftQuery(accountId: number, contactId: number): Record<string, string> {
  return { kind: 'gift', account_id: String(accountId), contact_id: String(contactId) };
}

// ---- a request's page ----

/** The steps that take a note (the dialog's): 批准, 驳回, 确认签收, 取消申请. */
export type NoteStep = 'approve' | 'reject' | 'receive' | 'cancel';

export interface TimelineEntry {
  action: 'requested' | 'approved' | 'rejected' | 'issued' | 'received' | 'cancelled' | 'waiting';
  name: string | null;
  at: string | null;
  note: string | null;
  level: ApprovalLevel | null;
}

/**
 * What happened to a request, in order: 申请 (by whom, its purpose), each level's decision with
 * its note, 发放, 签收 (with its note), 取消; and, while it waits, who decides next.
 */
export function requestTimeline(request: SupportRequest): TimelineEntry[] {
  const entries: TimelineEntry[] = [
    { action: 'requested', name: request.requested_by_name, at: request.created_at, note: request.purpose ?? null, level: null },
  ];
  for (const a of request.approvals) {
    entries.push({ action: a.decision === 'rejected' ? 'rejected' : 'approved', name: a.user_name, at: a.at, note: a.note ?? null, level: a.level });
  }
  if (request.issued_at) entries.push({ action: 'issued', name: request.issued_by_name ?? null, at: request.issued_at, note: null, level: null });
  if (request.received_at) {
    entries.push({ action: 'received', name: request.received_by_name ?? null, at: request.received_at, note: request.received_note ?? null, level: null });
  }
  if (request.status === 'cancelled') entries.push({ action: 'cancelled', name: null, at: request.updated_at, note: request.closing_note ?? null, level: null });
  if (request.status === 'pending' && request.next_level) {
    entries.push({ action: 'waiting', name: request.next_unit_name ?? null, at: null, note: null, level: request.next_level });
  }
  return entries;
}

/**
 * Why a request ended without being issued: its closing note (the rejection's or the
 * cancellation's); for a rejected one recorded before the server kept it, the rejecting level's
 * note. Null for any other status, or when no reason is known.
 */
export function closingReason(request: Pick<SupportRequest, 'status' | 'closing_note' | 'approvals'>): { status: 'rejected' | 'cancelled'; note: string } | null {
  if (request.status !== 'rejected' && request.status !== 'cancelled') return null;
  let note = request.closing_note?.trim() ?? '';
  if (!note && request.status === 'rejected') {
    const rejections = request.approvals.filter((a) => a.decision === 'rejected');
    note = rejections[rejections.length - 1]?.note?.trim() ?? '';
  }
  return note ? { status: request.status, note } : null;
}

// ---- the ledger ----

/** A month's first and last day: 2025-02 → 2025-02-01 … 2025-02-28. */
export function monthDays(month: string): { from: string; to: string } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}` };
}

/** A year's first and last day. */
export function yearDays(year: number): { from: string; to: string } {
  return { from: `${year}-01-01`, to: `${year}-12-31` };
}

/**
 * The requests list a ledger figure counts: the unit's requests of that month (or the year) and
 * kind that were approved or further — or, for 待审批, those still pending.
 */
export function ledgerListQuery(
  unitId: number,
  period: { month: string } | { year: number },
  options: { kind?: RequestKind; pending?: boolean } = {},
): Record<string, string> {
  const days = 'month' in period ? monthDays(period.month) : yearDays(period.year);
  return {
    unit_id: String(unitId),
    from: days.from,
    to: days.to,
    status: options.pending ? 'pending' : COUNTED_STATUSES.join(','),
    ...(options.kind ? { kind: options.kind } : {}),
  };
}

/** The years the ledger offers: from `first` to this year, newest first. */
export function ledgerYears(thisYear: number, first = thisYear - 4): number[] {
  const years: number[] = [];
  for (let y = thisYear; y >= first; y -= 1) years.push(y);
  return years;
}

/** "03" of "2025-03", as a month column names it. */
export function monthNumber(month: string): number {
  return Number(month.slice(5, 7));
}
