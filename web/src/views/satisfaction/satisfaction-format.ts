// How the satisfaction pages (客户满意度回访, 投诉, 满意度分析) show a follow-up or a complaint and
// read their address, apart from any component so that unit tests call it: the tabs of the two
// lists as the filters of the address (so the home page's to-dos land on them) and the complaint
// list's address as its (and its export's) query, how far a due day is (逾期 n 天, 今天到期,
// 还剩 n 天), the scores as text, the board's default months, its chart's series and the
// follow-up list a figure of the board opens (the same filter, so the numbers match).
import type { FormRules } from 'element-plus';
import type { LocationQueryRaw } from 'vue-router';
import type { ComplaintFilter, ComplaintStatus, FollowupStatus, SatisfactionFigures, SatisfactionMonth, SummaryBy } from '@/api/satisfaction';
import type { TagType } from '@/kit';
import { lastMonths, monthsBetween } from '@/views/insights/insights-format';
import { addDays, daysBetween } from '@/views/rectification/rectification-format';

export { addDays, monthsBetween };

/** The furthest due day of a complaint the server takes, in days from today. */
export const MAX_COMPLAINT_DAYS = 90;
/** The due day a new complaint starts with, in days from today. */
export const DEFAULT_COMPLAINT_DAYS = 7;
/** The most months the summary covers. */
export const MAX_BOARD_MONTHS = 24;
/** The months the board shows to begin with: the last six up to this one. */
export const BOARD_MONTHS = 6;

// ---------------------------------------------------------------------------------- follow-ups

/** A follow-up's status as a tag colour: waiting for the call amber, made green, cancelled grey. */
export function followupStatusType(status: FollowupStatus | string): TagType {
  if (status === 'scheduled') return 'warning';
  if (status === 'done') return 'success';
  return 'info';
}

/** A complaint's status as a tag colour: open amber, resolved green. */
export function complaintStatusType(status: ComplaintStatus | string): TagType {
  return status === 'open' ? 'warning' : 'success';
}

export type DueState = 'overdue' | 'today' | 'left' | 'done';

/**
 * How a due day stands for a record still waiting (`waiting`: a follow-up not yet called, a
 * complaint not yet resolved): `done` once it is not, `overdue` past it (days late), `today`, else
 * `left` (days to go). `overdue` from the server wins over the browser's clock.
 */
export function dueState(record: { due_date: string; overdue?: boolean }, waiting: boolean, today: string): { state: DueState; days: number } {
  if (!waiting) return { state: 'done', days: 0 };
  const days = daysBetween(today, record.due_date) ?? 0;
  if (record.overdue || days < 0) return { state: 'overdue', days: Math.max(1, -days) };
  if (days === 0) return { state: 'today', days: 0 };
  return { state: 'left', days };
}

/** The three scores of a recorded call, "5 / 4 / 2" (vehicle / delivery / service); "" before the call. */
export function scoresText(f: { vehicle_score: number | null; delivery_score: number | null; service_score: number | null }): string {
  const scores = [f.vehicle_score, f.delivery_score, f.service_score];
  return scores.every((s) => s === null) ? '' : scores.map((s) => (s === null ? '—' : String(s))).join(' / ');
}

/** Whether a score is low: at or below HQ's low score. */
export function isLowScore(score: number | null, lowScore: number): boolean {
  return score !== null && score > 0 && score <= lowScore;
}

/** The list's tabs, in order: 待回访, 低分待复核, 已回访, 全部. */
export const FOLLOWUP_TABS = ['due', 'low', 'done', 'all'] as const;
export type FollowupTab = (typeof FOLLOWUP_TABS)[number];

export interface FollowupTabFilters {
  due: boolean;
  low: '' | 'all' | 'unreviewed';
  status: '' | FollowupStatus;
}

/** Which tab the filters of the address are: due=true, then low=unreviewed, then status=done, else 全部. */
export function followupTabOf(filters: FollowupTabFilters): FollowupTab {
  if (filters.due) return 'due';
  if (filters.low === 'unreviewed') return 'low';
  if (filters.status === 'done') return 'done';
  return 'all';
}

/**
 * The filters a tab sets: 待回访 the scheduled ones due by today (the home page's to-do), 低分待复核
 * the low scores not yet reviewed (the area manager's to-do), 已回访 the recorded ones, 全部
 * everything. The months (they are of recorded calls) stay only on 已回访.
 */
export function followupTabFilters(tab: FollowupTab): FollowupTabFilters & { from?: string; to?: string } {
  if (tab === 'due') return { due: true, low: '', status: '', from: '', to: '' };
  if (tab === 'low') return { due: false, low: 'unreviewed', status: '', from: '', to: '' };
  if (tab === 'done') return { due: false, low: '', status: 'done' };
  return { due: false, low: '', status: '', from: '', to: '' };
}

/** The tabs a caller has: 低分待复核 needs satisfaction.review. */
export function followupTabsFor(can: (permission: string) => boolean): FollowupTab[] {
  return FOLLOWUP_TABS.filter((tab) => tab !== 'low' || can('satisfaction.review'));
}

// ---------------------------------------------------------------------------------- complaints

