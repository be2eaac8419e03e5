// How the agreement pages (协议供货, 入围) show an agreement and read their address, apart from any
// component so that unit tests call it: the colours of a level, a state, an application status and
// a coverage cell; the period and what the days say (即将到期, 已到期); the list's comma-separated
// filters; the application as a three-step pipeline (准备中 → 已提交 → 已入围 / 未入围), its
// deadline and whether it can be submitted; the form ↔ request bodies (协议价 typed in 元, sent in
// 分); which centres, owners and dealers fit an agreement's level and province; where a coverage
// cell leads; and the server's field names of the rows (documents, listings) in both notations.
import type { RouteLocationRaw } from 'vue-router';
import { ApiError } from '@/api/client';
import {
  type AgreementCreate,
  type AgreementDetail,
  type AgreementDocument,
  type AgreementLevel,
  type AgreementListing,
  type AgreementOptions,
  type AgreementState,
  type ApplicationPut,
  type CategoryOption,
  type ApplicationStatus,
  type CoverageCell,
  type CoverageRow,
  type CoverageStatus,
  type DocumentProvider,
  type ListingInput,
} from '@/api/agreements';
import type { FilterDef } from '@/kit';
import { fenToYuan, tagTypes, yuanToFen, type TagType } from '@/kit/format';
import { daysBetween } from '@/views/rectification/rectification-format';

export { daysBetween };

// ---- colours -------------------------------------------------------------------------------

/** 中央 red, 省级 blue, 市级 grey. */
export const levelType = tagTypes({ central: 'danger', provincial: 'primary', municipal: 'info' }, 'info');

/** 未生效 grey, 有效 green, 即将到期 amber, 已到期 red. */
export const stateType = tagTypes({ upcoming: 'info', in_force: 'success', expiring: 'warning', expired: 'danger' }, 'info');

/** 未申请 and 准备中 grey, 已提交 blue, 已入围 green, 未入围 red. */
export const applicationType = tagTypes({ none: 'info', preparing: 'info', submitted: 'primary', listed: 'success', not_listed: 'danger' }, 'info');

/** The application's status as the pages word it: `none` (未申请) when there is none. */
export function applicationKey(status: ApplicationStatus | null | undefined): ApplicationStatus | 'none' {
  return status ?? 'none';
}

/** The states the period's tag is shown for (in force needs no word). */
export function stateTagShown(state: AgreementState): boolean {
  return state !== 'in_force';
}

/** 协议期: "2026-01-01 ~ 2027-12-31". */
export function periodText(agreement: { starts_on: string; ends_on: string }): string {
  return `${agreement.starts_on} ~ ${agreement.ends_on}`;
}

/** The notice's address when it is a web page's (http or https); null otherwise (never a script). */
export function webAddress(url: string | null | undefined): string | null {
  const text = url?.trim() ?? '';
  return /^https?:\/\/[^\s]+$/i.test(text) ? text : null;
}

// ---- the list's filters --------------------------------------------------------------------

/** Several values of a kind, "a,b" in the address (others dropped). */
export function commaList<V extends string>(accept: (value: unknown) => value is V): FilterDef<V[]> {
  return {
    fallback: [],
    parse: (raw) => [...new Set(raw.split(',').filter(accept))],
    serialize: (value) => value.join(','),
  };
}

/** `mine=true` as the server and the home page's to-dos write it. */
export const trueFlag: FilterDef<boolean> = { fallback: false, parse: (raw) => raw === 'true', serialize: (value) => (value ? 'true' : '') };

// ---- the application -----------------------------------------------------------------------

export interface Pipeline {
  /** el-steps' `active`: the step in progress (3 once listed: every step done). */
  active: number;
  /** el-steps' `process-status`: the step in progress, red when not listed. */
  processStatus: 'process' | 'error' | 'finish';
  /** The last step's words: 已入围, 未入围, or both while undecided. */
  outcome: 'listed' | 'not_listed' | 'pending';
}

