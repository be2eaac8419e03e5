// How the event pages (展销会、推广会) show an event and read their address, apart from any
// component so that unit tests call it: the status colours, where an event stands against today
// (今天举行, 还有 n 天, 已结束 n 天 待结项), the list's tabs (即将举行, 待结项, 已举行, 全部) as the
// filters of the address and the address as the list's (and the export's) query, the form ↔
// request body (元 typed, 分 sent; the vehicles' names), the invite dialog's filters (decision
// makers and evaluators first), the results' figures (单台获客成本) and the check-in page's
// counter and time, and the lead form opened from an event.
import type { LocationQuery } from 'vue-router';
import type { EventBuyingRole, EventCreate, EventFilter, EventKind, EventRecord, EventResults, EventStatus, InvitationResponse } from '@/api/events';
import { fenToYuan, formatDateTime, formatMoney, yuanToFen, type TagType } from '@/kit/format';
import type { AppLocale } from '@/locales';
import { addDays, daysBetween } from '@/views/rectification/rectification-format';

export { addDays, daysBetween };

/** The longest an event runs: its last day is at most this many days after its first. */
export const MAX_EVENT_DAYS = 14;
/** How far ahead an event may start, in days. */
export const MAX_DAYS_AHEAD = 366;
/** The vehicles shown at one event. */
export const MAX_VEHICLES = 20;
/** The source channel (信息渠道) of a lead from an event: 展销会及推广会. */
export const EVENT_CHANNEL = 'exhibitions';

/** The status as a tag colour: planned blue, held green, cancelled grey. */
export function statusType(status: EventStatus | string): TagType {
  if (status === 'planned') return 'primary';
  if (status === 'held') return 'success';
  return 'info';
}

/** The kind as a tag colour: 展销会 a plain tag, 推广会 amber. */
export function kindType(kind: EventKind | string): TagType {
  return kind === 'promotion' ? 'warning' : 'primary';
}

/** A guest's answer as a tag colour: accepted green, declined grey, pending amber. */
export function responseType(response: InvitationResponse | string): TagType {
  if (response === 'accepted') return 'success';
  if (response === 'declined') return 'info';
  return 'warning';
}

/** The event's days: "2026-11-13" for one day, "2026-11-13 ~ 2026-11-14" for more. */
export function eventDays(event: Pick<EventRecord, 'starts_on' | 'ends_on'>): string {
  return event.starts_on === event.ends_on ? event.starts_on : `${event.starts_on} ~ ${event.ends_on}`;
}

export type Timing = 'today' | 'ahead' | 'to_close' | 'done';

/**
 * Where an event stands against `today`: `today` while it runs (days: its day number, 1 the
 * first), `ahead` before it (days to go), `to_close` when it ended still planned (days since its
 * last day: the organiser records the cost), `done` once held or cancelled.
 */
export function eventTiming(event: Pick<EventRecord, 'status' | 'starts_on' | 'ends_on'>, today: string): { state: Timing; days: number } {
  if (event.status !== 'planned') return { state: 'done', days: 0 };
  const toStart = daysBetween(today, event.starts_on) ?? 0;
  if (toStart > 0) return { state: 'ahead', days: toStart };
  const sinceEnd = daysBetween(event.ends_on, today) ?? 0;
  if (sinceEnd > 0) return { state: 'to_close', days: sinceEnd };
  return { state: 'today', days: 1 - toStart };
}

/**
 * Where an event stands in words: the locale key under `events.timing` and its number — 今天举行
 * (a one-day event), 今天举行（第 n 天）, 还有 n 天, 已结束 n 天 待结项; null once held or cancelled.
 */
export function timingWords(event: Pick<EventRecord, 'status' | 'starts_on' | 'ends_on'>, today: string): { key: string; n: number } | null {
  const timing = eventTiming(event, today);
  if (timing.state === 'done') return null;
  if (timing.state === 'today') return event.starts_on === event.ends_on ? { key: 'today', n: 1 } : { key: 'todayOf', n: timing.days };
  return { key: timing.state, n: timing.days };
}

