// The account list's status buttons carry the server's counts (启用 12) for the other filters:
// asked with the search, grade, industry, division and unit but never the status, asked again
// when those change and not when only the status does; without counts the buttons show none.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { createMemoryHistory, createRouter } from 'vue-router';
import { createAppI18n } from '@/locales';
import { useAuthStore } from '@/stores/auth';
import AccountListView from '@/views/accounts/account-list-view.vue';
import { adminMe, eventually, hqUnit, mockFetch, when } from './helpers';

afterEach(() => {
  vi.unstubAllGlobals();
  document.body.innerHTML = '';
});

async function mountList(path: string, countsAnswer: { status: number; body: unknown }) {
  const fetches = mockFetch(
    when('GET', '/api/v1/accounts', { status: 200, body: { items: [], next_cursor: null } }),
    when('GET', '/api/v1/accounts/status-counts', countsAnswer),
    when('GET', '/api/v1/org/units', { status: 200, body: { items: [hqUnit], next_cursor: null } }),
    when('GET', '/api/v1/directories/industries', { status: 200, body: { items: [] } }),
  );
  const pinia = createPinia();
  setActivePinia(pinia);
  useAuthStore().me = { ...adminMe, permissions: ['accounts.read'] } as never;
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/accounts', name: 'accounts', component: AccountListView },
      { path: '/accounts/:id', name: 'account', component: { template: '<div />' } },
    ],
  });
  await router.push(path);
  const wrapper = mount(AccountListView, { global: { plugins: [pinia, router, createAppI18n('zh-CN')] } });
  const countRequests = () =>
    fetches.requests.filter((r) => r.url.includes('/accounts/status-counts')).map((r) => new URL(r.url, 'http://localhost'));
  return { wrapper, router, countRequests };
}

describe('account list status counts', { timeout: 30_000 }, () => {
  it('shows the server’s count beside each status, for the other filters only', async () => {
    const { wrapper, router, countRequests } = await mountList('/accounts?status=inactive&q=gaj&grade=key', {
      status: 200,
      body: { counts: { active: 12, inactive: 3 }, total: 15 },
    });
    const chip = (status: string) => wrapper.find(`[data-testid="accounts-status-${status}"]`).text();
    await eventually(() => expect(chip('active')).toBe('启用 12'));
    expect(chip('inactive')).toBe('已停用 3');
    expect(chip('all')).toBe('全部 15');
    const first = countRequests();
    expect(first).toHaveLength(1);
    expect(first[0]!.searchParams.get('q')).toBe('gaj');
    expect(first[0]!.searchParams.get('grade')).toBe('key');
    expect(first[0]!.searchParams.has('active')).toBe(false);
    expect(first[0]!.searchParams.has('limit')).toBe(false);

    // choosing another status keeps the counts; another grade asks again
    await router.push('/accounts?status=all&q=gaj&grade=key');
    await eventually(() =>
      expect(wrapper.find('[data-testid="accounts-status-all"] input').element).toHaveProperty('checked', true),
    );
    expect(countRequests()).toHaveLength(1);
    await router.push('/accounts?status=all&q=gaj&grade=secondary');
    await eventually(() => expect(countRequests()).toHaveLength(2));
    expect(countRequests()[1]!.searchParams.get('grade')).toBe('secondary');
    expect(countRequests()[1]!.searchParams.has('active')).toBe(false);
    wrapper.unmount();
  });

  it('shows the statuses without figures when the counts cannot be had', async () => {
    const { wrapper, countRequests } = await mountList('/accounts', {
      status: 500,
      body: { type: 'about:blank', title: 'x', status: 500, code: 'internal' },
    });
    await eventually(() => expect(countRequests()).toHaveLength(1));
    expect(wrapper.find('[data-testid="accounts-status-active"]').text()).toBe('启用');
    expect(wrapper.find('[data-testid="accounts-status-all"]').text()).toBe('全部');
    wrapper.unmount();
  });
});
