// The home page: the card registry (who sees which card, in what order, and how a later
// capability adds one), the to-dos linking to their filtered lists, the pipeline on both
// tracks in 万元, deliveries against last month and last year, and the units below ranked, in
// both languages.
import { describe, expect, it } from 'vitest';
import { defineComponent, h } from 'vue';
import type { Home } from '@/api/home';
import { homeCards, registerHomeCard } from '@/views/home/home-cards';
import { change, formatChange, shares, todoRoute } from '@/views/home/home-format';
import HomeTodosCard from '@/views/home/home-todos-card.vue';
import HomeView from '@/views/home/home-view.vue';
import { adminMe, eventually, hqUnit, mockFetch, when } from './helpers';
import { mountWithApp, stub } from './mount-with-app';

const figures = (count: number, units: number, amountFen: number, weightedFen: number) => ({
  count,
  units,
  amount_fen: amountFen,
  weighted_units: units / 2,
  weighted_amount_fen: weightedFen,
});
const zero = figures(0, 0, 0, 0);

function homeFixture(extra: Partial<Home> = {}): Home {
  return {
    today: '2026-12-03',
    unit: { id: 1, name: '总部', kind: 'hq' },
    todos: [
      {
        code: 'registrations_to_review',
        count: 3,
        link: { path: '/registrations', query: { status: 'pending,conflict' } },
        list: { path: '/api/v1/registrations', query: { status: 'pending,conflict' } },
      },
      {
        code: 'opportunities_stale',
        count: 0,
        link: { path: '/opportunities', query: { attention: 'stale' } },
        list: { path: '/api/v1/opportunities', query: { attention: 'stale' } },
      },
    ],
    pipeline: {
      sales: [
        { stage: 'discover', ...figures(2, 12, 240_000_000, 96_000_000) },
        { stage: 'contact', ...figures(1, 3, 60_000_000, 30_000_000) },
        { stage: 'analyze', ...zero },
        { stage: 'position', ...zero },
        { stage: 'bid', ...zero },
      ],
      procurement: [
        { stage: 'deliberation', ...figures(3, 15, 300_000_000, 126_000_000) },
        { stage: 'planning', ...zero },
        { stage: 'requirements', ...zero },
        { stage: 'evaluation', ...zero },
        { stage: 'tender', ...zero },
        { stage: 'commitment', ...zero },
      ],
      total: figures(3, 15, 300_000_000, 126_000_000),
    },
    deliveries: {
      this_month: { month: '2026-12', units: 6 },
      last_month: { month: '2026-11', units: 4 },
      same_month_last_year: { month: '2025-12', units: 0 },
    },
    units_kind: 'region',
    units: [
      { rank: 1, unit_id: 4, unit_name: '西南大区', kind: 'region', pipeline: figures(2, 12, 240_000_000, 96_000_000), deliveries: { this_month: { month: '2026-12', units: 6 }, last_month: { month: '2026-11', units: 1 }, same_month_last_year: { month: '2025-12', units: 0 } } },
      { rank: 2, unit_id: 5, unit_name: '华东大区', kind: 'region', pipeline: figures(1, 3, 60_000_000, 30_000_000), deliveries: { this_month: { month: '2026-12', units: 0 }, last_month: { month: '2026-11', units: 3 }, same_month_last_year: { month: '2025-12', units: 0 } } },
    ],
    ...extra,
  };
}

const READS = new Set(['opportunities.read', 'registrations.read']);

