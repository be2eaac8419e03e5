// Targets (目标分解, issue 12): the percentages that must add up to 100, said live; the what-if
// tables asked for once the typing pauses (250 ms) and redrawn from the server's preview; the
// province table's regions as sums with quarter subtotals; the province split's sums and the red
// mark (with the difference) on every month that does not add up to the province's cell; the
// attainment rate in words and colour; capacities pasted or read from a .csv.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Home, HomeTodo } from '@/api/home';
import type { Cell, MonthRow, Plan, SplitSheet } from '@/api/targets';
import HomeTodosCard from '@/views/home/home-todos-card.vue';
import TargetAttainment from '@/views/targets/target-attainment.vue';
import TargetDecomposition from '@/views/targets/target-decomposition.vue';
import TargetPlanListView from '@/views/targets/target-plan-list-view.vue';
import TargetSplitSheet from '@/views/targets/target-split-sheet.vue';
import {
  attainmentRows,
  dealerMismatches,
  formatRate,
  isFuturePeriod,
  parseCapacity,
  percentCheck,
  periodColumns,
  provinceTable,
  rateTone,
  splitItems,
  splitModel,
} from '@/views/targets/targets-format';
import { adminMe, hqUnit, mockFetch, when, type RecordedRequest } from './helpers';
import { flush, mountWithApp } from './mount-with-app';

const unit = (id: number, kind: 'hq' | 'region' | 'province' | 'dealer', name: string, parent_id: number | null) => ({
  ...hqUnit,
  id,
  kind,
  name,
  parent_id,
});
const UNITS = [unit(1, 'hq', '总部', null), unit(2, 'region', '西南大区', 1), unit(3, 'province', '四川省', 2), unit(4, 'province', '重庆市', 2), unit(5, 'region', '华东大区', 1), unit(6, 'province', '浙江省', 5)];
const orgRoute = when('GET', '/api/v1/org/units', { status: 200, body: { items: UNITS, next_cursor: null } });

const cell = (level: Cell['level'], unit_id: number, month: string, business: Cell['business'], units: number, exact = units): Cell => ({
  level,
  unit_id,
  month,
  business,
  units,
  exact,
});

function planFixture(extra: Partial<Plan> = {}): Plan {
  const months = ['2025-01', '2025-02', '2025-03', '2025-04'];
  return {
    id: 7,
    name: '2025 上半年',
    from: '2025-01',
    to: '2025-04',
    months,
    total_units: 400,
    per_person_month_units: 13,
    split_due: '2025-01-10',
    status: 'draft',
    version: 3,
    revision: 1,
    revision_of: null,
    superseded_by: null,
    issued_at: null,
    created_at: '2026-12-01T00:00:00Z',
    updated_at: '2026-12-01T00:00:00Z',
    method: {
      month_basis: 'history',
      businesses: { direct: 40, tender: 40, one_time: 20 },
      weights: { last_month_sales: 40, market_capacity: 30, registrations: 30 },
      market_capacity: {},
      month_overrides: {},
    },
    month_rows: months.map((month, i): MonthRow => ({ month, units: 100, exact: 100, history_units: i === 2 ? 0 : 50, from_history: i !== 2, override: null })),
    ...extra,
  };
}

const directorMe = { ...adminMe, user: { ...adminMe.user, role: 'ka_director' as const }, permissions: ['org.read', 'targets.read', 'targets.plan'] };

