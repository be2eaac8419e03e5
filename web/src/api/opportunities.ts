// Opportunities (商机, `/opportunities`): the sales stages (销售流程) side by side with the
// customer's procurement stages (采购流程), the vehicle lines, the pipeline board, the stage
// transitions with their reasons, and what hangs off an opportunity: tenders (招标), competitors'
// quotes, our quotes and deliveries (交车). Tenders, our quotes and deliveries have their own
// modules (./tenders, ./quotes, ./deliveries); their calls on an opportunity are re-exported here.
//
// The types are written here from docs/api-notes.md ("Opportunities, quotes and deliveries —
// issue 6") rather than taken from the generated schema, which does not describe this module yet.
import { http, request } from './client';
import type { Delivery } from './deliveries';
import type { Quote } from './quotes';
import type { Tender } from './tenders';
import type { Grade, ProcurementMethod } from './types';

export { createTender, patchTender } from './tenders';
export { createQuote, sendQuote } from './quotes';
export { createDelivery, listDeliveries } from './deliveries';

// ---- stages ------------------------------------------------------------------------------

/** The sales stages in order: 发现需求 → 接触客户 → 需求分析 → 销售定位 → 跟进投标 → 赢取订单; and 输单. */
export const STAGES = ['discover', 'contact', 'analyze', 'position', 'bid', 'won', 'lost'] as const;
export type Stage = (typeof STAGES)[number];

/** The stages an opportunity is still worked in (not closed). */
export const OPEN_STAGES = ['discover', 'contact', 'analyze', 'position', 'bid'] as const;
export type OpenStage = (typeof OPEN_STAGES)[number];

/** Closed: 赢取订单 and 输单. */
export const CLOSED_STAGES = ['won', 'lost'] as const;

/** The customer's procurement stages in order: 内部酝酿 → 计划准备 → 采购要求 → 评估比较 → 实施招标 → 购车承诺. */
export const PROCUREMENT_STAGES = ['deliberation', 'planning', 'requirements', 'evaluation', 'tender', 'commitment'] as const;
export type ProcurementStage = (typeof PROCUREMENT_STAGES)[number];

/** Each sales stage's matching procurement stage (输单 has none: it keeps where the customer was). */
export const STAGE_PROCUREMENT: Readonly<Record<Exclude<Stage, 'lost'>, ProcurementStage>> = {
  discover: 'deliberation',
  contact: 'planning',
  analyze: 'requirements',
  position: 'evaluation',
  bid: 'tender',
  won: 'commitment',
};

/** The procurement stage a sales stage matches; null for `lost` (which keeps the current one). */
export function matchingProcurementStage(stage: Stage): ProcurementStage | null {
  return stage === 'lost' ? null : STAGE_PROCUREMENT[stage];
}

/** The sales stage a procurement stage matches. */
export function matchingStage(procurement: ProcurementStage): Exclude<Stage, 'lost'> {
  const found = (Object.entries(STAGE_PROCUREMENT) as [Exclude<Stage, 'lost'>, ProcurementStage][]).find(
    ([, match]) => match === procurement,
  );
  return found ? found[0] : 'discover';
}

export function isStage(value: unknown): value is Stage {
  return typeof value === 'string' && (STAGES as readonly string[]).includes(value);
}

export function isOpenStage(value: unknown): value is OpenStage {
  return typeof value === 'string' && (OPEN_STAGES as readonly string[]).includes(value);
}

export function isProcurementStage(value: unknown): value is ProcurementStage {
  return typeof value === 'string' && (PROCUREMENT_STAGES as readonly string[]).includes(value);
}

// ---- the opportunity ---------------------------------------------------------------------

export const USAGE_AREAS = ['in_province', 'cross_province'] as const;
/** 主要使用区域: 省内 or 跨省长途公务. */
export type UsageArea = (typeof USAGE_AREAS)[number];

export const LEVELS = ['high', 'medium', 'low'] as const;
/** 价值 / 难度. */
export type Level = (typeof LEVELS)[number];

/** 技术要求: 车身、内饰、配置、附件. */
export interface Requirements {
  body: string | null;
  interior: string | null;
  configuration: string | null;
  accessories: string | null;
}
export const REQUIREMENT_KEYS = ['body', 'interior', 'configuration', 'accessories'] as const;

/** A vehicle line: a type (vehicle_types code), a catalogue model or a model's name, how many and at what price. */
export interface OpportunityLine {
  id: number;
  vehicle_type: string;
  model_id: number | null;
  model: string | null;
  quantity: number;
  /** In 分 (fen); a line without a price counts no amount. */
  unit_price_fen: number | null;
}

