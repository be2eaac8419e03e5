// Pure helpers of the opportunity (商机) pages: money (分 ↔ 元; shown in the kit's one format,
// 元 in full and 万元 where space is short), which stage moves are allowed and which need a reason (and 输给谁),
// what a drop on the board does, the price band a quote falls in before it is submitted, our
// latest quote against the competitors', deliveries beyond the won units, and the form's state
// ↔ the API's body.
import { ApiError } from '@/api/client';
import { fenToYuan, formatMoney, formatMoneyShort, tagTypes, yuanToFen } from '@/kit';
import { bandFor, classifyQuote, DEFAULT_BAND, type VehicleModel } from '@/api/catalogue';
import {
  isOpenStage,
  matchingProcurementStage,
  OPEN_STAGES,
  STAGES,
  type Level,
  type OpenStage,
  type Opportunity,
  type OpportunityFields,
  type OpportunityLineInput,
  type ProcurementStage,
  type Stage,
  type UsageArea,
} from '@/api/opportunities';
import type { ApprovalLevel, Quote } from '@/api/quotes';
import type { Registration } from '@/api/registrations';
import type { ProcurementMethod } from '@/api/types';
import type { AppLocale } from '@/locales';
import { errorMessage, type Translator } from '@/utils/error-message';

// ---- money -------------------------------------------------------------------------------

export { fenToYuan, yuanToFen } from '@/kit/format';

/** Money in 元 (the kit's one format): "1,250,000 元" (empty when there is none). */
export function formatYuan(fen: number | null | undefined, locale: AppLocale): string {
  return formatMoney(fen, locale);
}

/** Money where space is short, the same on the board and the list: "125.5 万元" / "¥1.26M". */
export function formatWan(fen: number | null | undefined, locale: AppLocale): string {
  return formatMoneyShort(fen, locale);
}

/** Basis points as a percentage: 350 → "3.5%", −200 → "-2%". */
export function formatBp(bp: number | null | undefined, locale: AppLocale): string {
  if (bp === null || bp === undefined || !Number.isFinite(bp)) return '—';
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 2 }).format(bp / 10000);
}

/** 0–100 → "60%"; none → "—". */
export function formatProbability(probability: number | null | undefined): string {
  return probability === null || probability === undefined ? '—' : `${probability}%`;
}

// ---- stages and moves --------------------------------------------------------------------

export function stageIndex(stage: Stage): number {
  return STAGES.indexOf(stage);
}

export type MoveKind = 'forward' | 'backward' | 'won' | 'lost' | 'reopen' | 'procurement';

/** What a move from one stage to another is, and what it needs. */
export interface MoveRule {
  allowed: boolean;
  kind: MoveKind | null;
  /** A reason is required: back to an earlier stage, won, lost, reopening a lost one. */
  needsReason: boolean;
  /** 输给谁 is required: lost. */
  needsLostTo: boolean;
}

const REFUSED: MoveRule = { allowed: false, kind: null, needsReason: false, needsLostTo: false };

/**
 * The contract's rules: from an open stage to any other stage (or the same stage with another
 * procurement stage); back to an earlier open stage needs a reason; won needs a reason; lost
 * needs a reason and lost_to; from won nothing; from lost only back to an open stage, with a
 * reason (reopen).
 */
export function moveRule(from: Stage, to: Stage): MoveRule {
  if (from === 'won') return REFUSED;
  if (from === 'lost') {
    return isOpenStage(to) ? { allowed: true, kind: 'reopen', needsReason: true, needsLostTo: false } : REFUSED;
  }
  if (to === from) return { allowed: true, kind: 'procurement', needsReason: false, needsLostTo: false };
  if (to === 'won') return { allowed: true, kind: 'won', needsReason: true, needsLostTo: false };
  if (to === 'lost') return { allowed: true, kind: 'lost', needsReason: true, needsLostTo: true };
  if (stageIndex(to) < stageIndex(from)) return { allowed: true, kind: 'backward', needsReason: true, needsLostTo: false };
  return { allowed: true, kind: 'forward', needsReason: false, needsLostTo: false };
}

/** The stages an opportunity can be moved to (not its own). */
export function moveTargets(from: Stage): Stage[] {
  return STAGES.filter((stage) => stage !== from && moveRule(from, stage).allowed);
}

