// Calendar reports (周报/月报, issue 13): periods and deadlines in China time (ISO weeks across a
// year's end, months of 28–31 days, Saturday 24:00), the statuses' words and colours, the
// status filter of the address, the weekly table's carried-over judgements (沿用上周) until
// changed or confirmed, what a draft or submission sends, a 422's paths placed on their cells,
// the board's breadcrumb and CSV rows; then the weekly table, the report page and the board
// mounted against a scripted server.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { nextTick } from 'vue';
import type { Home, HomeTodo } from '@/api/home';
import type { Board, MonthlyStatsContent, Report, WeeklyContent, WeeklyRow } from '@/api/reports';
import { createAppI18n } from '@/locales';
import HomeTodosCard from '@/views/home/home-todos-card.vue';
import ReportBoardView from '@/views/reports/report-board-view.vue';
import ReportListView from '@/views/reports/report-list-view.vue';
import ReportView from '@/views/reports/report-view.vue';
import ReportWeeklyTable from '@/views/reports/report-weekly-table.vue';
import {
  boardRows,
  incompleteRows,
  isWeeklyPath,
  normalizePath,
  onTimeRate,
  parseStatuses,
  placeFieldErrors,
  reportBody,
  rowState,
  statusesText,
  statusTagType,
  unconfirmedRows,
  unitTrail,
  weeklyBody,
} from '@/views/reports/reports-format';
import {
  chinaInputToIso,
  formatDue,
  isoToChinaInput,
  lateHours,
  periodAt,
  periodDays,
  periodText,
  recentPeriods,
  shiftPeriod,
  weekOf,
} from '@/views/reports/reports-period';
import { adminMe, adminUser, hqUnit, mockFetch, problem, when, type RecordedRequest } from './helpers';
import { flush, mountWithApp, stub } from './mount-with-app';

afterEach(() => {
  vi.unstubAllGlobals();
  document.body.innerHTML = '';
});

const { t } = createAppI18n('zh-CN').global;
const en = createAppI18n('en').global.t;

