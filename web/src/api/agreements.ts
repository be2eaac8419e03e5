// Framework agreements (协议供货) and getting on their supplier lists (入围): an agreement run by a
// procurement centre (central, provincial or municipal) for a period, with its categories (品目)
// and lots (标包); one application per agreement (入围申请: 准备中 → 已提交 → 已入围 / 未入围) with
// its deadline, the documents it needs and who provides them, and the models applied with; the
// competitors listed (竞品入围); once listed, the models listed at their agreement price (协议价,
// the cap a quote may not pass) and the dealers authorised to supply under it (授权经销商); the
// units and amount sold under it; and the coverage of each province's categories (入围覆盖).
//
// The types are written here from docs/agreements.md (issue 17); where the contract names a read
// shape only in words (the agreement with its application, listings and dealers), they follow the
// server's module (src/modules/agreements/routes.cpp): the application lies flat in the agreement
// (`application`, `deadline_on`, `documents`, `applied_models`, `outcome_note`), and every step on
// it sends the agreement's `version` and answers the agreement. `MatchesGeneratedSchema` below
// holds them to the schema generated from the server's OpenAPI.
import { filenameFromContentDisposition } from '@/utils/download';
import { getFile, http, request } from './client';
import type { components } from './schema';
import type { AdminLevel } from './types';

// ---- the words -----------------------------------------------------------------------------

/** 中央 (the central government procurement centre and the central agencies), 省级, 市级. */
export const AGREEMENT_LEVELS = ['central', 'provincial', 'municipal'] as const;
export type AgreementLevel = (typeof AGREEMENT_LEVELS)[number];

/** From the days: not begun, in force, in force and ending within 90 days (即将到期), ended (已到期). */
export const AGREEMENT_STATES = ['upcoming', 'in_force', 'expiring', 'expired'] as const;
export type AgreementState = (typeof AGREEMENT_STATES)[number];

