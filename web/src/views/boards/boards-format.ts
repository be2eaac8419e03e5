// Pure helpers of the performance board (业绩看板): which unit, person and months the page shows
// (from the address, else the last choice remembered for this user, else this year), that choice
// as the address and as the boards' query, and the board's figures in words (rates, changes,
// the 80/20 reading, where a click leads).
import type { LocationQuery, LocationQueryRaw, RouteLocationRaw } from 'vue-router';
import type { BoardFunnel, BoardQuery, BoardRanked, BoardRegistrationMonth } from '@/api/boards';
import { shanghaiDate } from '@/views/registrations/registration-format';

/** The server reads at most this many months. */
export const MAX_BOARD_MONTHS = 24;

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const ID = /^[1-9]\d*$/;

export interface BoardSelection {
  /** null: the caller's own unit. */
  unitId: number | null;
  /** A dealer's person (their own board); null for the unit's. */
  userId: number | null;
  /** YYYY-MM */
  from: string;
  to: string;
}

function monthIndex(month: string): number {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return y * 12 + (m - 1);
}

/** This month in Asia/Shanghai, YYYY-MM. */
export function currentMonth(now: Date = new Date()): string {
  return shanghaiDate(now).slice(0, 7);
}

/** The server's default: January to December of this year (Asia/Shanghai). */
export function defaultRange(now: Date = new Date()): [string, string] {
  const year = currentMonth(now).slice(0, 4);
  return [`${year}-01`, `${year}-12`];
}

/** A range the server takes: two months, to ≥ from, at most MAX_BOARD_MONTHS. */
export function validRange(from: unknown, to: unknown): boolean {
  if (typeof from !== 'string' || typeof to !== 'string' || !MONTH.test(from) || !MONTH.test(to)) return false;
  const span = monthIndex(to) - monthIndex(from) + 1;
  return span >= 1 && span <= MAX_BOARD_MONTHS;
}

/** How many months from `from` to `to`, both included. */
export function monthSpan(from: string, to: string): number {
  return monthIndex(to) - monthIndex(from) + 1;
}

function one(value: LocationQuery[string] | undefined): string {
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : '';
}

const idOf = (raw: unknown): number | null => (typeof raw === 'string' && ID.test(raw) ? Number(raw) : typeof raw === 'number' && Number.isInteger(raw) && raw > 0 ? raw : null);

/** Whether the address names a board at all (any of unit_id, user_id, from, to). */
export function addressNamesBoard(query: LocationQuery): boolean {
  return ['unit_id', 'user_id', 'from', 'to'].some((key) => one(query[key]) !== '');
}

/** The selection the address names; a range it lacks or cannot be read is the default one. */
export function selectionFromQuery(query: LocationQuery, now: Date = new Date()): BoardSelection {
  const from = one(query.from);
  const to = one(query.to);
  const [defaultFrom, defaultTo] = defaultRange(now);
  const range = validRange(from, to) ? [from, to] : [defaultFrom, defaultTo];
  return { unitId: idOf(one(query.unit_id)), userId: idOf(one(query.user_id)), from: range[0]!, to: range[1]! };
}

/** The selection as the address writes it: the range always, the unit and person when set. */
export function selectionQuery(selection: BoardSelection): LocationQueryRaw {
  const query: LocationQueryRaw = {};
  if (selection.unitId !== null) query.unit_id = String(selection.unitId);
  if (selection.userId !== null) query.user_id = String(selection.userId);
  query.from = selection.from;
  query.to = selection.to;
  return query;
}

/** Both selections the same. */
export function sameSelection(a: BoardSelection, b: BoardSelection): boolean {
  return a.unitId === b.unitId && a.userId === b.userId && a.from === b.from && a.to === b.to;
}

/** The key under which the last choice is remembered, one per signed-in user. */
export function storageKey(userId: number): string {
  return `fleetkam.boards.${userId}`;
}

/** The choice remembered for this user, or null when there is none (or it cannot be read). */
export function readRemembered(storage: Pick<Storage, 'getItem'> | null | undefined, userId: number): BoardSelection | null {
  try {
    const text = storage?.getItem(storageKey(userId));
    if (!text) return null;
    const saved: unknown = JSON.parse(text);
    if (typeof saved !== 'object' || saved === null) return null;
    const { unitId, userId: personId, from, to } = saved as Record<string, unknown>;
    if (!validRange(from, to)) return null;
    return { unitId: idOf(unitId), userId: idOf(personId), from: from as string, to: to as string };
  } catch {
    return null;
  }
}

/** Remembers the choice for this user (silently not, when storage is unavailable). */
export function remember(storage: Pick<Storage, 'setItem'> | null | undefined, userId: number, selection: BoardSelection): void {
  try {
    storage?.setItem(storageKey(userId), JSON.stringify(selection));
  } catch {
    /* storage full or unavailable: the address still carries the choice */
  }
}

