// Visits and contacts with the customer (拜访/跟进): log one (POST /visits), list an account's or
// an opportunity's (newest first), its author's edits and next step done/undone, the caller's own
// next steps (下一步待办: open, due, overdue), the buying centre's last meetings, HQ's days per
// grade (拜访频次) and the accounts past them (超期未拜访). The types are the generated ones.
import { http } from './client';
import type { components } from './schema';

type Schemas = components['schemas'];

export type Visit = Schemas['Visit'];
export type VisitList = Schemas['VisitList'];
export type VisitCreate = Schemas['VisitCreate'];
export type VisitUpdate = Schemas['VisitUpdate'];
export type VisitKind = Visit['kind'];
export type NextStepState = Visit['next_step_state'];
export type BuyingCentreMap = Schemas['BuyingCentre'];
export type BuyingCentreRoleMet = BuyingCentreMap['roles'][number];
export type VisitRules = Schemas['VisitRules'];
export type VisitRule = VisitRules['items'][number];
export type UnvisitedAccount = Schemas['UnvisitedAccount'];
export type UnvisitedAccountList = Schemas['UnvisitedAccountList'];

export const VISIT_KINDS: readonly VisitKind[] = ['visit', 'call', 'reception', 'meeting', 'demo'];
export const NEXT_STEP_STATUSES = ['open', 'due', 'overdue'] as const;
export type NextStepStatus = (typeof NEXT_STEP_STATUSES)[number];
export const GRADES = ['key', 'secondary', 'potential'] as const;
export type VisitGrade = (typeof GRADES)[number];

export interface VisitFilter {
  account_id?: number;
  opportunity_id?: number;
  user_id?: number;
  from?: string;
  to?: string;
  limit?: number;
  cursor?: string;
}

export function listVisits(filter: VisitFilter, signal?: AbortSignal): Promise<VisitList> {
  return http.get<VisitList>('/visits', { ...filter }, { signal });
}

export function getVisit(id: number): Promise<Visit> {
  return http.get<Visit>(`/visits/${id}`);
}

export function createVisit(body: VisitCreate): Promise<Visit> {
  return http.post<Visit>('/visits', body);
}

export function updateVisit(id: number, body: VisitUpdate): Promise<Visit> {
  return http.patch<Visit>(`/visits/${id}`, body);
}

export function setNextStepDone(id: number, version: number, done: boolean): Promise<Visit> {
  return http.post<Visit>(`/visits/${id}/next-step`, { version, done });
}

export function listNextSteps(
  filter: { status?: NextStepStatus; limit?: number; cursor?: string },
  signal?: AbortSignal,
): Promise<VisitList> {
  return http.get<VisitList>('/next-steps', { ...filter }, { signal });
}

export function getBuyingCentre(accountId: number, signal?: AbortSignal): Promise<BuyingCentreMap> {
  return http.get<BuyingCentreMap>(`/accounts/${accountId}/buying-centre`, undefined, { signal });
}

export function getVisitRules(): Promise<VisitRules> {
  return http.get<VisitRules>('/visit-rules');
}

export function putVisitRules(rules: Partial<Record<VisitGrade, number>>): Promise<VisitRules> {
  return http.put<VisitRules>('/visit-rules', { rules });
}

export function listUnvisitedAccounts(
  filter: { grade?: string; limit?: number; cursor?: string },
  signal?: AbortSignal,
): Promise<UnvisitedAccountList> {
  return http.get<UnvisitedAccountList>('/unvisited-accounts', { ...filter }, { signal });
}
