// Pure helpers of the tender calendar (招标日历): days left to a bid deadline (calendar days in
// Asia/Shanghai), its tag, the events of each day (deadlines and openings) and the range of days
// a month's calendar shows.
import type { Tender } from '@/api/tenders';
import { shanghaiDate } from '@/views/registrations/registration-format';

const DAY_MS = 24 * 60 * 60 * 1000;
/** At most this many days left: the tag turns red. */
export const URGENT_DAYS = 3;
/** The list beside the calendar: deadlines within this many days. */
export const DUE_WITHIN_DAYS = 14;

export type TagType = 'primary' | 'success' | 'info' | 'warning' | 'danger';

/** YYYY-MM-DD → days since 1970-01-01 (that day's number, whatever the time zone). */
function dayNumber(day: string): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return Math.round(Date.UTC(y, m - 1, d) / DAY_MS);
}

/** The day (Asia/Shanghai, YYYY-MM-DD) of an RFC 3339 time; null when unreadable. */
export function shanghaiDay(iso: string | null | undefined): string | null {
  if (!iso) return null;
  const at = Date.parse(iso);
  return Number.isNaN(at) ? null : shanghaiDate(new Date(at));
}

/**
 * Calendar days from today to the deadline's day, both in Asia/Shanghai: 0 on the day itself
 * (whatever the hour), 1 the day before, negative once the day has passed; null when unreadable.
 */
export function daysLeft(deadline: string, now: Date = new Date()): number | null {
  const day = shanghaiDay(deadline);
  if (!day) return null;
  return dayNumber(day) - dayNumber(shanghaiDate(now));
}

/** Red at ≤ 3 days (and past), orange within a week, otherwise plain. */
export function daysLeftTag(days: number): TagType {
  if (days <= URGENT_DAYS) return 'danger';
  if (days <= 7) return 'warning';
  return 'info';
}

/** i18n key and values of a days-left tag: 已截止 / 今天截止 / 明天截止 / 剩 n 天. */
export function daysLeftMessage(days: number): { key: string; n: number } {
  if (days < 0) return { key: 'tenders.daysLeft.past', n: -days };
  if (days === 0) return { key: 'tenders.daysLeft.today', n: 0 };
  if (days === 1) return { key: 'tenders.daysLeft.tomorrow', n: 1 };
  return { key: 'tenders.daysLeft.days', n: days };
}

/** The deadlines within the next days, soonest first (the server's order, kept whatever it sends). */
export function soonestFirst<T extends Pick<Tender, 'bid_deadline' | 'id'>>(tenders: readonly T[]): T[] {
  return [...tenders].sort((a, b) => Date.parse(a.bid_deadline) - Date.parse(b.bid_deadline) || a.id - b.id);
}

export type TenderEventKind = 'deadline' | 'opening';

export interface TenderEvent {
  kind: TenderEventKind;
  /** RFC 3339. */
  at: string;
  tender: Tender;
}

/** Each day (YYYY-MM-DD, Asia/Shanghai) with its deadlines and openings, in time order. */
export function eventsByDay(tenders: readonly Tender[]): Map<string, TenderEvent[]> {
  const days = new Map<string, TenderEvent[]>();
  const add = (kind: TenderEventKind, at: string | null, tender: Tender) => {
    const day = shanghaiDay(at);
    if (!at || !day) return;
    const list = days.get(day) ?? [];
    list.push({ kind, at, tender });
    days.set(day, list);
  };
  for (const tender of tenders) {
    add('deadline', tender.bid_deadline, tender);
    add('opening', tender.opening_at, tender);
  }
  for (const list of days.values()) list.sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || a.tender.id - b.tender.id);
  return days;
}

function isoDay(utcMs: number): string {
  return new Date(utcMs).toISOString().slice(0, 10);
}

/**
 * The days to ask for when showing the month of `day` (YYYY-MM-DD): the calendar also shows
 * the end of the month before and the start of the next (up to six weeks in all), so from
 * 7 days before the 1st to 14 days after the last day.
 */
export function calendarRange(day: string): { from: string; to: string } {
  const [y, m] = day.split('-').map(Number) as [number, number];
  const first = Date.UTC(y, m - 1, 1);
  const last = Date.UTC(y, m, 0);
  return { from: isoDay(first - 7 * DAY_MS), to: isoDay(last + 14 * DAY_MS) };
}

/** A Date's day as the calendar (local time) means it, YYYY-MM-DD. */
export function localDay(date: Date): string {
  const mm = String(date.getMonth() + 1).padStart(2, '0');
  const dd = String(date.getDate()).padStart(2, '0');
  return `${date.getFullYear()}-${mm}-${dd}`;
}

/** The time of day (Asia/Shanghai) of an RFC 3339 time, "14:30". */
export function shanghaiTime(iso: string, locale: string): string {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return '';
  return new Intl.DateTimeFormat(locale, { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hour12: false }).format(at);
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The calendar's filters from the address: the chosen day (`day=YYYY-MM-DD`) and the deadline
 * list's window (`due_within_days`, 1–366, as the server takes it); what is missing or unreadable
 * is null.
 */
export function tenderQuery(query: Record<string, unknown>): { day: string | null; dueWithinDays: number | null } {
  const one = (value: unknown) => (Array.isArray(value) ? value[0] : value);
  const day = one(query.day);
  const days = Number(one(query.due_within_days));
  return {
    day: typeof day === 'string' && DAY.test(day) && !Number.isNaN(Date.parse(day)) ? day : null,
    dueWithinDays: Number.isInteger(days) && days >= 1 && days <= 366 ? days : null,
  };
}
