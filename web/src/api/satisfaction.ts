// Satisfaction after delivery (客户满意度回访) and complaints (投诉): every delivery schedules a
// follow-up call HQ's delay after it (回访延迟天数); the dealer records the customer's scores 1–5
// for the vehicle, the delivery and the service, a comment and any complaint, which becomes a task
// with an owner and a due day until it is resolved; a score at or below HQ's low score (低分线)
// goes to the area manager, who reviews it. The summary gives the averages by month, per unit one
// level below the caller's (or a unit's) or per model. The follow-ups and the complaints export
// as .xlsx with the lists' filters. The records are the generated types (schema.d.ts); the
// server's routes are documented in src/modules/satisfaction/routes.cpp.
import { filenameFromContentDisposition } from '@/utils/download';
import { getFile, http } from './client';
import type { components } from './schema';

type Schemas = components['schemas'];

export type SatisfactionFollowup = Schemas['SatisfactionFollowup'];
export type SatisfactionFollowupList = Schemas['SatisfactionFollowupList'];
export type Complaint = Schemas['Complaint'];
export type ComplaintList = Schemas['ComplaintList'];
export type ComplaintOwner = Schemas['ComplaintOwnerList']['items'][number];
export type ComplaintCreate = Schemas['ComplaintCreate'];
export type SatisfactionRecord = Schemas['SatisfactionRecord'];
export type SatisfactionRules = Schemas['SatisfactionRules'];
export type SatisfactionSummary = Schemas['SatisfactionSummary'];
export type SatisfactionFigures = SatisfactionSummary['total'];
export type SatisfactionGroup = SatisfactionSummary['groups'][number];
export type SatisfactionMonth = SatisfactionSummary['months'][number];
export type FollowupStatus = SatisfactionFollowup['status'];
export type ComplaintCategory = Complaint['category'];
export type ComplaintStatus = Complaint['status'];
export type SummaryBy = SatisfactionSummary['by'];

export const FOLLOWUP_STATUSES: readonly FollowupStatus[] = ['scheduled', 'done', 'cancelled'];
export const COMPLAINT_CATEGORIES: readonly ComplaintCategory[] = ['vehicle', 'delivery', 'service', 'other'];
export const COMPLAINT_STATUSES: readonly ComplaintStatus[] = ['open', 'resolved'];
/** The three scores of a call, in the order they are asked. */
export const SCORES = ['vehicle', 'delivery', 'service'] as const;
export type ScoreName = (typeof SCORES)[number];
/** `low=`: all low scores, or those not yet reviewed. */
export const LOW_FILTERS = ['all', 'unreviewed'] as const;
export type LowFilter = (typeof LOW_FILTERS)[number];

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface FollowupFilter {
  /** One status or several, comma-separated. */
  status?: string;
  /** Scheduled and due by today (the to-do). */
  due?: boolean;
  low?: LowFilter;
  unit_id?: number;
  /** The deliveries of this person only (a person's board). */
  user_id?: number;
  account_id?: number;
  /** The months the calls were recorded in, YYYY-MM. */
  from?: string;
  to?: string;
  model?: string;
}

export interface ComplaintFilter {
  /** One status or several, comma-separated. */
  status?: string;
  mine?: boolean;
  overdue?: boolean;
  unit_id?: number;
  followup_id?: number;
  limit?: number;
  cursor?: string;
}

/** The query of a follow-up filter: flags only when set, nothing empty. */
export function followupQuery(filter: FollowupFilter): Record<string, string | number | boolean | undefined> {
  return {
    status: filter.status || undefined,
    due: filter.due ? true : undefined,
    low: filter.low || undefined,
    unit_id: filter.unit_id,
    user_id: filter.user_id,
    account_id: filter.account_id,
    from: filter.from || undefined,
    to: filter.to || undefined,
    model: filter.model || undefined,
  };
}

/** The query of a complaint filter (the list's and the export's): flags only when set, nothing empty. */
export function complaintQuery(filter: ComplaintFilter): Record<string, string | number | boolean | undefined> {
  return {
    status: filter.status || undefined,
    mine: filter.mine ? true : undefined,
    overdue: filter.overdue ? true : undefined,
    unit_id: filter.unit_id,
    followup_id: filter.followup_id,
  };
}

