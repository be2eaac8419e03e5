// The support pages' pure helpers (支持台账): the list's tabs as the address's box, the statuses as
// a comma list (the ledger links to approved,issued,received), the amount of a material or tool
// (quantity × cost), HQ's gift allowance checked before sending and the server's gift.over_limit
// read back, the form's body, the prefill from an account's contact, the request's timeline, why a
// rejected or cancelled one ended, and the ledger's month as the list's filter. Every day here is
// in the past (the date lint).
import { describe, expect, it } from 'vitest';
import { ApiError } from '@/api/client';
import { requestQuery, type GiftAllowance, type SupportRequest } from '@/api/support';
import {
  closingReason,
  emptyRequestForm,
  giftOverLimits,
  giftQuery,
  hqVisitStatusType,
  itemAmountFen,
  kindType,
  ledgerListQuery,
  ledgerYears,
  monthDays,
  monthNumber,
  noteStatusType,
  overLimitsOf,
  requestBody,
  requestPrefill,
  requestStatusType,
  requestTimeline,
  statusFilter,
  statusList,
  tabFilters,
  tabOf,
  tabsFor,
  TABS,
  yearDays,
} from '@/views/support/support-format';

function allowance(overrides: Partial<GiftAllowance> = {}): GiftAllowance {
  return {
    contact_id: 9,
    year: 2025,
    limit_fen: 100_000,
    count_limit: 4,
    given_fen: 80_000,
    given_count: 2,
    remaining_fen: 20_000,
    remaining_count: 2,
    ...overrides,
  };
}

function request(overrides: Partial<SupportRequest> = {}): SupportRequest {
  return {
    id: 5,
    kind: 'material',
    unit_id: 30,
    unit_name: '成都鑫达',
    requested_by: 7,
    requested_by_name: '杨帆',
    item_id: 2,
    item_name: '江铃执法车展架',
    unit_label: '套',
    gift_kind: null,
    description: '',
    quantity: 3,
    amount_fen: 150_000,
    account_id: null,
    account_name: null,
    contact_id: null,
    contact_name: null,
    purpose: '雅安巡展',
    day: '2025-03-04',
    status: 'pending',
    required_level: 'province',
    next_level: 'province',
    next_unit_id: 20,
    next_unit_name: '四川省',
    approvals: [],
    issued_at: null,
    issued_by_name: null,
    received_at: null,
    received_by_name: null,
    received_note: null,
    closing_note: null,
    can_approve: false,
    can_issue: false,
    can_receive: false,
    can_cancel: true,
    version: 1,
    created_at: '2025-03-04T02:00:00Z',
    updated_at: '2025-03-04T02:00:00Z',
    ...overrides,
  };
}

describe('status colours', () => {
  it('colours a request by where it stands', () => {
    expect(requestStatusType('pending')).toBe('warning');
    expect(requestStatusType('approved')).toBe('primary');
    expect(requestStatusType('issued')).toBe('primary');
    expect(requestStatusType('received')).toBe('success');
    expect(requestStatusType('rejected')).toBe('danger');
    expect(requestStatusType('cancelled')).toBe('info');
    expect(kindType('gift')).toBe('warning');
    expect(kindType('material')).toBe('primary');
  });

  it('colours HQ visits (overdue red) and policy notes', () => {
    expect(hqVisitStatusType('planned')).toBe('primary');
    expect(hqVisitStatusType('planned', true)).toBe('danger');
    expect(hqVisitStatusType('done')).toBe('success');
    expect(hqVisitStatusType('cancelled')).toBe('info');
    expect(noteStatusType('submitted')).toBe('warning');
    expect(noteStatusType('useful')).toBe('success');
    expect(noteStatusType('not_useful')).toBe('info');
  });
});

