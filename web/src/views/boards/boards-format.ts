// Pure helpers of the performance board (业绩看板): which unit, person, months and target plan the
// page shows (from the address, else the last choice remembered for this user, else this year), that choice
// as the address and as the boards' query, and the board's figures in words (rates, changes,
// the 80/20 reading, where a click leads).
import type { LocationQuery, LocationQueryRaw, RouteLocationRaw } from 'vue-router';
import type { BoardQuery, BoardRanked, BoardRegistrationMonth } from '@/api/boards';
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
  /** The attainment board's target plan; null: the server's default (the issued plan in force). */
  planId: number | null;
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

/** Whether the address names a board at all (any of unit_id, user_id, from, to, plan_id). */
export function addressNamesBoard(query: LocationQuery): boolean {
  return ['unit_id', 'user_id', 'from', 'to', 'plan_id'].some((key) => one(query[key]) !== '');
}

/** The selection the address names; a range it lacks or cannot be read is the default one. */
export function selectionFromQuery(query: LocationQuery, now: Date = new Date()): BoardSelection {
  const from = one(query.from);
  const to = one(query.to);
  const [defaultFrom, defaultTo] = defaultRange(now);
  const range = validRange(from, to) ? [from, to] : [defaultFrom, defaultTo];
  return { unitId: idOf(one(query.unit_id)), userId: idOf(one(query.user_id)), from: range[0]!, to: range[1]!, planId: idOf(one(query.plan_id)) };
}

/** The selection as the address writes it: the range always, the unit, person and plan when set. */
export function selectionQuery(selection: BoardSelection): LocationQueryRaw {
  const query: LocationQueryRaw = {};
  if (selection.unitId !== null) query.unit_id = String(selection.unitId);
  if (selection.userId !== null) query.user_id = String(selection.userId);
  query.from = selection.from;
  query.to = selection.to;
  if (selection.planId !== null) query.plan_id = String(selection.planId);
  return query;
}

/** Both selections the same. */
export function sameSelection(a: BoardSelection, b: BoardSelection): boolean {
  return a.unitId === b.unitId && a.userId === b.userId && a.from === b.from && a.to === b.to && a.planId === b.planId;
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
    const { unitId, userId: personId, from, to, planId } = saved as Record<string, unknown>;
    if (!validRange(from, to)) return null;
    return { unitId: idOf(unitId), userId: idOf(personId), from: from as string, to: to as string, planId: idOf(planId) };
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
  return { unitId: null, userId: null, from, to, planId: null };
}

/**
 * The discipline board's month: the range's last month when it has ended, else the server's
 * default (the last month ended).
 */
export function disciplineMonth(selection: Pick<BoardSelection, 'to'>, now: Date = new Date()): string | undefined {
  return selection.to < currentMonth(now) ? selection.to : undefined;
}

/** The boards' query for a selection (the plan only for the attainment board, the month only for the discipline board). */
export function boardQueryOf(selection: BoardSelection): BoardQuery {
  return { unit_id: selection.unitId, user_id: selection.userId, from: selection.from, to: selection.to };
}

/** The attainment board's query: the boards' with the chosen plan. */
export function attainmentQueryOf(selection: BoardSelection): BoardQuery {
  return { ...boardQueryOf(selection), plan_id: selection.planId };
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
/** The open sales stages: a procurement stage's figure counts the open opportunities only. */
const OPEN_STAGES = 'discover,contact,analyze,position,bid';
/** The customer's procurement stages the opportunity list filters by. */
const LIST_PROCUREMENT_STAGES = new Set(['deliberation', 'planning', 'requirements', 'evaluation', 'tender', 'commitment']);
/** The registration statuses the registration list filters by. */
const LIST_REGISTRATION_STATUSES = new Set<string>(REGISTRATION_BAR_STATUSES);

/** Whose figures a board shows: its unit and, on a person's board, the person. */
export type BoardWhose = { unit: { id: number }; user: { id: number } | null };
/** A board's months, YYYY-MM (as the board's answer states them). */
export type BoardMonths = { from: string; to: string };

/** The last day of a month, YYYY-MM-DD (28, 29, 30 or 31). */
export function lastDayOfMonth(month: string): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  // day 0 of the next month is this month's last; UTC, so no time zone moves it
  const day = new Date(Date.UTC(year, m, 0)).getUTCDate();
  return `${month}-${String(day).padStart(2, '0')}`;
}

/** A board's months as the lists' days: the first of `from` to the last of `to`. */
export function monthDays(months: BoardMonths): { from: string; to: string } {
  return { from: `${months.from}-01`, to: lastDayOfMonth(months.to) };
}

