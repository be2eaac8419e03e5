// Pure helpers of the registration (报备) pages: 元 ↔ 分, the protection countdown, status tags,
// the classification of live duplicate hints, the review queue's order and the stats formats.
import { ApiError } from '@/api/client';
import type { Registration, RegistrationStatus } from '@/api/registrations';
import type { DuplicateCandidate } from '@/api/types';
import type { AppLocale } from '@/locales';
import { errorMessage, type Translator } from '@/utils/error-message';
import { fenToYuan, tagTypes, type TagType } from '@/kit/format';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Fewer days of protection than this left: the countdown turns red. */
export const URGENT_DAYS = 7;

export { fenToYuan, yuanToFen } from '@/kit/format';

/** A budget as money: "¥1,250,000.00" (empty when there is none). */
export function formatBudget(fen: number | null | undefined, locale: AppLocale): string {
  const yuan = fenToYuan(fen);
  if (yuan === undefined) return '';
  return new Intl.NumberFormat(locale, { style: 'currency', currency: 'CNY', minimumFractionDigits: 2 }).format(yuan);
}

export type { TagType } from '@/kit/format';

/** The el-tag type of a status; an unknown (newer) status is plain. */
export const statusTagType = tagTypes(
  { pending: 'primary', conflict: 'warning', approved: 'success', rejected: 'danger', lapsed: 'info', converted: 'success' } satisfies Record<RegistrationStatus, TagType>,
  'info',
);

export interface Countdown {
  /** Whole days left, rounded up (a registration approved today for 90 days shows 90). */
  days: number;
  expired: boolean;
  /** Fewer than URGENT_DAYS days left (shown in red). */
  urgent: boolean;
}

/** The protection left until `protectedUntil` (RFC 3339), or null when there is none. */
export function protectionCountdown(protectedUntil: string | null | undefined, now: number = Date.now()): Countdown | null {
  if (!protectedUntil) return null;
  const until = Date.parse(protectedUntil);
  if (Number.isNaN(until)) return null;
  const left = until - now;
  if (left <= 0) return { days: 0, expired: true, urgent: true };
  const days = Math.ceil(left / DAY_MS);
  return { days, expired: false, urgent: days < URGENT_DAYS };
}

/** "保护期剩余 23 天" / "保护期不足 1 天" / "保护期已到期". */
export function countdownText(countdown: Countdown, { t }: Pick<Translator, 't'>): string {
  if (countdown.expired) return t('registrations.protection.expired');
  if (countdown.days <= 1) return t('registrations.protection.lastDay');
  return t('registrations.protection.remaining', { n: countdown.days });
}

/** The countdown is shown for approved registrations only (a lapsed one says so by its status). */
export function registrationCountdown(registration: Pick<Registration, 'status' | 'protected_until'>, now?: number): Countdown | null {
  return registration.status === 'approved' ? protectionCountdown(registration.protected_until, now) : null;
}

export type ScopedCandidate = DuplicateCandidate & { id: number };

export interface DuplicateHints {
  /** The same organisation, an account in the caller's scope: register that one instead. */
  own: ScopedCandidate[];
  /** The same organisation, owned by another dealer (no name given): a conflict on submitting. */
  outside: DuplicateCandidate[];
  /** Related units (关联单位): a hint only. */
  related: DuplicateCandidate[];
}

export function classifyDuplicates(candidates: readonly DuplicateCandidate[]): DuplicateHints {
  const hints: DuplicateHints = { own: [], outside: [], related: [] };
  for (const candidate of candidates) {
    if (candidate.kind === 'related') hints.related.push(candidate);
    else if (typeof candidate.id === 'number') hints.own.push({ ...candidate, id: candidate.id });
    else hints.outside.push(candidate);
  }
  return hints;
}

export function hasHints(hints: DuplicateHints): boolean {
  return hints.own.length + hints.outside.length + hints.related.length > 0;
}

/**
 * The duplicate engine's reason in the UI language: "same name", "same credit code",
 * "abbreviation, place name omitted or shortened", "branch of", … (each part of a list on its
 * own); a part not known here is shown as sent.
 */