describe('the list’s tabs and filters', () => {
  it('reads the tab from the box and sets the box from the tab', () => {
    expect(tabOf({ box: '' })).toBe('all');
    expect(tabOf({ box: 'to_approve' })).toBe('to_approve');
    expect(tabOf({ box: 'nonsense' })).toBe('all');
    for (const tab of TABS) expect(tabOf(tabFilters(tab))).toBe(tab);
    expect(tabFilters('all')).toEqual({ box: '' });
  });

  it('offers each tab to those who take its step', () => {
    const rep = new Set(['support.read', 'support.request', 'support.feedback']);
    expect(tabsFor((p) => rep.has(p))).toEqual(['all', 'to_issue', 'to_receive', 'mine']);
    const am = new Set(['support.read', 'support.request', 'support.approve']);
    expect(tabsFor((p) => am.has(p))).toEqual(['all', 'to_approve', 'to_issue', 'to_receive', 'mine']);
    const staff = new Set(['support.read', 'support.stock']);
    expect(tabsFor((p) => staff.has(p))).toEqual(['all', 'to_issue']);
    const rd = new Set(['support.read', 'support.approve']);
    expect(tabsFor((p) => rd.has(p))).toEqual(['all', 'to_approve']);
  });

  it('keeps known statuses in their order, as the ledger’s links write them', () => {
    expect(statusList('received,approved,issued')).toEqual(['approved', 'issued', 'received']);
    expect(statusList('pending, bogus,,')).toEqual(['pending']);
    expect(statusFilter.parse('received,approved,issued')).toBe('approved,issued,received');
    expect(statusFilter.parse('bogus')).toBe('');
    expect(statusFilter.serialize('')).toBe('');
  });

  it('sends nothing empty', () => {
    expect(requestQuery({ kind: 'gift', contact_id: 9, status: '', from: '' })).toEqual({
      kind: 'gift',
      status: undefined,
      unit_id: undefined,
      account_id: undefined,
      contact_id: 9,
      from: undefined,
      to: undefined,
      box: undefined,
    });
  });
});

