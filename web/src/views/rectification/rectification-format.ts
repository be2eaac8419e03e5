// How the rectification pages (整改) show an order and read their address, apart from any
// component so that unit tests call it: the status colours, how far the due day is (逾期 n 天,
// 今天到期, 还剩 n 天), the list's tabs (待我回复, 待我核实, 我发起的, 逾期, 全部) as the filters of
// the address, and the evidence a raise form is opened with.
import type { LocationQuery } from 'vue-router';
import type { Box, EvidenceKind, RectificationStatus } from '@/api/rectification';
import { BOXES, EVIDENCE_KINDS } from '@/api/rectification';
import type { TagType } from '@/kit';

/** The furthest due day the server takes, in days from today. */
export const MAX_DUE_DAYS = 180;

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The status as a tag colour: waiting for an answer amber, for verification blue, closed green, withdrawn grey. */
export function statusType(status: RectificationStatus | string): TagType {
  if (status === 'open') return 'warning';
  if (status === 'responded') return 'primary';
  if (status === 'closed') return 'success';
  return 'info';
}

function dayNumber(day: string): number | null {
  const m = DAY.exec(day);
  if (!m) return null;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return Number.isNaN(ms) ? null : Math.round(ms / 86_400_000);
}

/** Days from `from` to `to` (both YYYY-MM-DD); null when either is not a day. */
export function daysBetween(from: string, to: string): number | null {
  const a = dayNumber(from);
  const b = dayNumber(to);
  return a === null || b === null ? null : b - a;
}

/** `day` plus `days`, YYYY-MM-DD. */
export function addDays(day: string, days: number): string {
  const n = dayNumber(day);
  if (n === null) return day;
  return new Date((n + days) * 86_400_000).toISOString().slice(0, 10);
}

export type DueState = 'overdue' | 'today' | 'left' | 'done';

/**
 * How the due day stands for an order: `done` once it is answered, closed or withdrawn (nothing
 * is due), `overdue` while open past it (days: how many days late), `today`, else `left` (days
 * to go). `overdue` from the server wins over the browser's clock.
 */
export function dueState(order: { status: string; due_date: string; overdue?: boolean }, today: string): { state: DueState; days: number } {
  if (order.status !== 'open') return { state: 'done', days: 0 };
  const days = daysBetween(today, order.due_date) ?? 0;
  if (order.overdue || days < 0) return { state: 'overdue', days: Math.max(1, -days) };
  if (days === 0) return { state: 'today', days: 0 };
  return { state: 'left', days };
}

/** The list's tabs, in order. */
export const TABS = ['to_answer', 'to_verify', 'raised', 'overdue', 'all'] as const;
export type Tab = (typeof TABS)[number];

/** Which tab the filters of the address are: overdue=true wins, then the box, else 全部. */
export function tabOf(filters: { box: string; overdue: boolean }): Tab {
  if (filters.overdue) return 'overdue';
  return (BOXES as readonly string[]).includes(filters.box) ? (filters.box as Box) : 'all';
}

/**
 * The filters a tab sets: 待我回复 is the open ones to answer (the home page's to-do), 待我核实 the
 * answered ones to verify, 我发起的 the caller's, 逾期 the open ones past their day; each starts
 * from every status but 待我回复.
 */
export function tabFilters(tab: Tab): { box: Box | ''; overdue: boolean; status: RectificationStatus | '' } {
  if (tab === 'overdue') return { box: '', overdue: true, status: '' };
  if (tab === 'all') return { box: '', overdue: false, status: '' };
  return { box: tab, overdue: false, status: tab === 'to_answer' ? 'open' : '' };
}

/** The tabs a caller has: answering needs rectification.respond, verifying and raising rectification.raise. */
export function tabsFor(can: (permission: string) => boolean): Tab[] {
  return TABS.filter((tab) => {
    if (tab === 'to_answer') return can('rectification.respond');
    if (tab === 'to_verify' || tab === 'raised') return can('rectification.raise');
    return true;
  });
}

/** The evidence of a person's month in the assessment: `YYYY-MM/<user id>`. */
export function assessmentEvidence(month: string, userId: number): string {
  return `${month}/${userId}`;
}

function one(value: LocationQuery[string] | undefined): string {
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first.trim() : '';
}

/** What a raise form opened from another page starts with: the evidence and the recipient unit. */
export function raisePrefill(query: LocationQuery): { evidence: { kind: EvidenceKind; ref: string } | null; unitId: number | null } {
  const kind = one(query.evidence_kind);
  const ref = one(query.evidence_ref);
  const unit = one(query.unit_id);
  const evidence =
    (EVIDENCE_KINDS as readonly string[]).includes(kind) && ref !== '' && ref.length <= 40 ? { kind: kind as EvidenceKind, ref } : null;
  return { evidence, unitId: /^[1-9]\d*$/.test(unit) ? Number(unit) : null };
}

/** The address of the raise form for a record's evidence and the unit it is for. */
export function raiseQuery(kind: EvidenceKind, ref: string, unitId?: number | null): Record<string, string> {
  return { evidence_kind: kind, evidence_ref: ref, ...(unitId ? { unit_id: String(unitId) } : {}) };
}

/** A unit an order may be raised to, as the raise form offers it. */
export interface RecipientOption {
  id: number;
  name: string;
  kind: 'province' | 'dealer';
}

/**
 * The units an order may go to, grouped by province: each province (its area manager answers)
 * first, then its dealers, by name; inactive units and those above a province are left out. A
 * dealer whose province the caller does not see gets a group of its own, named after it.
 */
export function recipientGroups(units: readonly { id: number; name: string; kind: string; parent_id: number | null; active: boolean }[]): { label: string; options: RecipientOption[] }[] {
  const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, 'zh-CN');
  const active = units.filter((u) => u.active);
  const provinces = active.filter((u) => u.kind === 'province').sort(byName);
  const dealers = active.filter((u) => u.kind === 'dealer').sort(byName);
  const groups = provinces.map((p) => ({
    label: p.name,
    options: [
      { id: p.id, name: p.name, kind: 'province' as const },
      ...dealers.filter((d) => d.parent_id === p.id).map((d) => ({ id: d.id, name: d.name, kind: 'dealer' as const })),
    ],
  }));
  const placed = new Set(provinces.map((p) => p.id));
  for (const d of dealers) if (d.parent_id === null || !placed.has(d.parent_id)) groups.push({ label: d.name, options: [{ id: d.id, name: d.name, kind: 'dealer' }] });
  return groups;
}

/** Roles that may answer an order: the ones a recipient person may have. */
export const ANSWERING_ROLES: readonly string[] = ['area_manager', 'dealer_manager', 'sales_rep'];
