import { describe, expect, it } from 'vitest';
import { ApiError } from '@/api/client';
import { createAppI18n } from '@/locales';
import {
  classifyDuplicates,
  compareNullable,
  countdownText,
  duplicateReasonText,
  earliestExpectedDate,
  fenToYuan,
  formatBudget,
  formatDelay,
  formatRate,
  hasHints,
  protectionCountdown,
  registrationCountdown,
  reviewErrorMessage,
  reviewNoteText,
  reviewQueueOrder,
  statusTagType,
  thisMonth,
  wantsDuplicateCheck,
  yuanToFen,
} from '@/views/registrations/registration-format';

const zh = createAppI18n('zh-CN').global;
const en = createAppI18n('en').global;
const translator = { t: zh.t, te: zh.te } as const;
const DAY = 24 * 60 * 60 * 1000;
const NOW = Date.parse('2026-03-10T04:00:00Z');

describe('元 ↔ 分', () => {
  it('turns 元 into whole 分, rounding away binary fractions', () => {
    expect(yuanToFen(1)).toBe(100);
    expect(yuanToFen(0.29)).toBe(29); // 0.29 * 100 = 28.999999999999996
    expect(yuanToFen(1_234_567.89)).toBe(123_456_789);
    expect(yuanToFen(0)).toBe(0);
    expect(yuanToFen(undefined)).toBeUndefined();
    expect(yuanToFen(null)).toBeUndefined();
    expect(yuanToFen(Number.NaN)).toBeUndefined();
  });

  it('turns 分 back into 元 and formats a budget as money', () => {
    expect(fenToYuan(123_456_789)).toBe(1_234_567.89);
    expect(fenToYuan(null)).toBeUndefined();
    expect(formatBudget(125_000_000, 'zh-CN')).toBe('¥1,250,000.00');
    expect(formatBudget(null, 'zh-CN')).toBe('');
    expect(formatBudget(29, 'en')).toMatch(/0\.29/);
  });
});

describe('protection countdown', () => {
  it('counts whole days left, rounded up: 90 days just after approval', () => {
    const until = new Date(NOW + 90 * DAY - 5000).toISOString();
    expect(protectionCountdown(until, NOW)).toEqual({ days: 90, expired: false, urgent: false });
    const c = protectionCountdown(new Date(NOW + 22.5 * DAY).toISOString(), NOW);
    expect(c && countdownText(c, translator)).toBe('保护期剩余 23 天');
    expect(c && countdownText(c, { t: en.t })).toBe('23 days of protection left');
  });

  it('is urgent (red) under 7 days, says so in the last day, and ends', () => {
    expect(protectionCountdown(new Date(NOW + 7 * DAY).toISOString(), NOW)?.urgent).toBe(false);
    expect(protectionCountdown(new Date(NOW + 6 * DAY).toISOString(), NOW)).toEqual({ days: 6, expired: false, urgent: true });
    const last = protectionCountdown(new Date(NOW + 3 * 60 * 60 * 1000).toISOString(), NOW);
    expect(last).toEqual({ days: 1, expired: false, urgent: true });
    expect(last && countdownText(last, translator)).toBe('保护期不足 1 天');
    const over = protectionCountdown(new Date(NOW - 1000).toISOString(), NOW);
    expect(over?.expired).toBe(true);
    expect(over && countdownText(over, translator)).toBe('保护期已到期');
  });

  it('has none without a date, with a bad date, or for a registration that is not approved', () => {
    expect(protectionCountdown(null, NOW)).toBeNull();
    expect(protectionCountdown('not a date', NOW)).toBeNull();
    const until = new Date(NOW + 10 * DAY).toISOString();
    expect(registrationCountdown({ status: 'approved', protected_until: until }, NOW)?.days).toBe(10);
    expect(registrationCountdown({ status: 'lapsed', protected_until: until }, NOW)).toBeNull();
    expect(registrationCountdown({ status: 'converted', protected_until: until }, NOW)).toBeNull();
  });
});

