// The satisfaction pages' pure helpers: the tabs of the follow-up and complaint lists as the
// filters of the address (the home page's to-dos land on their tab), the complaint list's query
// (its export's too), due days, scores as text, the board's default months, its chart's series
// and the list a figure of the board opens.
import { describe, expect, it, vi } from 'vitest';
import type { SatisfactionMonth } from '@/api/satisfaction';
import { complaintQuery, exportComplaints, followupQuery } from '@/api/satisfaction';
import {
  addDays,
  boardMonths,
  canDrill,
  chartData,
  complaintListFilter,
  complaintRules,
  complaintStatusType,
  complaintTabFilters,
  complaintTabOf,
  complaintTabsFor,
  COMPLAINT_TABS,
  dueState,
  followupListQuery,
  followupStatusType,
  followupTabFilters,
  followupTabOf,
  followupTabsFor,
  FOLLOWUP_TABS,
  formatScore,
  groupScope,
  isLowScore,
  scoresText,
} from '@/views/satisfaction/satisfaction-format';
import { today } from '@/kit';

const day = today();

describe('the follow-up list’s tabs', () => {
  it('reads the home page’s to-dos and the board’s links as their tab', () => {
    expect(followupTabOf({ due: true, low: '', status: '' })).toBe('due'); // followups_due: ?due=true
    expect(followupTabOf({ due: false, low: 'unreviewed', status: '' })).toBe('low'); // low_scores_to_review
    expect(followupTabOf({ due: false, low: '', status: 'done' })).toBe('done'); // the board's 回访数
    expect(followupTabOf({ due: false, low: 'all', status: 'done' })).toBe('done'); // the board's 低分
    expect(followupTabOf({ due: false, low: '', status: '' })).toBe('all');
    expect(followupTabOf({ due: false, low: '', status: 'scheduled' })).toBe('all');
  });

  it('sets each tab’s filters, and keeps the months only on 已回访', () => {
    for (const tab of FOLLOWUP_TABS) expect(followupTabOf(followupTabFilters(tab))).toBe(tab);
    expect(followupTabFilters('due')).toMatchObject({ due: true, from: '', to: '' });
    expect(followupTabFilters('done')).toEqual({ due: false, low: '', status: 'done' });
    expect('from' in followupTabFilters('done')).toBe(false);
  });

  it('offers 低分待复核 to those who review low scores only', () => {
    expect(followupTabsFor((p) => p === 'satisfaction.review')).toEqual(['due', 'low', 'done', 'all']);
    expect(followupTabsFor(() => false)).toEqual(['due', 'done', 'all']);
  });

  it('asks the API for the flags that are set and nothing empty', () => {
    expect(followupQuery({ due: true, low: undefined, status: '', from: '', model: '' })).toEqual({
      status: undefined,
      due: true,
      low: undefined,
      unit_id: undefined,
      account_id: undefined,
      from: undefined,
      to: undefined,
      model: undefined,
    });
    expect(followupQuery({ due: false, status: 'done', low: 'all', from: '2025-01', to: '2025-06', unit_id: 7, user_id: 8 })).toMatchObject({
      due: undefined,
      status: 'done',
      low: 'all',
      from: '2025-01',
      to: '2025-06',
      unit_id: 7,
      user_id: 8,
    });
  });
});