describe('the request form', () => {
  it('works out a material’s amount as quantity × cost, once both are known', () => {
    expect(itemAmountFen({ unit_cost_fen: 50_000 }, 3)).toBe(150_000);
    expect(itemAmountFen({ unit_cost_fen: 1_250 }, 12)).toBe(15_000);
    expect(itemAmountFen(null, 3)).toBeNull();
    expect(itemAmountFen({ unit_cost_fen: 50_000 }, undefined)).toBeNull();
    expect(itemAmountFen({ unit_cost_fen: 50_000 }, 0)).toBeNull();
  });

  it('refuses a gift beyond the contact’s yearly amount, and one gift too many', () => {
    // ¥800 given of ¥1,000: ¥200 more fits, ¥200.01 does not
    expect(giftOverLimits(allowance(), 20_000)).toEqual([]);
    expect(giftOverLimits(allowance(), 20_001)).toEqual([
      { field: 'amount_fen', reason: 'amount', limit_fen: 100_000, given_fen: 80_000, count_limit: 4, given_count: 2 },
    ]);
    // four gifts already: a fifth is refused whatever its amount (beside the contact, as the server does)
    expect(giftOverLimits(allowance({ given_count: 4, given_fen: 10_000 }), 100).map((o) => [o.field, o.reason])).toEqual([['contact_id', 'count']]);
    expect(giftOverLimits(allowance({ given_count: 4 }), 50_000).map((o) => o.reason)).toEqual(['count', 'amount']);
    expect(giftOverLimits(allowance({ given_count: 3, given_fen: 0 }), 100_000)).toEqual([]);
    expect(giftOverLimits(null, 1_000_000)).toEqual([]);
    expect(giftOverLimits(allowance(), null)).toEqual([]);
  });

  it('reads the server’s gift.over_limit back with its figures, beside each field it names', () => {
    const problem = (fields: string[], extra: Record<string, unknown>) =>
      new ApiError(422, {
        type: 'about:blank',
        title: 'Unprocessable Entity',
        status: 422,
        code: 'gift.over_limit',
        detail: 'over the limit',
        errors: fields.map((field) => ({ field, code: 'invalid_value', message: 'exceeds the limit of ¥1,000 per contact and year: ¥800 given in 2025' })),
        ...extra,
      });
    const figures = { limit_fen: 100_000, given_fen: 80_000, count_limit: 4, given_count: 2 };
    expect(overLimitsOf(problem(['amount_fen'], figures))).toEqual([{ field: 'amount_fen', reason: 'amount', ...figures }]);
    expect(overLimitsOf(problem(['amount_fen', 'contact_id'], { ...figures, given_count: 4 })).map((o) => [o.field, o.reason, o.given_count])).toEqual([
      ['amount_fen', 'amount', 4],
      ['contact_id', 'count', 4],
    ]);
    // the notes name the quantity for the count: taken too
    expect(overLimitsOf(problem(['quantity'], figures)).map((o) => [o.field, o.reason])).toEqual([['quantity', 'count']]);
    // without the figures the server's own words stay
    expect(overLimitsOf(problem(['amount_fen'], {}))).toEqual([]);
    expect(overLimitsOf(new ApiError(409, { type: 'about:blank', title: 'Conflict', status: 409, code: 'support.state', detail: '' }))).toEqual([]);
    expect(overLimitsOf(new Error('x'))).toEqual([]);
  });

  it('sends a material by its item and a gift by its contact, 元 as 分, the own unit left out', () => {
    const material = emptyRequestForm({ item_id: 2, quantity: 3, unit_id: 30, purpose: '  雅安巡展 ' });
    expect(requestBody(material, 30)).toEqual({ kind: 'material', quantity: 3, item_id: 2, purpose: '雅安巡展' });
    expect(requestBody({ ...material, unit_id: 31, purpose: '' }, 30)).toEqual({ kind: 'material', quantity: 3, item_id: 2, unit_id: 31 });
    const gift = emptyRequestForm({ kind: 'gift', gift_kind: 'pr', account_id: 4, contact_id: 9, description: ' 茶叶礼盒 ', quantity: 2, amount_yuan: 199.5 });
    expect(requestBody(gift, null)).toEqual({ kind: 'gift', quantity: 2, gift_kind: 'pr', description: '茶叶礼盒', amount_fen: 19_950, contact_id: 9 });
  });

  it('starts from the contact a page opened it for', () => {
    expect(requestPrefill({ kind: 'gift', account_id: '4', contact_id: '9' })).toEqual({ kind: 'gift', account_id: 4, contact_id: 9 });
    expect(requestPrefill({ kind: 'bogus', contact_id: '9' })).toEqual({});
    expect(requestPrefill({ account_id: '0' })).toEqual({});
    expect(requestPrefill(giftQuery(4, 9))).toEqual({ kind: 'gift', account_id: 4, contact_id: 9 });
  });
});

