// The tender calendar's arithmetic: days left to a bid deadline in calendar days of
// Asia/Shanghai, the tag (red at 3 days or fewer), soonest first, the events of each day and
// the range of days a month's calendar asks for.
import { describe, expect, it } from 'vitest';
import type { Tender } from '@/api/tenders';
import {
  calendarRange,
  daysLeft,
  daysLeftMessage,
  daysLeftTag,
  eventsByDay,
  soonestFirst,
} from '@/views/tenders/tender-format';
import { tenderFixture } from './tenders-fixtures';

describe('daysLeft', () => {
  const deadline = '2026-05-08T09:30:00+08:00';

  it('counts calendar days in Asia/Shanghai, whatever the hour', () => {
    expect(daysLeft(deadline, new Date('2026-05-01T08:00:00+08:00'))).toBe(7);
    expect(daysLeft(deadline, new Date('2026-05-05T23:59:00+08:00'))).toBe(3);
    expect(daysLeft(deadline, new Date('2026-05-07T00:00:00+08:00'))).toBe(1);
    expect(daysLeft(deadline, new Date('2026-05-08T00:01:00+08:00'))).toBe(0);
    expect(daysLeft(deadline, new Date('2026-05-08T12:00:00+08:00'))).toBe(0);
    expect(daysLeft(deadline, new Date('2026-05-09T08:00:00+08:00'))).toBe(-1);
  });

  it('reads both times in Shanghai, not in UTC', () => {
    // 16:30 UTC on the 3rd is 00:30 on the 4th in Shanghai; 18:00 on the 3rd in Shanghai is 10:00 UTC.
    expect(daysLeft('2026-05-03T16:30:00Z', new Date('2026-05-03T10:00:00Z'))).toBe(1);
    // 23:00 UTC on the 2nd is already the 3rd in Shanghai: the same day.
    expect(daysLeft('2026-05-03T09:00:00+08:00', new Date('2026-05-02T23:00:00Z'))).toBe(0);
  });

  it('crosses months and years', () => {
    expect(daysLeft('2026-01-02T10:00:00+08:00', new Date('2025-12-30T10:00:00+08:00'))).toBe(3);
    expect(daysLeft('2026-03-01T10:00:00+08:00', new Date('2026-02-27T10:00:00+08:00'))).toBe(2);
  });

  it('answers null for an unreadable time', () => {
    expect(daysLeft('not a time')).toBeNull();
  });
});

describe('days-left tag', () => {
  it('is red at 3 days or fewer (and once passed), orange within a week, else plain', () => {
    expect(daysLeftTag(-1)).toBe('danger');
    expect(daysLeftTag(0)).toBe('danger');
    expect(daysLeftTag(3)).toBe('danger');
    expect(daysLeftTag(4)).toBe('warning');
    expect(daysLeftTag(7)).toBe('warning');
    expect(daysLeftTag(8)).toBe('info');
    expect(daysLeftTag(14)).toBe('info');
  });

  it('says today, tomorrow, n days or closed', () => {
    expect(daysLeftMessage(0)).toEqual({ key: 'tenders.daysLeft.today', n: 0 });
    expect(daysLeftMessage(1)).toEqual({ key: 'tenders.daysLeft.tomorrow', n: 1 });
    expect(daysLeftMessage(5)).toEqual({ key: 'tenders.daysLeft.days', n: 5 });
    expect(daysLeftMessage(-2)).toEqual({ key: 'tenders.daysLeft.past', n: 2 });
  });
});

describe('tender lists', () => {
  const a = tenderFixture({ id: 1, bid_deadline: '2026-05-10T09:00:00+08:00', opening_at: '2026-05-10T09:30:00+08:00' });
  const b = tenderFixture({ id: 2, bid_deadline: '2026-05-04T17:00:00+08:00', opening_at: null });
  const c = tenderFixture({ id: 3, bid_deadline: '2026-05-04T09:00:00+08:00', opening_at: '2026-05-12T09:00:00+08:00' });

  it('puts the soonest deadline first', () => {
    expect(soonestFirst([a, b, c]).map((t) => t.id)).toEqual([3, 2, 1]);
  });

  it('files deadlines and openings under their Shanghai day, in time order', () => {
    const late = tenderFixture({ id: 4, bid_deadline: '2026-05-03T16:30:00Z', opening_at: null }); // 05-04 00:30 in Shanghai
    const days = eventsByDay([a, b, c, late] as Tender[]);
    expect(days.get('2026-05-04')?.map((e) => [e.kind, e.tender.id])).toEqual([
      ['deadline', 4],
      ['deadline', 3],
      ['deadline', 2],
    ]);
    expect(days.get('2026-05-10')?.map((e) => e.kind)).toEqual(['deadline', 'opening']);
    expect(days.get('2026-05-12')?.map((e) => [e.kind, e.tender.id])).toEqual([['opening', 3]]);
    expect(days.has('2026-05-03')).toBe(false);
  });

  it('asks for the days around the month that the calendar shows', () => {
    expect(calendarRange('2026-05-01')).toEqual({ from: '2026-04-24', to: '2026-06-14' });
    expect(calendarRange('2025-12-15')).toEqual({ from: '2025-11-24', to: '2026-01-14' });
    expect(calendarRange('2024-02-01')).toEqual({ from: '2024-01-25', to: '2024-03-14' });
  });
});