describe('targets format', () => {
  it('adds percentages up live and accepts only whole, non-negative ones adding up to 100', () => {
    expect(percentCheck({ direct: 40, tender: 40, one_time: 20 })).toEqual({ sum: 100, ok: true });
    expect(percentCheck({ direct: 50, tender: 40, one_time: 20 })).toEqual({ sum: 110, ok: false });
    expect(percentCheck({ a: 50.5, b: 49.5 })).toEqual({ sum: 100, ok: false });
    expect(percentCheck({ a: 120, b: -20 })).toEqual({ sum: 100, ok: false });
    expect(percentCheck({ a: 100, b: null })).toEqual({ sum: 100, ok: false });
  });

  it('writes the attainment rate with one decimal and colours it by how far it got', () => {
    expect(formatRate(0.8534)).toBe('85.3%');
    expect(formatRate(1)).toBe('100.0%');
    expect(formatRate(1.25)).toBe('125.0%');
    expect(formatRate(0)).toBe('0.0%');
    expect(formatRate(null)).toBe('—');
    expect([rateTone(1.02), rateTone(0.85), rateTone(0.3), rateTone(null)]).toEqual(['good', 'fair', 'poor', 'none']);
    expect([isFuturePeriod('2025-02', '2025-02-15'), isFuturePeriod('2025-03', '2025-02-15'), isFuturePeriod('2025-Q1', '2025-02-15'), isFuturePeriod('2025-Q2', '2025-02-15')]).toEqual([false, true, false, true]);
  });

  it('puts a quarter subtotal after each quarter’s last month, and after the period’s last', () => {
    const columns = periodColumns(['2025-02', '2025-03', '2025-04']);
    expect(columns.map((c) => c.key)).toEqual(['2025-02', '2025-03', '2025-Q1', '2025-04', '2025-Q2']);
    expect(columns[2]).toEqual({ kind: 'quarter', key: '2025-Q1', months: ['2025-02', '2025-03'] });
  });

  it('lists each region before its provinces, for one business or all three', () => {
    const cells = [
      cell('hq', 1, '2025-01', 'direct', 10),
      cell('hq', 1, '2025-01', 'tender', 5),
      cell('region', 2, '2025-01', 'direct', 7),
      cell('region', 2, '2025-01', 'tender', 5),
      cell('province', 3, '2025-01', 'direct', 4, 4.4),
      cell('province', 4, '2025-01', 'direct', 3, 2.6),
      cell('province', 3, '2025-01', 'tender', 5),
      cell('region', 5, '2025-01', 'direct', 3),
      cell('province', 6, '2025-01', 'direct', 3),
    ];
    const byId = new Map(UNITS.map((u) => [u.id, u]));
    const names = (id: number) => byId.get(id)!.name;
    const parent = (id: number) => byId.get(id)!.parent_id;
    const all = provinceTable(cells, '', names, parent);
    expect(all.rows.map((r) => r.name)).toEqual(['华东大区', '浙江省', '西南大区', '重庆市', '四川省']);
    expect(all.rows.find((r) => r.name === '四川省')!.total).toEqual({ units: 9, exact: 9.4 });
    expect(all.total!.months['2025-01']!.units).toBe(15);
    const direct = provinceTable(cells, 'direct', names, parent);
    expect(direct.rows.find((r) => r.name === '四川省')!.total.units).toBe(4);
    expect(direct.total!.total.units).toBe(10);
  });

  it('reads capacities pasted or from a .csv by province name (short or full) and names the lines it cannot read', () => {
    const provinces = [
      { id: 3, name: '四川省' },
      { id: 4, name: '重庆市' },
    ];
    const read = parseCapacity('\uFEFF省区,容量\n四川省,1200\n重庆\t800\n西藏,5\n四川省,abc\n', provinces);
    expect(read.values).toEqual({ '3': 1200, '4': 800 });
    expect(read.bad).toEqual(['西藏,5', '四川省,abc']);
  });

  it('ranks attainment rows and keeps the periods in order', () => {
    const { rows, periods } = attainmentRows({
      periods: [],
      items: [
        { unit_id: 3, name: '四川省', period: '2025-02', plan: 10, actual: 4, rate: 0.4 },
        { unit_id: 3, name: '四川省', period: '2025-01', plan: 10, actual: 12, rate: 1.2 },
        { unit_id: 4, name: '重庆市', period: '2025-01', plan: 0, actual: 1, rate: null },
      ],
      units: [
        { unit_id: 4, name: '重庆市', plan: 5, plan_to_date: 0, actual: 1, rate: null, gap: -1, rank: 2 },
        { unit_id: 3, name: '四川省', plan: 20, plan_to_date: 20, actual: 16, rate: 0.8, gap: 4, rank: 1 },
      ],
    });
    expect(periods).toEqual(['2025-01', '2025-02']);
    expect(rows.map((r) => r.name)).toEqual(['四川省', '重庆市']);
    expect(rows[0]!.periods['2025-01']).toEqual({ plan: 10, actual: 12, rate: 1.2 });
  });
});

