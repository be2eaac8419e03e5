import { describe, expect, it } from 'vitest';
import {
  addDays,
  assessmentEvidence,
  daysBetween,
  dueState,
  raisePrefill,
  raiseQuery,
  recipientGroups,
  statusType,
  tabFilters,
  tabOf,
  tabsFor,
  TABS,
} from '@/views/rectification/rectification-format';

describe('rectification orders: status and due day', () => {
  it('colours the statuses: waiting for an answer amber, for verification blue, closed green, withdrawn grey', () => {
    expect(statusType('open')).toBe('warning');
    expect(statusType('responded')).toBe('primary');
    expect(statusType('closed')).toBe('success');
    expect(statusType('cancelled')).toBe('info');
    expect(statusType('something_new')).toBe('info');
  });

  it('counts days between calendar days across months and years', () => {
    expect(daysBetween('2026-11-28', '2026-12-03')).toBe(5);
    expect(daysBetween('2025-12-31', '2026-01-01')).toBe(1);
    expect(daysBetween('2026-03-01', '2026-02-27')).toBe(-2);
    expect(daysBetween('2026-03-01', 'soon')).toBeNull();
    expect(addDays('2025-12-30', 3)).toBe('2026-01-02');
    expect(addDays('2026-02-27', 180)).toBe('2026-08-26');
  });

  it('says how an open order stands against its due day, and nothing once answered', () => {
    const today = '2026-11-03';
    expect(dueState({ status: 'open', due_date: '2026-11-10', overdue: false }, today)).toEqual({ state: 'left', days: 7 });
    expect(dueState({ status: 'open', due_date: '2026-11-03', overdue: false }, today)).toEqual({ state: 'today', days: 0 });
    expect(dueState({ status: 'open', due_date: '2026-10-31', overdue: true }, today)).toEqual({ state: 'overdue', days: 3 });
    // the browser's clock says a day is left, the server says it is late (its China day): the server wins
    expect(dueState({ status: 'open', due_date: '2026-11-04', overdue: true }, today)).toEqual({ state: 'overdue', days: 1 });
    expect(dueState({ status: 'responded', due_date: '2026-11-01', overdue: false }, today)).toEqual({ state: 'done', days: 0 });
    expect(dueState({ status: 'closed', due_date: '2026-11-01' }, today).state).toBe('done');
  });
});

describe('rectification orders: the list’s tabs are the address’s filters', () => {
  it('reads the tab from the filters: overdue first, then the box, else 全部', () => {
    expect(tabOf({ box: 'to_answer', overdue: false })).toBe('to_answer');
    expect(tabOf({ box: 'to_verify', overdue: false })).toBe('to_verify');
    expect(tabOf({ box: 'raised', overdue: false })).toBe('raised');
    expect(tabOf({ box: '', overdue: true })).toBe('overdue');
    expect(tabOf({ box: 'raised', overdue: true })).toBe('overdue');
    expect(tabOf({ box: '', overdue: false })).toBe('all');
    expect(tabOf({ box: 'nonsense', overdue: false })).toBe('all');
  });

  it('sets the filters of the home page’s to-dos for its tabs, and reads them back', () => {
    expect(tabFilters('to_answer')).toEqual({ box: 'to_answer', overdue: false, status: 'open' });
    expect(tabFilters('to_verify')).toEqual({ box: 'to_verify', overdue: false, status: '' });
    expect(tabFilters('raised')).toEqual({ box: 'raised', overdue: false, status: '' });
    expect(tabFilters('overdue')).toEqual({ box: '', overdue: true, status: '' });
    expect(tabFilters('all')).toEqual({ box: '', overdue: false, status: '' });
    for (const tab of TABS) expect(tabOf(tabFilters(tab))).toBe(tab);
  });

  it('gives answering tabs to those who answer and verifying ones to raisers', () => {
    const holding = (...held: string[]) => (p: string) => held.includes(p);
    expect(tabsFor(holding('rectification.read', 'rectification.respond'))).toEqual(['to_answer', 'overdue', 'all']);
    expect(tabsFor(holding('rectification.read', 'rectification.raise'))).toEqual(['to_verify', 'raised', 'overdue', 'all']);
    expect(tabsFor(holding('rectification.read'))).toEqual(['overdue', 'all']);
  });
});

describe('rectification orders: raising one', () => {
  it('takes the evidence and the unit from the address, and ignores what the server would refuse', () => {
    expect(raisePrefill({ evidence_kind: 'assessment', evidence_ref: '2026-11/5', unit_id: '12' })).toEqual({
      evidence: { kind: 'assessment', ref: '2026-11/5' },
      unitId: 12,
    });
    expect(raisePrefill({ evidence_kind: 'report', evidence_ref: ['7', '8'] })).toEqual({ evidence: { kind: 'report', ref: '7' }, unitId: null });
    expect(raisePrefill({ evidence_kind: 'visit', evidence_ref: '3', unit_id: '0' })).toEqual({ evidence: null, unitId: null });
    expect(raisePrefill({ evidence_kind: 'account' })).toEqual({ evidence: null, unitId: null });
    expect(raisePrefill({ evidence_kind: 'account', evidence_ref: 'x'.repeat(41), unit_id: '3a' })).toEqual({ evidence: null, unitId: null });
  });

  it('writes the address of the raise form for a person’s month', () => {
    const ref = assessmentEvidence('2026-11', 5);
    expect(ref).toBe('2026-11/5');
    expect(raiseQuery('assessment', ref, 12)).toEqual({ evidence_kind: 'assessment', evidence_ref: '2026-11/5', unit_id: '12' });
    expect(raiseQuery('report', '7', null)).toEqual({ evidence_kind: 'report', evidence_ref: '7' });
    expect(raisePrefill(raiseQuery('assessment', ref, 12))).toEqual({ evidence: { kind: 'assessment', ref }, unitId: 12 });
  });

  it('offers the active provinces, each followed by its dealers, and no unit above a province', () => {
    const units = [
      { id: 1, name: '总部', kind: 'hq', parent_id: null, active: true },
      { id: 2, name: '西南大区', kind: 'region', parent_id: 1, active: true },
      { id: 4, name: '重庆市', kind: 'province', parent_id: 2, active: true },
      { id: 3, name: '四川省', kind: 'province', parent_id: 2, active: true },
      { id: 11, name: '自贡众诚汽车贸易有限公司', kind: 'dealer', parent_id: 3, active: true },
      { id: 10, name: '成都鑫达汽车销售服务有限公司', kind: 'dealer', parent_id: 3, active: true },
      { id: 12, name: '绵阳旧店', kind: 'dealer', parent_id: 3, active: false },
      { id: 20, name: '他省经销商', kind: 'dealer', parent_id: 99, active: true },
    ];
    const groups = recipientGroups(units);
    expect(groups.map((g) => g.label)).toEqual(['重庆市', '四川省', '他省经销商']); // by pinyin: chong, si
    expect(groups[1]!.options.map((o) => [o.id, o.kind])).toEqual([
      [3, 'province'],
      [10, 'dealer'],
      [11, 'dealer'],
    ]);
    expect(groups[0]!.options.map((o) => o.id)).toEqual([4]);
    expect(groups[2]!.options).toEqual([{ id: 20, name: '他省经销商', kind: 'dealer' }]);
  });
});
