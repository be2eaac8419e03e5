// Pure helpers of the report pages: the statuses' colours and the status filter of the address
// (one status or several, "late,missing"), the weekly table's rows — carried over from last week
// (沿用上周) until changed or confirmed —, what a draft or a submission sends, where a 422's
// field paths (`rows[3].deal_probability`) go, the reviewer's differences and the board's way
// back up (breadcrumb).
import {
  REPORT_STATUSES,
  STATS_FIGURES,
  SUMMARY_SECTIONS,
  type MonthlyStatsBody,
  type MonthlyStatsContent,
  type MonthlySummaryBody,
  type MonthlySummaryContent,
  type ReportBody,
  type ReportContent,
  type ReportDifference,
  type ReportKind,
  type ReportStatus,
  type WeeklyBody,
  type WeeklyContent,
  type WeeklyJudgements,
  type WeeklyRow,
} from '@/api/reports';
import type { FieldError } from '@/api/types';
import { tagTypes, type TagType } from '@/kit/format';

/** 待提交 blue, 已提交 green, 迟交 orange, 缺交 red. */
export const statusTagType: (status: string) => TagType = tagTypes({ open: 'primary', submitted: 'success', late: 'warning', missing: 'danger' }, 'info');

/** A status filter from the address: "late,missing" → ['late', 'missing'] (known ones, in order, once). */
export function parseStatuses(raw: string): ReportStatus[] {
  const asked = new Set(raw.split(',').map((s) => s.trim()));
  return REPORT_STATUSES.filter((status) => asked.has(status));
}

/** The address's form of a status filter: '' for every status. */
export function statusesText(statuses: readonly string[]): string {
  const parsed = parseStatuses(statuses.join(','));
  return parsed.length === REPORT_STATUSES.length ? '' : parsed.join(',');
}

// ——— the weekly tracking table ———

export const JUDGEMENT_FIELDS = ['deal_probability', 'value_analysis', 'difficulty', 'authenticity'] as const;
export type JudgementField = (typeof JUDGEMENT_FIELDS)[number];
/** The note's limit (characters). */
export const NOTE_MAX = 500;

const noteOf = (note: string | null | undefined) => (note ?? '').trim();

export function judgementsOf(row: WeeklyJudgements): WeeklyJudgements {
  return {
    deal_probability: row.deal_probability ?? null,
    value_analysis: row.value_analysis ?? null,
    difficulty: row.difficulty ?? null,
    authenticity: row.authenticity ?? null,
    note: row.note ?? null,
  };
}

export function sameJudgements(a: WeeklyJudgements, b: WeeklyJudgements): boolean {
  return JUDGEMENT_FIELDS.every((field) => (a[field] ?? null) === (b[field] ?? null)) && noteOf(a.note) === noteOf(b.note);
}

/**
 * A row's state: `changed` (differs from what was loaded), `carried` (last week's judgements,
 * neither changed nor confirmed: 沿用上周), `confirmed` (carried and confirmed as they are),
 * `incomplete` (a judgement is still empty) or `filled`.
 */
export type RowState = 'changed' | 'carried' | 'confirmed' | 'incomplete' | 'filled';

export function rowState(row: WeeklyJudgements, loaded: WeeklyRow, confirmed: boolean): RowState {
  if (!sameJudgements(row, loaded)) return 'changed';
  if (JUDGEMENT_FIELDS.some((field) => row[field] === null || row[field] === undefined)) return 'incomplete';
  if (loaded.carried) return confirmed ? 'confirmed' : 'carried';
  return 'filled';
}

/** The rows whose carried judgements still wait to be changed or confirmed. */
export function unconfirmedRows(rows: readonly WeeklyJudgements[], loaded: readonly WeeklyRow[], confirmed: ReadonlySet<number>): number[] {
  return rows.flatMap((row, i) => (loaded[i] && rowState(row, loaded[i], confirmed.has(loaded[i].account_id)) === 'carried' ? [i] : []));
}

/** The rows with a judgement not given (a submission needs all four). */
export function incompleteRows(rows: readonly WeeklyJudgements[]): number[] {
  return rows.flatMap((row, i) => (JUDGEMENT_FIELDS.some((field) => row[field] === null || row[field] === undefined) ? [i] : []));
}

export function weeklyBody(rows: readonly (WeeklyJudgements & { account_id: number })[]): WeeklyBody {
  return {
    rows: rows.map((row) => ({
      account_id: row.account_id,
      deal_probability: row.deal_probability ?? null,
      value_analysis: row.value_analysis ?? null,
      difficulty: row.difficulty ?? null,
      authenticity: row.authenticity ?? null,
      note: noteOf(row.note) || null,
    })),
  };
}

export function statsBody(content: Pick<MonthlyStatsContent, (typeof STATS_FIGURES)[number] | 'note'>): MonthlyStatsBody {
  return {
    won_count: content.won_count,
    won_units: content.won_units,
    amount_fen: content.amount_fen,
    delivered_units: content.delivered_units,
    note: noteOf(content.note) || null,
  };
}