/** The opportunity list's owner filter of a board: the unit's subtree, and on a person's board the person in it. */
function ownerQuery(board: BoardWhose): Record<string, string> {
  const query: Record<string, string> = { owner_unit_id: String(board.unit.id) };
  if (board.user) query.owner_user_id = String(board.user.id);
  return query;
}

/**
 * The opportunity list of a funnel stage in this board's scope: `/opportunities?stage=…` with the
 * unit (owner_unit_id, its subtree) and, on a person's board, the person (owner_user_id) — all
 * open ones now, whenever expected, as the funnel counts them. Null for a stage the list does not
 * filter by.
 */
export function stageRoute(stage: string, board: BoardWhose): RouteLocationRaw | null {
  if (!LIST_STAGES.has(stage)) return null;
  return { path: '/opportunities', query: { stage, ...ownerQuery(board) } };
}

/** The open opportunities at a customer's procurement stage in this board's scope (the funnel's procurement bars). */
export function procurementRoute(stage: string, board: BoardWhose): RouteLocationRaw | null {
  if (!LIST_PROCUREMENT_STAGES.has(stage)) return null;
  return { path: '/opportunities', query: { stage: OPEN_STAGES, procurement_stage: stage, ...ownerQuery(board) } };
}

/** The opportunities won (or lost) within the board's months in its scope: the funnel's 赢单 and 输单. */
export function closedRoute(outcome: 'won' | 'lost', board: BoardWhose & BoardMonths): RouteLocationRaw {
  const days = monthDays(board);
  return { path: '/opportunities', query: { stage: outcome, closed_from: days.from, closed_to: days.to, ...ownerQuery(board) } };
}

/** A figure of the registrations board: a status now, those won since, or all made (新增). */
export type RegistrationFigure = (typeof REGISTRATION_BAR_STATUSES)[number] | 'won' | 'new';

export function isRegistrationFigure(value: string): value is RegistrationFigure {
  return value === 'won' || value === 'new' || LIST_REGISTRATION_STATUSES.has(value);
}

/** The registration list's scope of a board: the unit's dealers (unit_id), and on a person's board what they registered. */
function registeredQuery(board: BoardWhose): Record<string, string> {
  const query: Record<string, string> = { unit_id: String(board.unit.id) };
  if (board.user) query.registered_by = String(board.user.id);
  return query;
}

/**
 * The registrations behind a figure of the registrations board: those made within the months (or
 * one month of them: a bar of the chart) by the unit's dealers — on a person's board, those the
 * person registered — of a status now; `won`: converted to an opportunity won since; `new`: all.
 */
export function registrationsRoute(figure: RegistrationFigure, board: BoardWhose & BoardMonths, month?: string): RouteLocationRaw {
  const days = monthDays(month ? { from: month, to: month } : board);
  const query: Record<string, string> = {};
  if (figure === 'won') query.won = 'true';
  else if (figure !== 'new') query.status = figure;
  Object.assign(query, registeredQuery(board));
  query.created_from = days.from;
  query.created_to = days.to;
  return { path: '/registrations', query };
}

/** The approved registrations whose protection ends by `until`, in the board's scope (whenever made): the home page's to-do. */
export function protectionRoute(board: BoardWhose & { protection_ending: { until: string } }): RouteLocationRaw {
  return { path: '/registrations', query: { status: 'approved', protected_until_to: board.protection_ending.until, ...registeredQuery(board) } };
}

/**
 * The satisfaction summary's query for the board's card: its months and unit (null: the caller's)
 * and, on a person's board, the person (then the summary counts that person's deliveries only).
 */
export function satisfactionQuery(selection: BoardSelection, personId: number | null): { from: string; to: string; unit_id: number | null; user_id: number | null } {
  return { from: selection.from, to: selection.to, unit_id: selection.unitId, user_id: personId };
}

/** The follow-up calls recorded in the months that the card's 回访数 counts: the same unit, person and months. */
export function followupsRoute(query: { from: string; to: string; unit_id: number | null; user_id: number | null }): RouteLocationRaw {
  const out: Record<string, string> = { status: 'done', from: query.from, to: query.to };
  if (query.unit_id !== null) out.unit_id = String(query.unit_id);
  if (query.user_id !== null) out.user_id = String(query.user_id);
  return { name: 'satisfaction', query: out };
}

/** The board of a ranked row: a person's (user_id) or a unit's (unit_id), over the same months. */
export function rankedRoute(row: Pick<BoardRanked, 'unit_id' | 'user_id'>, selection: Pick<BoardSelection, 'from' | 'to'>): RouteLocationRaw {
  const query: Record<string, string> = row.user_id
    ? { unit_id: String(row.unit_id), user_id: String(row.user_id), from: selection.from, to: selection.to }
    : { unit_id: String(row.unit_id), from: selection.from, to: selection.to };
  return { name: 'boards', query };
}