export function duplicateReasonText(reason: string, { t, te }: Translator): string {
  const parts = reason.split(/\s*,\s*/).filter(Boolean);
  const separator = t('registrations.duplicates.reasonSeparator');
  return parts
    .map((part) => {
      // a reform rename or merger (issue 19): "renamed in 2018: 环境保护局 → 生态环境局"
      const renamed = /^(renamed|merged) in ([0-9/]+): (.+) → (.+)$/.exec(part);
      if (renamed) return t(`registrations.duplicateRenamed.${renamed[1]}`, { years: renamed[2], from: renamed[3], to: renamed[4] });
      const variant = /^local name: (.+) = (.+)$/.exec(part);
      if (variant) return t('registrations.duplicateRenamed.variant', { from: variant[1], to: variant[2] });
      const slug = part.replace(/[^a-z0-9]+/gi, '_').replace(/^_|_$/g, '').toLowerCase();
      for (const key of [`registrations.duplicateReasons.${slug}`, `accounts.duplicates.reasons.${slug}`]) {
        if (te(key)) return t(key);
      }
      return part;
    })
    .join(separator);
}

/** When to ask for duplicate hints: a name of at least 2 characters in a chosen division. */
export function wantsDuplicateCheck(name: string, divisionCode: string | null | undefined): boolean {
  return [...name.trim()].length >= 2 && Boolean(divisionCode);
}

/** The review queue: conflicts first, otherwise in the server's order (newest first). */
export function reviewQueueOrder<T extends Pick<Registration, 'status'>>(items: readonly T[]): T[] {
  return [...items.filter((item) => item.status === 'conflict'), ...items.filter((item) => item.status !== 'conflict')];
}

/** The server's reason for a conflict in the UI language (or as sent, when unknown). */
export function conflictReasonText(reason: string, { t, te }: Translator): string {
  const key = `registrations.conflictReasons.${reason}`;
  return te(key) ? t(key) : reason;
}

/**
 * A review note as the reader's language has it: the note the server writes when approving
 * another registration rejects this one ("resolved in favour of registration #7") is
 * translated; a reviewer's own words are shown as written.
 */
export function reviewNoteText(note: string | null | undefined, { t }: Pick<Translator, 't'>): string | null {
  if (!note) return null;
  const resolved = /^resolved in favour of registration #(\d+)$/i.exec(note.trim());
  return resolved ? t('registrations.detail.resolvedInFavour', { id: resolved[1] }) : note;
}

// ---- stats -------------------------------------------------------------------------------

/** 0–1 as a percentage, "85.7%"; none → "—". */
export function formatRate(rate: number | null | undefined, locale: AppLocale): string {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return '—';
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(rate);
}

function trimmed(value: number): string {
  return String(Math.round(value * 10) / 10);
}

/** Hours as "5 小时" under a day, else "1.5 天"; none → "—". */
export function formatDelay(hours: number | null | undefined, { t }: Pick<Translator, 't'>): string {
  if (hours === null || hours === undefined || !Number.isFinite(hours)) return '—';
  if (hours < 24) return t('registrations.stats.hours', { n: trimmed(hours) });
  return t('registrations.stats.days', { n: trimmed(hours / 24) });
}

/** Sorts numbers ascending with missing values last, for el-table's `sort-method`. */
export function compareNullable(a: number | null | undefined, b: number | null | undefined): number {
  const missingA = a === null || a === undefined;
  const missingB = b === null || b === undefined;
  if (missingA || missingB) return missingA === missingB ? 0 : missingA ? 1 : -1;
  return a - b;
}

/** A day in Asia/Shanghai as YYYY-MM-DD. */
export function shanghaiDate(date: Date): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** The current month in Asia/Shanghai: its first and last day, YYYY-MM-DD. */
export function thisMonth(now: Date = new Date()): [string, string] {
  const today = shanghaiDate(now);
  const [year, month] = today.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const mm = String(month).padStart(2, '0');
  return [`${year}-${mm}-01`, `${year}-${mm}-${String(last).padStart(2, '0')}`];
}

/** The earliest expected date the server accepts: today − 31 days (YYYY-MM-DD). */
export function earliestExpectedDate(now: Date = new Date()): string {
  return shanghaiDate(new Date(now.getTime() - 31 * DAY_MS));
}

/**
 * A review's failure as a sentence: `registration.protected`, `registration.not_reviewable`
 * and `version_conflict` in this module's words, anything else as everywhere else.
 */
export function reviewErrorMessage(error: unknown, translator: Translator): string {
  if (error instanceof ApiError && error.code) {
    const key = `registrations.errors.${error.code.replace(/^registration\./, '')}`;
    if (translator.te(key)) return translator.t(key);
  }
  return errorMessage(error, translator);
}
