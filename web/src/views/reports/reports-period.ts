// Report periods as the server writes them — an ISO week "2027-W05" (Monday to Sunday, the year
// of its Thursday) or a month "2027-01" — in Asia/Shanghai (UTC+8, no daylight saving): the
// period of a moment, the periods before and after, their days, their words, and the deadline in
// the words the planning document uses (周六 24:00, not Sunday 00:00). The same rules as the
// server's platform/calendar, as pure functions of UTC milliseconds.
import type { ReportKind } from '@/api/reports';

const DAY_MS = 24 * 3600 * 1000;
const CHINA_OFFSET_MS = 8 * 3600 * 1000;
const WEEK = /^(\d{4})-W(\d{2})$/;
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export interface Ymd {
  year: number;
  month: number;
  day: number;
}

const pad = (n: number) => String(n).padStart(2, '0');
export const dayText = (d: Ymd) => `${d.year}-${pad(d.month)}-${pad(d.day)}`;
const daysOf = (d: Ymd) => Math.floor(Date.UTC(d.year, d.month - 1, d.day) / DAY_MS);
function civil(days: number): Ymd {
  const date = new Date(days * DAY_MS);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}
/** 1 = Monday … 7 = Sunday. */
const weekdayOf = (days: number) => ((((days + 3) % 7) + 7) % 7) + 1;

/** The China-local day of an instant. */
export function chinaDay(ms: number): Ymd {
  return civil(Math.floor((ms + CHINA_OFFSET_MS) / DAY_MS));
}

/** Whether a report kind runs by week (the tracking table) or by month. */
export function periodUnit(kind: ReportKind): 'week' | 'month' {
  return kind === 'weekly_tracking' ? 'week' : 'month';
}

export function isWeek(period: string): boolean {
  const match = WEEK.exec(period);
  return match !== null && Number(match[2]) >= 1 && Number(match[2]) <= weeksInYear(Number(match[1]));
}

export function isMonth(period: string): boolean {
  return MONTH.test(period);
}

export function isPeriod(period: string): boolean {
  return isWeek(period) || isMonth(period);
}

/** The Monday (days since 1970-01-01) of an ISO week. */
function weekMonday(year: number, week: number): number {
  const jan4 = daysOf({ year, month: 1, day: 4 });
  return jan4 - (weekdayOf(jan4) - 1) + (week - 1) * 7;
}

function weeksInYear(year: number): number {
  return (weekMonday(year + 1, 1) - weekMonday(year, 1)) / 7;
}

function weekOfDays(days: number): { year: number; week: number } {
  const thursday = days - (weekdayOf(days) - 1) + 3;
  const year = civil(thursday).year;
  return { year, week: Math.floor((thursday - weekMonday(year, 1)) / 7) + 1 };
}

const weekText = (w: { year: number; week: number }) => `${w.year}-W${pad(w.week)}`;

/** The ISO week of a China-local day, "2027-W05". */
export function weekOf(day: Ymd): string {
  return weekText(weekOfDays(daysOf(day)));
}

/** The period of a kind that holds an instant (China time). */
export function periodAt(kind: ReportKind, ms: number): string {
  const day = chinaDay(ms);
  return periodUnit(kind) === 'week' ? weekOf(day) : `${day.year}-${pad(day.month)}`;
}

/** The period `n` periods after (`n` < 0: before) a week or a month. */
export function shiftPeriod(period: string, n: number): string {
  const week = WEEK.exec(period);
  if (week) return weekText(weekOfDays(weekMonday(Number(week[1]), Number(week[2])) + 7 * n));
  const month = MONTH.exec(period);
  if (!month) return period;
  const index = Number(month[1]) * 12 + Number(month[2]) - 1 + n;
  return `${Math.floor(index / 12)}-${pad((index % 12) + 1)}`;
}

