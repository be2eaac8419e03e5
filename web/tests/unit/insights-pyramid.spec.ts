// The value pyramid: the grades in order with their shares, the 20/80 sentence in both
// languages, the month range and the monthly actual sales with empty months as 0; the page
// asks for both with the same range, which it keeps in the address (a link, back restores it).
import { describe, expect, it, vi } from 'vitest';
import { RouterView } from 'vue-router';
import { KitDateRange } from '@/kit';
import type { Pyramid } from '@/api/deliveries';
import { createAppI18n } from '@/locales';
import {
  lastMonths,
  monthlyUnits,
  monthsBetween,
  paretoReading,
  paretoSentence,
  pyramidRows,
} from '@/views/insights/insights-format';
import PyramidView from '@/views/insights/pyramid-view.vue';
import { eventually, mockFetch, when } from './helpers';
import { flush, mountWithApp, stub } from './mount-with-app';

/** 50 accounts: 10 key (20 %) took 400 of 500 units (80 %). The server lists grades in its own order. */
const PYRAMID: Pyramid = {
  from: '2025-06',
  to: '2026-05',
  total_accounts: 50,
  total_units: 500,
  grades: [
    { grade: 'potential', accounts: 28, account_share: 0.56, units: 25, unit_share: 0.05 },
    { grade: 'key', accounts: 10, account_share: 0.2, units: 400, unit_share: 0.8 },
    { grade: 'secondary', accounts: 12, account_share: 0.24, units: 75, unit_share: 0.15 },
  ],
};

const zh = createAppI18n('zh-CN').global;
const en = createAppI18n('en').global;
const tZh = (key: string, named?: Record<string, unknown>) => zh.t(key, named ?? {});
const tEn = (key: string, named?: Record<string, unknown>) => en.t(key, named ?? {});

describe('pyramid rows', () => {
  it('orders the grades key → secondary → potential with their shares of accounts and of units', () => {
    expect(pyramidRows(PYRAMID)).toEqual([
      { grade: 'key', accounts: 10, account_share: 0.2, units: 400, unit_share: 0.8 },
      { grade: 'secondary', accounts: 12, account_share: 0.24, units: 75, unit_share: 0.15 },
      { grade: 'potential', accounts: 28, account_share: 0.56, units: 25, unit_share: 0.05 },
    ]);
  });

  it('computes the shares from the counts whatever scale the server’s shares are in, and fills a missing grade', () => {
    const rows = pyramidRows({
      total_accounts: 8,
      total_units: 0,
      grades: [
        { grade: 'key', accounts: 2, account_share: 25, units: 0, unit_share: 0 },
        { grade: 'potential', accounts: 6, account_share: 75, units: 0, unit_share: 0 },
      ],
    });
    expect(rows.map((row) => [row.grade, row.accounts, row.account_share, row.unit_share])).toEqual([
      ['key', 2, 0.25, 0],
      ['secondary', 0, 0, 0],
      ['potential', 6, 0.75, 0],
    ]);
  });
});

describe('the 20/80 reading', () => {
  it('says what share of the accounts the key ones are and what share of the units they bring', () => {
    expect(paretoReading(PYRAMID)).toEqual({ accountShare: 0.2, unitShare: 0.8 });
    expect(paretoSentence(PYRAMID, tZh, 'zh-CN')).toBe('重点客户占 20% 的客户数，贡献 80% 的交车量');
    expect(paretoSentence(PYRAMID, tEn, 'en')).toBe('Key accounts are 20% of the accounts and bring 80% of the delivered units');
  });

  it('rounds to one decimal', () => {
    const thirds: Pyramid = {
      ...PYRAMID,
      total_accounts: 3,
      total_units: 3,
      grades: [
        { grade: 'key', accounts: 1, account_share: 0, units: 2, unit_share: 0 },
        { grade: 'potential', accounts: 2, account_share: 0, units: 1, unit_share: 0 },
      ],
    };
    expect(paretoSentence(thirds, tZh, 'zh-CN')).toBe('重点客户占 33.3% 的客户数，贡献 66.7% 的交车量');
  });

  it('says when nothing was delivered, and says nothing without accounts', () => {
    const undelivered = { ...PYRAMID, total_units: 0, grades: PYRAMID.grades.map((g) => ({ ...g, units: 0, unit_share: 0 })) };
    expect(paretoSentence(undelivered, tZh, 'zh-CN')).toBe('重点客户占 20% 的客户数；该期间尚无交车');
    expect(paretoSentence({ ...PYRAMID, total_accounts: 0, total_units: 0, grades: [] }, tZh, 'zh-CN')).toBeNull();
  });
});