describe('report periods in China time', () => {
  it('numbers ISO weeks by the year of their Thursday', () => {
    expect(weekOf({ year: 2021, month: 1, day: 3 })).toBe('2020-W53'); // a Sunday
    expect(weekOf({ year: 2021, month: 1, day: 4 })).toBe('2021-W01');
    expect(weekOf({ year: 2024, month: 12, day: 30 })).toBe('2025-W01');
    expect(weekOf({ year: 2026, month: 3, day: 4 })).toBe('2026-W10');
  });

  it('takes the China-local day of an instant: Saturday 24:00 is still the week, Monday 00:00 the next', () => {
    // 2026-W10 runs Monday 2026-03-02 to Sunday 2026-03-08 (China).
    expect(periodAt('weekly_tracking', Date.parse('2026-03-07T15:59:59Z'))).toBe('2026-W10'); // Sat 23:59:59
    expect(periodAt('weekly_tracking', Date.parse('2026-03-07T16:00:00Z'))).toBe('2026-W10'); // Sun 00:00
    expect(periodAt('weekly_tracking', Date.parse('2026-03-08T16:00:00Z'))).toBe('2026-W11'); // Mon 00:00
    // A month ends at 24:00 China: 16:00 UTC of its last day is the next month.
    expect(periodAt('monthly_stats', Date.parse('2026-02-28T15:59:00Z'))).toBe('2026-02');
    expect(periodAt('monthly_summary', Date.parse('2026-02-28T16:00:00Z'))).toBe('2026-03');
  });

  it('steps periods across a year and gives their days (28, 29, 30 and 31-day months)', () => {
    expect(shiftPeriod('2020-W53', 1)).toBe('2021-W01');
    expect(shiftPeriod('2021-W01', -1)).toBe('2020-W53');
    expect(shiftPeriod('2026-01', -1)).toBe('2025-12');
    expect(shiftPeriod('2025-12', 2)).toBe('2026-02');
    expect(periodDays('2026-W10')).toEqual({ from: '2026-03-02', to: '2026-03-08' });
    expect(periodDays('2024-02')).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(periodDays('2025-02')).toEqual({ from: '2025-02-01', to: '2025-02-28' });
    expect(periodDays('2025-04')?.to).toBe('2025-04-30');
    expect(periodDays('2025-12')?.to).toBe('2025-12-31');
    expect(periodDays('nonsense')).toBeNull();
  });

  it('offers the periods around now, newest first', () => {
    const now = Date.parse('2026-03-04T04:00:00Z');
    expect(recentPeriods('weekly_tracking', now, 2, 1)).toEqual(['2026-W11', '2026-W10', '2026-W09', '2026-W08']);
    expect(recentPeriods('monthly_stats', now, 3)).toEqual(['2026-03', '2026-02', '2026-01', '2025-12']);
  });

  it('words periods in Chinese and English', () => {
    expect(periodText('2026-W10', t)).toBe('2026 年第 10 周（03-02 ~ 03-08）');
    expect(periodText('2026-W10', t, false)).toBe('2026 年第 10 周');
    expect(periodText('2026-03', t)).toBe('2026 年 3 月');
    expect(periodText('2026-W10', en)).toBe('Week 10, 2026 (03-02 – 03-08)');
  });

  it('says a deadline at China midnight as the day before at 24:00', () => {
    expect(formatDue('2026-03-07T16:00:00Z')).toBe('2026-03-07 24:00'); // Saturday 24:00
    expect(formatDue('2026-03-07T16:00:00+00:00')).toBe('2026-03-07 24:00');
    expect(formatDue('2026-02-28T16:00:00Z')).toBe('2026-02-28 24:00'); // February's last day
    expect(formatDue('2026-03-09T04:30:00Z')).toBe('2026-03-09 12:30'); // moved by HQ to a time of day
    expect(formatDue(null)).toBe('');
  });

  it('counts late hours rounded up, none when on time', () => {
    expect(lateHours('2026-03-07T16:00:00Z', '2026-03-07T15:00:00Z')).toBe(0);
    expect(lateHours('2026-03-07T16:00:00Z', '2026-03-07T16:00:00Z')).toBe(0);
    expect(lateHours('2026-03-07T16:00:00Z', '2026-03-07T16:01:00Z')).toBe(1);
    expect(lateHours('2026-03-07T16:00:00Z', '2026-03-08T19:30:00Z')).toBe(28);
    expect(lateHours('2026-03-07T16:00:00Z', null)).toBe(0);
  });

  it('reads a deadline typed in China time whatever the browser zone', () => {
    expect(chinaInputToIso('2026-03-09 12:00')).toBe('2026-03-09T12:00:00+08:00');
    expect(Date.parse(chinaInputToIso('2026-03-09 00:00')!)).toBe(Date.parse('2026-03-08T16:00:00Z'));
    expect(chinaInputToIso('2026-03-09')).toBeNull();
    expect(isoToChinaInput('2026-03-07T16:00:00Z')).toBe('2026-03-08 00:00');
  });
});

describe('report statuses', () => {
  it('colours 待提交 blue, 已提交 green, 迟交 orange and 缺交 red, with their words', () => {
    expect(['open', 'submitted', 'late', 'missing'].map(statusTagType)).toEqual(['primary', 'success', 'warning', 'danger']);
    expect(statusTagType('newer')).toBe('info');
    expect(['open', 'submitted', 'late', 'missing'].map((s) => t(`reports.statuses.${s}`))).toEqual(['待提交', '已提交', '迟交', '缺交']);
  });

  it('reads one status or several from the address, in order, without unknown ones', () => {
    expect(parseStatuses('missing,late')).toEqual(['late', 'missing']);
    expect(parseStatuses('late,bogus,late')).toEqual(['late']);
    expect(parseStatuses('')).toEqual([]);
    expect(statusesText(['missing', 'open'])).toBe('open,missing');
    expect(statusesText(['open', 'submitted', 'late', 'missing'])).toBe('');
  });
});

function row(account_id: number, extra: Partial<WeeklyRow> = {}): WeeklyRow {
  return {
    account_id,
    account_name: `客户${account_id}`,
    grade: 'key',
    visits: [],
    moves: [],
    open_opportunities: 1,
    carried: true,
    deal_probability: 60,
    value_analysis: 'high',
    difficulty: 'medium',
    authenticity: 'confirmed',
    note: null,
    ...extra,
  };
}