export interface Opportunity {
  id: number;
  account_id: number;
  account_name: string;
  account_grade: Grade | null;
  registration_id: number | null;
  /** The unit that owned the account when the opportunity was created (normally a dealer). */
  owner_unit_id: number;
  owner_unit_name: string;
  owner_user_id: number | null;
  owner_user_name: string | null;
  title: string;
  stage: Stage;
  procurement_stage: ProcurementStage;
  /** Sent in full by GET /opportunities/{id} and the list; the board may leave the details out. */
  lines?: OpportunityLine[];
  /** The lines' sum. */
  quantity: number;
  /** The lines' sum of quantity × unit price, in fen. */
  amount_fen: number;
  budget_fen: number | null;
  budget_analysis: string | null;
  /** YYYY-MM-DD. */
  expected_date: string;
  /** 是否值得投入 (not typed by the contract: read as yes / no / not judged). */
  worth_investing: boolean | null;
  risks: string | null;
  requirements: Requirements;
  usage_area: UsageArea;
  procurement_method: ProcurementMethod;
  /** The framework agreement (协议供货) it buys under, when its method is `agreement` (docs/agreements.md). */
  agreement_id?: number | null;
  agreement_name?: string | null;
  /** 赢单概率 0–100 (%) that counts: won 100, lost 0, else the owner's or the stage's default. */
  probability: number | null;
  /** The owner set `probability` (else it is the stage's default). */
  probability_overridden?: boolean;
  value: Level | null;
  difficulty: Level | null;
  won_units: number;
  delivered_units: number;
  /** Why it was won or lost (the reason of the closing move). */
  outcome_reason: string | null;
  /** 输给谁: the winner (a brand or dealer). */
  lost_to: string | null;
  closed_at: string | null;
  stage_changed_at: string;
  created_by: number;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface CompetitorQuote {
  id: number;
  brand: string;
  model: string;
  unit_price_fen: number;
  /** YYYY-MM-DD. */
  quoted_on: string | null;
  note: string | null;
  created_by_name: string;
  created_at: string;
}

/** GET /opportunities/{id}: the opportunity with what hangs off it. */
export interface OpportunityDetail extends Opportunity {
  lines: OpportunityLine[];
  tenders: Tender[];
  competitor_quotes: CompetitorQuote[];
  quotes: Quote[];
  deliveries: Delivery[];
}

export interface OpportunityLineInput {
  vehicle_type: string;
  /** A catalogue model: fills `model`, and `vehicle_type` must match it. */
  model_id?: number;
  model?: string;
  quantity: number;
  unit_price_fen?: number;
}

export interface RequirementsInput {
  body?: string | null;
  interior?: string | null;
  configuration?: string | null;
  accessories?: string | null;
}

/** The fields a create and a PATCH share. */
export interface OpportunityFields {
  title: string;
  procurement_stage?: ProcurementStage;
  lines: OpportunityLineInput[];
  budget_fen?: number | null;
  budget_analysis?: string | null;
  expected_date: string;
  worth_investing?: boolean | null;
  risks?: string | null;
  requirements?: RequirementsInput;
  procurement_method: ProcurementMethod;
  /**
   * A framework agreement, with `procurement_method` agreement: listed and in force, the
   * opportunity's dealer authorised (422 `agreement_*` otherwise); null names none.
   */
  agreement_id?: number | null;
  usage_area: UsageArea;
  probability?: number | null;
  value?: Level | null;
  difficulty?: Level | null;
  owner_user_id?: number | null;
}

export interface OpportunityCreate extends OpportunityFields {
  account_id: number;
  /** An approved registration of that account (409 `registration.not_convertible` otherwise). */
  registration_id?: number;
  /** An open stage; `discover` by default. */
  stage?: OpenStage;
}

/** Everything but account_id, registration_id and stage; `lines` replaces them all. */
export type OpportunityPatch = Partial<OpportunityFields> & { version: number };

export interface OpportunityFilter {
  stage?: readonly Stage[];
  /** The customer's procurement stages (several). */
  procurement_stage?: readonly ProcurementStage[];
  /** A unit in scope: the opportunities of its subtree. */
  owner_unit_id?: number;
  /** A person: the opportunities they own. */
  owner_user_id?: number;
  account_id?: number;
  procurement_method?: ProcurementMethod;
  /** The opportunities naming a framework agreement. */
  agreement_id?: number;
  /** Title or account name (characters). */
  q?: string;
  /** YYYY-MM-DD, both inclusive. */
  expected_from?: string;
  expected_to?: string;
  /** YYYY-MM-DD, China days, both inclusive: won or lost within them (the board's 赢单 and 输单). */
  closed_from?: string;
  closed_to?: string;
  limit?: number;
  cursor?: string;
}

/** The query as sent: several stages comma-separated, nothing empty. */
function filterQuery(filter: Omit<OpportunityFilter, 'stage'> & { stage?: readonly Stage[] }): Record<string, string | number | boolean | undefined> {
  const { stage, procurement_stage, ...rest } = filter;
  return {
    ...rest,
    stage: stage && stage.length ? stage.join(',') : undefined,
    procurement_stage: procurement_stage && procurement_stage.length ? procurement_stage.join(',') : undefined,
  };
}

export interface OpportunityList {
  items: Opportunity[];
  next_cursor: string | null;
}

export interface BoardColumn {
  stage: Stage;
  procurement_stage: ProcurementStage | null;
  count: number;
  quantity: number;
  amount_fen: number;
  items: Opportunity[];
}

export interface Board {
  stages: BoardColumn[];
}

export interface BoardQuery {
  owner_unit_id?: number;
  /** 1–100, default 20. */
  per_stage?: number;
  /** Won and lost: only those closed in the last N days (default 90). */
  closed_days?: number;
}

export interface TransitionRequest {
  stage: Stage;
  procurement_stage?: ProcurementStage;
  reason?: string;
  lost_to?: string;
  version: number;
}

export interface Transition {
  id: number;
  /** Null for the creation. */
  from_stage: Stage | null;
  to_stage: Stage;
  from_procurement_stage: ProcurementStage | null;
  to_procurement_stage: ProcurementStage;
  reason: string | null;
  lost_to: string | null;
  by_user_id: number;
  by_user_name: string;
  at: string;
}

export interface TransitionList {
  items: Transition[];
}

export interface CompetitorQuoteCreate {
  brand: string;
  model: string;
  unit_price_fen: number;
  quoted_on?: string;
  note?: string;
}

// ---- calls -------------------------------------------------------------------------------

export function listOpportunities(filter: OpportunityFilter = {}, signal?: AbortSignal): Promise<OpportunityList> {
  return http.get<OpportunityList>('/opportunities', filterQuery(filter), { signal });
}

/** Per stage, how many opportunities the list holds with the other filters (GET /opportunities/stage-counts). */
export interface OpportunityStageCounts {
  counts: Record<Stage, number>;
  total: number;
}

/** The list's stage-filter counts: the same filters as the list, its stage filter aside. */
export function opportunityStageCounts(
  filter: Omit<OpportunityFilter, 'stage' | 'limit' | 'cursor'> & { attention?: string; undelivered?: boolean } = {},
  signal?: AbortSignal,
): Promise<OpportunityStageCounts> {
  return http.get<OpportunityStageCounts>('/opportunities/stage-counts', filterQuery(filter), { signal });
}

export function getBoard(query: BoardQuery = {}, signal?: AbortSignal): Promise<Board> {
  return http.get<Board>('/opportunities/board', { ...query }, { signal });
}

export function getOpportunity(id: number): Promise<OpportunityDetail> {
  return http.get<OpportunityDetail>(`/opportunities/${id}`);
}

export function createOpportunity(body: OpportunityCreate): Promise<Opportunity> {
  return http.post<Opportunity>('/opportunities', body);
}

/** 409 `opportunity.closed` once won or lost. */
export function patchOpportunity(id: number, body: OpportunityPatch): Promise<Opportunity> {
  return http.patch<Opportunity>(`/opportunities/${id}`, body);
}

/**
 * Moves an opportunity: 409 `opportunity.invalid_transition`, `opportunity.closed`,
 * `quote.pending` (winning while a quote waits for approval), `version_conflict`; 422 naming
 * `reason` / `lost_to` when they are missing.
 */
export function transitionOpportunity(id: number, body: TransitionRequest): Promise<Opportunity> {
  return http.post<Opportunity>(`/opportunities/${id}/transitions`, body);
}

/** Oldest first; the creation is the first (`from_stage` null). */
export function listTransitions(id: number): Promise<TransitionList> {
  return http.get<TransitionList>(`/opportunities/${id}/transitions`);
}

export function createCompetitorQuote(opportunityId: number, body: CompetitorQuoteCreate): Promise<CompetitorQuote> {
  return http.post<CompetitorQuote>(`/opportunities/${opportunityId}/competitor-quotes`, body);
}

export function deleteCompetitorQuote(id: number): Promise<void> {
  return request<void>('DELETE', `/competitor-quotes/${id}`);
}
