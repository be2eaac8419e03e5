// Pure helpers of the vehicle catalogue (车型目录): the model form's rules (an upfit needs its
// upfitter, a positive guide price in 元), percentages ↔ basis points, the band editor's rule
// (HQ's discount at least the max discount), and what a model's edit changes.
import { DEFAULT_BAND, type ModelKind, type PriceBand, type VehicleModel, type VehicleModelCreate, type VehicleModelPatch } from '@/api/catalogue';
import type { ProcurementMethod } from '@/api/types';
import { PROCUREMENT_METHODS } from '@/api/types';
import { fenToYuan, yuanToFen } from '@/views/registrations/registration-format';

/** A percentage as typed (up to 2 decimals) → basis points. */
export function percentToBp(percent: number): number {
  return Math.round(percent * 100);
}

export function bpToPercent(bp: number): number {
  return bp / 100;
}

export interface ModelForm {
  code: string;
  name: string;
  vehicle_type: string;
  kind: ModelKind;
  upfitter: string;
  /** 指导价 in 元 as typed. */
  guide_price_yuan: number | undefined;
  active: boolean;
}

export type ModelFormField = 'code' | 'name' | 'vehicle_type' | 'kind' | 'upfitter' | 'guide_price_yuan';
/** i18n keys under `catalogue.form.errors`. */
export type ModelFormProblem = 'required' | 'upfitterRequired' | 'pricePositive';

export function emptyModelForm(): ModelForm {
  return { code: '', name: '', vehicle_type: '', kind: 'base', upfitter: '', guide_price_yuan: undefined, active: true };
}

export function modelToForm(model: VehicleModel): ModelForm {
  return {
    code: model.code,
    name: model.name,
    vehicle_type: model.vehicle_type,
    kind: model.kind,
    upfitter: model.upfitter ?? '',
    guide_price_yuan: fenToYuan(model.guide_price_fen) ?? undefined,
    active: model.active,
  };
}

/** What is wrong with each field (nothing: an empty object). An upfit (改装车) needs its upfitter. */
export function modelFormProblems(form: ModelForm): Partial<Record<ModelFormField, ModelFormProblem>> {
  const problems: Partial<Record<ModelFormField, ModelFormProblem>> = {};
  if (!form.code.trim()) problems.code = 'required';
  if (!form.name.trim()) problems.name = 'required';
  if (!form.vehicle_type) problems.vehicle_type = 'required';
  if (form.kind === 'upfit' && !form.upfitter.trim()) problems.upfitter = 'upfitterRequired';
  const fen = yuanToFen(form.guide_price_yuan);
  if (fen === undefined) problems.guide_price_yuan = 'required';
  else if (fen <= 0) problems.guide_price_yuan = 'pricePositive';
  return problems;
}

/** The body of POST /vehicle-models (the form being valid); a base model has no upfitter. */
export function modelCreateBody(form: ModelForm): VehicleModelCreate {
  return {
    code: form.code.trim(),
    name: form.name.trim(),
    vehicle_type: form.vehicle_type,
    kind: form.kind,
    upfitter: form.kind === 'upfit' ? form.upfitter.trim() : null,
    guide_price_fen: yuanToFen(form.guide_price_yuan) ?? 0,
    active: form.active,
  };
}

/** The body of PATCH /vehicle-models/{id}: the version and only what changed. */
export function modelPatchBody(model: VehicleModel, form: ModelForm): VehicleModelPatch {
  const next = modelCreateBody(form);
  const patch: VehicleModelPatch = { version: model.version };
  if (next.code !== model.code) patch.code = next.code;
  if (next.name !== model.name) patch.name = next.name;
  if (next.vehicle_type !== model.vehicle_type) patch.vehicle_type = next.vehicle_type;
  if (next.kind !== model.kind) patch.kind = next.kind;
  if ((next.upfitter ?? null) !== (model.upfitter ?? null)) patch.upfitter = next.upfitter ?? null;
  if (next.guide_price_fen !== model.guide_price_fen) patch.guide_price_fen = next.guide_price_fen;
  if (next.active !== model.active) patch.active = next.active;
  return patch;
}

/** One row of the band editor: a procurement method, its own band or the default. */
export interface BandRow {
  procurement_method: ProcurementMethod;
  /** false: HQ sets none for this method, the default 3 % / 8 % applies. */
  custom: boolean;
  /** 最大折扣 in %. */
  max_percent: number | undefined;
  /** 总部审批折扣 in %. */
  hq_percent: number | undefined;
}

/** i18n keys under `catalogue.bands.errors`. */
export type BandProblem = 'required' | 'range' | 'hqBelowMax';

/** A band's rule: both given, 0–100 %, and HQ's discount at least the max discount. */
export function bandProblem(maxPercent: number | undefined | null, hqPercent: number | undefined | null): BandProblem | null {
  if (maxPercent === undefined || maxPercent === null || hqPercent === undefined || hqPercent === null) return 'required';
  if (!Number.isFinite(maxPercent) || !Number.isFinite(hqPercent)) return 'required';
  if (maxPercent < 0 || hqPercent < 0 || maxPercent > 100 || hqPercent > 100) return 'range';
  if (percentToBp(hqPercent) < percentToBp(maxPercent)) return 'hqBelowMax';
  return null;
}

/** The editor's rows: one per procurement method, the model's band where it has one. */
export function bandRows(bands: readonly PriceBand[]): BandRow[] {
  return PROCUREMENT_METHODS.map((method) => {
    const band = bands.find((candidate) => candidate.procurement_method === method);
    return {
      procurement_method: method,
      custom: band !== undefined,
      max_percent: bpToPercent(band?.max_discount_bp ?? DEFAULT_BAND.max_discount_bp),
      hq_percent: bpToPercent(band?.hq_discount_bp ?? DEFAULT_BAND.hq_discount_bp),
    };
  });
}

/** The body of PUT …/bands: the rows set by HQ (the others fall back to the default). */
export function bandsBody(rows: readonly BandRow[]): PriceBand[] {
  return rows
    .filter((row) => row.custom)
    .map((row) => ({
      procurement_method: row.procurement_method,
      max_discount_bp: percentToBp(row.max_percent ?? 0),
      hq_discount_bp: percentToBp(row.hq_percent ?? 0),
    }));
}