describe('the weekly table rows', () => {
  it('marks carried judgements 沿用上周 until changed or confirmed', () => {
    const loaded = row(1);
    expect(rowState({ ...loaded }, loaded, false)).toBe('carried');
    expect(rowState({ ...loaded }, loaded, true)).toBe('confirmed');
    expect(rowState({ ...loaded, deal_probability: 70 }, loaded, false)).toBe('changed');
    expect(rowState({ ...loaded, note: '  ' }, loaded, false)).toBe('carried'); // blank is no note
    expect(rowState({ ...loaded, note: '已约下周' }, loaded, true)).toBe('changed');
    const fresh = row(2, { carried: false, authenticity: null });
    expect(rowState({ ...fresh }, fresh, false)).toBe('incomplete');
    expect(rowState({ ...fresh, authenticity: 'doubtful' }, fresh, false)).toBe('changed');
    const filled = row(3, { carried: false });
    expect(rowState({ ...filled }, filled, false)).toBe('filled');
  });

  it('finds the rows still waiting for a confirmation and those with a judgement missing', () => {
    const loaded = [row(1), row(2), row(3, { carried: false, difficulty: null })];
    const edited = [{ ...loaded[0]! }, { ...loaded[1]!, value_analysis: 'low' as const }, { ...loaded[2]! }];
    expect(unconfirmedRows(edited, loaded, new Set())).toEqual([0]);
    expect(unconfirmedRows(edited, loaded, new Set([1]))).toEqual([]);
    expect(incompleteRows(edited)).toEqual([2]);
  });

  it('sends the account and the person-filled fields only, a blank note as null', () => {
    const body = weeklyBody([row(7, { note: '  下周拜访局长  ' }), row(8, { note: '   ' })]);
    expect(body).toEqual({
      rows: [
        { account_id: 7, deal_probability: 60, value_analysis: 'high', difficulty: 'medium', authenticity: 'confirmed', note: '下周拜访局长' },
        { account_id: 8, deal_probability: 60, value_analysis: 'high', difficulty: 'medium', authenticity: 'confirmed', note: null },
      ],
    });
  });

  it('builds the bodies of the monthly reports from their content', () => {
    const stats: MonthlyStatsContent = { won_count: 2, won_units: 5, amount_fen: 123_400_00, delivered_units: 3, note: ' ', deals: [] };
    expect(reportBody('monthly_stats', stats)).toEqual({ won_count: 2, won_units: 5, amount_fen: 12_340_000, delivered_units: 3, note: null });
    const summary = reportBody('monthly_summary', {
      figures: { target_units: 10, delivered_units: 8, attainment_pct: 80, won_units: 9, registrations: 4, visits: 12 },
      results: ' 完成 80% ',
      key_accounts: '成都市公安局',
      problems: '',
      support_needed: null,
      next_month_plan: '冲刺',
    });
    expect(summary).toEqual({ results: '完成 80%', key_accounts: '成都市公安局', problems: null, support_needed: null, next_month_plan: '冲刺' });
  });
});

describe('422 field errors', () => {
  it('spells paths one way and places them on the cells the table has', () => {
    expect(normalizePath('rows.3.deal_probability')).toBe('rows[3].deal_probability');
    expect(normalizePath('/rows/3/note')).toBe('rows[3].note');
    expect(normalizePath('rows[3].authenticity')).toBe('rows[3].authenticity');
    expect(isWeeklyPath('rows[3].deal_probability', 4)).toBe(true);
    expect(isWeeklyPath('rows[4].deal_probability', 4)).toBe(false);
    expect(isWeeklyPath('rows[0].account_name', 4)).toBe(false);
    const { placed, rest } = placeFieldErrors(
      [
        { field: 'rows[1].deal_probability', code: 'out_of_range', message: 'must be 0–100' },
        { field: 'rows.1.deal_probability', code: 'x', message: 'again' },
        { field: 'version', code: 'required', message: 'required' },
      ],
      (path) => isWeeklyPath(path, 2),
    );
    expect(placed).toEqual({ 'rows[1].deal_probability': 'must be 0–100; again' });
    expect(rest).toEqual(['version: required']);
  });
});

