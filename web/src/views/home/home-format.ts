// Pure helpers of the home page: where a to-do links to, month-on-month and year-on-year
// changes of delivered units, and the shares a stage bar draws.
import type { RouteLocationRaw } from 'vue-router';
import type { HomeFigures, HomeTodo } from '@/api/home';

/** The web list a to-do opens, filtered to exactly the records it counts. */
export function todoRoute(todo: HomeTodo): RouteLocationRaw {
  return { path: todo.link.path, query: { ...todo.link.query } };
}

export interface Change {
  /** this − before. */
  delta: number;
  /** (this − before) / before; null when there was nothing before. */
  ratio: number | null;
  direction: 'up' | 'down' | 'flat';
}

export function change(current: number, before: number): Change {
  const delta = current - before;
  return {
    delta,
    ratio: before === 0 ? null : delta / before,
    direction: delta > 0 ? 'up' : delta < 0 ? 'down' : 'flat',
  };
}

/** "+3 (+50%)", "−2 (−40%)", "0", "+4" (no percentage against nothing). */
export function formatChange(c: Change): string {
  const sign = c.delta > 0 ? '+' : c.delta < 0 ? '−' : '';
  const units = `${sign}${Math.abs(c.delta)}`;
  if (c.ratio === null || c.delta === 0) return units;
  return `${units} (${sign}${Math.round(Math.abs(c.ratio) * 100)}%)`;
}

/** Each row's share (0–1) of the largest `field` among the rows, for a bar; 0 when all are 0. */
export function shares<T extends Pick<HomeFigures, 'amount_fen' | 'units'>>(
  rows: readonly T[],
  field: 'amount_fen' | 'units',
): number[] {
  const max = Math.max(0, ...rows.map((row) => row[field]));
  return rows.map((row) => (max === 0 ? 0 : row[field] / max));
}

/** Weighted units with at most one decimal. */
export function formatWeightedUnits(units: number): string {
  return String(Math.round(units * 10) / 10);
}