describe('home cards', () => {
  it('gives every role its to-dos and profile, the figures to those who read opportunities, the ranking above a dealer', () => {
    const ids = (permissions: Set<string>, home: Home | null) =>
      homeCards({ role: 'sales_rep', permissions, home }).map((card) => card.id);
    expect(ids(READS, homeFixture())).toEqual(['todos', 'deliveries', 'pipeline', 'units', 'me']);
    expect(ids(READS, homeFixture({ units_kind: null, units: [] }))).toEqual(['todos', 'deliveries', 'pipeline', 'me']);
    expect(ids(new Set(), homeFixture())).toEqual(['todos', 'me']);
  });

  it('lets a later capability add its card in its place', () => {
    const Targets = defineComponent({ props: { home: { type: Object, default: null } }, setup: () => () => h('section', 'targets') });
    registerHomeCard({ id: 'targets-test', order: 25, width: 'narrow', component: Targets, visible: (c) => c.role === 'area_manager' });
    const ids = (role: 'area_manager' | 'sales_rep') => homeCards({ role, permissions: READS, home: homeFixture() }).map((c) => c.id);
    expect(ids('area_manager')).toEqual(['todos', 'deliveries', 'targets-test', 'pipeline', 'units', 'me']);
    expect(ids('sales_rep')).not.toContain('targets-test');
    registerHomeCard({ id: 'targets-test', order: 25, width: 'narrow', component: Targets, visible: () => false });
  });
});

describe('home format', () => {
  it('links a to-do to its list with exactly its filter', () => {
    expect(todoRoute(homeFixture().todos[0]!)).toEqual({ path: '/registrations', query: { status: 'pending,conflict' } });
  });

  it('states changes with a sign and a percentage, none against nothing', () => {
    expect(formatChange(change(6, 4))).toBe('+2 (+50%)');
    expect(formatChange(change(3, 5))).toBe('−2 (−40%)');
    expect(formatChange(change(4, 0))).toBe('+4');
    expect(formatChange(change(0, 0))).toBe('0');
    expect(change(1, 2).direction).toBe('down');
  });

  it('draws bars as shares of the largest row', () => {
    expect(shares([{ amount_fen: 50, units: 1 }, { amount_fen: 100, units: 1 }], 'amount_fen')).toEqual([0.5, 1]);
    expect(shares([{ amount_fen: 0, units: 0 }], 'amount_fen')).toEqual([0]);
  });
});

async function mountHome(locale: 'zh-CN' | 'en', home: Home, permissions = ['opportunities.read', 'registrations.read', 'org.read']) {
  const { requests } = mockFetch(
    when('GET', '/api/v1/home', { status: 200, body: home }),
    when('GET', '/api/v1/overview', { status: 200, body: { counts: { regions: 2, provinces: 5, dealers: 9, users: 30 } } }),
  );
  const { wrapper } = await mountWithApp(HomeView, {
    locale,
    me: { ...adminMe, org_unit: hqUnit, permissions },
    routes: [
      { path: '/', component: HomeView },
      { path: '/registrations', component: stub },
      { path: '/opportunities', component: stub },
    ],
  });
  await eventually(() => expect(wrapper.find('[data-testid="home-todo-registrations_to_review"]').exists()).toBe(true));
  return { wrapper, requests };
}