describe('the overdue board helpers', () => {
  const units = [
    { id: 1, name: '总部', parent_id: null },
    { id: 2, name: '西南大区', parent_id: 1 },
    { id: 3, name: '四川省', parent_id: 2 },
    { id: 4, name: '成都鑫达', parent_id: 3 },
  ];

  it('walks from the caller’s unit down to the one shown', () => {
    expect(unitTrail(units, 3, 4).map((u) => u.name)).toEqual(['四川省', '成都鑫达']);
    expect(unitTrail(units, 3, 3).map((u) => u.name)).toEqual(['四川省']);
    expect(unitTrail(units, null, 4).map((u) => u.name)).toEqual(['总部', '西南大区', '四川省', '成都鑫达']);
    expect(unitTrail(units, 2, 99).map((u) => u.name)).toEqual(['西南大区']); // unknown: the top only
  });

  it('says the on-time share and writes the units as CSV rows with the total last', () => {
    expect(onTimeRate({ expected: 4, submitted: 3 })).toBe(0.75);
    expect(onTimeRate({ expected: 0, submitted: 0 })).toBeNull();
    const rows = boardRows(
      {
        unit: { name: '四川省' },
        totals: { expected: 3, submitted: 1, late: 0, missing: 2, open: 0 },
        units: [{ name: '自贡众诚', expected: 1, submitted: 0, late: 0, missing: 1, open: 0 }],
      },
      { unit: '经销商', total: '合计', expected: '应交', submitted: '已交', late: '迟交', missing: '缺交', open: '未到期' },
    );
    expect(rows).toEqual([
      ['经销商', '应交', '已交', '迟交', '缺交', '未到期'],
      ['自贡众诚', 1, 0, 0, 1, 0],
      ['合计（四川省）', 3, 1, 0, 2, 0],
    ]);
  });
});

// ——— mounted ———

const stubMedia = (phone: boolean) =>
  vi.stubGlobal('matchMedia', (query: string) => ({
    matches: phone && query === '(max-width: 767px)',
    media: query,
    addEventListener: () => undefined,
    removeEventListener: () => undefined,
  }));

describe('the weekly table', { timeout: 20_000 }, () => {
  const rows = [row(11, { visits: [{ id: 1, occurred_at: '2026-03-03T02:00:00Z', kind: 'visit', summary: '拜访装备处', user_name: '杨帆' }] }), row(12, { carried: false })];

  async function mountTable(phone: boolean, errors: Record<string, string> = {}) {
    stubMedia(phone);
    const content: WeeklyContent = { rows: rows.map((r) => ({ ...r })) };
    const { wrapper } = await mountWithApp(ReportWeeklyTable, {
      props: { modelValue: content, loaded: rows, editing: true, confirmed: new Set<number>(), errors },
      routes: [{ path: '/', component: stub }, { path: '/accounts/:id', name: 'account', component: stub }, { path: '/opportunities/:id', name: 'opportunity', component: stub }],
    });
    return { wrapper, content };
  }

  it('marks the carried row 沿用上周 with 确认, shows the visits on demand and a 422 under its cell', async () => {
    const { wrapper } = await mountTable(false, { 'rows[1].deal_probability': '成交概率须在 0–100 之间' });
    expect(wrapper.find('[data-testid="weekly-state-0"]').text()).toBe('沿用上周');
    expect(wrapper.find('[data-testid="weekly-state-1"]').text()).toBe('已填写');
    expect(wrapper.find('[data-testid="weekly-error-deal_probability-1"]').text()).toBe('成交概率须在 0–100 之间');
    expect(wrapper.find('[data-testid="weekly-error-deal_probability-0"]').exists()).toBe(false);
    expect(wrapper.find('.weekly__table').text()).not.toContain('拜访装备处');
    await wrapper.find('[data-testid="weekly-visits-0"]').trigger('click');
    expect(wrapper.find('.weekly__table').text()).toContain('拜访装备处');
    await wrapper.find('[data-testid="weekly-confirm-0"]').trigger('click');
    expect(wrapper.emitted('confirm')).toEqual([[11]]);
  });

  it('is one card per account on a phone', async () => {
    const { wrapper } = await mountTable(true);
    expect(wrapper.find('[data-testid="weekly-cards"]').exists()).toBe(true);
    expect(wrapper.findAll('.weekly__card')).toHaveLength(2);
    expect(wrapper.find('[data-testid="weekly-deal_probability-0"]').exists()).toBe(true);
  });
});