describe('months', () => {
  it('defaults to the last 12 months up to this one, in Shanghai', () => {
    expect(lastMonths(12, new Date('2026-05-15T00:00:00Z'))).toEqual(['2025-06', '2026-05']);
    // 31 Dec 17:00 UTC is already 1 January in Shanghai.
    expect(lastMonths(12, new Date('2025-12-31T17:00:00Z'))).toEqual(['2025-02', '2026-01']);
  });

  it('lists every month of a range across a year', () => {
    expect(monthsBetween('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
  });

  it('fills months without deliveries with 0 and adds rows of the same month', () => {
    expect(
      monthlyUnits(
        [
          { month: '2026-01', units: 12 },
          { month: '2026-03', units: 5 },
          { month: '2026-03', units: 1 },
        ],
        '2025-12',
        '2026-03',
      ),
    ).toEqual([
      { month: '2025-12', units: 0 },
      { month: '2026-01', units: 12 },
      { month: '2026-02', units: 0 },
      { month: '2026-03', units: 6 },
    ]);
  });
});

/** The pyramid page at `path`, shown by a <router-view>; `asked(path)` lists the queries sent there. */
async function openPyramid(path = '/insights/pyramid') {
  const { requests } = mockFetch(
    when('GET', '/api/v1/accounts/pyramid', { status: 200, body: PYRAMID }),
    when('GET', '/api/v1/deliveries/summary', {
      status: 200,
      body: { items: [{ month: '2026-04', unit_id: null, units: 30 }] },
    }),
  );
  const app = await mountWithApp(RouterView, {
    routes: [
      { path: '/insights/pyramid', name: 'pyramid', component: PyramidView },
      { path: '/other', name: 'other', component: stub },
    ],
    path,
    // ECharts cannot draw without a canvas (happy-dom has none): the sales chart would throw
    // once its lazily loaded code arrives, whenever that is.
    stubs: { SalesChart: true },
  });
  const asked = (api: string) =>
    requests
      .map((r) => new URL(r.url, 'http://localhost'))
      .filter((u) => u.pathname === api)
      .map((u) => Object.fromEntries(u.searchParams));
  return { ...app, requests, asked };
}

describe('pyramid page', { timeout: 30_000 }, () => {
  it('asks for the pyramid and the monthly sales of the same months and shows the table and the sentence', async () => {
    const { wrapper, requests, router } = await openPyramid();
    await eventually(() => expect(wrapper.find('[data-testid="pyramid-pareto"]').exists()).toBe(true));
    expect(wrapper.find('[data-testid="pyramid-pareto"]').text()).toBe('重点客户占 20% 的客户数，贡献 80% 的交车量');
    const [from, to] = lastMonths(12);
    const asked = requests.map((r) => new URL(r.url, 'http://localhost'));
    const pyramidAsk = asked.find((u) => u.pathname === '/api/v1/accounts/pyramid');
    const salesAsk = asked.find((u) => u.pathname === '/api/v1/deliveries/summary');
    expect(pyramidAsk?.searchParams.get('from')).toBe(from);
    expect(pyramidAsk?.searchParams.get('to')).toBe(to);
    expect(salesAsk?.searchParams.get('from')).toBe(from);
    expect(salesAsk?.searchParams.get('to')).toBe(to);
    expect(salesAsk?.searchParams.get('by')).toBe('month');
    const table = wrapper.find('[data-testid="pyramid-table"]').text();
    expect(table).toMatch(/重点[\s\S]*10[\s\S]*20%[\s\S]*400[\s\S]*80%/);
    expect(table).toMatch(/次重点[\s\S]*12[\s\S]*24%[\s\S]*75[\s\S]*15%/);
    expect(wrapper.find('[data-testid="pyramid-totals"]').text()).toBe('合计 50 个客户，2025-06 至 2026-05 交车 500 辆');
    expect(wrapper.find('[data-testid="sales-total"]').text()).toBe('合计交车 30 辆');
    expect(router.currentRoute.value.query).toEqual({}); // the default months stay out of the address
    wrapper.unmount();
  });

  it('opens a shared link with its months, in the picker and in both requests', async () => {
    const { wrapper, asked } = await openPyramid('/insights/pyramid?from=2024-07&to=2025-03');
    await eventually(() => expect(wrapper.find('[data-testid="pyramid-pareto"]').exists()).toBe(true));
    expect(asked('/api/v1/accounts/pyramid')).toEqual([{ from: '2024-07', to: '2025-03' }]);
    expect(asked('/api/v1/deliveries/summary')).toEqual([{ from: '2024-07', to: '2025-03', by: 'month' }]);
    const inputs = wrapper.findAll<HTMLInputElement>('.kit-date-range input');
    expect(inputs.map((input) => input.element.value)).toEqual(['2024-07', '2025-03']);
    wrapper.unmount();
  });

  it('writes picked months to the address as a new entry, and back asks for the previous months again', async () => {
    const { wrapper, router, asked } = await openPyramid('/insights/pyramid?from=2024-07&to=2025-03');
    wrapper.findComponent(KitDateRange).vm.$emit('update:modelValue', ['2025-01', '2025-06']);
    await flush();
    expect(router.currentRoute.value.query).toEqual({ from: '2025-01', to: '2025-06' });
    expect(asked('/api/v1/accounts/pyramid').at(-1)).toEqual({ from: '2025-01', to: '2025-06' });

    router.back();
    await vi.waitFor(() => expect(router.currentRoute.value.query).toEqual({ from: '2024-07', to: '2025-03' }));
    await flush();
    expect(asked('/api/v1/accounts/pyramid')).toEqual([
      { from: '2024-07', to: '2025-03' },
      { from: '2025-01', to: '2025-06' },
      { from: '2024-07', to: '2025-03' },
    ]);
    const inputs = wrapper.findAll<HTMLInputElement>('.kit-date-range input');
    expect(inputs.map((input) => input.element.value)).toEqual(['2024-07', '2025-03']);
    wrapper.unmount();
  });

  it('takes months that are not months, or backwards, as the last 12', async () => {
    const { wrapper, asked } = await openPyramid('/insights/pyramid?from=2025-13&to=2025-03');
    const [from, to] = lastMonths(12);
    expect(asked('/api/v1/accounts/pyramid')).toEqual([{ from, to }]);
    wrapper.unmount();
    const backwards = await openPyramid('/insights/pyramid?from=2025-06&to=2025-01');
    expect(backwards.asked('/api/v1/accounts/pyramid')).toEqual([{ from, to }]);
    backwards.wrapper.unmount();
  });
});