/** A drop (or "move to…") on the board: nothing, refused, a dialog for the reason, or at once. */
export type BoardMove = 'none' | 'invalid' | 'dialog' | 'direct';

export function planBoardMove(from: Stage, to: Stage): BoardMove {
  if (from === to) return 'none';
  const rule = moveRule(from, to);
  if (!rule.allowed) return 'invalid';
  return rule.needsReason || rule.needsLostTo ? 'dialog' : 'direct';
}

/** The procurement stage a move sends by default: the target's match; lost keeps the current one. */
export function defaultProcurementStage(to: Stage, current: ProcurementStage): ProcurementStage {
  return matchingProcurementStage(to) ?? current;
}

/** Whether the customer's procurement stage is not the one the sales stage matches. */
export function procurementMismatch(opportunity: Pick<Opportunity, 'stage' | 'procurement_stage'>): boolean {
  const match = matchingProcurementStage(opportunity.stage);
  return match !== null && match !== opportunity.procurement_stage;
}

export function isClosed(stage: Stage): boolean {
  return stage === 'won' || stage === 'lost';
}

/** The open stages, for a select (a new opportunity starts in one of them). */
export const CREATE_STAGES: readonly OpenStage[] = OPEN_STAGES;

// ---- quotes ------------------------------------------------------------------------------

export interface QuotePreview {
  guide_price_fen: number;
  discount_bp: number;
  approval_level: ApprovalLevel;
  max_discount_bp: number;
  hq_discount_bp: number;
  /** HQ set no band for the model and method: 300 / 800 applies. */
  defaultBand: boolean;
}

/**
 * What a quote at `unitPriceFen` for `model` means before it is submitted: the discount off the
 * guide price and who must approve, by the model's band for the opportunity's procurement method.
 */
export function previewQuote(
  model: Pick<VehicleModel, 'guide_price_fen' | 'bands'>,
  method: ProcurementMethod,
  unitPriceFen: number,
): QuotePreview {
  const band = bandFor(model, method);
  const used = band ?? DEFAULT_BAND;
  const judged = classifyQuote(model.guide_price_fen, unitPriceFen, used);
  return {
    guide_price_fen: model.guide_price_fen,
    discount_bp: judged.discount_bp,
    approval_level: judged.approval_level,
    max_discount_bp: used.max_discount_bp,
    hq_discount_bp: used.hq_discount_bp,
    defaultBand: band === undefined,
  };
}

/** Our latest quote that still stands (not rejected), newest first by creation. */
export function latestQuote(quotes: readonly Quote[]): Quote | null {
  let latest: Quote | null = null;
  for (const quote of quotes) {
    if (quote.status === 'rejected') continue;
    if (!latest || quote.created_at > latest.created_at || (quote.created_at === latest.created_at && quote.id > latest.id)) {
      latest = quote;
    }
  }
  return latest;
}

/** Our price against a competitor's, as a share of theirs: negative when we are cheaper. */
export function priceGap(ourFen: number, theirFen: number): { fen: number; bp: number } {
  const fen = ourFen - theirFen;
  return { fen, bp: theirFen > 0 ? Math.round((fen * 10000) / theirFen) : 0 };
}

export type { TagType } from '@/kit';

export const quoteTagType = tagTypes({ approved: 'success', pending_regional: 'warning', pending_hq: 'warning', rejected: 'danger', sent: 'primary' }, 'info');

export const stageTagType = tagTypes({ won: 'success', lost: 'danger' }, 'primary');

export const tenderTagType = tagTypes({ pending: 'warning', won: 'success', lost: 'danger', cancelled: 'info' }, 'info');

// ---- deliveries --------------------------------------------------------------------------

/** Whether recording `quantity` more would take the deliveries past the won units (needs over_reason). */
export function exceedsWon(opportunity: Pick<Opportunity, 'won_units' | 'delivered_units'>, quantity: number): boolean {
  return opportunity.delivered_units + quantity > opportunity.won_units;
}

/** Delivered of won, 0–100 (can pass 100 when more was delivered). */
export function deliveredPercent(opportunity: Pick<Opportunity, 'won_units' | 'delivered_units'>): number {
  if (opportunity.won_units <= 0) return opportunity.delivered_units > 0 ? 100 : 0;
  return Math.round((opportunity.delivered_units * 100) / opportunity.won_units);
}

// ---- the form ----------------------------------------------------------------------------