const dealerUnit = { ...hqUnit, id: 40, kind: 'dealer' as const, name: '成都鑫达汽车销售服务有限公司', parent_id: 30 };
const repMe = { user: { ...adminUser, id: 7, username: 'rep_chengdu', display_name: '杨帆', role: 'sales_rep' as const, org_unit_id: 40 }, org_unit: dealerUnit, permissions: ['reports.submit'] };

function weeklyReport(extra: Partial<Report> = {}): Report {
  return {
    id: 5,
    kind: 'weekly_tracking',
    period: '2026-W10',
    user_id: 7,
    user_name: '杨帆',
    unit_id: 40,
    unit_name: '成都鑫达汽车销售服务有限公司',
    province_id: 30,
    province_name: '四川省',
    due_at: '2026-03-07T16:00:00Z',
    submitted_at: null,
    last_submitted_at: null,
    status: 'open',
    revision: 0,
    version: 3,
    period_start: '2026-03-01T16:00:00Z',
    period_end: '2026-03-08T16:00:00Z',
    default_due_at: '2026-03-07T16:00:00Z',
    due_reason: null,
    editable: true,
    content: { rows: [row(11), row(12, { carried: false })] },
    content_source: 'prefill',
    draft_saved_at: null,
    revisions: [],
    comments: [],
    system: null,
    differences: [],
    ...extra,
  };
}

const reportRoutes = [
  { path: '/reports', name: 'reports', component: stub },
  { path: '/reports/:id', name: 'report', component: ReportView, props: (route: { params: { id: string } }) => ({ id: Number(route.params.id) }) },
  { path: '/accounts/:id', name: 'account', component: stub },
  { path: '/opportunities/:id', name: 'opportunity', component: stub },
];

