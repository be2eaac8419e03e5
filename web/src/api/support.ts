// The support ledger (支持台账: 人、机、料、法) and the information-feedback reward (商务政策信息反馈奖):
// units request HQ's point-of-sale materials (终端物料) and sales tools (销售工具) from its stock, or
// small and PR gifts (小礼品/公关礼品) for an account's contact within HQ's yearly limit per contact;
// a request is approved up the chain by its amount (area manager → regional director → HQ), issued
// and confirmed received; the ledger sums a unit's year by month. Beside it: HQ's items and stock,
// HQ's rules, upfitter supply policies (改装厂供货车型政策) per upfitter and model, HQ's dedicated
// visits to key accounts (重点行业单位专职人员上门开发), policy notes fed back and marked useful,
// and the rewards they earn. The records are the generated types (schema.d.ts);
// docs/api-notes.md, "The support ledger".
import { filenameFromContentDisposition } from '@/utils/download';
import { getFile, http } from './client';
import type { components } from './schema';

type Schemas = components['schemas'];

export type SupportRules = Schemas['SupportRules'];
export type SupportRulesInput = Schemas['SupportRulesInput'];
export type SupportItem = Schemas['SupportItem'];
export type SupportItemList = Schemas['SupportItemList'];
export type SupportItemCreate = Schemas['SupportItemCreate'];
export type SupportItemUpdate = Schemas['SupportItemUpdate'];
export type SupportRestock = Schemas['SupportRestock'];
export type SupportRequest = Schemas['SupportRequest'];
export type SupportRequestList = Schemas['SupportRequestList'];
export type SupportRequestCreate = Schemas['SupportRequestCreate'];
export type SupportDecision = Schemas['SupportDecision'];
export type SupportStep = Schemas['SupportStep'];
export type GiftAllowance = Schemas['GiftAllowance'];
export type SupportLedger = Schemas['SupportLedger'];
export type LedgerMonth = SupportLedger['months'][number];
export type LedgerTotal = SupportLedger['total'];
export type LedgerFigures = LedgerMonth['material'];
export type LedgerPerson = SupportLedger['people'][number];
export type UpfitterPolicy = Schemas['UpfitterPolicy'];
export type UpfitterPolicyList = Schemas['UpfitterPolicyList'];
export type UpfitterPolicyInput = Schemas['UpfitterPolicyInput'];
export type HqVisit = Schemas['HqVisit'];
export type HqVisitList = Schemas['HqVisitList'];
export type HqVisitCreate = Schemas['HqVisitCreate'];
export type HqVisitLog = Schemas['HqVisitLog'];
export type HqVisitCancel = Schemas['HqVisitCancel'];
export type PolicyNote = Schemas['PolicyNote'];
export type PolicyNoteList = Schemas['PolicyNoteList'];
export type PolicyNoteCreate = Schemas['PolicyNoteCreate'];
export type PolicyNoteMark = Schemas['PolicyNoteMark'];
export type FeedbackRewardList = Schemas['FeedbackRewardList'];
export type FeedbackReward = FeedbackRewardList['items'][number];

export type RequestKind = SupportRequest['kind'];
export type ItemKind = SupportItem['kind'];
export type GiftKind = NonNullable<SupportRequest['gift_kind']>;
export type RequestStatus = SupportRequest['status'];
export type ApprovalLevel = SupportRequest['required_level'];
export type SupportApproval = SupportRequest['approvals'][number];
export type HqVisitStatus = HqVisit['status'];
export type PolicyNoteStatus = PolicyNote['status'];
export type RewardSource = FeedbackReward['source'];

export const REQUEST_KINDS: readonly RequestKind[] = ['material', 'tool', 'gift'];
export const ITEM_KINDS: readonly ItemKind[] = ['material', 'tool'];
export const GIFT_KINDS: readonly GiftKind[] = ['small', 'pr'];
export const REQUEST_STATUSES: readonly RequestStatus[] = ['pending', 'approved', 'issued', 'received', 'rejected', 'cancelled'];
/** The statuses the ledger counts: approved or further. */
export const COUNTED_STATUSES: readonly RequestStatus[] = ['approved', 'issued', 'received'];
export const APPROVAL_LEVELS: readonly ApprovalLevel[] = ['province', 'region', 'hq'];
export const HQ_VISIT_STATUSES: readonly HqVisitStatus[] = ['planned', 'done', 'cancelled'];
export const POLICY_NOTE_STATUSES: readonly PolicyNoteStatus[] = ['submitted', 'useful', 'not_useful'];
/** The boxes of the requests list: waiting for the caller's decision, to issue, to confirm, the caller's own. */
export const BOXES = ['to_approve', 'to_issue', 'to_receive', 'mine'] as const;
export type Box = (typeof BOXES)[number];

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface RequestFilter {
  kind?: RequestKind;
  /** One status or several, comma-separated. */
  status?: string;
  unit_id?: number;
  account_id?: number;
  contact_id?: number;
  /** Request days, YYYY-MM-DD, both inclusive. */
  from?: string;
  to?: string;
  box?: Box;
}