describe('the complaint list’s tabs', () => {
  it('reads the to-dos’ links as their tab and sets each tab’s filters', () => {
    expect(complaintTabOf({ mine: true, overdue: false, status: 'open' })).toBe('mine'); // complaints_mine
    expect(complaintTabOf({ mine: false, overdue: true, status: '' })).toBe('overdue'); // complaints_overdue
    expect(complaintTabOf({ mine: true, overdue: true, status: '' })).toBe('overdue');
    expect(complaintTabOf({ mine: false, overdue: false, status: 'resolved' })).toBe('resolved');
    expect(complaintTabOf({ mine: false, overdue: false, status: '' })).toBe('all');
    for (const tab of COMPLAINT_TABS) expect(complaintTabOf(complaintTabFilters(tab))).toBe(tab);
    expect(complaintTabFilters('mine')).toEqual({ mine: true, overdue: false, status: 'open' });
  });

  it('offers 我负责的 to those who may own a complaint only', () => {
    expect(complaintTabsFor((p) => p === 'satisfaction.record')).toEqual(['mine', 'overdue', 'open', 'resolved', 'all']);
    expect(complaintTabsFor(() => false)).toEqual(['overdue', 'open', 'resolved', 'all']);
  });

  it('asks for the tab’s complaints of the unit and follow-up the address names', () => {
    const none = { unit_id: null, followup_id: null };
    expect(complaintListFilter({ ...complaintTabFilters('mine'), ...none })).toEqual({ mine: true, overdue: false, status: 'open', unit_id: undefined, followup_id: undefined });
    expect(complaintListFilter({ ...complaintTabFilters('overdue'), unit_id: 12, followup_id: null })).toEqual({
      mine: false,
      overdue: true,
      status: undefined,
      unit_id: 12,
      followup_id: undefined,
    });
    expect(complaintListFilter({ ...complaintTabFilters('all'), unit_id: null, followup_id: 40 })).toEqual({
      mine: false,
      overdue: false,
      status: undefined,
      unit_id: undefined,
      followup_id: 40,
    });
  });

  it('sends the flags that are set and nothing empty, never a page', () => {
    expect(complaintQuery({ mine: false, overdue: false, status: '', limit: 50, cursor: 'c1' })).toEqual({
      status: undefined,
      mine: undefined,
      overdue: undefined,
      unit_id: undefined,
      followup_id: undefined,
    });
    expect(complaintQuery({ mine: true, status: 'open', unit_id: 12, followup_id: 40 })).toEqual({ status: 'open', mine: true, overdue: undefined, unit_id: 12, followup_id: 40 });
  });

  it('downloads the list’s complaints from /complaints/export, named as the server says', async () => {
    const headers = {
      'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'Content-Disposition': "attachment; filename=\"complaints-20250301.xlsx\"; filename*=UTF-8''%E5%AE%A2%E6%88%B7%E6%8A%95%E8%AF%89-20250301.xlsx",
    };
    const fetchMock = vi.fn(async (_input: RequestInfo | URL, _init?: RequestInit) => new Response(new Blob(['PK']), { status: 200, headers }));
    vi.stubGlobal('fetch', fetchMock);
    const file = await exportComplaints(complaintListFilter({ ...complaintTabFilters('mine'), unit_id: 12, followup_id: null }));
    expect(String(fetchMock.mock.calls[0]?.[0])).toBe('/api/v1/complaints/export?status=open&mine=true&unit_id=12');
    expect(file.filename).toBe('客户投诉-20250301.xlsx');
    expect(await file.blob.text()).toBe('PK');
  });

  it('asks for the four fields of a complaint under the form’s prefix', () => {
    expect(Object.keys(complaintRules('complaint_', '必填'))).toEqual(['complaint_category', 'complaint_description', 'complaint_owner_user_id', 'complaint_due_date']);
    expect(Object.keys(complaintRules('', '必填'))).toEqual(['category', 'description', 'owner_user_id', 'due_date']);
  });
});

