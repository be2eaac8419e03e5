// Lead registrations (报备, `/registrations`): a dealer registers a lead on an account (an
// existing one by `account_id`, or a new organisation by `account`, which the duplicate engine
// may resolve to an account another dealer owns: then the registration is a `conflict`);
// reviewers (区域经理 and above) approve or reject it, which starts or denies the protection
// period; the stats per dealer or province.
//
// The types are written here from docs/api-notes.md ("Lead registrations (报备) — issue 5")
// rather than taken from the generated schema, which does not describe this module yet.
import { http } from './client';
import type { AccountCreate, ProcurementMethod } from './types';

export const REGISTRATION_STATUSES = ['pending', 'conflict', 'approved', 'rejected', 'lapsed', 'converted'] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];

/** Statuses a reviewer can still decide on (otherwise 409 `registration.not_reviewable`). */
export const REVIEWABLE_STATUSES: readonly RegistrationStatus[] = ['pending', 'conflict'];

/** 信息分类: 大客户直销业务 / 需招投标作业的业务 / 一次性需求客户. */
export const INFO_CLASSES = ['direct', 'tender', 'one_time'] as const;
export type InfoClass = (typeof INFO_CLASSES)[number];

export type ConflictReason =
  | 'account_owned_by_other_dealer'
  | 'account_owned_outside_province'
  | 'active_registration'
  | (string & {});

/**
 * What a registration conflicts with (only reviewers are told): another dealer's registration
 * (`active_registration`), or the unit that owns the account (`account_owned_by_other_dealer`,
 * `account_owned_outside_province`, where the server sends the registration's fields as null
 * when there is none). `registration_id`, `dealer_unit_id` and `dealer_name` are null when that
 * dealer is outside the reviewer's scope (issue 20).
 */
export interface RegistrationConflict {
  registration_id: number | null;
  dealer_unit_id: number | null;
  dealer_name: string | null;
  status: RegistrationStatus | null;
  vehicle_type: string | null;
  expected_date: string | null;
  registered_at: string | null;
  reason: ConflictReason;
}

export interface Registration {
  id: number;
  /** Null (with `account_name`) when the account is outside the caller's scope (issue 20). */
  account_id: number | null;
  account_name: string | null;
  dealer_unit_id: number;
  dealer_name: string;
  registered_by: number;
  registered_by_name: string;
  vehicle_type: string;
  model: string | null;
  quantity: number;
  /** 预算 in 分 (fen): 元 × 100. */
  budget_fen: number | null;
  /** YYYY-MM-DD. */
  expected_date: string;
  procurement_method: ProcurementMethod;
  source_channel: string;
  info_class: InfoClass;
  /** RFC 3339. */
  info_obtained_at: string;
  registered_at: string;
  note: string | null;
  status: RegistrationStatus;
  /** For reviewers; `[]` for the registering dealer, who sees only `status: "conflict"`. */
  conflicts: RegistrationConflict[];
  authentic: boolean | null;
  accurate: boolean | null;
  review_note: string | null;
  reviewed_by: number | null;
  /** Not in the contract (yet): shown when the server sends it, else the reviewer's id. */
  reviewed_by_name?: string | null;
  reviewed_at: string | null;
  protected_until: string | null;
  opportunity_id: number | null;
  /** The exhibition or promotion event the lead was met at (来源活动; source_channel exhibitions). */
  event_id?: number | null;
  /**
   * The name the dealer wrote and the duplicate engine's reason when it was found to be this existing
   * account ("renamed in 2018: 环境保护局 → 生态环境局"); null otherwise, and outside the caller's scope.
   */
  account_match?: { name: string; reason: string } | null;
  version: number;
}

export interface RegistrationCreate {
  /** An account in the caller's scope (404 otherwise). */
  account_id?: number;
  /** A new organisation: the body of POST /accounts. */
  account?: AccountCreate;
  vehicle_type: string;
  model?: string;
  quantity: number;
  budget_fen?: number;
  expected_date: string;
  procurement_method: ProcurementMethod;
  source_channel: string;
  info_class: InfoClass;
  info_obtained_at?: string;
  note?: string;
  /** An event the caller sees, not cancelled; only with source_channel `exhibitions`. */
  event_id?: number;
}

export interface RegistrationList {
  items: Registration[];
  next_cursor: string | null;
}