/** The query of a request filter: nothing empty. */
export function requestQuery(filter: RequestFilter): Record<string, string | number | undefined> {
  return {
    kind: filter.kind || undefined,
    status: filter.status || undefined,
    unit_id: filter.unit_id,
    account_id: filter.account_id,
    contact_id: filter.contact_id,
    from: filter.from || undefined,
    to: filter.to || undefined,
    box: filter.box || undefined,
  };
}

// Rules (HQ's limits and points)

export function getSupportRules(signal?: AbortSignal): Promise<SupportRules> {
  return http.get<SupportRules>('/support/rules', undefined, { signal });
}

export function saveSupportRules(rules: SupportRulesInput): Promise<SupportRules> {
  return http.put<SupportRules>('/support/rules', rules);
}

// HQ's items and stock

export function listSupportItems(filter: { kind?: ItemKind; active?: boolean } = {}, signal?: AbortSignal): Promise<SupportItemList> {
  return http.get<SupportItemList>('/support/items', { kind: filter.kind, active: filter.active }, { signal });
}

export function createSupportItem(body: SupportItemCreate): Promise<SupportItem> {
  return http.post<SupportItem>('/support/items', body);
}

export function updateSupportItem(id: number, body: SupportItemUpdate): Promise<SupportItem> {
  return http.put<SupportItem>(`/support/items/${id}`, body);
}

/** Adds 1–100,000 to the item's stock. */
export function restockSupportItem(id: number, body: SupportRestock): Promise<SupportItem> {
  return http.post<SupportItem>(`/support/items/${id}/restock`, body);
}

// Requests (the ledger's entries)

export function listSupportRequests(filter: RequestFilter & { limit?: number; cursor?: string }, signal?: AbortSignal): Promise<SupportRequestList> {
  return http.get<SupportRequestList>('/support/requests', { ...requestQuery(filter), limit: filter.limit, cursor: filter.cursor }, { signal });
}

/** The filtered requests as an .xlsx (the server's file name when it gives one). */
export async function exportSupportRequests(filter: RequestFilter): Promise<{ blob: Blob; filename: string | null }> {
  const file = await getFile('/support/requests/export', requestQuery(filter), { accept: XLSX_TYPE });
  return { blob: file.blob, filename: filenameFromContentDisposition(file.contentDisposition) };
}

export function getSupportRequest(id: number, signal?: AbortSignal): Promise<SupportRequest> {
  return http.get<SupportRequest>(`/support/requests/${id}`, undefined, { signal });
}

/** A material or tool (item and quantity) or a gift for a contact (422 gift.over_limit beyond HQ's limit). */
export function createSupportRequest(body: SupportRequestCreate): Promise<SupportRequest> {
  return http.post<SupportRequest>('/support/requests', body);
}

/** The next approver's yes: up a level, or approved at the last one. */
export function approveSupportRequest(id: number, body: SupportStep): Promise<SupportRequest> {
  return http.post<SupportRequest>(`/support/requests/${id}/approve`, body);
}

export function rejectSupportRequest(id: number, body: SupportDecision): Promise<SupportRequest> {
  return http.post<SupportRequest>(`/support/requests/${id}/reject`, body);
}

/** Issued (a material or tool: the stock goes down, 409 support.out_of_stock when short; a gift: bought). */
export function issueSupportRequest(id: number, body: { version: number }): Promise<SupportRequest> {
  return http.post<SupportRequest>(`/support/requests/${id}/issue`, body);
}

export function receiveSupportRequest(id: number, body: SupportStep): Promise<SupportRequest> {
  return http.post<SupportRequest>(`/support/requests/${id}/receive`, body);
}

export function cancelSupportRequest(id: number, body: SupportDecision): Promise<SupportRequest> {
  return http.post<SupportRequest>(`/support/requests/${id}/cancel`, body);
}