// ——— the province split ———
function sheetFixture(extra: Partial<SplitSheet> = {}): SplitSheet {
  return {
    province: { id: 3, name: '四川省' },
    status: 'open',
    saved_at: null,
    submitted_at: null,
    late: false,
    split_due: '2025-01-10',
    dealers: [
      { id: 31, name: '成都鑫达' },
      { id: 32, name: '绵阳远航' },
    ],
    people: [],
    province_cells: ['2025-01', '2025-02'].flatMap((month) => [
      cell('province', 3, month, 'direct', 10),
      cell('province', 3, month, 'tender', 6),
      cell('province', 3, month, 'one_time', 2),
    ]),
    suggested: ['2025-01', '2025-02'].flatMap((month) => [
      { unit_id: 31, month, business: 'direct' as const, units: 6 },
      { unit_id: 32, month, business: 'direct' as const, units: 4 },
      { unit_id: 31, month, business: 'tender' as const, units: 6 },
      { unit_id: 32, month, business: 'tender' as const, units: 0 },
      { unit_id: 31, month, business: 'one_time' as const, units: 1 },
      { unit_id: 32, month, business: 'one_time' as const, units: 1 },
    ]),
    saved: [],
    headcount: 2,
    standard: [
      { month: '2025-01', units: 26 },
      { month: '2025-02', units: 26 },
    ],
    ...extra,
  };
}

