// The event pages' pure helpers (展销会、推广会): where an event stands against today, the list's
// tabs as the address's filters, the address as the list's and the export's query, the form's body, the invite dialog's chips, the results'
// figures, the check-in time and the lead form opened from an event. Every day here is in the
// past (the date lint), with "today" passed in.
import { describe, expect, it, vi } from 'vitest';
import { eventQuery, exportEvents, type EventRecord, type EventResults } from '@/api/events';
import {
  attendeesByRole,
  checkInTime,
  commaList,
  costPerUnitText,
  emptyEventForm,
  endDayAfterStart,
  endDayRange,
  eventBody,
  eventDays,
  eventFormOf,
  eventListFilter,
  eventTabFilters,
  eventTabOf,
  eventTabQuery,
  eventTabsFor,
  eventTiming,
  EVENT_TABS,
  FIRST_ROLES,
  hasStarted,
  timingWords,
  leadPrefill,
  leadQuery,
  percentOf,
  responseType,
  ROLE_ORDER,
  statusType,
  toggled,
  vehicleNames,
} from '@/views/events/events-format';

function event(overrides: Partial<EventRecord> = {}): EventRecord {
  return {
    id: 7,
    kind: 'exhibition',
    title: '四川省公务及行业用车展销会',
    unit_id: 91,
    unit_name: '四川省',
    unit_kind: 'province',
    created_by_name: '刘洋',
    starts_on: '2025-11-13',
    ends_on: '2025-11-14',
    place: '成都世纪城新国际会展中心',
    budget_fen: 8_000_000,
    cost_fen: null,
    vehicles: ['江铃 JX5030XZF 执法车'],
    description: null,
    status: 'planned',
    open_today: false,
    invited: 8,
    accepted: 6,
    attended: 5,
    can_manage: true,
    can_invite: true,
    version: 3,
    created_at: '2025-10-14T10:00:00+08:00',
    updated_at: '2025-10-14T10:00:00+08:00',
    ...overrides,
  };
}

function results(overrides: Partial<EventResults> = {}): EventResults {
  return {
    invited: 8,
    accepted: 6,
    declined: 2,
    attended: 5,
    attended_by_role: { decision_maker: 3, decision_layer: 0, evaluator: 2, user: 0, operator: 0, finance: 0 },
    registrations: 2,
    opportunities: 1,
    won_opportunities: 1,
    units_won: 4,
    units_delivered: 0,
    cost_fen: 7_260_000,
    cost_is_budget: false,
    cost_per_unit_won_fen: 1_815_000,
    ...overrides,
  };
}

describe('events: status and timing', () => {
  it('colours statuses and answers', () => {
    expect(statusType('planned')).toBe('primary');
    expect(statusType('held')).toBe('success');
    expect(statusType('cancelled')).toBe('info');
    expect(responseType('accepted')).toBe('success');
    expect(responseType('declined')).toBe('info');
    expect(responseType('pending')).toBe('warning');
  });

  it('shows one day as itself and several as a range', () => {
    expect(eventDays({ starts_on: '2025-11-13', ends_on: '2025-11-13' })).toBe('2025-11-13');
    expect(eventDays({ starts_on: '2025-12-31', ends_on: '2026-01-01' })).toBe('2025-12-31 ~ 2026-01-01');
  });

  it('says where a planned event stands against today: ahead, running (its day), ended to close', () => {
    const e = event({ starts_on: '2025-11-13', ends_on: '2025-11-15' });
    expect(eventTiming(e, '2025-11-10')).toEqual({ state: 'ahead', days: 3 });
    expect(eventTiming(e, '2025-11-13')).toEqual({ state: 'today', days: 1 });
    expect(eventTiming(e, '2025-11-15')).toEqual({ state: 'today', days: 3 });
    expect(eventTiming(e, '2025-11-17')).toEqual({ state: 'to_close', days: 2 });
    // held or cancelled: nothing is pending
    expect(eventTiming({ ...e, status: 'held' }, '2025-11-17')).toEqual({ state: 'done', days: 0 });
    expect(eventTiming({ ...e, status: 'cancelled' }, '2025-11-10')).toEqual({ state: 'done', days: 0 });
  });

  it('words the timing: a one-day event is simply today, a longer one says which day', () => {
    expect(timingWords(event({ starts_on: '2025-11-13', ends_on: '2025-11-13' }), '2025-11-13')).toEqual({ key: 'today', n: 1 });
    expect(timingWords(event({ starts_on: '2025-11-13', ends_on: '2025-11-14' }), '2025-11-14')).toEqual({ key: 'todayOf', n: 2 });
    expect(timingWords(event(), '2025-11-01')).toEqual({ key: 'ahead', n: 12 });
    expect(timingWords(event(), '2025-11-20')).toEqual({ key: 'to_close', n: 6 });
    expect(timingWords(event({ status: 'held' }), '2025-11-20')).toBeNull();
  });

  it('lets an event be closed from its first day on', () => {
    expect(hasStarted({ starts_on: '2025-11-13' }, '2025-11-12')).toBe(false);
    expect(hasStarted({ starts_on: '2025-11-13' }, '2025-11-13')).toBe(true);
    expect(hasStarted({ starts_on: '2025-11-13' }, '2025-12-01')).toBe(true);
  });
});