/** 结项 may be taken once the event has started (the server says event.not_started before). */
export function hasStarted(event: Pick<EventRecord, 'starts_on'>, today: string): boolean {
  return event.starts_on <= today;
}

// ---- the list's tabs ----

/** The list's tabs, in order. */
export const EVENT_TABS = ['upcoming', 'to_close', 'held', 'all'] as const;
export type EventTab = (typeof EVENT_TABS)[number];
/** `show=` of the address: the tabs other than 待结项 (which is `ended=true`, as the to-do links). */
export const SHOWS = ['upcoming', 'held', 'all'] as const;
export type Show = (typeof SHOWS)[number];

/** Which tab the address is: `ended=true` (the home page's to-do) wins, then `show`. */
export function eventTabOf(filters: { show: Show; ended: boolean }): EventTab {
  return filters.ended ? 'to_close' : filters.show;
}

/** The address's filters of a tab: 即将举行 is the page's own (nothing in the address). */
export function eventTabFilters(tab: EventTab): { show: Show; ended: boolean } {
  return tab === 'to_close' ? { show: 'upcoming', ended: true } : { show: tab, ended: false };
}

/** What the list asks the server for on a tab. */
export function eventTabQuery(tab: EventTab): Pick<EventFilter, 'upcoming' | 'ended' | 'status'> {
  if (tab === 'upcoming') return { upcoming: true };
  if (tab === 'to_close') return { ended: true };
  if (tab === 'held') return { status: 'held' };
  return {};
}

/** What the list asks the server for — and 导出 downloads — on the address's tab, kind and unit. */
export function eventListFilter(filters: { show: Show; ended: boolean; kind: EventKind | ''; unit_id: number | null }): EventFilter {
  return { ...eventTabQuery(eventTabOf(filters)), kind: filters.kind || undefined, unit_id: filters.unit_id ?? undefined };
}

/** The tabs a caller has: 待结项 is for those who close events (events.manage). */
export function eventTabsFor(can: (permission: string) => boolean): EventTab[] {
  return EVENT_TABS.filter((tab) => tab !== 'to_close' || can('events.manage'));
}

// ---- the form ----

export interface EventFormModel {
  kind: EventKind;
  title: string;
  unit_id: number | null;
  starts_on: string;
  ends_on: string;
  place: string;
  budget_yuan: number | undefined;
  vehicles: string[];
  description: string;
}

export function emptyEventForm(unitId: number | null): EventFormModel {
  return { kind: 'exhibition', title: '', unit_id: unitId, starts_on: '', ends_on: '', place: '', budget_yuan: undefined, vehicles: [], description: '' };
}

/** An event as its edit form starts. */
export function eventFormOf(event: EventRecord): EventFormModel {
  return {
    kind: event.kind,
    title: event.title,
    unit_id: event.unit_id,
    starts_on: event.starts_on,
    ends_on: event.ends_on,
    place: event.place,
    budget_yuan: fenToYuan(event.budget_fen),
    vehicles: [...event.vehicles],
    description: event.description ?? '',
  };
}

/** The vehicles' names as sent: trimmed, the empty and the repeated ones dropped, in order. */
export function vehicleNames(names: readonly string[]): string[] {
  const out: string[] = [];
  for (const name of names) {
    const trimmed = name.trim();
    if (trimmed && !out.includes(trimmed)) out.push(trimmed);
  }
  return out;
}

/** The body of POST /events (and of PUT with its version): the budget typed in 元 sent in 分. */
export function eventBody(model: EventFormModel): EventCreate {
  const description = model.description.trim();
  return {
    kind: model.kind,
    title: model.title.trim(),
    unit_id: model.unit_id ?? 0,
    starts_on: model.starts_on,
    ends_on: model.ends_on,
    place: model.place.trim(),
    budget_fen: yuanToFen(model.budget_yuan) ?? 0,
    vehicles: vehicleNames(model.vehicles),
    description: description || null,
  };
}

