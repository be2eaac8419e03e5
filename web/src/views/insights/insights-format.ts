// Pure helpers of the value pyramid page (价值金字塔): the month range, the grades in order with
// their shares, the 20/80 reading and the monthly actual sales (实销) with empty months as 0.
import type { DeliverySummaryItem, Pyramid } from '@/api/deliveries';
import { GRADES, type Grade } from '@/api/types';
import { shanghaiDate } from '@/views/registrations/registration-format';

/** GET /deliveries/summary takes at most this many months. */
export const MAX_SUMMARY_MONTHS = 36;

function monthIndex(month: string): number {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return y * 12 + (m - 1);
}

function monthOf(index: number): string {
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The last `n` months up to this one (Asia/Shanghai), YYYY-MM: the server's default is 12. */
export function lastMonths(n = 12, now: Date = new Date()): [string, string] {
  const current = monthIndex(shanghaiDate(now).slice(0, 7));
  return [monthOf(current - n + 1), monthOf(current)];
}

/** Every month from `from` to `to`, both included. */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  for (let i = monthIndex(from); i <= monthIndex(to); i += 1) months.push(monthOf(i));
  return months;
}

export interface PyramidRow {
  grade: Grade;
  accounts: number;
  /** 0–1 of all accounts. */
  account_share: number;
  units: number;
  /** 0–1 of all delivered units (0 when nothing was delivered). */
  unit_share: number;
}

/**
 * The three grades, key → secondary → potential, each present (a grade the server left out has
 * no accounts). Shares are computed here from the counts and totals, so they read the same
 * whether the server sends them as 0–1 or as percentages.
 */
export function pyramidRows(pyramid: Pick<Pyramid, 'grades' | 'total_accounts' | 'total_units'>): PyramidRow[] {
  const totalAccounts = pyramid.total_accounts || pyramid.grades.reduce((sum, g) => sum + g.accounts, 0);
  const totalUnits = pyramid.total_units || pyramid.grades.reduce((sum, g) => sum + g.units, 0);
  return GRADES.map((grade) => {
    const found = pyramid.grades.find((g) => g.grade === grade);
    const accounts = found?.accounts ?? 0;
    const units = found?.units ?? 0;
    return {
      grade,
      accounts,
      account_share: totalAccounts > 0 ? accounts / totalAccounts : 0,
      units,
      unit_share: totalUnits > 0 ? units / totalUnits : 0,
    };
  });
}

export interface ParetoReading {
  /** The key accounts' share of all accounts, 0–1. */
  accountShare: number;
  /** Their share of the delivered units, 0–1; null when nothing was delivered. */
  unitShare: number | null;
}

/** The 20/80 reading: what share of the accounts the key ones are and what share of volume they bring. */
export function paretoReading(pyramid: Pick<Pyramid, 'grades' | 'total_accounts' | 'total_units'>): ParetoReading | null {
  const rows = pyramidRows(pyramid);
  const totalAccounts = rows.reduce((sum, row) => sum + row.accounts, 0);
  if (totalAccounts === 0) return null;
  const key = rows.find((row) => row.grade === 'key');
  const totalUnits = rows.reduce((sum, row) => sum + row.units, 0);
  return { accountShare: key?.account_share ?? 0, unitShare: totalUnits > 0 ? (key?.unit_share ?? 0) : null };
}

/** A share as a percentage with at most one decimal: 0.2 → "20%", 0.8125 → "81.3%". */
export function formatShare(share: number, locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(share);
}

/** "重点客户占 20% 的客户数，贡献 80% 的交车量" (or that nothing was delivered; null without accounts). */
export function paretoSentence(
  pyramid: Pick<Pyramid, 'grades' | 'total_accounts' | 'total_units'>,
  t: (key: string, named?: Record<string, unknown>) => string,
  locale: string,
): string | null {
  const reading = paretoReading(pyramid);
  if (!reading) return null;
  const x = formatShare(reading.accountShare, locale);
  if (reading.unitShare === null) return t('insights.pareto.noUnits', { x });
  return t('insights.pareto.sentence', { x, y: formatShare(reading.unitShare, locale) });
}

/** Units per month over the range, every month present (0 when nothing was delivered). */
export function monthlyUnits(items: readonly DeliverySummaryItem[], from: string, to: string): { month: string; units: number }[] {
  const sums = new Map<string, number>();
  for (const item of items) sums.set(item.month, (sums.get(item.month) ?? 0) + item.units);
  return monthsBetween(from, to).map((month) => ({ month, units: sums.get(month) ?? 0 }));
}
