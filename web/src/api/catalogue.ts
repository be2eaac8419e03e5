// The vehicle catalogue (车型目录) HQ keeps: models with their guide price and, per procurement
// method, the price band (max discount without approval, and the discount beyond which HQ must
// approve too). `classifyQuote` applies the band rule the server applies to a quote.
//
// The types are written here from docs/api-notes.md ("Opportunities, quotes and deliveries —
// issue 6") rather than taken from the generated schema, which does not describe this module yet.
import { http } from './client';
import type { ApprovalLevel } from './quotes';
import type { ProcurementMethod } from './types';

export const MODEL_KINDS = ['base', 'upfit'] as const;
/** 基础车 or 改装车 (an upfit needs its upfitter). */
export type ModelKind = (typeof MODEL_KINDS)[number];

export interface PriceBand {
  procurement_method: ProcurementMethod;
  /** Up to this discount (basis points) no approval is needed; ≥ 0. */
  max_discount_bp: number;
  /** Beyond this discount HQ must approve as well; ≥ max_discount_bp. */
  hq_discount_bp: number;
}

/** The band when HQ set none for the model and method: 3 % / 8 %. */
export const DEFAULT_BAND = { max_discount_bp: 300, hq_discount_bp: 800 } as const;

export interface VehicleModel {
  id: number;
  code: string;
  name: string;
  /** A vehicle_types directory code. */
  vehicle_type: string;
  kind: ModelKind;
  upfitter: string | null;
  /** 指导价 in 分 (fen). */
  guide_price_fen: number;
  active: boolean;
  bands: PriceBand[];
  version: number;
}

export interface VehicleModelCreate {
  code: string;
  name: string;
  vehicle_type: string;
  kind: ModelKind;
  upfitter?: string | null;
  guide_price_fen: number;
  active?: boolean;
}

export interface VehicleModelPatch extends Partial<VehicleModelCreate> {
  version: number;
}

export interface VehicleModelFilter {
  active?: boolean;
  vehicle_type?: string;
  q?: string;
}

export interface VehicleModelList {
  items: VehicleModel[];
}

export function listVehicleModels(filter: VehicleModelFilter = {}, signal?: AbortSignal): Promise<VehicleModelList> {
  return http.get<VehicleModelList>('/vehicle-models', { ...filter }, { signal });
}

/** `catalogue.manage`; `upfitter` required for `upfit`; a code in use → 422 with field code `taken`. */
export function createVehicleModel(body: VehicleModelCreate): Promise<VehicleModel> {
  return http.post<VehicleModel>('/vehicle-models', body);
}

export function patchVehicleModel(id: number, body: VehicleModelPatch): Promise<VehicleModel> {
  return http.patch<VehicleModel>(`/vehicle-models/${id}`, body);
}

/** Replaces all the model's bands (`catalogue.manage`). */
export function putBands(id: number, bands: PriceBand[]): Promise<VehicleModel> {
  return http.put<VehicleModel>(`/vehicle-models/${id}/bands`, { bands });
}

/** The band of a model for a procurement method, if HQ set one. */
export function bandFor(model: Pick<VehicleModel, 'bands'>, method: ProcurementMethod): PriceBand | undefined {
  return model.bands.find((band) => band.procurement_method === method);
}

export interface QuoteClass {
  /** (guide − price) / guide in basis points, rounded to the nearest; negative above the guide price. */
  discount_bp: number;
  approval_level: ApprovalLevel;
}

/**
 * The contract's band rule: a price at or above guide × (1 − max) and at most the guide price
 * needs no approval; below it, or above the guide price, the regional director; below
 * guide × (1 − hq), HQ as well. Without a band the default 300 / 800 applies. The comparisons are
 * exact (in integers: price × 10 000 against guide × (10 000 − bp)), not on the rounded discount.
 */
export function classifyQuote(
  guidePriceFen: number,
  unitPriceFen: number,
  band?: Pick<PriceBand, 'max_discount_bp' | 'hq_discount_bp'>,
): QuoteClass {
  const { max_discount_bp: max, hq_discount_bp: hq } = band ?? DEFAULT_BAND;
  const discount_bp = guidePriceFen > 0 ? Math.round(((guidePriceFen - unitPriceFen) * 10000) / guidePriceFen) : 0;
  const scaled = unitPriceFen * 10000;
  let approval_level: ApprovalLevel;
  if (unitPriceFen > guidePriceFen) approval_level = 'regional';
  else if (scaled >= guidePriceFen * (10000 - max)) approval_level = 'none';
  else if (scaled < guidePriceFen * (10000 - hq)) approval_level = 'hq';
  else approval_level = 'regional';
  // Math.round(-0) is -0: answer a plain 0 at the guide price.
  return { discount_bp: discount_bp === 0 ? 0 : discount_bp, approval_level };
}