describe('events: the list tabs are the address', () => {
  it('reads the tab from the address: ended=true (the home page to-do) wins, then show', () => {
    expect(eventTabOf({ show: 'upcoming', ended: false })).toBe('upcoming');
    expect(eventTabOf({ show: 'upcoming', ended: true })).toBe('to_close');
    expect(eventTabOf({ show: 'all', ended: true })).toBe('to_close');
    expect(eventTabOf({ show: 'held', ended: false })).toBe('held');
  });

  it('writes each tab back as the filters it reads from, and asks the server accordingly', () => {
    for (const tab of EVENT_TABS) expect(eventTabOf(eventTabFilters(tab))).toBe(tab);
    // 待结项 is exactly the to-do's link: ?ended=true and nothing else (show keeps its default)
    expect(eventTabFilters('to_close')).toEqual({ show: 'upcoming', ended: true });
    expect(eventTabQuery('upcoming')).toEqual({ upcoming: true });
    expect(eventTabQuery('to_close')).toEqual({ ended: true });
    expect(eventTabQuery('held')).toEqual({ status: 'held' });
    expect(eventTabQuery('all')).toEqual({});
  });

  it('offers 待结项 only to those who close events', () => {
    expect(eventTabsFor((p) => p === 'events.manage')).toEqual(['upcoming', 'to_close', 'held', 'all']);
    expect(eventTabsFor(() => false)).toEqual(['upcoming', 'held', 'all']);
  });
});

describe('events: the list’s query, which 导出 downloads too', () => {
  it('asks for the tab’s events of the kind and unit the address names', () => {
    expect(eventListFilter({ show: 'upcoming', ended: false, kind: '', unit_id: null })).toEqual({ upcoming: true, kind: undefined, unit_id: undefined });
    expect(eventListFilter({ show: 'all', ended: true, kind: 'promotion', unit_id: 7 })).toEqual({ ended: true, kind: 'promotion', unit_id: 7 });
    expect(eventListFilter({ show: 'held', ended: false, kind: 'exhibition', unit_id: 3 })).toEqual({ status: 'held', kind: 'exhibition', unit_id: 3 });
    expect(eventListFilter({ show: 'all', ended: false, kind: '', unit_id: 3 })).toEqual({ kind: undefined, unit_id: 3 });
  });

  it('sends the flags that are set and nothing empty, never a page', () => {
    expect(eventQuery({ status: '', upcoming: false, ended: false, from: '', to: '', limit: 50, cursor: 'c1' })).toEqual({
      status: undefined,
      kind: undefined,
      unit_id: undefined,
      from: undefined,
      to: undefined,
      upcoming: undefined,
      ended: undefined,
    });
    expect(eventQuery({ status: 'planned,held', kind: 'exhibition', unit_id: 4, from: '2025-01-01', to: '2025-06-30', upcoming: true })).toMatchObject({
      status: 'planned,held',
      kind: 'exhibition',
      unit_id: 4,
      from: '2025-01-01',
      to: '2025-06-30',
      upcoming: true,
      ended: undefined,
    });
  });

  it('downloads the 待结项 tab of one kind and unit from /events/export, named as the server says', async () => {
    const headers = {
      'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'Content-Disposition': "attachment; filename=\"events-20250301.xlsx\"; filename*=UTF-8''%E6%B4%BB%E5%8A%A8-20250301.xlsx",
    };
    const fetchMock = vi.fn(async (_input: RequestInfo | URL, _init?: RequestInit) => new Response(new Blob(['PK']), { status: 200, headers }));
    vi.stubGlobal('fetch', fetchMock);
    const file = await exportEvents(eventListFilter({ show: 'upcoming', ended: true, kind: 'promotion', unit_id: 7 }));
    expect(String(fetchMock.mock.calls[0]?.[0])).toBe('/api/v1/events/export?kind=promotion&unit_id=7&ended=true');
    expect(file.filename).toBe('活动-20250301.xlsx');
    expect(await file.blob.text()).toBe('PK');
  });
});