/** The first and last day of a period, YYYY-MM-DD. */
export function periodDays(period: string): { from: string; to: string } | null {
  const week = WEEK.exec(period);
  if (week) {
    const monday = weekMonday(Number(week[1]), Number(week[2]));
    return { from: dayText(civil(monday)), to: dayText(civil(monday + 6)) };
  }
  const month = MONTH.exec(period);
  if (!month) return null;
  const year = Number(month[1]);
  const m = Number(month[2]);
  // Date.UTC rolls month 12 over to the next January: the next month's 1st, less a day.
  const last = civil(Math.floor(Date.UTC(year, m, 1) / DAY_MS) - 1);
  return { from: `${year}-${pad(m)}-01`, to: dayText(last) };
}

/**
 * The periods a picker offers: from `ahead` periods after the one holding `now` back to `back`
 * periods before it, newest first.
 */
export function recentPeriods(kind: ReportKind, now: number, back: number, ahead = 0): string[] {
  const current = periodAt(kind, now);
  const out: string[] = [];
  for (let n = ahead; n >= -back; n -= 1) out.push(shiftPeriod(current, n));
  return out;
}

type Translate = (key: string, params?: Record<string, unknown>) => string;

/** 2027 年第 5 周（02-01 ~ 02-07） / 2027 年 1 月; "Week 5, 2027 (02-01 – 02-07)" / "2027-01" in English. */
export function periodText(period: string, t: Translate, withDays = true): string {
  const week = WEEK.exec(period);
  if (week) {
    const days = periodDays(period)!;
    const name = t('reports.period.week', { year: week[1], week: Number(week[2]) });
    return withDays ? t('reports.period.weekWithDays', { name, from: days.from.slice(5), to: days.to.slice(5) }) : name;
  }
  const month = MONTH.exec(period);
  if (month) return t('reports.period.month', { year: month[1], month: Number(month[2]) });
  return period;
}

/**
 * A deadline in China time as the planning document says it: an instant at China midnight is
 * the day before at 24:00 ("2027-02-06 24:00", Saturday 24:00), anything else "YYYY-MM-DD HH:mm".
 */
export function formatDue(iso: string | null | undefined): string {
  if (!iso) return '';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return String(iso);
  const local = ms + CHINA_OFFSET_MS;
  const minutes = Math.floor(local / 60000);
  const dayMinutes = ((minutes % 1440) + 1440) % 1440;
  if (dayMinutes === 0 && local % 60000 === 0) return `${dayText(civil(Math.floor(local / DAY_MS) - 1))} 24:00`;
  const day = civil(Math.floor(local / DAY_MS));
  return `${dayText(day)} ${pad(Math.floor(dayMinutes / 60))}:${pad(dayMinutes % 60)}`;
}

/** Whole hours (rounded up, at least 1) a submission came after its deadline; 0 when on time. */
export function lateHours(dueAt: string, submittedAt: string | null | undefined): number {
  if (!submittedAt) return 0;
  const late = Date.parse(submittedAt) - Date.parse(dueAt);
  if (!(late > 0)) return 0;
  return Math.max(1, Math.ceil(late / 3_600_000));
}

/** "2027-02-07 12:00" typed as China time → RFC 3339 with +08:00; null when it is no such time. */
export function chinaInputToIso(text: string): string | null {
  const match = /^(\d{4}-\d{2}-\d{2}) (\d{2}):(\d{2})$/.exec(text.trim());
  if (!match) return null;
  const iso = `${match[1]}T${match[2]}:${match[3]}:00+08:00`;
  return Number.isNaN(Date.parse(iso)) ? null : iso;
}

/** An instant as "YYYY-MM-DD HH:mm" China time (what the deadline picker edits). */
export function isoToChinaInput(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return '';
  const local = ms + CHINA_OFFSET_MS;
  const dayMinutes = Math.floor((((local % DAY_MS) + DAY_MS) % DAY_MS) / 60000);
  return `${dayText(civil(Math.floor(local / DAY_MS)))} ${pad(Math.floor(dayMinutes / 60))}:${pad(dayMinutes % 60)}`;
}
