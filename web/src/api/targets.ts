// Targets (目标分解), attainment (达成) and forecast (预测): HQ's KA director plans a period's
// units and how they split to months, businesses, regions and provinces; each province's area
// manager splits its share to dealers and people; attainment and the period-end forecast read
// deliveries against the plan.
//
// The types are written here from docs/api-notes.md ("Targets (目标分解), attainment (达成) and
// forecast (预测) — issue 12") rather than taken from the generated schema, which does not
// describe this module yet.
import { filenameFromContentDisposition } from '@/utils/download';
import { getFile, http, upload } from './client';

export const BUSINESSES = ['direct', 'tender', 'one_time'] as const;
export type Business = (typeof BUSINESSES)[number];
export const WEIGHTS = ['last_month_sales', 'market_capacity', 'registrations'] as const;
export type Weight = (typeof WEIGHTS)[number];
export const MONTH_BASES = ['history', 'even'] as const;
export type MonthBasis = (typeof MONTH_BASES)[number];
export type PlanStatus = 'draft' | 'issued';
export const LEVELS = ['hq', 'region', 'province', 'dealer', 'user'] as const;
export type Level = (typeof LEVELS)[number];

/** How a plan splits: the months' basis, the businesses' and the indicators' percentages. */
export interface PlanMethod {
  month_basis: MonthBasis;
  businesses: Record<Business, number>;
  weights: Record<Weight, number>;
  /** Province unit id → units of market capacity. */
  market_capacity: Record<string, number>;
  /** YYYY-MM → units fixed for that month. */
  month_overrides: Record<string, number>;
}

export interface MonthRow {
  /** YYYY-MM. */
  month: string;
  units: number;
  /** The unrounded share the method gives. */
  exact: number;
  history_units: number;
  /** False: no deliveries in that calendar month of the three years before, so an even share. */
  from_history: boolean;
  override: number | null;
}

export interface SplitStatus {
  province_id: number;
  province_name: string;
  saved_at: string | null;
  submitted_at: string | null;
  submitted_by_name: string | null;
  late: boolean;
}

export interface Plan {
  id: number;
  name: string;
  /** YYYY-MM. */
  from: string;
  to: string;
  months: string[];
  total_units: number;
  per_person_month_units: number;
  /** YYYY-MM-DD. */
  split_due: string | null;
  status: PlanStatus;
  version: number;
  revision: number;
  revision_of: number | null;
  superseded_by: number | null;
  issued_at: string | null;
  created_at: string;
  updated_at: string;
  method: PlanMethod;
  /** Not in the list. */
  month_rows?: MonthRow[];
  /** Issued plans: the provinces in the caller's scope. */
  splits?: SplitStatus[];
}

export interface PlanCreate {
  name: string;
  from: string;
  to: string;
  total_units: number;
  per_person_month_units?: number;
  split_due?: string;
}

export interface Cell {
  level: Level;
  unit_id: number;
  user_id?: number | null;
  month: string;
  business: Business;
  units: number;
  exact: number;
}

export type MethodBody = Omit<PlanMethod, 'market_capacity' | 'month_overrides'> & {
  market_capacity?: Record<string, number>;
  month_overrides?: Record<string, number>;
};

export interface Preview {
  month_rows: MonthRow[];
  cells: Cell[];
}

export interface DiffItem {
  level: Level;
  unit_id: number;
  month: string;
  business: Business;
  before: number;
  after: number;
}

export interface Diff {
  base_id: number;
  items: DiffItem[];
}

/** A dealer's (unit_id) or a person's (user_id) units of one month and business. */
export interface SplitItem {
  unit_id?: number | null;
  user_id?: number | null;
  month: string;
  business: Business;
  units: number;
}

export interface SplitSheet {
  province: { id: number; name: string };
  status: 'open' | 'saved' | 'submitted';
  saved_at: string | null;
  submitted_at: string | null;
  late: boolean;
  split_due: string | null;
  dealers: { id: number; name: string }[];
  people: { id: number; name: string; unit_id: number; role: string }[];
  province_cells: Cell[];
  suggested: SplitItem[];
  saved: SplitItem[];
  headcount: number;
  /** Headcount × the per-person standard, per month. */
  standard: { month: string; units: number }[];
}

export interface AttainmentQuery {
  plan_id: number;
  level: Level;
  by?: 'month' | 'quarter';
  business?: Business;
  unit_id?: number;
}

export interface AttainmentItem {
  unit_id: number;
  user_id?: number | null;
  name: string;
  /** YYYY-MM by month, 2027-Q1 by quarter. */
  period: string;
  plan: number;
  actual: number;
  /** actual / plan; null when the plan is 0. */
  rate: number | null;
}