/** 入围申请: 准备中 → 已提交 → 已入围 or 未入围. */
export const APPLICATION_STATUSES = ['preparing', 'submitted', 'listed', 'not_listed'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

/** The list's application filter: a status, or `none` (未申请: no application kept yet). */
export const APPLICATION_FILTERS = [...APPLICATION_STATUSES, 'none'] as const;
export type ApplicationFilter = (typeof APPLICATION_FILTERS)[number];

/** Who provides a document: 总部, 改装厂, 经销商. */
export const DOCUMENT_PROVIDERS = ['hq', 'upfitter', 'dealer'] as const;
export type DocumentProvider = (typeof DOCUMENT_PROVIDERS)[number];

/** A coverage cell: listed (已入围), an application under way, not listed, never applied. */
export const COVERAGE_STATUSES = ['listed', 'pending', 'not_listed', 'never'] as const;
export type CoverageStatus = (typeof COVERAGE_STATUSES)[number];

export function isAgreementState(value: unknown): value is AgreementState {
  return typeof value === 'string' && (AGREEMENT_STATES as readonly string[]).includes(value);
}

export function isApplicationFilter(value: unknown): value is ApplicationFilter {
  return typeof value === 'string' && (APPLICATION_FILTERS as readonly string[]).includes(value);
}

// ---- the records ---------------------------------------------------------------------------

/** An agreement as the list gives it (and the first part of one read alone). */
export interface Agreement {
  id: number;
  level: AgreementLevel;
  /** The procurement centre: a central account for a central agreement, else one of the province's. */
  centre_account_id: number;
  centre_name: string;
  /** HQ for a central agreement, the province for the others. */
  unit_id: number;
  unit_name: string;
  name: string;
  /** 公告编号. */
  notice_no: string;
  notice_url: string | null;
  /** 协议期, China days, both inclusive. */
  starts_on: string;
  ends_on: string;
  state: AgreementState;
  /** 品目: vehicle type codes (vehicle_types), e.g. police_patrol. */
  categories: string[];
  /** 标包. */
  lots: string[];
  /** A regional director for a central agreement, the province's area manager otherwise. */
  owner_user_id: number;
  owner_name: string;
  /** 入围申请's status: every agreement has one, preparing from the start. */
  application: ApplicationStatus;
  deadline_on: string | null;
  submitted_at: string | null;
  decided_at: string | null;
  /** The outcome's note. */
  outcome_note: string | null;
  /** How many models are listed (入围车型); 0 until listed. */
  listed_models: number;
  /** How many dealers are authorised. */
  dealers_count: number;
  /** The caller may edit it, run its application and set its listing, dealers and competitors. */
  can_manage: boolean;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface AgreementDocument {
  name: string;
  provider: DocumentProvider;
  ready: boolean;
}

/** A catalogue model applied with. */
export interface AppliedModel {
  model_id: number;
  code: string;
  name: string;
  vehicle_type: string;
}

/** 竞品入围: a competitor's model on the list, at its agreement price. */
export interface AgreementCompetitor {
  id: number;
  brand: string;
  model: string;
  price_fen: number;
  note: string | null;
  created_at: string;
}

/** 入围车型: a model listed, at its agreement price (the cap) and discount terms (优惠条款). */
export interface AgreementListing extends AppliedModel {
  guide_price_fen: number;
  price_cap_fen: number;
  discount_terms: string | null;
}

/** 授权经销商. */
export interface AgreementDealer {
  id: number;
  name: string;
  province_id: number;
  province_name: string;
}

/** GET /agreements/{id} (and the answer of every step on it): with the application's details. */
export interface AgreementDetail extends Agreement {
  /** The documents the application needs, in order. */
  documents: AgreementDocument[];
  applied_models: AppliedModel[];
  listings: AgreementListing[];
  dealers: AgreementDealer[];
  competitors: AgreementCompetitor[];
}

export interface AgreementList {
  items: Agreement[];
  next_cursor: string | null;
}

/** The body of POST /agreements (and, with its version, of PUT). */
export interface AgreementCreate {
  level: AgreementLevel;
  centre_account_id: number;
  unit_id: number;
  name: string;
  notice_no: string;
  notice_url?: string | null;
  starts_on: string;
  ends_on: string;
  categories: string[];
  lots: string[];
  owner_user_id: number;
}

export type AgreementUpdate = AgreementCreate & { version: number };

export interface ApplicationPut {
  /** The agreement's version. */
  version: number;
  deadline_on: string | null;
  documents: AgreementDocument[];
  model_ids: number[];
}

export interface ListingInput {
  model_id: number;
  price_cap_fen: number;
  /** 优惠条款; null for none. */
  discount_terms: string | null;
}

export type OutcomeBody = { version: number; note?: string } & ({ outcome: 'listed'; listings: ListingInput[] } | { outcome: 'not_listed' });

export interface CompetitorCreate {
  brand: string;
  model: string;
  price_fen: number;
  note?: string;
}

export interface SalesFigures {
  units: number;
  amount_fen: number;
}

/** GET /agreements/{id}/sales: the units and amount sold under it, by province and by dealer. */
export interface AgreementSales extends SalesFigures {
  by_province: (SalesFigures & { unit_id: number; name: string; province?: string })[];
  by_dealer: (SalesFigures & { unit_id: number; name: string; province: string })[];
}

export interface CoverageCell {
  category: string;
  status: CoverageStatus;
  /** How many agreements the cell counts. */
  agreements: number;
  /** How many of them end within 90 days (a flag in the contract's words: truthy when any). */
  expiring: number | boolean;
}

export interface CoverageRow {
  /** Null for the central row (中央). */
  unit_id: number | null;
  name: string;
  cells: CoverageCell[];
}

/** GET /agreements/coverage: the caller's provinces (the central row first) by category. */
export interface Coverage {
  categories: string[];
  rows: CoverageRow[];
}

/** A category (品目) as the options name it: a vehicle type's code and names (or only a name). */
export type CategoryOption = string | { code: string; name_zh: string; name_en: string };

/** GET /agreements/options: what the forms offer, in the caller's scope. */
export interface AgreementOptions {
  centres: { id: number; name: string; admin_level: AdminLevel | string; province_unit_id: number | null }[];
  owners: { id: number; name: string; role: string; unit_id: number }[];
  models: { id: number; code: string; name: string; vehicle_type: string; guide_price_fen?: number }[];
  dealers: { id: number; name: string; province_unit_id: number }[];
  /** The provinces the caller may choose (an area manager: their own). */
  provinces?: { id: number; name: string }[];
  categories: CategoryOption[];
}

// ---- the generated schema ------------------------------------------------------------------

type Schemas = components['schemas'];
/** Whether a value of type A may be used as a B. */
type Fits<A, B> = [A] extends [B] ? true : false;
type AllTrue<T extends readonly true[]> = T;
/**
 * The types above against the schema generated from the server's OpenAPI (`npm run gen:api`):
 * what the server answers fits the types the pages read, and what the pages send fits what the
 * server takes. A difference fails the typecheck here.
 */
export type MatchesGeneratedSchema = AllTrue<
  [
    Fits<Schemas['AgreementSummary'], Agreement>,
    Fits<Schemas['Agreement'], AgreementDetail>,
    Fits<Schemas['AgreementList'], AgreementList>,
    Fits<Schemas['AgreementCompetitor'], AgreementCompetitor>,
    Fits<Schemas['AgreementSales'], AgreementSales>,
    Fits<Schemas['AgreementCoverage'], Coverage>,
    Fits<Schemas['AgreementOptions'], AgreementOptions>,
    Fits<AgreementCreate, Schemas['AgreementCreate']>,
    Fits<AgreementUpdate, Schemas['AgreementUpdate']>,
    Fits<ApplicationPut, Schemas['AgreementApplication']>,
    Fits<OutcomeBody, Schemas['AgreementOutcome']>,
    Fits<{ version: number; listings: ListingInput[] }, Schemas['AgreementListings']>,
    Fits<{ version: number; dealer_ids: number[] }, Schemas['AgreementDealers']>,
    Fits<CompetitorCreate, Schemas['AgreementCompetitorCreate']>,
  ]
>;

// ---- the list's filter ---------------------------------------------------------------------

export interface AgreementFilter {
  level?: AgreementLevel;
  /** Several, comma-separated as sent. */
  state?: readonly AgreementState[];
  /** A province. */
  unit_id?: number;
  category?: string;
  /** Several, comma-separated as sent; `none`: no application yet. */
  application?: readonly ApplicationFilter[];
  owner_user_id?: number;
  /** The caller's own. */
  mine?: boolean;
  /** Preparing or submitted, the deadline within 14 days (the home page's to-do). */
  due?: boolean;
  /** Name or notice number. */
  q?: string;
  limit?: number;
  cursor?: string;
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The query of a filter (the list's and the export's): lists comma-separated, nothing empty. */
export function agreementQuery(filter: AgreementFilter): Record<string, string | number | boolean | undefined> {
  return {
    level: filter.level || undefined,
    state: filter.state?.length ? filter.state.join(',') : undefined,
    unit_id: filter.unit_id,
    category: filter.category || undefined,
    application: filter.application?.length ? filter.application.join(',') : undefined,
    owner_user_id: filter.owner_user_id,
    mine: filter.mine ? true : undefined,
    due: filter.due ? true : undefined,
    q: filter.q?.trim() || undefined,
  };
}

// ---- calls ---------------------------------------------------------------------------------

/** Ending soonest first (ends_on, then id). */
export function listAgreements(filter: AgreementFilter = {}, signal?: AbortSignal): Promise<AgreementList> {
  return http.get<AgreementList>('/agreements', { ...agreementQuery(filter), limit: filter.limit, cursor: filter.cursor }, { signal });
}

/** The filtered list as an .xlsx (Chinese headers); the server's file name when it gives one. */
export async function exportAgreements(filter: AgreementFilter): Promise<{ blob: Blob; filename: string | null }> {
  const file = await getFile('/agreements/export', agreementQuery(filter), { accept: XLSX_TYPE });
  return { blob: file.blob, filename: filenameFromContentDisposition(file.contentDisposition) };
}

export function getAgreement(id: number, signal?: AbortSignal): Promise<AgreementDetail> {
  return http.get<AgreementDetail>(`/agreements/${id}`, undefined, { signal });
}

/** 201 with the agreement (agreements.manage, in the caller's reach: 403 otherwise). */
export function createAgreement(body: AgreementCreate): Promise<AgreementDetail> {
  return http.post<AgreementDetail>('/agreements', body);
}

export function updateAgreement(id: number, body: AgreementUpdate): Promise<AgreementDetail> {
  return http.put<AgreementDetail>(`/agreements/${id}`, body);
}

// The steps below change part of the agreement: each sends the agreement's version (409
// version_conflict when someone changed it meanwhile) and answers the agreement as it now is.

/** While preparing or submitted (409 after the outcome). */
export function putApplication(id: number, body: ApplicationPut): Promise<AgreementDetail> {
  return http.put<AgreementDetail>(`/agreements/${id}/application`, body);
}

/** 准备中 → 已提交: needs a model and every document ready (422 otherwise). */
export function submitApplication(id: number, version: number): Promise<AgreementDetail> {
  return http.post<AgreementDetail>(`/agreements/${id}/application/submit`, { version });
}

/** 登记结果: listed with its models and prices, or not listed. */
export function recordOutcome(id: number, body: OutcomeBody): Promise<AgreementDetail> {
  return http.post<AgreementDetail>(`/agreements/${id}/application/outcome`, body);
}

/** Listed only: replaces the listed models and their prices. */
export function putListings(id: number, version: number, listings: ListingInput[]): Promise<AgreementDetail> {
  return http.put<AgreementDetail>(`/agreements/${id}/listings`, { version, listings });
}

/** The authorised dealers (a provincial or municipal agreement's: only its province's). */
export function putDealers(id: number, version: number, dealerIds: readonly number[]): Promise<AgreementDetail> {
  return http.put<AgreementDetail>(`/agreements/${id}/dealers`, { version, dealer_ids: [...dealerIds] });
}

export function createCompetitor(id: number, body: CompetitorCreate): Promise<AgreementCompetitor> {
  return http.post<AgreementCompetitor>(`/agreements/${id}/competitors`, body);
}

export function deleteCompetitor(id: number, competitorId: number): Promise<void> {
  return request<void>('DELETE', `/agreements/${id}/competitors/${competitorId}`);
}

export function getAgreementSales(id: number, signal?: AbortSignal): Promise<AgreementSales> {
  return http.get<AgreementSales>(`/agreements/${id}/sales`, undefined, { signal });
}

export function getCoverage(filter: { category?: string } = {}, signal?: AbortSignal): Promise<Coverage> {
  return http.get<Coverage>('/agreements/coverage', { category: filter.category || undefined }, { signal });
}

export async function exportCoverage(filter: { category?: string } = {}): Promise<{ blob: Blob; filename: string | null }> {
  const file = await getFile('/agreements/coverage/export', { category: filter.category || undefined }, { accept: XLSX_TYPE });
  return { blob: file.blob, filename: filenameFromContentDisposition(file.contentDisposition) };
}

export function getAgreementOptions(signal?: AbortSignal): Promise<AgreementOptions> {
  return http.get<AgreementOptions>('/agreements/options', undefined, { signal });
}