/** The application as three steps: 准备中 → 已提交 → 已入围 / 未入围 (none kept yet: the first). */
export function pipeline(status: ApplicationStatus | null | undefined): Pipeline {
  if (status === 'submitted') return { active: 1, processStatus: 'process', outcome: 'pending' };
  if (status === 'listed') return { active: 3, processStatus: 'finish', outcome: 'listed' };
  if (status === 'not_listed') return { active: 2, processStatus: 'error', outcome: 'not_listed' };
  return { active: 0, processStatus: 'process', outcome: 'pending' };
}

/** After the outcome nothing of the application changes. */
export function isDecided(status: ApplicationStatus | null | undefined): boolean {
  return status === 'listed' || status === 'not_listed';
}

/** The deadline against today: days left (0 today), negative once past; null without one. */
export function deadlineDays(deadline: string | null | undefined, today: string): number | null {
  return deadline ? daysBetween(today, deadline) : null;
}

/** The deadline in words: the key under `agreements.application.due` and its number. */
export function deadlineWords(days: number | null): { key: 'left' | 'today' | 'past'; n: number } | null {
  if (days === null) return null;
  if (days > 0) return { key: 'left', n: days };
  if (days === 0) return { key: 'today', n: 0 };
  return { key: 'past', n: -days };
}

/** A document as the form edits it. */
export interface DocumentRow {
  name: string;
  provider: DocumentProvider | '';
  ready: boolean;
}

export interface ApplicationFormModel {
  deadline_on: string;
  documents: DocumentRow[];
  model_ids: number[];
}

/** The application of an agreement as its form starts (none read yet: empty). */
export function applicationFormOf(agreement: Pick<AgreementDetail, 'deadline_on' | 'documents' | 'applied_models'> | null | undefined): ApplicationFormModel {
  return {
    deadline_on: agreement?.deadline_on ?? '',
    documents: (agreement?.documents ?? []).map((d) => ({ name: d.name, provider: d.provider, ready: d.ready })),
    model_ids: (agreement?.applied_models ?? []).map((m) => m.model_id),
  };
}

export function emptyDocument(): DocumentRow {
  return { name: '', provider: '', ready: false };
}

/** The documents as sent: the rows with anything in them, names trimmed (the server names what is missing). */
export function documentsBody(rows: readonly DocumentRow[]): AgreementDocument[] {
  return rows
    .filter((row) => row.name.trim() !== '' || row.provider !== '')
    .map((row) => ({ name: row.name.trim(), provider: row.provider as DocumentProvider, ready: row.ready }));
}

/** The body of PUT …/application: the deadline (none: null), the documents and the models, with the agreement's version. */
export function applicationBody(model: ApplicationFormModel, version: number): ApplicationPut {
  return { version, deadline_on: model.deadline_on || null, documents: documentsBody(model.documents), model_ids: [...model.model_ids] };
}

/** What still stands in the way of 提交申请: no model applied with, or a document not ready. */
export function submitBlocker(model: ApplicationFormModel): 'models' | 'documents' | null {
  if (!model.model_ids.length) return 'models';
  if (documentsBody(model.documents).some((d) => !d.ready)) return 'documents';
  return null;
}

// ---- the listing (登记结果, 入围车型) -----------------------------------------------------------

/** A listed model as the form edits it: the cap in 元. */
export interface ListingRow {
  model_id: number | null;
  price_cap_yuan: number | undefined;
  discount_terms: string;
}

export function emptyListing(modelId: number | null = null): ListingRow {
  return { model_id: modelId, price_cap_yuan: undefined, discount_terms: '' };
}

export function listingRowsOf(listings: readonly AgreementListing[]): ListingRow[] {
  return listings.map((l) => ({ model_id: l.model_id, price_cap_yuan: fenToYuan(l.price_cap_fen), discount_terms: l.discount_terms ?? '' }));
}

/** The rows as sent, the caps typed in 元 sent in 分; null while a row lacks its model or a cap above 0. */
export function listingsBody(rows: readonly ListingRow[]): ListingInput[] | null {
  const out: ListingInput[] = [];
  for (const row of rows) {
    const cap = yuanToFen(row.price_cap_yuan);
    if (row.model_id === null || cap === undefined || cap <= 0) return null;
    out.push({ model_id: row.model_id, price_cap_fen: cap, discount_terms: row.discount_terms.trim() || null });
  }
  return out;
}