describe('the province split', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('finds every month and business whose dealers do not add up, with the difference', () => {
    const sheet = sheetFixture();
    const months = ['2025-01', '2025-02'];
    const model = splitModel(sheet);
    expect(dealerMismatches(sheet, months, model)).toEqual([]);
    model['unit:31|2025-02|direct'] = 9;
    expect(dealerMismatches(sheet, months, model)).toEqual([{ month: '2025-02', business: 'direct', sum: 13, target: 10, difference: 3 }]);
    // Prefilled from what was saved, when something was.
    expect(splitModel(sheetFixture({ saved: [{ unit_id: 31, month: '2025-01', business: 'direct', units: 10 }] }))).toEqual({ 'unit:31|2025-01|direct': 10 });
    // Every dealer's cell is sent; no person's when none was given.
    expect(splitItems(sheet, months, model)).toHaveLength(2 * 2 * 3);
  });

  async function mountSheet(sheet: SplitSheet) {
    const fetched = mockFetch(when('GET', '/api/v1/target-plans/7/provinces/3/split', { status: 200, body: sheet }));
    const me = { ...adminMe, org_unit: unit(3, 'province', '四川省', 2), user: { ...adminMe.user, role: 'area_manager' as const }, permissions: ['targets.read', 'targets.split'] };
    const mounted = await mountWithApp(TargetSplitSheet, {
      me,
      props: { plan: planFixture({ status: 'issued', months: ['2025-01', '2025-02'] }), provinceId: 3 },
    });
    return { ...mounted, ...fetched };
  }

  it('sums rows and columns as the area manager types, marking a month that no longer adds up in red with the difference', async () => {
    const { wrapper } = await mountSheet(sheetFixture());
    const colsum = (month: string) => wrapper.get(`[data-testid="target-split-colsum-${month}"]`);
    expect(colsum('2025-01').text()).toBe('10');
    expect(colsum('2025-01').attributes('data-off')).toBe('false');
    expect(wrapper.get('[data-testid="target-split-rowsum-31"]').text()).toBe('12');
    expect(wrapper.find('[data-testid="target-split-mismatch"]').exists()).toBe(false);

    const input = wrapper.get('[data-testid="target-split-cell-31-2025-02"] input');
    await input.setValue('9');
    await input.trigger('blur');
    await flush();

    expect(colsum('2025-02').text()).toContain('13');
    expect(colsum('2025-02').attributes('data-off')).toBe('true');
    expect(colsum('2025-02').classes()).toContain('target-grid__bad');
    expect(wrapper.get('[data-testid="target-split-diff-2025-02"]').text()).toBe('+3');
    expect(colsum('2025-01').attributes('data-off')).toBe('false');
    expect(wrapper.get('[data-testid="target-split-rowsum-31"]').text()).toBe('15');
    expect(wrapper.get('[data-testid="target-split-mismatch"]').text()).toContain('1');
    expect(wrapper.get('[data-testid="target-split-off-direct"]').text()).toBe('(1)');
    expect(wrapper.get('[data-testid="target-split-submit"]').attributes('disabled')).toBeDefined();

    // Another business has its own table: its months add up.
    await wrapper.get('[data-testid="target-split-business-tender"] input').setValue(true);
    await flush();
    expect(colsum('2025-02').attributes('data-off')).toBe('false');
    expect(colsum('2025-02').text()).toBe('6');
  });

  it('saves every dealer cell and lists the server’s refusal', async () => {
    const { wrapper } = await mountSheet(sheetFixture());
    vi.unstubAllGlobals();
    const refused = mockFetch(
      when('PUT', '/api/v1/target-plans/7/provinces/3/split', {
        status: 422,
        body: { type: 'about:blank', title: 'Unprocessable', status: 422, code: 'target.split_mismatch', errors: [{ field: 'items', code: 'split_mismatch', message: '2025-01 direct: 9 ≠ 10' }] },
      }),
    );
    await wrapper.get('[data-testid="target-split-save"]').trigger('click');
    await flush();
    const put = refused.requests.find((r) => r.method === 'PUT')!;
    expect((put.body as { items: unknown[] }).items).toHaveLength(12);
    expect(wrapper.get('[data-testid="target-split-error"]').text()).toContain('2025-01 direct: 9 ≠ 10');
  });
});

