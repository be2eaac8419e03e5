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

// ---- the two pyramids ---------------------------------------------------------------------

/** Which pyramid: by count of accounts (apex up), or by value, the delivered units (apex down). */
export type PyramidKind = 'count' | 'value';

export interface PyramidTier {
  grade: Grade;
  /** 0–1: the grade's share of the accounts (count) or of the units (value). */
  share: number;
  /** The tier's corners in a 1 × 1 box, clockwise from top left. */
  points: [number, number][];
  /** Where the tier's label goes (0–1 from the top), spread so that labels do not overlap. */
  labelY: number;
}

/** Labels closer than this (of the height) are pushed apart. */
const LABEL_GAP = 0.17;

/**
 * The tiers of a pyramid as the planning document draws it, key accounts on top: by count an
 * upright triangle, by value an inverted one. Each tier's area is its share (a tier of 20 % of a
 * triangle covers 20 % of it), so a few key accounts make a small apex and much of the value a
 * wide top.
 */
export function pyramidTiers(rows: readonly PyramidRow[], kind: PyramidKind): PyramidTier[] {
  const width = (y: number) => (kind === 'count' ? y : 1 - y);
  /** The depth (0–1 from the top) above which `c` of the area lies. */
  const depth = (c: number) => {
    const clamped = Math.min(1, Math.max(0, c));
    return kind === 'count' ? Math.sqrt(clamped) : 1 - Math.sqrt(1 - clamped);
  };
  const corner = (x: number, y: number): [number, number] => [Math.round(x * 10000) / 10000, Math.round(y * 10000) / 10000];
  let above = 0;
  const tiers = rows.map((row) => {
    const share = kind === 'count' ? row.account_share : row.unit_share;
    const y0 = depth(above);
    above += share;
    const y1 = depth(above);
    const w0 = width(y0);
    const w1 = width(y1);
    return {
      grade: row.grade,
      share,
      points: [corner(0.5 - w0 / 2, y0), corner(0.5 + w0 / 2, y0), corner(0.5 + w1 / 2, y1), corner(0.5 - w1 / 2, y1)],
      labelY: (y0 + y1) / 2,
    };
  });
  // Spread the labels: each at least LABEL_GAP below the one above, and the last within the box.
  for (let i = 1; i < tiers.length; i += 1) tiers[i]!.labelY = Math.max(tiers[i]!.labelY, tiers[i - 1]!.labelY + LABEL_GAP);
  const overflow = (tiers.at(-1)?.labelY ?? 0) - (1 - LABEL_GAP / 2);
  if (overflow > 0) for (const tier of tiers) tier.labelY -= overflow;
  for (let i = tiers.length - 2; i >= 0; i -= 1) tiers[i]!.labelY = Math.min(tiers[i]!.labelY, tiers[i + 1]!.labelY - LABEL_GAP);
  return tiers;
}

/**
 * The captions of the two pyramids, with the shares measured: "数量金字塔：重点客户占客户数的
 * 18%" and "价值金字塔：重点客户贡献交车量的 60%" (or that nothing was delivered).
 */
export function pyramidCaptions(
  pyramid: Pick<Pyramid, 'grades' | 'total_accounts' | 'total_units'>,
  t: (key: string, named?: Record<string, unknown>) => string,
  locale: string,
): { count: string; value: string } | null {
  const reading = paretoReading(pyramid);
  if (!reading) return null;
  return {
    count: t('insights.chart.countCaption', { x: formatShare(reading.accountShare, locale) }),
    value:
      reading.unitShare === null
        ? t('insights.chart.valueCaptionEmpty')
        : t('insights.chart.valueCaption', { y: formatShare(reading.unitShare, locale) }),
  };
}