describe('a follow-up or complaint as shown', () => {
  it('says how far the due day is while it waits, the server’s overdue first', () => {
    expect(dueState({ due_date: addDays(day, -3) }, true, day)).toEqual({ state: 'overdue', days: 3 });
    expect(dueState({ due_date: day, overdue: true }, true, day)).toEqual({ state: 'overdue', days: 1 });
    expect(dueState({ due_date: day }, true, day)).toEqual({ state: 'today', days: 0 });
    expect(dueState({ due_date: addDays(day, 5) }, true, day)).toEqual({ state: 'left', days: 5 });
    expect(dueState({ due_date: addDays(day, -3), overdue: false }, false, day)).toEqual({ state: 'done', days: 0 });
  });

  it('writes the scores vehicle / delivery / service, nothing before the call', () => {
    expect(scoresText({ vehicle_score: 5, delivery_score: 4, service_score: 2 })).toBe('5 / 4 / 2');
    expect(scoresText({ vehicle_score: null, delivery_score: null, service_score: null })).toBe('');
    expect(isLowScore(2, 2)).toBe(true);
    expect(isLowScore(3, 2)).toBe(false);
    expect(isLowScore(null, 2)).toBe(false);
  });

  it('colours the statuses', () => {
    expect(followupStatusType('scheduled')).toBe('warning');
    expect(followupStatusType('done')).toBe('success');
    expect(followupStatusType('cancelled')).toBe('info');
    expect(complaintStatusType('open')).toBe('warning');
    expect(complaintStatusType('resolved')).toBe('success');
  });
});

describe('the board', () => {
  it('shows the last six months up to this one unless the address names a range', () => {
    const now = new Date();
    const [from, to] = boardMonths('', '', now);
    expect(to).toBe(day.slice(0, 7));
    expect(from < to).toBe(true);
    expect(addDays(`${from}-15`, 0).slice(0, 7)).toBe(from);
    expect(boardMonths('2024-02', '2024-07', now)).toEqual(['2024-02', '2024-07']);
    expect(boardMonths('2024-07', '2024-02', now)).toEqual([from, to]); // backwards: the default
  });

  it('writes an average with two decimals, a dash without responses', () => {
    expect(formatScore(4.333, 3)).toBe('4.33');
    expect(formatScore(5, 1)).toBe('5.00');
    expect(formatScore(0, 0)).toBe('—');
  });

  it('opens the follow-up list with the very filter the summary counts', () => {
    expect(followupListQuery({ from: '2024-01', to: '2024-06' })).toEqual({ status: 'done', from: '2024-01', to: '2024-06' });
    expect(followupListQuery({ from: '2024-01', to: '2024-06', unitId: 91 }, true)).toEqual({
      status: 'done',
      from: '2024-01',
      to: '2024-06',
      unit_id: '91',
      low: 'all',
    });
    // a group: its unit when by unit, its model (within the unit shown) when by model
    const unitGroup = { unit_id: 91, key: '91', kind: 'province' };
    expect(groupScope(unitGroup, 'unit', '2024-01', '2024-06', 87)).toEqual({ from: '2024-01', to: '2024-06', unitId: 91 });
    const modelGroup = { unit_id: null, key: '江铃 JX5030XZF 执法车', kind: 'model' };
    expect(followupListQuery(groupScope(modelGroup, 'model', '2024-01', '2024-06', 87))).toEqual({
      status: 'done',
      from: '2024-01',
      to: '2024-06',
      unit_id: '87',
      model: '江铃 JX5030XZF 执法车',
    });
  });

  it('opens regions and provinces for the units below, not dealers or models', () => {
    expect(canDrill({ unit_id: 87, kind: 'region' })).toBe(true);
    expect(canDrill({ unit_id: 91, kind: 'province' })).toBe(true);
    expect(canDrill({ unit_id: 92, kind: 'dealer' })).toBe(false);
    expect(canDrill({ unit_id: null, kind: 'model' })).toBe(false);
  });

  it('draws a gap where a month has no responses', () => {
    const figures = (responses: number, overall: number) => ({ responses, low: 0, vehicle: overall, delivery: overall, service: overall, overall });
    const months: SatisfactionMonth[] = [
      { month: '2024-01', figures: figures(2, 4.5) },
      { month: '2024-02', figures: figures(0, 0) },
      { month: '2024-03', figures: figures(1, 3) },
    ];
    const data = chartData(months);
    expect(data.months).toEqual(['2024-01', '2024-02', '2024-03']);
    expect(data.responses).toEqual([2, 0, 1]);
    expect(data.overall).toEqual([4.5, null, 3]);
    expect(data.service).toEqual([4.5, null, 3]);
  });
});