// ——— the what-if tables ———
describe('the decomposition’s what-if tables', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  const savedCells = [cell('hq', 1, '2025-01', 'direct', 40), cell('region', 2, '2025-01', 'direct', 40), cell('province', 3, '2025-01', 'direct', 40)];

  async function mountDecomposition() {
    const previews: RecordedRequest[] = [];
    const fetched = mockFetch(
      orgRoute,
      when('GET', '/api/v1/target-plans/7/cells', (r) => {
        const level = new URL(r.url, 'http://x').searchParams.get('level');
        return { status: 200, body: { items: savedCells.filter((c) => c.level === level) } };
      }),
      when('POST', '/api/v1/target-plans/7/preview', (r) => {
        previews.push(r);
        const weight = (r.body as { weights: { market_capacity: number } }).weights.market_capacity;
        // The what-if: the province's January follows the capacity weight.
        return {
          status: 200,
          body: {
            month_rows: planFixture().month_rows!.map((row) => ({ ...row, units: row.month === '2025-01' ? 100 + weight : row.units })),
            cells: [cell('hq', 1, '2025-01', 'direct', 40), cell('region', 2, '2025-01', 'direct', 40), cell('province', 3, '2025-01', 'direct', weight, weight + 0.25)],
          },
        };
      }),
    );
    const mounted = await mountWithApp(TargetDecomposition, { me: directorMe, props: { plan: planFixture() } });
    return { ...mounted, ...fetched, previews };
  }

  it('asks for the preview 250 ms after the last change, once, and redraws the tables from it', async () => {
    const { wrapper, previews } = await mountDecomposition();
    expect(wrapper.get('[data-testid="target-cell-province-3-2025-01"]').text()).toContain('40');
    expect(previews).toHaveLength(0);

    // Two quick changes: weights 40/30/30 → 30/40/30 (still 100).
    const weight = (name: string) => wrapper.get(`[data-testid="target-weight-${name}"] input`);
    await weight('last_month_sales').setValue('30');
    await weight('last_month_sales').trigger('blur');
    await vi.advanceTimersByTimeAsync(100);
    await weight('market_capacity').setValue('40');
    await weight('market_capacity').trigger('blur');
    await vi.advanceTimersByTimeAsync(200);
    expect(previews).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(60);
    await flush();
    expect(previews).toHaveLength(1);
    expect(previews[0]!.body).toMatchObject({ weights: { last_month_sales: 30, market_capacity: 40, registrations: 30 }, month_basis: 'history' });
    expect(previews[0]!.body).not.toHaveProperty('version');

    // The tables show the preview, before anything is saved.
    expect(wrapper.get('[data-testid="target-cell-province-3-2025-01"]').text()).toContain('40');
    expect(wrapper.get('[data-testid="target-cell-province-3-2025-01"]').text()).toContain('40.25');
    expect(wrapper.get('[data-testid="target-month-units-2025-01"]').text()).toBe('140');
    expect(wrapper.find('[data-testid="target-unsaved"]').exists()).toBe(true);
    expect(wrapper.get('[data-testid="target-save"]').attributes('disabled')).toBeUndefined();
  });

  it('says a month that had no history took an even share', async () => {
    const { wrapper } = await mountDecomposition();
    expect(wrapper.get('[data-testid="target-months-even"]').text()).toContain('2025-03');
    expect(wrapper.find('[data-testid="target-month-even-2025-03"]').exists()).toBe(true);
    expect(wrapper.find('[data-testid="target-month-even-2025-01"]').exists()).toBe(false);
  });

  it('shows the percentages’ sum live and asks nothing while they do not add up to 100', async () => {
    const { wrapper, previews } = await mountDecomposition();
    const sum = () => wrapper.get('[data-testid="target-sum-businesses"]');
    expect(sum().text()).toBe('合计 100%');
    const direct = wrapper.get('[data-testid="target-pct-direct"] input');
    await direct.setValue('50');
    await direct.trigger('blur');
    await flush();
    expect(sum().text()).toBe('合计 110%，须为 100%');
    expect(sum().classes()).toContain('target-negative');
    expect(wrapper.find('[data-testid="target-percent-notice"]').exists()).toBe(true);
    expect(wrapper.get('[data-testid="target-save"]').attributes('disabled')).toBeDefined();
    await vi.advanceTimersByTimeAsync(1000);
    expect(previews).toHaveLength(0);

    // Back to 100 in all: asked again.
    const tender = wrapper.get('[data-testid="target-pct-tender"] input');
    await tender.setValue('30');
    await tender.trigger('blur');
    await vi.advanceTimersByTimeAsync(300);
    await flush();
    expect(sum().text()).toBe('合计 100%');
    expect(previews).toHaveLength(1);
    expect(previews[0]!.body).toMatchObject({ businesses: { direct: 50, tender: 30, one_time: 20 } });
  });
});