// Mounting Element Plus tables with their inputs takes seconds on a busy machine.
describe('the report page', { timeout: 20_000 }, () => {
  async function openReport(answers: ((request: RecordedRequest) => ReturnType<ReturnType<typeof when>>)[], report = weeklyReport()) {
    stubMedia(false);
    const net = mockFetch(...answers, when('GET', '/api/v1/reports/5', { status: 200, body: report }));
    const mounted = await mountWithApp(ReportView, { props: { id: 5 }, me: repMe, routes: reportRoutes, path: '/reports/5', attach: true });
    return { ...mounted, ...net };
  }

  const input = (wrapper: { find: (s: string) => { find: (s: string) => { setValue: (v: string) => Promise<void> } } }, testid: string) =>
    wrapper.find(`[data-testid="${testid}"]`).find('input');

  it('shows the header in China time and saves a changed judgement as a draft', async () => {
    const { wrapper, requests } = await openReport([
      when('POST', '/api/v1/reports/5/draft', {
        status: 200,
        body: weeklyReport({ version: 4, content_source: 'draft', draft_saved_at: '2026-03-04T02:00:00Z', content: { rows: [row(11, { deal_probability: 80 }), row(12, { carried: false })] } }),
      }),
    ]);
    expect(wrapper.find('[data-testid="report-title"]').text()).toBe('重点大客户关系维系跟踪表');
    expect(wrapper.find('[data-testid="report-period"]').text()).toBe('2026 年第 10 周（03-02 ~ 03-08）');
    expect(wrapper.find('[data-testid="report-due"]').text()).toContain('2026-03-07 24:00');
    expect(wrapper.find('[data-testid="report-status"]').text()).toBe('待提交');
    await input(wrapper, 'weekly-deal_probability-0').setValue('80');
    await flush();
    expect(wrapper.find('[data-testid="weekly-state-0"]').text()).toBe('已修改');
    await wrapper.find('[data-testid="report-save-draft"]').trigger('click');
    await flush();
    const draft = requests.find((r) => r.method === 'POST');
    expect(draft?.url).toBe('/api/v1/reports/5/draft');
    expect(draft?.body).toEqual({
      version: 3,
      rows: [
        { account_id: 11, deal_probability: 80, value_analysis: 'high', difficulty: 'medium', authenticity: 'confirmed', note: null },
        { account_id: 12, deal_probability: 60, value_analysis: 'high', difficulty: 'medium', authenticity: 'confirmed', note: null },
      ],
    });
    expect(wrapper.find('[data-testid="report-draft-notice"]').text()).toContain('草稿保存于 2026-03-04 10:00');
  });

  it('asks before submitting, says the carried rows, and puts a 422 on its cell', async () => {
    const { wrapper, requests } = await openReport([
      when('POST', '/api/v1/reports/5/submit', {
        status: 422,
        body: problem(422, 'validation_failed', { errors: [{ field: 'rows[1].deal_probability', code: 'out_of_range', message: '须在 0 到 100 之间' }] }),
      }),
    ]);
    await wrapper.find('[data-testid="report-submit"]').trigger('click');
    await flush();
    const box = document.querySelector('.report-submit-box');
    expect(box?.textContent).toContain('有 1 个客户的判断沿用上周');
    (box?.querySelector('.el-button--primary') as HTMLButtonElement).click();
    await flush();
    const submit = requests.find((r) => r.url === '/api/v1/reports/5/submit');
    expect(submit?.body).toMatchObject({ version: 3, rows: [{ account_id: 11 }, { account_id: 12 }] });
    expect(submit?.body).not.toHaveProperty('correction_reason');
    expect(wrapper.find('[data-testid="weekly-error-deal_probability-1"]').text()).toBe('须在 0 到 100 之间');
  });

  it('refuses to submit with a judgement missing, marking the cell, without asking the server', async () => {
    const { wrapper, requests } = await openReport([], weeklyReport({ content: { rows: [row(11, { carried: false, authenticity: null })] } }));
    await wrapper.find('[data-testid="report-submit"]').trigger('click');
    await flush();
    expect(wrapper.find('[data-testid="weekly-error-authenticity-0"]').text()).toBe('请填写');
    expect(requests.filter((r) => r.method === 'POST')).toHaveLength(0);
  });

  it('is read-only once submitted; 更正 asks for the reason and sends it with the new content', async () => {
    const submitted = weeklyReport({
      status: 'late',
      revision: 1,
      version: 5,
      submitted_at: '2026-03-08T01:30:00Z',
      last_submitted_at: '2026-03-08T01:30:00Z',
      content_source: 'revision',
      revisions: [{ revision: 1, submitted_at: '2026-03-08T01:30:00Z', submitted_by_name: '杨帆', status: 'late', correction_reason: null, content: { rows: [row(11)] } }],
    });
    const { wrapper, requests } = await openReport(
      [when('POST', '/api/v1/reports/5/submit', { status: 200, body: { ...submitted, revision: 2, version: 6, content_source: 'revision' } })],
      submitted,
    );
    expect(wrapper.find('[data-testid="report-late"]').text()).toBe('迟交 10 小时');
    expect(wrapper.find('[data-testid="weekly-deal_probability-0"]').exists()).toBe(false);
    expect(wrapper.find('[data-testid="report-submit"]').exists()).toBe(false);
    await wrapper.find('[data-testid="report-correct"]').trigger('click');
    await nextTick();
    await input(wrapper, 'weekly-deal_probability-1').setValue('30');
    await wrapper.find('[data-testid="report-submit-correction"]').trigger('click');
    await flush();
    const reason = document.querySelector('[data-testid="report-correction-reason"]') as HTMLTextAreaElement;
    reason.value = '更正自贡的成交概率';
    reason.dispatchEvent(new Event('input'));
    await flush();
    (document.querySelector('[data-testid="report-correction-save"]') as HTMLButtonElement).click();
    await flush();
    const submit = requests.find((r) => r.url === '/api/v1/reports/5/submit');
    expect(submit?.body).toMatchObject({ version: 5, correction_reason: '更正自贡的成交概率', rows: [{ account_id: 11 }, { account_id: 12, deal_probability: 30 }] });
  });

  it('shows a reviewer the comment form and adds the comment to the list', async () => {
    const submitted = weeklyReport({ editable: false, status: 'submitted', revision: 1, submitted_at: '2026-03-06T01:30:00Z' });
    stubMedia(false);
    const net = mockFetch(
      when('GET', '/api/v1/reports/5', { status: 200, body: submitted }),
      when('POST', '/api/v1/reports/5/comments', (request) => ({
        status: 201,
        body: { id: 9, revision: 1, author_id: 3, author_name: '刘洋', body: (request.body as { body: string }).body, created_at: '2026-03-06T02:00:00Z' },
      })),
    );
    const managerMe = { ...adminMe, user: { ...adminUser, id: 3, role: 'area_manager' as const }, permissions: ['reports.review', 'reports.board'] };
    const { wrapper } = await mountWithApp(ReportView, { props: { id: 5 }, me: managerMe, routes: reportRoutes, path: '/reports/5?tab=comments', attach: true });
    await wrapper.find('[data-testid="comment-body"]').setValue('请补充拜访记录');
    await wrapper.find('form.comments__form').trigger('submit');
    await flush();
    expect(net.requests.find((r) => r.method === 'POST')?.body).toEqual({ body: '请补充拜访记录' });
    expect(wrapper.find('[data-testid="comment-9"]').text()).toContain('请补充拜访记录');
  });

  it('shows a reviewer the monthly statistics against the system’s figures', async () => {
    const stats = weeklyReport({
      kind: 'monthly_stats',
      period: '2026-02',
      editable: false,
      status: 'submitted',
      revision: 1,
      content: { won_count: 2, won_units: 6, amount_fen: 50_000_000, delivered_units: 3, note: null, deals: [] },
      system: { won_count: 2, won_units: 5, amount_fen: 50_000_000, delivered_units: 3 },
      differences: [{ field: 'won_units', submitted: 6, system: 5 }],
    });
    stubMedia(false);
    mockFetch(when('GET', '/api/v1/reports/5', { status: 200, body: stats }));
    const managerMe = { ...adminMe, user: { ...adminUser, id: 3, role: 'area_manager' as const }, permissions: ['reports.review'] };
    const { wrapper } = await mountWithApp(ReportView, { props: { id: 5 }, me: managerMe, routes: reportRoutes, path: '/reports/5' });
    expect(wrapper.find('[data-testid="stats-diff-won_units"]').text()).toBe('填报数 6 与系统数 5 不一致');
    expect(wrapper.find('[data-testid="stats-diff-won_count"]').exists()).toBe(false);
    expect(wrapper.find('[data-testid="stats-system-amount_fen"]').text()).toBe('系统数：500,000 元');
  });
});

