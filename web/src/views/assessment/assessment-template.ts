// The assessment template page's pure logic (考核模板): which template a month is scored with,
// the months a change may apply from, the editor's model and the body it sends, and the checks the
// server makes (docs/api-notes.md, "Templates"), so that save waits until the weights make 100.
import type { AssessmentTemplate, AssessmentTemplateInput } from '@/api/assessment';

export type TemplateItem = AssessmentTemplate['items'][number];
export type TemplateCriterion = TemplateItem['criteria'][number];
export type EmptyRule = AssessmentTemplate['empty_registrations'];

export const EMPTY_RULES: readonly EmptyRule[] = ['full', 'zero', 'excluded'];
/** The longest criterion name and guide the server takes (characters). */
export const MAX_NAME = 200;
export const MAX_GUIDE = 500;
export const MAX_NOTE = 500;

/** What the editor edits: the template's content, the month it applies from and a note. */
export interface TemplateModel {
  month: string;
  items: TemplateItem[];
  deduction_per_day: number | undefined;
  empty_registrations: EmptyRule;
  performance_pay_share: number | undefined;
  note: string;
}

/** The month of `now` in China, YYYY-MM. */
export function currentMonth(now: Date = new Date()): string {
  const china = new Date(now.getTime() + 8 * 3600 * 1000);
  return `${china.getUTCFullYear()}-${String(china.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** `month` (YYYY-MM) moved by `n` months. */
export function addMonths(month: string, n: number): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  const index = year * 12 + (m - 1) + n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/**
 * The template `month` is scored with: the newest of `templates` effective at or before it, else
 * the seed's (`fallback`), as GET /assessment-templates/{month} answers.
 */
export function templateFor(templates: readonly AssessmentTemplate[], month: string, fallback: AssessmentTemplate): AssessmentTemplate {
  let best: AssessmentTemplate | null = null;
  for (const t of templates) {
    if (t.effective_month && t.effective_month <= month && (!best || t.effective_month > (best.effective_month ?? ''))) best = t;
  }
  return best ?? fallback;
}

/** The template set from exactly `month`, whose version a change from that month must send. */
export function templateFrom(templates: readonly AssessmentTemplate[], month: string): AssessmentTemplate | undefined {
  return templates.find((t) => t.effective_month === month);
}

/** The first month after `month` from which another template applies (where a change from `month` stops), or null. */
export function nextChange(templates: readonly AssessmentTemplate[], month: string): string | null {
  const later = templates.map((t) => t.effective_month).filter((m): m is string => !!m && m > month);
  return later.length ? later.sort()[0]! : null;
}

/** How a template stands on `today` (YYYY-MM): in force now, from a later month on, or replaced. */
export function templateState(
  templates: readonly AssessmentTemplate[],
  template: AssessmentTemplate,
  fallback: AssessmentTemplate,
  today: string,
): 'current' | 'upcoming' | 'past' {
  if (template.effective_month && template.effective_month > today) return 'upcoming';
  return templateFor(templates, today, fallback) === template ? 'current' : 'past';
}

const sum = (values: readonly (number | null | undefined)[]) => values.reduce<number>((total, v) => total + (typeof v === 'number' ? v : 0), 0);

/** The items' weights added up (percent of the total). */
export function weightSum(items: readonly Pick<TemplateItem, 'weight'>[]): number {
  return sum(items.map((item) => item.weight));
}

/** An item's criteria's shares added up (percent of the item). */
export function shareSum(criteria: readonly Pick<TemplateCriterion, 'share'>[]): number {
  return sum(criteria.map((c) => c.share));
}

const whole0to100 = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 100;

/**
 * What keeps the model from saving, by the field the server would name (`items` for the weights'
 * sum, `items[i].criteria` for an item's shares, `items[i].weight`, `items[i].criteria[k].share`,
 * `items[i].criteria[k].name`, `deduction_per_day`, `performance_pay_share`), each with the key
 * of its message under assessment.templates.problems and the sum where one is meant. Empty: it may be saved.
 */
export function templateProblems(model: Pick<TemplateModel, 'items' | 'deduction_per_day' | 'performance_pay_share'>): {
  field: string;
  problem: 'weights' | 'shares' | 'range' | 'name';
  sum?: number;
}[] {
  const out: { field: string; problem: 'weights' | 'shares' | 'range' | 'name'; sum?: number }[] = [];
  model.items.forEach((item, i) => {
    if (!whole0to100(item.weight)) out.push({ field: `items[${i}].weight`, problem: 'range' });
    item.criteria.forEach((c, k) => {
      if (!whole0to100(c.share)) out.push({ field: `items[${i}].criteria[${k}].share`, problem: 'range' });
      if (!c.name.trim()) out.push({ field: `items[${i}].criteria[${k}].name`, problem: 'name' });
    });
    const shares = shareSum(item.criteria);
    if (item.criteria.length > 0 && shares !== 100) out.push({ field: `items[${i}].criteria`, problem: 'shares', sum: shares });
  });
  const weights = weightSum(model.items);
  if (weights !== 100) out.push({ field: 'items', problem: 'weights', sum: weights });
  const d = model.deduction_per_day;
  if (typeof d !== 'number' || !(d >= 0 && d <= 100)) out.push({ field: 'deduction_per_day', problem: 'range' });
  if (!whole0to100(model.performance_pay_share)) out.push({ field: 'performance_pay_share', problem: 'range' });
  return out;
}

/** The editor's model of `template` (a deep copy) from `month` on. */
export function templateModel(template: AssessmentTemplate, month: string): TemplateModel {
  return {
    month,
    items: template.items.map((item) => ({
      code: item.code,
      name: item.name,
      weight: item.weight,
      criteria: item.criteria.map((c) => ({ code: c.code, name: c.name, share: c.share, source: c.source, guide: c.guide ?? '' })),
    })),
    deduction_per_day: template.deduction_per_day,
    empty_registrations: template.empty_registrations,
    performance_pay_share: template.performance_pay_share,
    note: '',
  };
}

/** The content of a model, to tell whether it was edited (the month and note aside). */
export function contentKey(model: Pick<TemplateModel, 'items' | 'deduction_per_day' | 'empty_registrations' | 'performance_pay_share'>): string {
  return JSON.stringify([model.items, model.deduction_per_day, model.empty_registrations, model.performance_pay_share]);
}

/** The PUT body of the model; `version` of the template already set from that month, if any. */
export function templateBody(model: TemplateModel, version: number | null | undefined): AssessmentTemplateInput {
  const note = model.note.trim();
  return {
    items: model.items.map((item) => ({
      code: item.code,
      name: item.name,
      weight: item.weight,
      criteria: item.criteria.map((c) => ({
        code: c.code,
        name: c.name.trim(),
        share: c.share,
        source: c.source,
        ...(c.guide?.trim() ? { guide: c.guide.trim() } : {}),
      })),
    })),
    deduction_per_day: model.deduction_per_day ?? 0,
    empty_registrations: model.empty_registrations,
    performance_pay_share: model.performance_pay_share ?? 0,
    ...(note ? { note } : {}),
    ...(typeof version === 'number' ? { version } : {}),
  };
}

/**
 * Every field the server may name in a refusal of this editor's body, for `items` items of up to
 * `criteria` criteria each (the rest goes above the form).
 */
export function templateFields(items: number, criteria: number): string[] {
  const fields = ['items', 'deduction_per_day', 'empty_registrations', 'performance_pay_share', 'note'];
  for (let i = 0; i < items; i += 1) {
    fields.push(`items[${i}].weight`, `items[${i}].criteria`, `items[${i}].name`, `items[${i}].code`);
    for (let k = 0; k < criteria; k += 1) {
      for (const f of ['name', 'share', 'guide', 'source', 'code']) fields.push(`items[${i}].criteria[${k}].${f}`);
    }
  }
  return fields;
}

/** The month a 409 `assessment.month_closed` names ("the assessment of 2026-11 is compiled: …"), or null. */
export function closedMonthOf(detail: string | null | undefined): string | null {
  return /\b(\d{4}-\d{2})\b/.exec(detail ?? '')?.[1] ?? null;
}