/** The rows' models that appear twice (the server would refuse them). */
export function repeatedModels(rows: readonly ListingRow[]): number[] {
  const seen = new Set<number>();
  const twice = new Set<number>();
  for (const row of rows) {
    if (row.model_id === null) continue;
    if (seen.has(row.model_id)) twice.add(row.model_id);
    seen.add(row.model_id);
  }
  return [...twice];
}

/** A refusal after which what the page shows is out of date (someone else changed it, or its outcome came): read it again. */
export function isStale(error: unknown): boolean {
  return error instanceof ApiError && error.status === 409;
}

// ---- rows' server field names --------------------------------------------------------------

/** The names a row's field errors may come under: `rows[0].name` and `rows.0.name`, for `max` rows. */
export function rowFieldNames(list: string, fields: readonly string[], max = 50): string[] {
  const names: string[] = [];
  for (let index = 0; index < max; index += 1) {
    for (const field of fields) names.push(`${list}[${index}].${field}`, `${list}.${index}.${field}`);
  }
  return names;
}

/** A row's field error, in either notation. */
export function rowError(errors: Record<string, string>, list: string, index: number, field: string): string | undefined {
  return errors[`${list}[${index}].${field}`] ?? errors[`${list}.${index}.${field}`];
}

// ---- the agreement's form ------------------------------------------------------------------

export interface AgreementFormModel {
  level: AgreementLevel;
  centre_account_id: number | null;
  /** The province (for a central agreement: HQ, set from the caller's tree). */
  unit_id: number | null;
  name: string;
  notice_no: string;
  notice_url: string;
  starts_on: string;
  ends_on: string;
  categories: string[];
  lots: string[];
  owner_user_id: number | null;
}

export function emptyAgreementForm(defaults: Partial<AgreementFormModel> = {}): AgreementFormModel {
  return {
    level: 'provincial',
    centre_account_id: null,
    unit_id: null,
    name: '',
    notice_no: '',
    notice_url: '',
    starts_on: '',
    ends_on: '',
    categories: [],
    lots: [],
    owner_user_id: null,
    ...defaults,
  };
}

export function agreementFormOf(agreement: AgreementDetail): AgreementFormModel {
  return {
    level: agreement.level,
    centre_account_id: agreement.centre_account_id,
    unit_id: agreement.unit_id,
    name: agreement.name,
    notice_no: agreement.notice_no,
    notice_url: agreement.notice_url ?? '',
    starts_on: agreement.starts_on,
    ends_on: agreement.ends_on,
    categories: [...agreement.categories],
    lots: [...agreement.lots],
    owner_user_id: agreement.owner_user_id,
  };
}

/** Names as sent: trimmed, the empty and the repeated ones dropped, in order. */
export function names(values: readonly string[]): string[] {
  const out: string[] = [];
  for (const value of values) {
    const trimmed = value.trim();
    if (trimmed && !out.includes(trimmed)) out.push(trimmed);
  }
  return out;
}

/** The body of POST /agreements (PUT adds the version); the choices the rules require are there. */
export function agreementBody(model: AgreementFormModel): AgreementCreate {
  const url = model.notice_url.trim();
  return {
    level: model.level,
    centre_account_id: model.centre_account_id ?? 0,
    unit_id: model.unit_id ?? 0,
    name: model.name.trim(),
    notice_no: model.notice_no.trim(),
    notice_url: url || null,
    starts_on: model.starts_on,
    ends_on: model.ends_on,
    categories: names(model.categories),
    lots: names(model.lots),
    owner_user_id: model.owner_user_id ?? 0,
  };
}

/** The centres an agreement may name: a central account for a central one, else one of its province. */
export function centresFor(options: AgreementOptions | null, level: AgreementLevel, unitId: number | null): AgreementOptions['centres'] {
  const all = options?.centres ?? [];
  if (level === 'central') return all.filter((c) => c.admin_level === 'central');
  return all.filter((c) => c.province_unit_id === unitId && c.admin_level !== 'central');
}