export function summaryBody(content: Partial<Record<(typeof SUMMARY_SECTIONS)[number], string | null>>): MonthlySummaryBody {
  const body = {} as MonthlySummaryBody;
  for (const section of SUMMARY_SECTIONS) body[section] = noteOf(content[section]) || null;
  return body;
}

/** What a draft or a submission of a report's (edited) content sends, besides `version`. */
export function reportBody(kind: ReportKind, content: ReportContent): ReportBody {
  if (kind === 'weekly_tracking') return weeklyBody((content as WeeklyContent).rows);
  if (kind === 'monthly_stats') return statsBody(content as MonthlyStatsContent);
  return summaryBody(content as MonthlySummaryContent);
}

/** A deep copy of a report's content for the form to edit. */
export function editableCopy<C extends ReportContent>(content: C): C {
  return JSON.parse(JSON.stringify(content)) as C;
}

// ——— field errors ———

/**
 * A 422's field path in one spelling: `rows[3].deal_probability` (also from `rows.3.x` or
 * `/rows/3/x`).
 */
export function normalizePath(path: string): string {
  return path
    .replace(/^\//, '')
    .replace(/\//g, '.')
    .replace(/\.(\d+)(?=\.|$)/g, '[$1]');
}

/** The path of a cell of the weekly table. */
export const cellPath = (row: number, field: string) => `rows[${row}].${field}`;

/**
 * A 422's field errors by path, for the cells and fields the page shows (`known` says whether
 * it shows one); `rest` holds what no cell or field shows (said above the form).
 */
export function placeFieldErrors(
  errors: readonly FieldError[],
  known: (path: string) => boolean,
  word: (error: FieldError) => string = (error) => error.message,
): { placed: Record<string, string>; rest: string[] } {
  const placed: Record<string, string> = {};
  const rest: string[] = [];
  for (const error of errors) {
    const path = normalizePath(error.field);
    const text = word(error);
    if (known(path)) placed[path] = placed[path] ? `${placed[path]}; ${text}` : text;
    else rest.push(`${error.field}: ${text}`);
  }
  return { placed, rest };
}

/** Whether a path names a cell (or a field) of the weekly table of `rowCount` rows. */
export function isWeeklyPath(path: string, rowCount: number): boolean {
  const match = /^rows\[(\d+)\]\.(\w+)$/.exec(path);
  return match !== null && Number(match[1]) < rowCount && ([...JUDGEMENT_FIELDS, 'note'] as string[]).includes(match[2]!);
}

// ——— the reviewer's differences (系统数 vs 填报数) ———

/** The difference of one figure, when the submitted one is not the system's. */
export function differenceOf(differences: readonly ReportDifference[], field: string): ReportDifference | null {
  const found = differences.find((d) => d.field === field);
  return found && found.submitted !== found.system ? found : null;
}

// ——— the board's breadcrumb ———

export interface UnitLink {
  id: number;
  name: string;
  parent_id: number | null;
}

/**
 * The way from the caller's unit (`top`, the board's default) down to `selected`: each unit on
 * the way, top first. A unit not under `top` (or unknown) gives just itself after `top`.
 */
export function unitTrail(units: readonly UnitLink[], top: number | null, selected: number): UnitLink[] {
  const byId = new Map(units.map((unit) => [unit.id, unit]));
  const trail: UnitLink[] = [];
  let at = byId.get(selected);
  const seen = new Set<number>();
  while (at && !seen.has(at.id)) {
    trail.unshift(at);
    seen.add(at.id);
    if (at.id === top) return trail;
    at = at.parent_id === null ? undefined : byId.get(at.parent_id);
  }
  if (top === null && trail.length) return trail;
  const topUnit = top === null ? undefined : byId.get(top);
  const self = byId.get(selected);
  return [...(topUnit ? [topUnit] : []), ...(self && self.id !== top ? [self] : [])];
}

// ——— the board ———

export const BOARD_COUNTS = ['expected', 'submitted', 'late', 'missing', 'open'] as const;
export type BoardCount = (typeof BOARD_COUNTS)[number];

/** The share of the expected reports in on time, 0–1; null when none is expected. */
export function onTimeRate(counts: { expected: number; submitted: number }): number | null {
  return counts.expected > 0 ? counts.submitted / counts.expected : null;
}

/** The board's units as CSV rows: a header, each unit, then the total. */
export function boardRows(
  board: { unit: { name: string }; totals: Record<BoardCount, number>; units: readonly ({ name: string } & Record<BoardCount, number>)[] },
  headers: { unit: string; total: string } & Record<BoardCount, string>,
): (string | number)[][] {
  const counts = (row: Record<BoardCount, number>) => BOARD_COUNTS.map((count) => row[count]);
  return [
    [headers.unit, ...BOARD_COUNTS.map((count) => headers[count])],
    ...board.units.map((unit) => [unit.name, ...counts(unit)]),
    [`${headers.total}（${board.unit.name}）`, ...counts(board.totals)],
  ];
}