describe('a request’s timeline', () => {
  it('says who decides next while it waits', () => {
    expect(requestTimeline(request()).map((e) => [e.action, e.name, e.level])).toEqual([
      ['requested', '杨帆', null],
      ['waiting', '四川省', 'province'],
    ]);
    expect(requestTimeline(request())[0]?.note).toBe('雅安巡展');
  });

  it('lists the levels’ decisions, the issue and the receipt in order', () => {
    const done = request({
      status: 'received',
      next_level: null,
      approvals: [
        { level: 'province', decision: 'approved', user_name: '刘洋', note: null, at: '2025-03-05T01:00:00Z' },
        { level: 'region', decision: 'approved', user_name: '王强', note: '同意', at: '2025-03-06T01:00:00Z' },
      ],
      issued_at: '2025-03-07T01:00:00Z',
      issued_by_name: '陈静',
      received_at: '2025-03-10T01:00:00Z',
      received_by_name: '杨帆',
      received_note: '已到货',
    });
    expect(requestTimeline(done).map((e) => e.action)).toEqual(['requested', 'approved', 'approved', 'issued', 'received']);
    expect(requestTimeline(done)[2]).toMatchObject({ level: 'region', name: '王强', note: '同意' });
    expect(requestTimeline(done)[4]).toMatchObject({ name: '杨帆', note: '已到货' });
  });

  it('ends a rejected one at its rejection and a withdrawn one at its cancellation', () => {
    const rejected = request({
      status: 'rejected',
      next_level: null,
      approvals: [{ level: 'province', decision: 'rejected', user_name: '刘洋', note: '预算不足', at: '2025-03-05T01:00:00Z' }],
    });
    expect(requestTimeline(rejected).map((e) => e.action)).toEqual(['requested', 'rejected']);
    const cancelled = request({ status: 'cancelled', next_level: null, updated_at: '2025-03-05T08:00:00Z', closing_note: '活动取消' });
    expect(requestTimeline(cancelled).at(-1)).toMatchObject({ action: 'cancelled', at: '2025-03-05T08:00:00Z', note: '活动取消' });
  });
});

describe('why a request ended', () => {
  const rejection = { level: 'province', decision: 'rejected', user_name: '刘洋', note: '预算不足', at: '2025-03-05T01:00:00Z' } as const;

  it('gives the closing note of a rejected or cancelled request', () => {
    expect(closingReason(request({ status: 'rejected', closing_note: '超出预算', approvals: [rejection] }))).toEqual({ status: 'rejected', note: '超出预算' });
    expect(closingReason(request({ status: 'cancelled', closing_note: ' 活动取消 ' }))).toEqual({ status: 'cancelled', note: '活动取消' });
  });

  it('falls back to the rejecting level’s note when the request has no closing note', () => {
    const approved = { ...rejection, decision: 'approved', note: '同意' } as const;
    expect(closingReason(request({ status: 'rejected', approvals: [approved, rejection] }))).toEqual({ status: 'rejected', note: '预算不足' });
    expect(closingReason(request({ status: 'cancelled', approvals: [approved] }))).toBeNull();
  });

  it('says nothing for a request still under way or done, whatever its note', () => {
    for (const status of ['pending', 'approved', 'issued', 'received'] as const) {
      expect(closingReason(request({ status, closing_note: '旧原因' }))).toBeNull();
    }
    expect(closingReason(request({ status: 'rejected', closing_note: '  ' }))).toBeNull();
  });
});

describe('the ledger', () => {
  it('knows each month’s days, leap Februaries too', () => {
    expect(monthDays('2025-02')).toEqual({ from: '2025-02-01', to: '2025-02-28' });
    expect(monthDays('2024-02')).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(monthDays('2025-12')).toEqual({ from: '2025-12-01', to: '2025-12-31' });
    expect(yearDays(2025)).toEqual({ from: '2025-01-01', to: '2025-12-31' });
    expect(monthNumber('2025-03')).toBe(3);
  });

  it('links a month’s figure to the requests it counts', () => {
    expect(ledgerListQuery(30, { month: '2025-04' }, { kind: 'material' })).toEqual({
      unit_id: '30',
      from: '2025-04-01',
      to: '2025-04-30',
      status: 'approved,issued,received',
      kind: 'material',
    });
    expect(ledgerListQuery(30, { year: 2025 }, { pending: true })).toEqual({ unit_id: '30', from: '2025-01-01', to: '2025-12-31', status: 'pending' });
    // the link's statuses are the list's filter as it parses them
    expect(statusFilter.parse(ledgerListQuery(30, { month: '2025-04' }).status!)).toBe('approved,issued,received');
  });

  it('offers this year and the four before it', () => {
    expect(ledgerYears(2025)).toEqual([2025, 2024, 2023, 2022, 2021]);
  });
});
