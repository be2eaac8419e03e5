// Pure helpers of the visits pages (拜访/跟进): the quick form's model and the body it sends,
// times typed in China time, the next step's both-or-neither rule, how long ago a role or an
// account was met against the grade's days, and the tags the states show as.
import type { BuyingCentreMap, BuyingCentreRoleMet, VisitCreate, VisitKind } from '@/api/visits';
import { formatDate, tagTypes, type TagType } from '@/kit';

const DAY_MS = 86_400_000;
const INPUT = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export interface QuickForm {
  account_id: number | null;
  opportunity_id: number | null;
  kind: VisitKind;
  /** When it happened, as a datetime-local input holds it: YYYY-MM-DDTHH:mm in China time. */
  occurred_at: string;
  contact_ids: number[];
  summary: string;
  next_step: string;
  /** YYYY-MM-DD or ''. */
  next_step_due: string;
}

/** A moment as a datetime-local value in China time (the app's one zone, whatever the phone's). */
export function chinaInputValue(date: Date): string {
  const shifted = new Date(date.getTime() + 8 * 3_600_000);
  return shifted.toISOString().slice(0, 16);
}

/** A datetime-local value (China time) as RFC 3339 with +08:00; null when it is not one. */
export function occurredAtFromInput(value: string): string | null {
  const match = INPUT.exec(value);
  if (!match) return null;
  const [, day, hour, minute] = match;
  return `${day}T${hour}:${minute}:00+08:00`;
}

export function emptyQuickForm(now: Date, preset: { account_id?: number | null; opportunity_id?: number | null } = {}): QuickForm {
  return {
    account_id: preset.account_id ?? null,
    opportunity_id: preset.opportunity_id ?? null,
    kind: 'visit',
    occurred_at: chinaInputValue(now),
    contact_ids: [],
    summary: '',
    next_step: '',
    next_step_due: '',
  };
}

/** Which half of a next step is missing (the server wants both or neither), or null. */
export function nextStepMissing(form: Pick<QuickForm, 'next_step' | 'next_step_due'>): 'next_step' | 'next_step_due' | null {
  const step = form.next_step.trim() !== '';
  const due = form.next_step_due !== '';
  if (step && !due) return 'next_step_due';
  if (due && !step) return 'next_step';
  return null;
}

/** The body of POST /visits, or null while the account or the time is missing. */
export function visitBody(form: QuickForm): VisitCreate | null {
  const occurred = occurredAtFromInput(form.occurred_at);
  if (form.account_id === null || occurred === null) return null;
  const body: VisitCreate = {
    account_id: form.account_id,
    kind: form.kind,
    occurred_at: occurred,
    contact_ids: [...form.contact_ids],
    summary: form.summary.trim(),
  };
  if (form.opportunity_id !== null) body.opportunity_id = form.opportunity_id;
  if (form.next_step.trim() !== '') body.next_step = form.next_step.trim();
  if (form.next_step_due !== '') body.next_step_due = form.next_step_due;
  return body;
}

/** Whole days from one YYYY-MM-DD to another (negative when `to` is before `from`). */
export function daysBetween(from: string, to: string): number {
  if (!DAY.test(from) || !DAY.test(to)) return Number.NaN;
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

export type MetState = 'never' | 'ok' | 'overdue';

/**
 * A meeting's standing against the grade's days on `today` (China): never met, in time (met within
 * `maxDays` days) or overdue — as the server flags an account: a visit on day D is in time through
 * D + maxDays.
 */
export function metState(lastMet: string | null, maxDays: number, today: string): MetState {
  if (!lastMet) return 'never';
  return daysBetween(formatDate(lastMet), today) > maxDays ? 'overdue' : 'ok';
}

/** Each role with its standing; a role nobody on file holds is 'never' but not flagged. */
export function roleStandings(centre: BuyingCentreMap, today: string): { role: BuyingCentreRoleMet; state: MetState; flagged: boolean }[] {
  return centre.roles.map((role) => {
    const state = metState(role.last_met_at, centre.max_days, today);
    return { role, state, flagged: role.contacts.length > 0 && state !== 'ok' };
  });
}

/** "今天", "3 天前" style wording is the page's; this is the number (null for never). */
export function daysAgo(lastMet: string | null, today: string): number | null {
  return lastMet ? daysBetween(formatDate(lastMet), today) : null;
}

export const nextStepTag: (state: string) => TagType = tagTypes(
  { open: 'info', due: 'warning', overdue: 'danger', done: 'success' },
  'info',
);