describe('events: the form', () => {
  it('sends the budget typed in 元 in 分, trims, drops empty and repeated vehicles, and no empty description', () => {
    const model = {
      ...emptyEventForm(91),
      kind: 'promotion' as const,
      title: '  江铃新款执法车推介会 ',
      starts_on: '2025-11-20',
      ends_on: '2025-11-20',
      place: ' 成都鑫达展厅 ',
      budget_yuan: 15000.5,
      vehicles: ['江铃 JX5030XZF 执法车', ' 江铃 JX5030XZF 执法车', '', '江铃 JX5036XJC 警备车'],
      description: '   ',
    };
    expect(eventBody(model)).toEqual({
      kind: 'promotion',
      title: '江铃新款执法车推介会',
      unit_id: 91,
      starts_on: '2025-11-20',
      ends_on: '2025-11-20',
      place: '成都鑫达展厅',
      budget_fen: 1_500_050,
      vehicles: ['江铃 JX5030XZF 执法车', '江铃 JX5036XJC 警备车'],
      description: null,
    });
    expect(vehicleNames([' a ', 'b', 'a', '  '])).toEqual(['a', 'b']);
  });

  it('starts an edit from the event as read, the budget back in 元', () => {
    const form = eventFormOf(event({ description: '面向全省公安', vehicles: ['x', 'y'] }));
    expect(form).toMatchObject({ unit_id: 91, budget_yuan: 80_000, vehicles: ['x', 'y'], description: '面向全省公安' });
    expect(eventFormOf(event()).description).toBe('');
    expect(emptyEventForm(null)).toMatchObject({ kind: 'exhibition', unit_id: null, vehicles: [] });
  });

  it('keeps the last day within 14 days of the first', () => {
    expect(endDayRange('2025-11-13')).toEqual({ first: '2025-11-13', last: '2025-11-27' });
    expect(endDayRange('')).toBeNull();
    expect(endDayAfterStart('2025-11-13', '')).toBe('2025-11-13');
    expect(endDayAfterStart('2025-11-13', '2025-11-15')).toBe('2025-11-15');
    expect(endDayAfterStart('2025-11-13', '2025-11-12')).toBe('2025-11-13');
    expect(endDayAfterStart('2025-11-13', '2025-11-28')).toBe('2025-11-13');
    expect(endDayAfterStart('', '2025-11-15')).toBe('2025-11-15');
  });
});

describe('events: the invite dialog', () => {
  it('starts on decision makers, the decision layer and evaluators, in the planning document order', () => {
    expect(FIRST_ROLES).toEqual(['decision_maker', 'decision_layer', 'evaluator']);
    expect(ROLE_ORDER.slice(0, 3)).toEqual([...FIRST_ROLES]);
    expect(ROLE_ORDER).toHaveLength(6);
  });

  it('toggles a chip keeping the chips order, and sends a list comma-separated or not at all', () => {
    expect(toggled([...FIRST_ROLES], 'user', ROLE_ORDER)).toEqual(['decision_maker', 'decision_layer', 'evaluator', 'user']);
    expect(toggled(['evaluator', 'user'], 'decision_maker', ROLE_ORDER)).toEqual(['decision_maker', 'evaluator', 'user']);
    expect(toggled(['evaluator'], 'evaluator', ROLE_ORDER)).toEqual([]);
    expect(commaList(['decision_maker', 'evaluator'])).toBe('decision_maker,evaluator');
    expect(commaList([])).toBeUndefined();
  });
});

describe('events: results and check-in', () => {
  it('lists the attendees of every buying role in order', () => {
    expect(attendeesByRole(results())).toEqual([
      { role: 'decision_maker', count: 3 },
      { role: 'decision_layer', count: 0 },
      { role: 'evaluator', count: 2 },
      { role: 'user', count: 0 },
      { role: 'operator', count: 0 },
      { role: 'finance', count: 0 },
    ]);
  });

  it('shows the cost per unit won in 元, a dash before a unit is won', () => {
    expect(costPerUnitText(results())).toBe('18,150 元');
    expect(costPerUnitText(results(), 'en')).toBe('¥18,150');
    expect(costPerUnitText(results({ cost_per_unit_won_fen: null, units_won: 0 }))).toBe('—');
    expect(percentOf(5, 8)).toBe('63%');
    expect(percentOf(0, 0)).toBe('—');
  });

  it('says when a guest came as HH:mm in China, nothing before', () => {
    expect(checkInTime('2025-11-13T01:05:00Z')).toBe('09:05');
    expect(checkInTime('2025-11-13T09:30:00+08:00')).toBe('09:30');
    expect(checkInTime(null)).toBe('');
  });
});

describe('events: a lead registered from an event', () => {
  it('opens the registration form with the channel 展销会及推广会 and the event', () => {
    expect(leadQuery(12)).toEqual({ source_channel: 'exhibitions', event_id: '12' });
    expect(leadPrefill(leadQuery(12))).toEqual({ source_channel: 'exhibitions', event_id: 12 });
  });

  it('takes an event only with that channel, and nothing it cannot use', () => {
    expect(leadPrefill({ source_channel: 'personal_network', event_id: '12' })).toEqual({ source_channel: 'personal_network', event_id: null });
    expect(leadPrefill({ source_channel: 'exhibitions', event_id: 'abc' })).toEqual({ source_channel: 'exhibitions', event_id: null });
    expect(leadPrefill({ source_channel: 'Not a code!', event_id: '3' })).toEqual({ source_channel: '', event_id: null });
    expect(leadPrefill({})).toEqual({ source_channel: '', event_id: null });
  });
});
