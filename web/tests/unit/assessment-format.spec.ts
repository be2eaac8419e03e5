import { describe, expect, it } from 'vitest';
import { previousMonth } from '@/api/assessment';
import { scoreText, statusType } from '@/views/assessment/assessment-format';

describe('assessment format', () => {
  it('takes last month in China time, across a year and a midnight', () => {
    expect(previousMonth(new Date('2026-03-15T04:00:00Z'))).toBe('2026-02');
    expect(previousMonth(new Date('2026-01-10T04:00:00Z'))).toBe('2025-12');
    // 2026-02-28 17:00 UTC is March 1st 01:00 in China: last month is February
    expect(previousMonth(new Date('2026-02-28T17:00:00Z'))).toBe('2026-02');
    expect(previousMonth(new Date('2026-02-28T15:00:00Z'))).toBe('2026-01');
  });

  it('shows a score to one decimal and a dash for none', () => {
    expect(scoreText(87.25)).toBe('87.3');
    expect(scoreText(100)).toBe('100.0');
    expect(scoreText(null)).toBe('—');
    expect(scoreText(undefined)).toBe('—');
  });

  it('colours the close by its status', () => {
    expect(statusType('approved')).toBe('success');
    expect(statusType('reviewed')).toBe('primary');
    expect(statusType('compiled')).toBe('warning');
    expect(statusType('draft')).toBe('info');
  });
});