/**
 * The last day an event starting on `starts_on` may end on, and so the days its end picker
 * offers: the start day to 14 days after.
 */
export function endDayRange(startsOn: string): { first: string; last: string } | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(startsOn)) return null;
  return { first: startsOn, last: addDays(startsOn, MAX_EVENT_DAYS) };
}

/** The end day once the start day moved: kept when still allowed, else the start day. */
export function endDayAfterStart(startsOn: string, endsOn: string): string {
  const range = endDayRange(startsOn);
  if (!range) return endsOn;
  return endsOn && endsOn >= range.first && endsOn <= range.last ? endsOn : startsOn;
}

// ---- the invite dialog ----

/** The buying roles in the order the planning document advises inviting them (the server's order). */
export const ROLE_ORDER: readonly EventBuyingRole[] = ['decision_maker', 'decision_layer', 'evaluator', 'user', 'operator', 'finance'];

/** The buying roles the dialog starts with: decision makers, the decision layer and evaluators. */
export const FIRST_ROLES: readonly EventBuyingRole[] = ['decision_maker', 'decision_layer', 'evaluator'];

/** A list filter as the server takes it: comma-separated, or nothing when none is chosen. */
export function commaList(values: readonly string[]): string | undefined {
  return values.length ? values.join(',') : undefined;
}

/** Toggles a value in a chosen list, keeping `order` (the chips' order). */
export function toggled<T extends string>(chosen: readonly T[], value: T, order: readonly T[]): T[] {
  const next = chosen.includes(value) ? chosen.filter((v) => v !== value) : [...chosen, value];
  return order.filter((v) => next.includes(v));
}

// ---- the results ----

/** The attendees of each buying role, in the planning document's order. */
export function attendeesByRole(results: Pick<EventResults, 'attended_by_role'>): { role: EventBuyingRole; count: number }[] {
  return ROLE_ORDER.map((role) => ({ role, count: results.attended_by_role[role] ?? 0 }));
}

/** 单台获客成本 in words: the cost per unit won in 元, or "—" before a unit is won. */
export function costPerUnitText(results: Pick<EventResults, 'cost_per_unit_won_fen'>, locale: AppLocale = 'zh-CN'): string {
  return results.cost_per_unit_won_fen === null ? '—' : formatMoney(results.cost_per_unit_won_fen, locale);
}

/** A share as a whole percent ("63%"), "—" of nothing. */
export function percentOf(part: number, whole: number): string {
  return whole > 0 ? `${Math.round((part / whole) * 100)}%` : '—';
}

// ---- the check-in page ----

/** When a guest was checked in, HH:mm in Asia/Shanghai; '' when not yet. */
export function checkInTime(attendedAt: string | null | undefined): string {
  return attendedAt ? formatDateTime(attendedAt).slice(11) : '';
}

// ---- a lead registered from an event ----

/** The registration form's address for a lead met at `eventId`: the channel and the event set. */
export function leadQuery(eventId: number): Record<string, string> {
  return { source_channel: EVENT_CHANNEL, event_id: String(eventId) };
}

function one(value: LocationQuery[string] | undefined): string {
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first.trim() : '';
}

/** What a registration form opened from an event starts with: the channel and the event. */
export function leadPrefill(query: LocationQuery): { source_channel: string; event_id: number | null } {
  const channel = one(query.source_channel);
  const event = one(query.event_id);
  const eventId = channel === EVENT_CHANNEL && /^[1-9]\d*$/.test(event) ? Number(event) : null;
  return { source_channel: /^[a-z][a-z0-9_]{1,39}$/.test(channel) ? channel : '', event_id: eventId };
}