// ——— attainment ———
describe('attainment', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('shows each rate as a coloured percentage and — without a plan', async () => {
    mockFetch(
      when('GET', '/api/v1/attainment', {
        status: 200,
        body: {
          plan_id: 7,
          as_of: '2025-02-15',
          periods: ['2025-01', '2025-03'],
          items: [
            { unit_id: 3, name: '四川省', period: '2025-01', plan: 10, actual: 12, rate: 1.2 },
            { unit_id: 3, name: '四川省', period: '2025-03', plan: 10, actual: 0, rate: 0 },
            { unit_id: 4, name: '重庆市', period: '2025-01', plan: 0, actual: 1, rate: null },
          ],
          units: [
            { unit_id: 3, name: '四川省', plan: 40, plan_to_date: 20, actual: 17, rate: 0.85, gap: 3, rank: 1 },
            { unit_id: 4, name: '重庆市', plan: 0, plan_to_date: 0, actual: 1, rate: null, gap: -1, rank: 2 },
          ],
        },
      }),
    );
    const { wrapper } = await mountWithApp(TargetAttainment, {
      me: directorMe,
      props: { plan: planFixture({ status: 'issued' }) },
      stubs: { TargetAttainmentChart: true },
    });
    const rate = wrapper.get('[data-testid="target-attainment-rate-3"]');
    expect(rate.text()).toBe('85.0%');
    expect(rate.classes()).toContain('target-rate--fair');
    expect(wrapper.get('[data-testid="target-attainment-rate-4"]').text()).toBe('—');
    expect(wrapper.get('[data-testid="target-attainment-rate-3-2025-01"]').text()).toBe('120.0%');
    expect(wrapper.get('[data-testid="target-attainment-rate-3-2025-01"]').classes()).toContain('target-rate--good');
    // A month still to come is not coloured as missed.
    expect(wrapper.get('[data-testid="target-attainment-rate-3-2025-03"]').classes()).toContain('target-rate--none');
  });
});

// ——— the home page's target to-dos ———
describe('home to-dos of targets', () => {
  it('names the target to-dos in both languages and links to the plans they count', async () => {
    const todo = (code: string, path: string, query: Record<string, string> = {}) =>
      ({ code, count: 1, link: { path, query }, list: { path: '/api/v1/target-plans', query: {} } }) as unknown as HomeTodo;
    // As the server links them: the plans list filtered to the drafts, or to plans not yet split.
    const home = {
      todos: [todo('target_plan_draft', '/targets', { status: 'draft' }), todo('target_split_due', '/targets', { split_pending: 'true' }), todo('target_split_missing', '/targets', { split_pending: 'true' })],
    } as unknown as Home;
    for (const [locale, words] of [
      ['zh-CN', ['待下达的目标草稿', '待提交的省区目标分解', '未提交目标分解的省区']],
      ['en', ['Target drafts not issued', 'Province target splits to submit', 'Provinces yet to submit a target split']],
    ] as const) {
      const { wrapper } = await mountWithApp(HomeTodosCard, { locale, props: { home }, routes: [{ path: '/:p(.*)*', component: { render: () => null } }] });
      expect(wrapper.findAll('.home-todos__label').map((w) => w.text())).toEqual(words);
      expect(wrapper.get('[data-testid="home-todo-target_split_due"]').attributes('href')).toBe('/targets?split_pending=true');
      expect(wrapper.get('[data-testid="home-todo-target_plan_draft"]').attributes('href')).toBe('/targets?status=draft');
    }
  });
});

// ——— the plans list ———
describe('the plans list', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('lands filtered from a home to-do (split_pending=true) and asks the server for exactly those', async () => {
    const { requests } = mockFetch(when('GET', '/api/v1/target-plans', { status: 200, body: { items: [planFixture({ status: 'issued' })] } }));
    const { wrapper } = await mountWithApp(TargetPlanListView, {
      me: directorMe,
      path: '/targets?split_pending=true',
      routes: [
        { path: '/targets', name: 'targets', component: { render: () => null } },
        { path: '/targets/:id', name: 'target-plan', component: { render: () => null } },
      ],
    });
    const asked = requests.filter((r) => r.url.includes('/target-plans')).map((r) => new URL(r.url, 'http://x').searchParams.toString());
    expect(asked).toEqual(['split_pending=true']);
    expect(wrapper.get('[data-testid="targets-split-pending"]').text()).toBe('有省区未提交分解');
    expect(wrapper.text()).toContain('2025 上半年');
    expect(wrapper.get('[data-testid="target-create"]').text()).toBe('新建目标');
  });
});