export function getSatisfactionRules(signal?: AbortSignal): Promise<SatisfactionRules> {
  return http.get<SatisfactionRules>('/satisfaction/rules', undefined, { signal });
}

export function saveSatisfactionRules(rules: SatisfactionRules): Promise<SatisfactionRules> {
  return http.put<SatisfactionRules>('/satisfaction/rules', rules);
}

export function listFollowups(filter: FollowupFilter & { limit?: number; cursor?: string }, signal?: AbortSignal): Promise<SatisfactionFollowupList> {
  return http.get<SatisfactionFollowupList>('/satisfaction/followups', { ...followupQuery(filter), limit: filter.limit, cursor: filter.cursor }, { signal });
}

/** The filtered follow-ups as an .xlsx (the server's file name when it gives one). */
export async function exportFollowups(filter: FollowupFilter): Promise<{ blob: Blob; filename: string | null }> {
  const file = await getFile('/satisfaction/followups/export', followupQuery(filter), { accept: XLSX_TYPE });
  return { blob: file.blob, filename: filenameFromContentDisposition(file.contentDisposition) };
}

export function getFollowup(id: number, signal?: AbortSignal): Promise<SatisfactionFollowup> {
  return http.get<SatisfactionFollowup>(`/satisfaction/followups/${id}`, undefined, { signal });
}

/** Who may own a complaint on the follow-up (the dealer's people, the area managers above it). */
export async function listComplaintOwners(followupId: number, signal?: AbortSignal): Promise<ComplaintOwner[]> {
  return (await http.get<Schemas['ComplaintOwnerList']>(`/satisfaction/followups/${followupId}/owners`, undefined, { signal })).items;
}

/** The call: the three scores, who answered, a comment and optionally a complaint (all four complaint_* fields). */
export function recordFollowup(id: number, body: SatisfactionRecord): Promise<SatisfactionFollowup> {
  return http.post<SatisfactionFollowup>(`/satisfaction/followups/${id}/record`, body);
}

/** The area manager's (or above) review of a low score: what was done about it. */
export function reviewFollowup(id: number, body: { version: number; note: string }): Promise<SatisfactionFollowup> {
  return http.post<SatisfactionFollowup>(`/satisfaction/followups/${id}/review`, body);
}

/** A complaint raised later on a recorded follow-up. */
export function createComplaint(followupId: number, body: ComplaintCreate): Promise<Complaint> {
  return http.post<Complaint>(`/satisfaction/followups/${followupId}/complaints`, body);
}

/** `user_id`: that person's deliveries only (no unit groups then) — a person's board. */
export function getSatisfactionSummary(
  query: { from: string; to: string; by: SummaryBy; unit_id?: number | null; user_id?: number | null },
  signal?: AbortSignal,
): Promise<SatisfactionSummary> {
  return http.get<SatisfactionSummary>(
    '/satisfaction/summary',
    { from: query.from, to: query.to, by: query.by, unit_id: query.unit_id ?? undefined, user_id: query.user_id ?? undefined },
    { signal },
  );
}

export function listComplaints(filter: ComplaintFilter, signal?: AbortSignal): Promise<ComplaintList> {
  return http.get<ComplaintList>('/complaints', { ...complaintQuery(filter), limit: filter.limit, cursor: filter.cursor }, { signal });
}

/** The filtered complaints as an .xlsx (at most 50,000: 422 beyond); the server's file name when it gives one. */
export async function exportComplaints(filter: ComplaintFilter): Promise<{ blob: Blob; filename: string | null }> {
  const file = await getFile('/complaints/export', complaintQuery(filter), { accept: XLSX_TYPE });
  return { blob: file.blob, filename: filenameFromContentDisposition(file.contentDisposition) };
}

export function getComplaint(id: number, signal?: AbortSignal): Promise<Complaint> {
  return http.get<Complaint>(`/complaints/${id}`, undefined, { signal });
}

export function resolveComplaint(id: number, body: { version: number; resolution: string }): Promise<Complaint> {
  return http.post<Complaint>(`/complaints/${id}/resolve`, body);
}