describe('home page', { timeout: 30_000 }, () => {
  it('shows the to-dos as links to their lists, the pipeline, the deliveries and the regions ranked (zh-CN)', async () => {
    const { wrapper, requests } = await mountHome('zh-CN', homeFixture());
    expect(requests.filter((r) => r.url.includes('/api/v1/home'))).toHaveLength(1);
    const todo = wrapper.find('[data-testid="home-todo-registrations_to_review"]');
    expect(todo.attributes('href')).toBe('/registrations?status=pending,conflict');
    expect(todo.text()).toContain('待我审核的报备');
    expect(wrapper.find('[data-testid="home-todo-count-registrations_to_review"]').text()).toBe('3');
    expect(wrapper.find('[data-testid="home-todo-opportunities_stale"]').attributes('href')).toBe('/opportunities?attention=stale');
    expect(wrapper.find('[data-testid="home-todo-opportunities_stale"]').classes()).toContain('home-todos__link--none');

    expect(wrapper.find('[data-testid="home-delivered-this-month"]').text()).toBe('6');
    expect(wrapper.find('[data-testid="home-delivered-lastMonth"]').text()).toContain('+2 (+50%)');
    expect(wrapper.find('[data-testid="home-delivered-sameMonthLastYear"]').text()).toContain('+6');

    const discover = wrapper.find('[data-testid="home-stage-discover"]').text();
    expect(discover).toContain('发现需求');
    expect(discover).toContain('240 万元');
    expect(discover).toContain('96 万元');
    expect(wrapper.find('[data-testid="home-pipeline-total"]').text()).toContain('300 万元');
    await wrapper.find('[data-testid="home-pipeline-procurement"] input').setValue(true);
    await eventually(() => expect(wrapper.find('[data-testid="home-stage-deliberation"]').exists()).toBe(true));
    expect(wrapper.find('[data-testid="home-stage-deliberation"]').text()).toContain('内部酝酿');

    expect(wrapper.find('[data-testid="home-card-units"]').text()).toContain('各大区排名');
    const rows = wrapper.findAll('[data-testid="home-units-table"] tbody tr').map((row) => row.text());
    expect(rows[0]).toContain('西南大区');
    expect(rows[1]).toContain('华东大区');
    await eventually(() => expect(wrapper.find('[data-testid="count-dealers"]').text()).toContain('9'));
    wrapper.unmount();
  });

  it('speaks English, and a dealer gets no ranking and no scope counts', async () => {
    const dealerHome = homeFixture({ units_kind: null, units: [], unit: { id: 9, name: 'Dealer', kind: 'dealer' } });
    const { wrapper } = await mountHome('en', dealerHome);
    expect(wrapper.find('[data-testid="home-todo-registrations_to_review"]').text()).toContain('Registrations waiting for my review');
    expect(wrapper.find('[data-testid="home-stage-discover"]').text()).toContain('Discover');
    expect(wrapper.find('[data-testid="home-card-units"]').exists()).toBe(false);
    expect(wrapper.find('[data-testid="home-card-pipeline"]').text()).toContain('Weighted amount');
    wrapper.unmount();
  });

  it('words the framework agreements’ to-dos and links them to the agreements filtered (zh-CN, en)', async () => {
    const todos = [
      {
        code: 'agreement_applications_due',
        count: 2,
        link: { path: '/agreements', query: { mine: 'true', due: 'true' } },
        list: { path: '/api/v1/agreements', query: { mine: 'true', due: 'true' } },
      },
      {
        code: 'agreements_expiring',
        count: 1,
        link: { path: '/agreements', query: { mine: 'true', state: 'expiring' } },
        list: { path: '/api/v1/agreements', query: { mine: 'true', state: 'expiring' } },
      },
    ] as unknown as Home['todos'];
    for (const [locale, due, expiring] of [
      ['zh-CN', '入围申请即将截止', '协议即将到期需续签'],
      ['en', 'Listing applications due soon', 'Agreements expiring, to renew'],
    ] as const) {
      const { wrapper } = await mountWithApp(HomeTodosCard, {
        locale,
        props: { home: homeFixture({ todos }) },
        routes: [
          { path: '/', component: stub },
          { path: '/agreements', component: stub },
        ],
      });
      const first = wrapper.find('[data-testid="home-todo-agreement_applications_due"]');
      expect(first.text()).toContain(due);
      expect(first.attributes('href')).toBe('/agreements?mine=true&due=true');
      const second = wrapper.find('[data-testid="home-todo-agreements_expiring"]');
      expect(second.text()).toContain(expiring);
      expect(second.attributes('href')).toBe('/agreements?mine=true&state=expiring');
      wrapper.unmount();
    }
  });

  it('offers a retry when the page cannot load', async () => {
    mockFetch(when('GET', '/api/v1/home', { status: 500, body: { type: 'about:blank', title: 'Error', status: 500 } }));
    const { wrapper } = await mountWithApp(HomeView, { permissions: ['opportunities.read'], routes: [{ path: '/', component: HomeView }] });
    await eventually(() => expect(wrapper.find('[data-testid="home-failure"]').exists()).toBe(true));
    expect(wrapper.find('[data-testid="home-failure"]').text()).toContain('无法加载首页');
    wrapper.unmount();
  });
});
