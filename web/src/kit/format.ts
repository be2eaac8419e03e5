// The one date and money format of the app, the same on every page, board and list:
//   dates   2026-12-03            (a day; timestamps are shown as their day in Asia/Shanghai)
//   times   2026-12-03 18:21      (24-hour clock, Asia/Shanghai, whatever the browser's zone)
//   money   1,250,000 元          (amounts are stored in 分; ".50" only where there are 分)
//   short   125 万元 / 125.5 万元  (where space is short: cards, boards, charts)
// English shows the same dates and digits; its money reads "¥1,250,000" and, short, "¥1.26M".
import type { AppLocale } from '@/locales';

export const TIME_ZONE = 'Asia/Shanghai';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function shanghaiParts(date: Date): Record<string, string> {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(date);
  const out: Record<string, string> = {};
  for (const part of parts) out[part.type] = part.value;
  return out;
}

function asDate(value: string | Date): Date | null {
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** A day as YYYY-MM-DD: a YYYY-MM-DD string as it is, a timestamp as its day in Asia/Shanghai. */
export function formatDate(value: string | Date | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  if (typeof value === 'string' && DAY.test(value)) return value;
  const date = asDate(value);
  if (!date) return String(value);
  const p = shanghaiParts(date);
  return `${p.year}-${p.month}-${p.day}`;
}

/** A moment as "YYYY-MM-DD HH:mm" in Asia/Shanghai (the locale changes nothing). */
export function formatDateTime(value: string | Date | null | undefined, _locale?: AppLocale): string {
  if (value === null || value === undefined || value === '') return '';
  const date = asDate(value);
  if (!date) return String(value);
  const p = shanghaiParts(date);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/** The day in Asia/Shanghai as YYYYMMDD, for file names (`客户列表-20240501.xlsx`). */
export function dateStamp(date: Date = new Date()): string {
  return formatDate(date).replace(/-/g, '');
}

/** Today in Asia/Shanghai, YYYY-MM-DD. */
export function today(now: Date = new Date()): string {
  return formatDate(now);
}

const isAmount = (fen: number | null | undefined): fen is number =>
  fen !== null && fen !== undefined && Number.isFinite(fen);

/** 元 (as typed, up to 2 decimals) → 分 (an integer); nothing typed → undefined. */
export function yuanToFen(yuan: number | null | undefined): number | undefined {
  return isAmount(yuan) ? Math.round(yuan * 100) : undefined;
}

/** 分 → 元 (what el-input-number shows); none → undefined (its "empty"). */
export function fenToYuan(fen: number | null | undefined): number | undefined {
  return isAmount(fen) ? fen / 100 : undefined;
}

/** Money in 元 from 分: "1,250,000 元" ("1,250,000.50 元" where there are 分); "" for none. */
export function formatMoney(fen: number | null | undefined, locale: AppLocale = 'zh-CN'): string {
  if (!isAmount(fen)) return '';
  const yuan = fen / 100;
  const digits = Number.isInteger(yuan) ? 0 : 2;
  const number = new Intl.NumberFormat('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(yuan);
  return locale === 'zh-CN' ? `${number} 元` : `¥${number}`;
}

/**
 * Money where space is short, from 分: "125.5 万元" (at most 2 decimals) in Chinese, "¥1.26M"
 * in English; below 1 万元 it is the full amount. "" for none.
 */
export function formatMoneyShort(fen: number | null | undefined, locale: AppLocale = 'zh-CN'): string {
  if (!isAmount(fen)) return '';
  const yuan = fen / 100;
  if (Math.abs(yuan) < 10_000) return formatMoney(Math.round(fen / 100) * 100, locale);
  if (locale === 'zh-CN') {
    return `${new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 }).format(yuan / 10_000)} 万元`;
  }
  return new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency: 'CNY',
    currencyDisplay: 'narrowSymbol',
    notation: 'compact',
    maximumFractionDigits: 2,
  }).format(yuan);
}

/** 万元 as a plain number for charts and sums: 1,255,000 元 → 125.5. */
export function fenToWan(fen: number): number {
  return Math.round(fen / 100) / 10_000;
}

/** The colours of an el-tag. */
export type TagType = 'primary' | 'success' | 'info' | 'warning' | 'danger';

/** A status → el-tag colour lookup: what `tags` names, else `fallback` (an unknown, newer status). */
export function tagTypes(tags: Readonly<Record<string, TagType>>, fallback: TagType): (status: string) => TagType {
  return (status) => tags[status] ?? fallback;
}