/** Its possible owners: regional directors for a central agreement, else the province's area managers. */
export function ownersFor(options: AgreementOptions | null, level: AgreementLevel, unitId: number | null): AgreementOptions['owners'] {
  const all = options?.owners ?? [];
  if (level === 'central') return all.filter((o) => o.role === 'regional_director');
  return all.filter((o) => o.role === 'area_manager' && o.unit_id === unitId);
}

/** The dealers it may authorise: any for a central agreement, else its province's. */
export function dealersFor(options: AgreementOptions | null, level: AgreementLevel, unitId: number | null): AgreementOptions['dealers'] {
  const all = options?.dealers ?? [];
  return level === 'central' ? all : all.filter((d) => d.province_unit_id === unitId);
}

interface UnitLink {
  id: number;
  kind: string;
  parent_id: number | null;
}

/**
 * HQ's unit (a central agreement's `unit_id`) from the caller's unit: their own at HQ, a region's
 * parent, else up through the units the caller reads; null when it cannot be told.
 */
export function hqUnitId(unit: UnitLink | null | undefined, byId: ReadonlyMap<number, UnitLink>): number | null {
  let current = unit ?? undefined;
  for (let hops = 0; current && hops < 5; hops += 1) {
    if (current.kind === 'hq') return current.id;
    if (current.kind === 'region') return current.parent_id;
    current = current.parent_id === null ? undefined : byId.get(current.parent_id);
  }
  return null;
}

/** The provinces the options name (the centres' and dealers'), for a form without the org tree. */
export function optionProvinceIds(options: AgreementOptions | null): number[] {
  const ids = new Set<number>();
  for (const c of options?.centres ?? []) if (c.province_unit_id !== null) ids.add(c.province_unit_id);
  for (const d of options?.dealers ?? []) ids.add(d.province_unit_id);
  return [...ids];
}

// ---- categories ----------------------------------------------------------------------------

/** A category option's code (a vehicle type's) and its name in the UI language. */
export function categoryChoice(option: CategoryOption, locale: string): { code: string; label: string } {
  if (typeof option === 'string') return { code: option, label: option };
  return { code: option.code, label: (locale === 'en' ? option.name_en || option.name_zh : option.name_zh || option.name_en) || option.code };
}

// ---- coverage ------------------------------------------------------------------------------

/** A cell's colour: listed green, pending amber, not listed red, never grey. */
export const coverageType = tagTypes({ listed: 'success', pending: 'warning', not_listed: 'danger', never: 'info' }, 'info');

/** The cell of `category` in a row (never applied when the server left it out). */
export function cellOf(row: CoverageRow, category: string): CoverageCell {
  return row.cells.find((cell) => cell.category === category) ?? { category, status: 'never', agreements: 0, expiring: 0 };
}

/** The agreements behind a cell: the province's (or the central ones) of the category. */
export function coverageLink(row: Pick<CoverageRow, 'unit_id'>, category: string): RouteLocationRaw {
  const where = row.unit_id === null ? { level: 'central' } : { unit_id: String(row.unit_id) };
  return { name: 'agreements', query: { ...where, category } };
}

/** How many cells of each status the grid holds (the legend's counts). */
export function coverageCounts(rows: readonly CoverageRow[], categories: readonly string[]): Record<CoverageStatus, number> {
  const counts: Record<CoverageStatus, number> = { listed: 0, pending: 0, not_listed: 0, never: 0 };
  for (const row of rows) for (const category of categories) counts[cellOf(row, category).status] += 1;
  return counts;
}

/** One of the cell's agreements ends within 90 days. */
export function cellExpiring(cell: Pick<CoverageCell, 'expiring'>): boolean {
  return typeof cell.expiring === 'number' ? cell.expiring > 0 : cell.expiring === true;
}

/** A tag type as a colour class of the page (the cell's background). */
export function coverageClass(status: CoverageStatus): string {
  return `agr-cov__cell--${status}`;
}

export type { TagType };