/** What a contact may still be given this year (or `year`). */
export function getGiftAllowance(contactId: number, year?: number, signal?: AbortSignal): Promise<GiftAllowance> {
  return http.get<GiftAllowance>('/support/gift-allowance', { contact_id: contactId, year }, { signal });
}

// The ledger

export function getSupportLedger(query: { unit_id?: number | null; year?: number | null }, signal?: AbortSignal): Promise<SupportLedger> {
  return http.get<SupportLedger>('/support/ledger', { unit_id: query.unit_id ?? undefined, year: query.year ?? undefined }, { signal });
}

// Upfitter supply policies

export interface UpfitterPolicyFilter {
  model_id?: number;
  upfitter?: string;
  active?: boolean;
  /** In force that day, YYYY-MM-DD. */
  on?: string;
}

export function listUpfitterPolicies(filter: UpfitterPolicyFilter = {}, signal?: AbortSignal): Promise<UpfitterPolicyList> {
  return http.get<UpfitterPolicyList>(
    '/support/upfitter-policies',
    { model_id: filter.model_id, upfitter: filter.upfitter || undefined, active: filter.active, on: filter.on || undefined },
    { signal },
  );
}

export function createUpfitterPolicy(body: UpfitterPolicyInput): Promise<UpfitterPolicy> {
  return http.post<UpfitterPolicy>('/support/upfitter-policies', body);
}

export function updateUpfitterPolicy(id: number, body: UpfitterPolicyInput): Promise<UpfitterPolicy> {
  return http.put<UpfitterPolicy>(`/support/upfitter-policies/${id}`, body);
}

// HQ's dedicated visits

export interface HqVisitFilter {
  /** One status or several, comma-separated. */
  status?: string;
  unit_id?: number;
  visitor_id?: number;
  /** Planned days, YYYY-MM-DD. */
  from?: string;
  to?: string;
  /** The caller's own, planned and due by today (the home page's to-do). */
  mine?: boolean;
}

export function listHqVisits(filter: HqVisitFilter = {}, signal?: AbortSignal): Promise<HqVisitList> {
  return http.get<HqVisitList>(
    '/support/hq-visits',
    {
      status: filter.status || undefined,
      unit_id: filter.unit_id,
      visitor_id: filter.visitor_id,
      from: filter.from || undefined,
      to: filter.to || undefined,
      mine: filter.mine ? true : undefined,
    },
    { signal },
  );
}

export function planHqVisit(body: HqVisitCreate): Promise<HqVisit> {
  return http.post<HqVisit>('/support/hq-visits', body);
}

/** Links the visit the visitor logged to the account: done. */
export function logHqVisit(id: number, body: HqVisitLog): Promise<HqVisit> {
  return http.post<HqVisit>(`/support/hq-visits/${id}/log`, body);
}

export function cancelHqVisit(id: number, body: HqVisitCancel): Promise<HqVisit> {
  return http.post<HqVisit>(`/support/hq-visits/${id}/cancel`, body);
}

// Policy information (商务政策信息)

export interface PolicyNoteFilter {
  status?: string;
  unit_id?: number;
  mine?: boolean;
  /** Submitted, not the caller's own, for the caller to mark (the home page's to-do). */
  to_mark?: boolean;
}

export function listPolicyNotes(filter: PolicyNoteFilter = {}, signal?: AbortSignal): Promise<PolicyNoteList> {
  return http.get<PolicyNoteList>(
    '/support/policy-notes',
    {
      status: filter.status || undefined,
      unit_id: filter.unit_id,
      mine: filter.mine ? true : undefined,
      to_mark: filter.to_mark ? true : undefined,
    },
    { signal },
  );
}

export function createPolicyNote(body: PolicyNoteCreate): Promise<PolicyNote> {
  return http.post<PolicyNote>('/support/policy-notes', body);
}

/** Marked useful (the author earns HQ's points) or not, once. */
export function markPolicyNote(id: number, body: PolicyNoteMark): Promise<PolicyNote> {
  return http.post<PolicyNote>(`/support/policy-notes/${id}/mark`, body);
}

// The reward (商务政策信息反馈奖)

export interface RewardFilter {
  /** YYYY-MM. */
  month?: string;
  user_id?: number;
  unit_id?: number;
}

export function listRewards(filter: RewardFilter = {}, signal?: AbortSignal): Promise<FeedbackRewardList> {
  return http.get<FeedbackRewardList>(
    '/support/rewards',
    { month: filter.month || undefined, user_id: filter.user_id, unit_id: filter.unit_id },
    { signal },
  );
}