describe('status tags', () => {
  it('gives each status its colour, and an unknown one a plain tag', () => {
    expect(statusTagType('pending')).toBe('primary');
    expect(statusTagType('conflict')).toBe('warning');
    expect(statusTagType('approved')).toBe('success');
    expect(statusTagType('rejected')).toBe('danger');
    expect(statusTagType('lapsed')).toBe('info');
    expect(statusTagType('converted')).toBe('success');
    expect(statusTagType('something_new')).toBe('info');
  });

  it('names every status in both languages', () => {
    for (const status of ['pending', 'conflict', 'approved', 'rejected', 'lapsed', 'converted']) {
      expect(zh.te(`registrations.statuses.${status}`)).toBe(true);
      expect(en.te(`registrations.statuses.${status}`)).toBe(true);
    }
    expect(zh.t('registrations.statuses.converted')).toBe('已转商机');
  });
});

describe('duplicate hints', () => {
  it('sorts candidates into own accounts, another dealer’s account and related units', () => {
    const hints = classifyDuplicates([
      { id: 7, name: '成都市公安局', kind: 'duplicate', score: 1, reason: 'same name in the same division' },
      { kind: 'duplicate', score: 1, reason: 'same credit code' },
      { id: 9, name: '成都市公安局交通管理局', kind: 'related', score: 0.6, reason: 'name contains' },
      { kind: 'related', score: 0.5, reason: 'name contains' },
    ]);
    expect(hints.own.map((c) => c.id)).toEqual([7]);
    expect(hints.outside).toHaveLength(1);
    expect(hints.outside[0]?.name).toBeUndefined();
    expect(hints.related.map((c) => c.id)).toEqual([9, undefined]);
    expect(hasHints(hints)).toBe(true);
    expect(hasHints(classifyDuplicates([]))).toBe(false);
  });

  it('words the duplicate engine’s reasons in Chinese, each part of a list, unknown ones as sent', () => {
    expect(duplicateReasonText('same name', translator)).toBe('名称相同');
    expect(duplicateReasonText('same credit code', translator)).toBe('统一社会信用代码相同');
    expect(duplicateReasonText('abbreviation, place name omitted or shortened', translator)).toBe('使用了简称、省略或简写了地名');
    expect(duplicateReasonText('traditional/simplified', translator)).toBe('繁简体写法不同');
    expect(duplicateReasonText('sub-unit of', translator)).toBe('下属单位');
    expect(duplicateReasonText('sounds alike', translator)).toBe('sounds alike');
    expect(duplicateReasonText('abbreviation, one-character typo', { t: en.t, te: en.te })).toBe('abbreviation, one character apart');
  });

  it('words a reform rename, a merger, a local name and the typos of sound and form (issue 19)', () => {
    expect(duplicateReasonText('renamed in 2018: 环境保护局 → 生态环境局, abbreviation', translator)).toBe(
      '2018年机构改革更名：环境保护局 → 生态环境局、使用了简称',
    );
    expect(duplicateReasonText('merged in 2018: 工商行政管理局 → 市场监督管理局', translator)).toBe(
      '2018年机构改革并入：工商行政管理局 → 市场监督管理局',
    );
    expect(duplicateReasonText('renamed in 2014/2018: 卫生局 → 卫生健康委员会', translator)).toBe(
      '2014/2018年机构改革更名：卫生局 → 卫生健康委员会',
    );
    expect(duplicateReasonText('local name: 规划和自然资源局 = 自然资源局', translator)).toBe('同一机构的地方名称：规划和自然资源局 = 自然资源局');
    expect(duplicateReasonText('district branch written two ways', translator)).toBe('区分局的两种写法');
    expect(duplicateReasonText('homophone typo', translator)).toBe('同音字错写');
    expect(duplicateReasonText('near-form typo', translator)).toBe('形近字错写');
    expect(duplicateReasonText('renamed in 2018: 环境保护局 → 生态环境局', { t: en.t, te: en.te })).toBe(
      'renamed in 2018: 环境保护局 → 生态环境局',
    );
  });

  it('asks only for a name of two characters or more in a chosen division', () => {
    expect(wantsDuplicateCheck('成都', '510100')).toBe(true);
    expect(wantsDuplicateCheck(' 成 ', '510100')).toBe(false);
    expect(wantsDuplicateCheck('成都市公安局', null)).toBe(false);
    expect(wantsDuplicateCheck('成都市公安局', '')).toBe(false);
  });
});