export interface RegistrationFilter {
  status?: readonly RegistrationStatus[];
  dealer_unit_id?: number;
  /** A unit in scope: the registrations of its subtree's dealers. */
  unit_id?: number;
  account_id?: number;
  mine?: boolean;
  /** A person: the registrations they made. */
  registered_by?: number;
  /** YYYY-MM-DD, China days registered, both inclusive. */
  created_from?: string;
  created_to?: string;
  /** Converted to an opportunity that is won now. */
  won?: boolean;
  q?: string;
  /** Approved registrations whose protection ends on or before this day (YYYY-MM-DD). */
  protected_until_to?: string;
  limit?: number;
  cursor?: string;
}

export type ReviewDecision = 'approve' | 'reject';

export interface RegistrationReview {
  decision: ReviewDecision;
  authentic: boolean;
  accurate?: boolean;
  note?: string;
  version: number;
}

/** 延长保护期: the version read and why (≤500 characters). */
export interface RegistrationExtend {
  version: number;
  reason: string;
}

export type StatsGrouping = 'dealer' | 'province';

export interface RegistrationStatsRow {
  unit_id: number;
  unit_name: string;
  registrations: number;
  approved: number;
  rejected: number;
  conflicts: number;
  lapsed: number;
  /** Sent by the server beside the contract's fields. */
  converted?: number;
  /** authentic / reviewed, 0–1 (null when nothing was reviewed). */
  authentic_rate: number | null;
  /** Median of registered_at − info_obtained_at (null without registrations). */
  median_delay_hours: number | null;
  /** converted / approved, 0–1 (null when nothing was approved). */
  conversion_rate: number | null;
}

export interface RegistrationStats {
  items: RegistrationStatsRow[];
}

export interface RegistrationStatsQuery {
  /** YYYY-MM-DD, both inclusive. */
  from: string;
  to: string;
  by: StatsGrouping;
}

/** 保护期设置: the days an approval (or an extension) protects a registration, 1–365 (default 90). */
export interface RegistrationSettings {
  protection_days: number;
}

export const PROTECTION_DAYS_MIN = 1;
export const PROTECTION_DAYS_MAX = 365;

export function listRegistrations(filter: RegistrationFilter = {}, signal?: AbortSignal): Promise<RegistrationList> {
  const { status, ...rest } = filter;
  return http.get<RegistrationList>(
    '/registrations',
    { ...rest, status: status && status.length ? status.join(',') : undefined },
    { signal },
  );
}

/** Per status, how many registrations the list holds with the other filters (GET /registrations/status-counts). */
export interface RegistrationStatusCounts {
  counts: Record<RegistrationStatus, number>;
  total: number;
}

/** The list's status-filter counts: the same filters as the list, its status filter aside. */
export function registrationStatusCounts(
  filter: Omit<RegistrationFilter, 'status' | 'limit' | 'cursor'> = {},
  signal?: AbortSignal,
): Promise<RegistrationStatusCounts> {
  return http.get<RegistrationStatusCounts>('/registrations/status-counts', { ...filter }, { signal });
}

export function getRegistration(id: number): Promise<Registration> {
  return http.get<Registration>(`/registrations/${id}`);
}

export function createRegistration(body: RegistrationCreate): Promise<Registration> {
  return http.post<Registration>('/registrations', body);
}

export function reviewRegistration(id: number, body: RegistrationReview): Promise<Registration> {
  return http.post<Registration>(`/registrations/${id}/review`, body);
}

/**
 * Another protection period for an approved registration (reviewers): protected_until becomes
 * max(now, protected_until) + the protection period. 409 `registration.not_protected` when it is
 * not approved (any more), `version_conflict` when it changed.
 */
export function extendRegistration(id: number, body: RegistrationExtend): Promise<Registration> {
  return http.post<Registration>(`/registrations/${id}/extend`, body);
}

export function getRegistrationStats(query: RegistrationStatsQuery, signal?: AbortSignal): Promise<RegistrationStats> {
  return http.get<RegistrationStats>('/registrations/stats', { ...query }, { signal });
}

export function getRegistrationSettings(): Promise<RegistrationSettings> {
  return http.get<RegistrationSettings>('/settings/registrations');
}

/** Sets the protection period (permission `settings.manage`); 422 outside 1–365. */
export function updateRegistrationSettings(body: RegistrationSettings): Promise<RegistrationSettings> {
  return http.put<RegistrationSettings>('/settings/registrations', body);
}
