import { describe, expect, it } from 'vitest';
import { dateStamp, formatDate, formatDateTime, formatMoney, formatMoneyShort } from '@/kit/format';

describe('kit format', () => {
  it('shows a moment as YYYY-MM-DD HH:mm in Asia/Shanghai, whatever the locale', () => {
    expect(formatDateTime('2024-05-01T10:21:00Z')).toBe('2024-05-01 18:21');
    expect(formatDateTime('2024-05-01T10:21:00Z', 'en')).toBe('2024-05-01 18:21');
    // past midnight in Shanghai is the next day
    expect(formatDateTime('2024-04-30T16:05:00Z')).toBe('2024-05-01 00:05');
    expect(formatDateTime(null)).toBe('');
    expect(formatDateTime('not a date')).toBe('not a date');
  });

  it('shows a day as YYYY-MM-DD: a day as it is, a timestamp as its day in Shanghai', () => {
    expect(formatDate('2024-05-01')).toBe('2024-05-01');
    expect(formatDate('2024-04-30T16:05:00Z')).toBe('2024-05-01');
    expect(formatDate(undefined)).toBe('');
    expect(dateStamp(new Date('2024-04-30T16:05:00Z'))).toBe('20240501');
  });

  it('shows money in 元 from 分, with 分 only where there are some', () => {
    expect(formatMoney(125_000_000)).toBe('1,250,000 元');
    expect(formatMoney(125_000_050)).toBe('1,250,000.50 元');
    expect(formatMoney(125_000_000, 'en')).toBe('¥1,250,000');
    expect(formatMoney(null)).toBe('');
    expect(formatMoney(0)).toBe('0 元');
  });

  it('shows money in 万元 where space is short, the full amount below 1 万', () => {
    expect(formatMoneyShort(125_500_000)).toBe('125.5 万元');
    expect(formatMoneyShort(125_000_000)).toBe('125 万元');
    expect(formatMoneyShort(123_456_789)).toBe('123.46 万元');
    expect(formatMoneyShort(950_000)).toBe('9,500 元');
    expect(formatMoneyShort(125_500_000, 'en')).toBe('¥1.26M');
    expect(formatMoneyShort(undefined)).toBe('');
  });
});