/** The client-side rules of a complaint's four fields (`prefix`: complaint_ in the record form). */
export function complaintRules(prefix: string, required: string): FormRules {
  const rule = (trigger: string) => [{ required: true, whitespace: true, message: required, trigger }];
  return {
    [`${prefix}category`]: rule('change'),
    [`${prefix}description`]: rule('blur'),
    [`${prefix}owner_user_id`]: [{ required: true, message: required, trigger: 'change' }],
    [`${prefix}due_date`]: rule('change'),
  };
}

/** The complaint list's tabs, in order: 我负责的, 已逾期, 全部未结, 已解决, 全部. */
export const COMPLAINT_TABS = ['mine', 'overdue', 'open', 'resolved', 'all'] as const;
export type ComplaintTab = (typeof COMPLAINT_TABS)[number];

export interface ComplaintTabFilters {
  mine: boolean;
  overdue: boolean;
  status: '' | ComplaintStatus;
}

/** Which tab the filters of the address are: overdue=true, then mine=true, then the status, else 全部. */
export function complaintTabOf(filters: ComplaintTabFilters): ComplaintTab {
  if (filters.overdue) return 'overdue';
  if (filters.mine) return 'mine';
  if (filters.status === 'open') return 'open';
  if (filters.status === 'resolved') return 'resolved';
  return 'all';
}

/** The filters a tab sets: 我负责的 is the open ones the caller owns (the home page's to-do). */
export function complaintTabFilters(tab: ComplaintTab): ComplaintTabFilters {
  if (tab === 'mine') return { mine: true, overdue: false, status: 'open' };
  if (tab === 'overdue') return { mine: false, overdue: true, status: '' };
  if (tab === 'open' || tab === 'resolved') return { mine: false, overdue: false, status: tab };
  return { mine: false, overdue: false, status: '' };
}

/** What the complaint list asks the server for — and 导出 downloads — on the address's tab, unit and follow-up. */
export function complaintListFilter(filters: ComplaintTabFilters & { unit_id: number | null; followup_id: number | null }): ComplaintFilter {
  return {
    mine: filters.mine,
    overdue: filters.overdue,
    status: filters.status || undefined,
    unit_id: filters.unit_id ?? undefined,
    followup_id: filters.followup_id ?? undefined,
  };
}

/** The tabs a caller has: 我负责的 for those who may own a complaint (satisfaction.record). */
export function complaintTabsFor(can: (permission: string) => boolean): ComplaintTab[] {
  return COMPLAINT_TABS.filter((tab) => tab !== 'mine' || can('satisfaction.record'));
}

// ---------------------------------------------------------------------------------- the board

/** The months the board shows: the address's when it names a valid range, else the last six. */
export function boardMonths(from: string, to: string, now: Date = new Date()): [string, string] {
  return from && to && from <= to ? [from, to] : lastMonths(BOARD_MONTHS, now);
}

/** An average score as the board shows it: two decimals, "—" when there were no responses. */
export function formatScore(value: number, responses: number): string {
  return responses > 0 && value > 0 ? value.toFixed(2) : '—';
}

/** What a figure of the board narrows the follow-up list to: a unit (its subtree) or a model. */
export interface BoardScope {
  from: string;
  to: string;
  unitId?: number | null;
  model?: string | null;
}

/**
 * The follow-up list's address for a figure of the board: the calls recorded in the months (and
 * the unit or model), or of those the low ones — the very filter the summary counts, so the
 * list's length is the figure.
 */
export function followupListQuery(scope: BoardScope, lowOnly = false): LocationQueryRaw {
  return {
    status: 'done',
    from: scope.from,
    to: scope.to,
    ...(scope.unitId ? { unit_id: String(scope.unitId) } : {}),
    ...(scope.model ? { model: scope.model } : {}),
    ...(lowOnly ? { low: 'all' } : {}),
  };
}

/** The scope a group of the summary narrows to: its unit when grouped by unit, its model when by model. */
export function groupScope(group: { unit_id: number | null; key: string }, by: SummaryBy, from: string, to: string, unitId: number | null): BoardScope {
  return by === 'model' ? { from, to, unitId, model: group.key } : { from, to, unitId: group.unit_id ?? unitId };
}

/** Whether a group of units can be opened for the units below it (a dealer has none). */
export function canDrill(group: { unit_id: number | null; kind: string }): boolean {
  return group.unit_id !== null && (group.kind === 'hq' || group.kind === 'region' || group.kind === 'province');
}

export const SCORE_FIGURES = ['overall', 'vehicle', 'delivery', 'service'] as const;
export type ScoreFigure = (typeof SCORE_FIGURES)[number];

/** The chart's data per month: each average (null where nothing was recorded: a gap) and the responses. */
export function chartData(months: readonly SatisfactionMonth[]): { months: string[]; responses: number[] } & Record<ScoreFigure, (number | null)[]> {
  const score = (f: SatisfactionFigures, key: ScoreFigure) => (f.responses > 0 ? f[key] : null);
  return {
    months: months.map((m) => m.month),
    responses: months.map((m) => m.figures.responses),
    overall: months.map((m) => score(m.figures, 'overall')),
    vehicle: months.map((m) => score(m.figures, 'vehicle')),
    delivery: months.map((m) => score(m.figures, 'delivery')),
    service: months.map((m) => score(m.figures, 'service')),
  };
}
