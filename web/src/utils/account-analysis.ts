// The account analysis sheet (客户分析): four layers of conditions — environment, organisation,
// interpersonal, personal — each with its factors, an entry barrier (进入壁垒) and the three
// strategies (对公策略 / 关键人关系策略 / 非正式影响因素). The form holds plain strings; `analysisBody` turns it into
// exactly what `POST /accounts/{id}/analysis` takes.
import {
  STRATEGY_KINDS,
  type AnalysisLayer,
  type AnalysisLayerName,
  type AnalysisSheet,
  type BarrierLevel,
  type StrategyKind,
} from '@/api/types';

export interface LayerDefinition {
  name: AnalysisLayerName;
  factors: readonly string[];
}

/** The layers and their factors, in the order of the planning document (DOMAIN.md §2). */
export const ANALYSIS_LAYERS: readonly LayerDefinition[] = [
  {
    name: 'environment',
    factors: [
      'product_need',
      'purchase_cost',
      'purchase_conditions',
      'service_capability',
      'politics_regulation',
      'competitors',
    ],
  },
  { name: 'organisation', factors: ['business_goals', 'internal_policy', 'work_procedure', 'structure', 'decision_system'] },
  { name: 'interpersonal', factors: ['power_position', 'empathy', 'persuasiveness', 'work_attitude'] },
  { name: 'personal', factors: ['personality', 'risk_appetite', 'interests'] },
];

export interface LayerForm {
  factors: Record<string, string>;
  /** '' while no barrier level is chosen. */
  barrier: BarrierLevel | '';
  barrier_note: string;
  strategy: Record<StrategyKind, string>;
}

export type AnalysisForm = Record<AnalysisLayerName, LayerForm>;

function emptyLayer(definition: LayerDefinition): LayerForm {
  return {
    factors: Object.fromEntries(definition.factors.map((factor) => [factor, ''])),
    barrier: '',
    barrier_note: '',
    strategy: { institutional: '', personal: '', implicit: '' },
  };
}

export function emptyAnalysisForm(): AnalysisForm {
  const form: Partial<AnalysisForm> = {};
  for (const definition of ANALYSIS_LAYERS) form[definition.name] = emptyLayer(definition);
  return form as AnalysisForm;
}

/** A saved sheet (or none) as a form; unknown factors are dropped, missing ones are empty. */
export function analysisFormFrom(sheet: AnalysisSheet | null | undefined): AnalysisForm {
  const form = emptyAnalysisForm();
  if (!sheet) return form;
  for (const definition of ANALYSIS_LAYERS) {
    const saved = sheet.layers[definition.name];
    if (!saved) continue;
    const target = form[definition.name];
    for (const factor of definition.factors) target.factors[factor] = saved.factors?.[factor] ?? '';
    target.barrier = saved.barrier ?? '';
    target.barrier_note = saved.barrier_note ?? '';
    for (const kind of STRATEGY_KINDS) target.strategy[kind] = saved.strategy?.[kind] ?? '';
  }
  return form;
}

/** Trimmed text, or null when there is none (the server stores null for "not assessed"). */
function text(value: string): string | null {
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

/**
 * The request body: every layer with every factor and strategy (null when empty), the barrier
 * only when one is chosen.
 */
export function analysisBody(form: AnalysisForm): AnalysisSheet {
  const layers: AnalysisSheet['layers'] = {};
  for (const definition of ANALYSIS_LAYERS) {
    const source = form[definition.name];
    const layer: AnalysisLayer = {
      factors: Object.fromEntries(definition.factors.map((factor) => [factor, text(source.factors[factor] ?? '')])),
      barrier_note: text(source.barrier_note),
      strategy: {
        institutional: text(source.strategy.institutional),
        personal: text(source.strategy.personal),
        implicit: text(source.strategy.implicit),
      },
    };
    if (source.barrier !== '') layer.barrier = source.barrier;
    layers[definition.name] = layer;
  }
  return { layers };
}

/** Whether two forms would save the same sheet (to know about unsaved changes). */
export function sameAnalysis(a: AnalysisForm, b: AnalysisForm): boolean {
  return JSON.stringify(analysisBody(a)) === JSON.stringify(analysisBody(b));
}

/** How many factors of a layer have an assessment. */
export function filledFactors(layer: LayerForm): number {
  return Object.values(layer.factors).filter((value) => value.trim() !== '').length;
}