describe('the overdue board', () => {
  const board: Board = {
    kind: 'weekly_tracking',
    period: '2026-W10',
    due_at: '2026-03-07T16:00:00Z',
    default_due_at: '2026-03-07T16:00:00Z',
    due_reason: null,
    unit: { id: 30, name: '四川省', kind: 'province' },
    totals: { expected: 3, submitted: 1, late: 0, missing: 2, open: 0 },
    units: [
      { id: 41, name: '自贡众诚汽车贸易有限公司', kind: 'dealer', expected: 1, submitted: 0, late: 0, missing: 1, open: 0 },
      { id: 40, name: '成都鑫达汽车销售服务有限公司', kind: 'dealer', expected: 2, submitted: 1, late: 0, missing: 1, open: 0 },
    ],
  };

  it('shows the totals and the dealers, drills into one and lists its missing people', async () => {
    stubMedia(false);
    const province = { ...hqUnit, id: 30, kind: 'province' as const, name: '四川省', parent_id: 20 };
    const amMe = { user: { ...adminUser, id: 3, role: 'area_manager' as const, org_unit_id: 30 }, org_unit: province, permissions: ['reports.review', 'reports.board', 'org.read'] };
    const zigong = { ...board, unit: { id: 41, name: '自贡众诚汽车贸易有限公司', kind: 'dealer' as const }, totals: board.units[0]!, units: [] };
    const { requests } = mockFetch(
      when('GET', '/api/v1/report-board', (request) => ({ status: 200, body: new URL(request.url, 'http://x').searchParams.get('unit_id') === '41' ? zigong : board })),
      when('GET', '/api/v1/reports', {
        status: 200,
        body: { items: [{ ...weeklyReport(), id: 8, user_id: 9, user_name: '赵磊', unit_id: 41, unit_name: '自贡众诚汽车贸易有限公司', status: 'missing' }], next_cursor: null },
      }),
      when('GET', '/api/v1/org/units', { status: 200, body: { items: [province, { ...province, id: 41, kind: 'dealer', name: '自贡众诚汽车贸易有限公司', parent_id: 30 }], next_cursor: null } }),
    );
    const { wrapper, router } = await mountWithApp(ReportBoardView, {
      me: amMe,
      routes: [{ path: '/reports/board', name: 'report-board', component: stub }, ...reportRoutes],
      path: '/reports/board',
    });
    expect(wrapper.find('[data-testid="board-total-missing"]').text()).toBe('2');
    expect(wrapper.find('[data-testid="board-rate"]').text()).toBe('33.3%');
    expect(wrapper.find('[data-testid="board-due"]').text()).toContain('2026-03-07 24:00');
    expect(wrapper.find('[data-testid="board-unit-41-missing"]').text()).toBe('1');
    await wrapper.find('[data-testid="board-unit-41"]').trigger('click');
    await flush();
    expect(router.currentRoute.value.query).toEqual({ unit_id: '41' });
    expect(wrapper.find('[data-testid="board-unit"]').text()).toBe('自贡众诚汽车贸易有限公司');
    expect(wrapper.find('[data-testid="board-trail-30"]').exists()).toBe(true);
    const people = requests.filter((r) => r.url.startsWith('/api/v1/reports?')).pop();
    expect(new URL(people!.url, 'http://x').searchParams.get('status')).toBe('late,missing');
    expect(new URL(people!.url, 'http://x').searchParams.get('unit_id')).toBe('41');
    expect(wrapper.find('[data-testid="board-person-8"]').attributes('href')).toBe('/reports/8');
  });
});