describe('review queue', () => {
  it('puts conflicts first and keeps the server’s order otherwise', () => {
    const queue = reviewQueueOrder([
      { id: 5, status: 'pending' as const },
      { id: 4, status: 'conflict' as const },
      { id: 3, status: 'pending' as const },
      { id: 2, status: 'conflict' as const },
    ]);
    expect(queue.map((r) => r.id)).toEqual([4, 2, 5, 3]);
  });

  it('says what a refused review means', () => {
    const problem = (code: string) => ({ type: 'about:blank', title: 'Conflict', status: 409, code, detail: code });
    expect(reviewErrorMessage(new ApiError(409, problem('registration.protected')), translator)).toBe(
      '该客户同车辆类别已有其他经销商处于保护期内的报备，不能批准',
    );
    expect(reviewErrorMessage(new ApiError(409, problem('version_conflict')), translator)).toMatch(/已被他人处理或修改/);
    expect(reviewErrorMessage(new ApiError(409, problem('registration.not_reviewable')), translator)).toMatch(/不可审核/);
    expect(reviewErrorMessage(new ApiError(403, problem('forbidden')), translator)).toBe('您没有执行此操作的权限');
  });
});

describe('review notes', () => {
  it('translates the note the server writes when another registration wins, and keeps a reviewer’s words', () => {
    expect(reviewNoteText('resolved in favour of registration #7', translator)).toBe('已批准其他经销商的报备（#7），本报备驳回');
    expect(reviewNoteText('resolved in favour of registration #7', { t: en.t })).toMatch(/\(#7\) was approved instead/);
    expect(reviewNoteText('经核实无采购计划', translator)).toBe('经核实无采购计划');
    expect(reviewNoteText(null, translator)).toBeNull();
  });
});

describe('stats formats', () => {
  it('shows rates as percentages and nothing as a dash', () => {
    expect(formatRate(0.857, 'zh-CN')).toBe('85.7%');
    expect(formatRate(1, 'zh-CN')).toBe('100%');
    expect(formatRate(0, 'en')).toBe('0%');
    expect(formatRate(null, 'zh-CN')).toBe('—');
  });

  it('shows the median delay in hours under a day, else in days', () => {
    expect(formatDelay(5, translator)).toBe('5 小时');
    expect(formatDelay(0.25, translator)).toBe('0.3 小时');
    expect(formatDelay(36, translator)).toBe('1.5 天');
    expect(formatDelay(72, translator)).toBe('3 天');
    expect(formatDelay(36, { t: en.t })).toBe('1.5 d');
    expect(formatDelay(null, translator)).toBe('—');
  });

  it('sorts numbers with missing values last', () => {
    const values = [0.5, null, 0.1, undefined, 0.9];
    expect([...values].sort(compareNullable)).toEqual([0.1, 0.5, 0.9, null, undefined]);
  });

  it('starts with this month in China, and knows the earliest expected date', () => {
    expect(thisMonth(new Date('2026-02-10T08:00:00Z'))).toEqual(['2026-02-01', '2026-02-28']);
    expect(thisMonth(new Date('2024-02-10T08:00:00Z'))).toEqual(['2024-02-01', '2024-02-29']);
    // 1 February 01:00 in Shanghai is still 31 January in UTC.
    expect(thisMonth(new Date('2026-01-31T17:00:00Z'))).toEqual(['2026-02-01', '2026-02-28']);
    expect(thisMonth(new Date('2025-12-31T08:00:00Z'))).toEqual(['2025-12-01', '2025-12-31']);
    expect(earliestExpectedDate(new Date('2026-03-10T04:00:00Z'))).toBe('2026-02-07');
  });
});