export interface AttainmentUnit {
  unit_id: number;
  user_id?: number | null;
  name: string;
  plan: number;
  plan_to_date: number;
  actual: number;
  rate: number | null;
  /** plan_to_date − actual. */
  gap: number;
  rank: number;
}

export interface Attainment {
  plan_id: number;
  as_of: string;
  /** The months or quarters, in order. */
  periods: string[];
  items: AttainmentItem[];
  units: AttainmentUnit[];
}

export interface ForecastRow {
  unit_id: number;
  user_id?: number | null;
  name: string;
  plan: number;
  delivered: number;
  won_undelivered: number;
  weighted_pipeline: number;
  open_opportunities: number;
  tenders_due: number;
  tender_units: number;
  landing: number;
  /** landing − plan. */
  gap: number;
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface PlanFilter {
  status?: PlanStatus;
  /** Issued plans a province in the caller's scope has not submitted (the home page's to-dos). */
  split_pending?: boolean;
}

export function listPlans(filter: PlanFilter = {}, signal?: AbortSignal): Promise<{ items: Plan[] }> {
  return http.get<{ items: Plan[] }>('/target-plans', { ...filter }, { signal });
}

export function createPlan(body: PlanCreate): Promise<Plan> {
  return http.post<Plan>('/target-plans', body);
}

export function getPlan(id: number, signal?: AbortSignal): Promise<Plan> {
  return http.get<Plan>(`/target-plans/${id}`, undefined, { signal });
}

export function getCells(id: number, level: Level, unitId?: number, signal?: AbortSignal): Promise<{ items: Cell[] }> {
  return http.get<{ items: Cell[] }>(`/target-plans/${id}/cells`, { level, unit_id: unitId }, { signal });
}

export function saveMethod(id: number, version: number, method: MethodBody): Promise<Plan> {
  return http.put<Plan>(`/target-plans/${id}/method`, { version, ...method });
}

export function previewMethod(id: number, method: MethodBody, signal?: AbortSignal): Promise<Preview> {
  return http.post<Preview>(`/target-plans/${id}/preview`, method, { signal });
}

export function issuePlan(id: number, version: number): Promise<Plan> {
  return http.post<Plan>(`/target-plans/${id}/issue`, { version });
}

export function revisePlan(id: number): Promise<Plan> {
  return http.post<Plan>(`/target-plans/${id}/revisions`);
}

export function getDiff(id: number, signal?: AbortSignal): Promise<Diff> {
  return http.get<Diff>(`/target-plans/${id}/diff`, undefined, { signal });
}

export function getSplit(id: number, provinceId: number, signal?: AbortSignal): Promise<SplitSheet> {
  return http.get<SplitSheet>(`/target-plans/${id}/provinces/${provinceId}/split`, undefined, { signal });
}

export function saveSplit(id: number, provinceId: number, items: SplitItem[]): Promise<SplitSheet> {
  return http.put<SplitSheet>(`/target-plans/${id}/provinces/${provinceId}/split`, { items });
}

export function submitSplit(id: number, provinceId: number): Promise<SplitSheet> {
  return http.post<SplitSheet>(`/target-plans/${id}/provinces/${provinceId}/submit`);
}

export function getAttainment(query: AttainmentQuery, signal?: AbortSignal): Promise<Attainment> {
  return http.get<Attainment>('/attainment', { ...query }, { signal });
}

export async function exportAttainment(query: AttainmentQuery): Promise<{ blob: Blob; filename: string | null }> {
  const file = await getFile('/attainment/export', { ...query }, { accept: XLSX_TYPE });
  return { blob: file.blob, filename: filenameFromContentDisposition(file.contentDisposition) };
}

export function getForecast(query: { plan_id: number; level: Level; unit_id?: number }, signal?: AbortSignal): Promise<{ items: ForecastRow[] }> {
  return http.get<{ items: ForecastRow[] }>('/forecast', { ...query }, { signal });
}

/** What `POST /target-plans/{id}/capacity-import` read from a sheet: nothing is saved. */
export interface CapacityImport {
  market_capacity: Record<string, number>;
  rows: { row: number; province_id: number; name: string; units: number }[];
  errors: { row: number; message: string }[];
}

/** Sends an .xlsx (or .csv) of provinces and their market capacity to be read by the server. */
export function importCapacity(id: number, file: Blob): Promise<CapacityImport> {
  return upload<CapacityImport>(`/target-plans/${id}/capacity-import`, file);
}