/** A vehicle line as the form edits it: the price in 元. */
export interface LineState {
  vehicle_type: string;
  model_id: number | null;
  model: string;
  quantity: number | undefined;
  unit_price_yuan: number | undefined;
}

export interface OpportunityFormState {
  title: string;
  procurement_stage: ProcurementStage | '';
  lines: LineState[];
  budget_yuan: number | undefined;
  budget_analysis: string;
  expected_date: string;
  /** 'yes' / 'no' / '' (not judged). */
  worth_investing: '' | 'yes' | 'no';
  risks: string;
  requirements: { body: string; interior: string; configuration: string; accessories: string };
  procurement_method: ProcurementMethod | '';
  /** The framework agreement named (协议供货 only). */
  agreement_id: number | null;
  usage_area: UsageArea | '';
  probability: number | undefined;
  value: Level | '';
  difficulty: Level | '';
}

export function emptyLine(): LineState {
  return { vehicle_type: '', model_id: null, model: '', quantity: 1, unit_price_yuan: undefined };
}

export function emptyForm(): OpportunityFormState {
  return {
    title: '',
    procurement_stage: '',
    lines: [emptyLine()],
    budget_yuan: undefined,
    budget_analysis: '',
    expected_date: '',
    worth_investing: '',
    risks: '',
    requirements: { body: '', interior: '', configuration: '', accessories: '' },
    procurement_method: '',
    agreement_id: null,
    usage_area: 'in_province',
    probability: undefined,
    value: '',
    difficulty: '',
  };
}

/** The form filled with an opportunity (for editing it). */
export function formFromOpportunity(opportunity: Opportunity): OpportunityFormState {
  return {
    title: opportunity.title,
    procurement_stage: opportunity.procurement_stage,
    lines: (opportunity.lines ?? []).map((line) => ({
      vehicle_type: line.vehicle_type,
      model_id: line.model_id,
      model: line.model ?? '',
      quantity: line.quantity,
      unit_price_yuan: fenToYuan(line.unit_price_fen),
    })),
    budget_yuan: fenToYuan(opportunity.budget_fen),
    budget_analysis: opportunity.budget_analysis ?? '',
    expected_date: opportunity.expected_date,
    worth_investing: opportunity.worth_investing === null ? '' : opportunity.worth_investing ? 'yes' : 'no',
    risks: opportunity.risks ?? '',
    requirements: {
      body: opportunity.requirements?.body ?? '',
      interior: opportunity.requirements?.interior ?? '',
      configuration: opportunity.requirements?.configuration ?? '',
      accessories: opportunity.requirements?.accessories ?? '',
    },
    procurement_method: opportunity.procurement_method,
    agreement_id: opportunity.agreement_id ?? null,
    usage_area: opportunity.usage_area,
    // the owner's own only: a stage default stays the stage's (empty) unless changed
    probability: opportunity.probability_overridden === false ? undefined : (opportunity.probability ?? undefined),
    value: opportunity.value ?? '',
    difficulty: opportunity.difficulty ?? '',
  };
}

/**
 * 转为商机: the form filled from an approved registration — its vehicle type, model (as a name),
 * quantity, budget, expected date and procurement method; `title` names the account, the type
 * and the quantity.
 */
export function formFromRegistration(
  registration: Pick<Registration, 'vehicle_type' | 'model' | 'quantity' | 'budget_fen' | 'expected_date' | 'procurement_method'>,
  title = '',
): OpportunityFormState {
  const form = emptyForm();
  form.title = title;
  form.lines = [
    {
      vehicle_type: registration.vehicle_type,
      model_id: null,
      model: registration.model ?? '',
      quantity: registration.quantity,
      unit_price_yuan: undefined,
    },
  ];
  form.budget_yuan = fenToYuan(registration.budget_fen);
  form.expected_date = registration.expected_date;
  form.procurement_method = registration.procurement_method;
  return form;
}

const text = (value: string): string | null => (value.trim() ? value.trim() : null);

export function lineBody(line: LineState): OpportunityLineInput | null {
  if (!line.vehicle_type || line.quantity === undefined) return null;
  const body: OpportunityLineInput = { vehicle_type: line.vehicle_type, quantity: line.quantity };
  if (line.model_id !== null) body.model_id = line.model_id;
  else if (line.model.trim()) body.model = line.model.trim();
  const price = yuanToFen(line.unit_price_yuan);
  if (price !== undefined) body.unit_price_fen = price;
  return body;
}