/**
 * What the page opens on: the address when it names a board (a link reproduces the view), else
 * the choice remembered for this user, else this year for the caller's own unit.
 */
export function initialSelection(query: LocationQuery, remembered: BoardSelection | null, now: Date = new Date()): BoardSelection {
  if (addressNamesBoard(query)) return selectionFromQuery(query, now);
  if (remembered) return remembered;
  const [from, to] = defaultRange(now);
  return { unitId: null, userId: null, from, to };
}

/**
 * The discipline board's month: the range's last month when it has ended, else the server's
 * default (the last month ended).
 */
export function disciplineMonth(selection: Pick<BoardSelection, 'to'>, now: Date = new Date()): string | undefined {
  return selection.to < currentMonth(now) ? selection.to : undefined;
}

/** The boards' query for a selection (the month only for the discipline board). */
export function boardQueryOf(selection: BoardSelection): BoardQuery {
  return { unit_id: selection.unitId, user_id: selection.userId, from: selection.from, to: selection.to };
}

// ---- figures in words ---------------------------------------------------------------------

/** A rate (0–1, may pass 1) as a percentage with at most one decimal; "—" without one. */
export function formatRate(rate: number | null | undefined, locale: string): string {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return '—';
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(rate);
}

/** A count of units, whole or with one decimal (forecasts); "—" without one. */
export function formatUnits(units: number | null | undefined, locale: string): string {
  if (units === null || units === undefined || !Number.isFinite(units)) return '—';
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(Math.round(units * 10) / 10);
}

/** The gap to plan: positive is still missing, negative is ahead ("−18" with a true minus). */
export function formatGap(gap: number | null | undefined, locale: string): string {
  if (gap === null || gap === undefined) return '—';
  const text = formatUnits(Math.abs(gap), locale);
  return gap < 0 ? `−${text}` : text;
}

/** How an attainment reads: met (≥ 100 %), near (≥ 80 %), behind; none without a plan. */
export function rateTone(rate: number | null | undefined): 'met' | 'near' | 'behind' | 'none' {
  if (rate === null || rate === undefined) return 'none';
  return rate >= 1 ? 'met' : rate >= 0.8 ? 'near' : 'behind';
}

/** "2 → 4 (+2)": a stage's count four weeks ago and now. */
export function formatFourWeeks(before: number, now: number): string {
  const delta = now - before;
  const sign = delta > 0 ? '+' : delta < 0 ? '−' : '±';
  return `${before} → ${now} (${sign}${Math.abs(delta)})`;
}

/** Each value's share (0–1) of the largest, for a bar; 0 when all are 0. */
export function barShares(values: readonly number[]): number[] {
  const max = Math.max(0, ...values);
  return values.map((value) => (max > 0 ? value / max : 0));
}

/** The 80/20 reading of the pyramid: the key accounts' share of the accounts and of the units. */
export function keyShares(pyramid: { grades: readonly { grade: string; accounts: number; units: number }[]; total_accounts: number; total_units: number }): {
  accounts: number;
  units: number | null;
} | null {
  if (!pyramid.total_accounts) return null;
  const key = pyramid.grades.find((g) => g.grade === 'key');
  return {
    accounts: (key?.accounts ?? 0) / pyramid.total_accounts,
    units: pyramid.total_units ? (key?.units ?? 0) / pyramid.total_units : null,
  };
}

/** The registration statuses a month's stacked bar shows, in order (new and won are the figures beside). */
export const REGISTRATION_BAR_STATUSES = ['pending', 'conflict', 'approved', 'rejected', 'lapsed', 'converted'] as const satisfies readonly (keyof BoardRegistrationMonth)[];

/** The sales stages the opportunity list filters by. */
const LIST_STAGES = new Set(['discover', 'contact', 'analyze', 'position', 'bid', 'won', 'lost']);

/**
 * The opportunity list of a funnel stage in this board's scope: `/opportunities?stage=…` with the
 * unit (owner_unit_id, its subtree) or the person (owner_user_id). Null for a stage the list does
 * not filter by (the procurement track's).
 */
export function stageRoute(stage: string, board: Pick<BoardFunnel, 'unit' | 'user'>): RouteLocationRaw | null {
  if (!LIST_STAGES.has(stage)) return null;
  const query: Record<string, string> = { stage };
  if (board.user) query.owner_user_id = String(board.user.id);
  else query.owner_unit_id = String(board.unit.id);
  return { path: '/opportunities', query };
}

/** The board of a ranked row: a person's (user_id) or a unit's (unit_id), over the same months. */
export function rankedRoute(row: Pick<BoardRanked, 'unit_id' | 'user_id'>, selection: Pick<BoardSelection, 'from' | 'to'>): RouteLocationRaw {
  const query: Record<string, string> = row.user_id
    ? { unit_id: String(row.unit_id), user_id: String(row.user_id), from: selection.from, to: selection.to }
    : { unit_id: String(row.unit_id), from: selection.from, to: selection.to };
  return { name: 'boards', query };
}
