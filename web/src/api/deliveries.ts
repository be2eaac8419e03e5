// Deliveries (交车 = 实销) and what is read from them: the monthly summary by unit or user, and
// the value pyramid of accounts by grade (how many accounts, how many units delivered to them).
//
// The types are written here from docs/api-notes.md ("Opportunities, quotes and deliveries —
// issue 6") rather than taken from the generated schema, which does not describe this module yet.
import { http } from './client';
import type { Grade } from './types';

export interface Delivery {
  id: number;
  opportunity_id: number;
  account_id: number;
  unit_id: number;
  user_id: number;
  /** YYYY-MM-DD, not in the future. */
  date: string;
  /** YYYY-MM. */
  month: string;
  quantity: number;
  model: string;
  vehicle_type: string;
  over_reason: string | null;
  note: string | null;
  created_by_name: string;
  created_at: string;
  /** Set when the delivery was voided (recorded by mistake): it no longer counts as actual sales. */
  voided_at?: string | null;
  void_reason?: string | null;
  voided_by_name?: string | null;
}

export interface DeliveryCreate {
  date: string;
  quantity: number;
  model: string;
  vehicle_type: string;
  model_id?: number;
  /** Needed when the deliveries would exceed the won units (else 409 `delivery.exceeds_won`). */
  over_reason?: string;
  note?: string;
}

export const SUMMARY_GROUPINGS = ['month', 'month,unit', 'month,province', 'month,region', 'month,user'] as const;
export type SummaryGrouping = (typeof SUMMARY_GROUPINGS)[number];

/** One row of the summary: `unit_id` for the unit groupings, `user_id` for `month,user`. */
export interface DeliverySummaryItem {
  /** YYYY-MM. */
  month: string;
  unit_id?: number | null;
  user_id?: number | null;
  units: number;
}

export interface DeliverySummary {
  items: DeliverySummaryItem[];
}

export interface DeliverySummaryQuery {
  /** YYYY-MM, both inclusive, at most 36 months. */
  from: string;
  to: string;
  by: SummaryGrouping;
}

export interface PyramidGrade {
  grade: Grade;
  accounts: number;
  /** 0–1 of total_accounts. */
  account_share: number;
  /** Units delivered to the grade's accounts in the months. */
  units: number;
  /** 0–1 of total_units. */
  unit_share: number;
}

/** 价值金字塔: accounts and delivered units per grade (key → secondary → potential). */
export interface Pyramid {
  from: string;
  to: string;
  total_accounts: number;
  total_units: number;
  grades: PyramidGrade[];
}

export interface PyramidQuery {
  /** YYYY-MM; both default to the last 12 months. */
  from?: string;
  to?: string;
}

export function deliveriesSummary(query: DeliverySummaryQuery, signal?: AbortSignal): Promise<DeliverySummary> {
  return http.get<DeliverySummary>('/deliveries/summary', { ...query }, { signal });
}

export function pyramid(query: PyramidQuery = {}, signal?: AbortSignal): Promise<Pyramid> {
  return http.get<Pyramid>('/accounts/pyramid', { ...query }, { signal });
}

export function listDeliveries(opportunityId: number): Promise<{ items: Delivery[] }> {
  return http.get<{ items: Delivery[] }>(`/opportunities/${opportunityId}/deliveries`);
}

export function createDelivery(opportunityId: number, body: DeliveryCreate): Promise<Delivery> {
  return http.post<Delivery>(`/opportunities/${opportunityId}/deliveries`, body);
}

/** Voids a delivery recorded by mistake (409 `delivery.voided` when it already is). */
export function voidDelivery(id: number, reason: string): Promise<Delivery> {
  return http.post<Delivery>(`/deliveries/${id}/void`, { reason });
}