/**
 * The fields a create or PATCH sends (null when a required choice is missing). Emptied optional
 * fields are sent as null so that an edit clears them.
 */
export function fieldsFromForm(form: OpportunityFormState): OpportunityFields | null {
  if (form.procurement_method === '' || form.usage_area === '') return null;
  const lines: OpportunityLineInput[] = [];
  for (const line of form.lines) {
    const body = lineBody(line);
    if (!body) return null;
    lines.push(body);
  }
  const fields: OpportunityFields = {
    title: form.title.trim(),
    lines,
    budget_fen: yuanToFen(form.budget_yuan) ?? null,
    budget_analysis: text(form.budget_analysis),
    expected_date: form.expected_date,
    worth_investing: form.worth_investing === '' ? null : form.worth_investing === 'yes',
    risks: text(form.risks),
    requirements: {
      body: text(form.requirements.body),
      interior: text(form.requirements.interior),
      configuration: text(form.requirements.configuration),
      accessories: text(form.requirements.accessories),
    },
    procurement_method: form.procurement_method,
    // an agreement is named under 协议供货 only: another method names none
    agreement_id: form.procurement_method === 'agreement' ? form.agreement_id : null,
    usage_area: form.usage_area,
    probability: form.probability ?? null,
    value: form.value || null,
    difficulty: form.difficulty || null,
  };
  if (form.procurement_stage) fields.procurement_stage = form.procurement_stage;
  return fields;
}

/** The lines' sums as the server computes them (a line without a price counts no amount). */
export function lineTotals(lines: readonly LineState[]): { quantity: number; amount_fen: number } {
  let quantity = 0;
  let amount = 0;
  for (const line of lines) {
    const count = line.quantity ?? 0;
    quantity += count;
    const price = yuanToFen(line.unit_price_yuan);
    if (price !== undefined) amount += price * count;
  }
  return { quantity, amount_fen: amount };
}

// ---- errors ------------------------------------------------------------------------------

/**
 * An opportunity call's failure as a sentence: the module's own wording for the codes it knows
 * (`opportunities.errors.<code>`: version_conflict says the page was read again), else as
 * everywhere else.
 */
export function opportunityErrorMessage(error: unknown, translator: Translator): string {
  if (error instanceof ApiError && error.code) {
    const key = `opportunities.errors.${error.code.replace(/\./g, '_')}`;
    if (translator.te(key)) return translator.t(key);
  }
  return errorMessage(error, translator);
}

/** The error codes after which what is on the screen is stale: read it again. */
export function needsReload(error: unknown): boolean {
  return (
    error instanceof ApiError &&
    (error.code === 'version_conflict' || error.code === 'opportunity.invalid_transition' || error.code === 'opportunity.closed')
  );
}

// ---- form errors -------------------------------------------------------------------------

const LINE_FIELDS = ['vehicle_type', 'model_id', 'model', 'quantity', 'unit_price_fen'] as const;

/** The fields an opportunity form can show a server error beside (lines in both notations). */
export function opportunityFieldNames(maxLines = 50): string[] {
  const names = [
    'account_id',
    'registration_id',
    'stage',
    'title',
    'procurement_stage',
    'lines',
    'budget_fen',
    'budget_analysis',
    'expected_date',
    'worth_investing',
    'risks',
    'requirements',
    'requirements.body',
    'requirements.interior',
    'requirements.configuration',
    'requirements.accessories',
    'procurement_method',
    'agreement_id',
    'usage_area',
    'probability',
    'value',
    'difficulty',
    'owner_user_id',
  ];
  for (let index = 0; index < maxLines; index += 1) {
    for (const field of LINE_FIELDS) names.push(`lines[${index}].${field}`, `lines.${index}.${field}`);
  }
  return names;
}

/** A create sends only what is filled in (nulls are for clearing a field in an edit). */
export function withoutNulls<T extends object>(fields: T): Partial<T> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (value === null || value === undefined) continue;
    if (key === 'requirements' && typeof value === 'object') {
      const requirements = withoutNulls(value as object);
      if (Object.keys(requirements).length) out[key] = requirements;
      continue;
    }
    out[key] = value;
  }
  return out as Partial<T>;
}