describe('home to-dos and the list they open', () => {
  it('names the report to-dos in both languages and links to the list filtered by status', async () => {
    const todo = (code: string, status: string) =>
      ({ code, count: 2, link: { path: '/reports', query: { status } }, list: { path: '/api/v1/reports', query: { status } } }) as unknown as HomeTodo;
    const home = { todos: [todo('reports_to_submit', 'open,missing'), todo('reports_overdue', 'late,missing')] } as unknown as Home;
    for (const [locale, words] of [
      ['zh-CN', ['待提交的报表', '迟交、缺交的报表']],
      ['en', ['Reports to submit', 'Reports late or missing']],
    ] as const) {
      const { wrapper } = await mountWithApp(HomeTodosCard, { locale, props: { home }, routes: [{ path: '/:p(.*)*', component: { render: () => null } }] });
      expect(wrapper.findAll('.home-todos__label').map((w) => w.text())).toEqual(words);
      expect(wrapper.get('[data-testid="home-todo-reports_overdue"]').attributes('href')).toBe('/reports?status=late,missing');
    }
  });

  it('lands filtered from a link (several statuses, a kind, a period) and asks the server for exactly those', async () => {
    stubMedia(false);
    const { requests } = mockFetch(
      when('GET', '/api/v1/reports', { status: 200, body: { items: [{ ...weeklyReport(), status: 'missing' }], next_cursor: null } }),
      when('GET', '/api/v1/users', { status: 200, body: { items: [], next_cursor: null } }),
    );
    const dmMe = { ...repMe, user: { ...repMe.user, role: 'dealer_manager' as const }, permissions: ['reports.submit', 'reports.review', 'users.read'] };
    const { wrapper } = await mountWithApp(ReportListView, {
      me: dmMe,
      routes: [{ path: '/reports', name: 'reports', component: stub }, ...reportRoutes.slice(1)],
      path: '/reports?status=missing,late&kind=weekly_tracking&period=2026-W10',
    });
    const asked = new URL(requests.find((r) => r.url.startsWith('/api/v1/reports'))!.url, 'http://x').searchParams;
    expect(Object.fromEntries(asked)).toMatchObject({ status: 'late,missing', kind: 'weekly_tracking', period: '2026-W10' });
    expect(wrapper.find('[data-testid="reports-status-late,missing"]').text()).toBe('迟交 / 缺交');
    expect(wrapper.find('[data-testid="reports-link-5"]').text()).toBe('重点大客户关系维系跟踪表');
    expect(wrapper.find('[data-testid="reports-title"]').exists()).toBe(false);
    expect(wrapper.text()).toContain('我的报表');
  });
});
