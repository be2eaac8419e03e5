// The registration pages in the menu (right after 客户管理) and behind the router guard, by
// the permissions GET /me returns; the status tag with its protection countdown.
import { beforeEach, describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { createMemoryHistory, createRouter, type Router } from 'vue-router';
import { csrfToken, onUnauthorized } from '@/api/client';
import SideMenu from '@/components/side-menu.vue';
import { createAppI18n } from '@/locales';
import { installGuards } from '@/router/guards';
import { MENU, visibleMenu } from '@/router/menu';
import { routes } from '@/router/routes';
import { useAuthStore } from '@/stores/auth';
import RegistrationStatusTag from '@/views/registrations/registration-status-tag.vue';
import { adminMe, mockFetch, when } from './helpers';

// As GET /me answers for the demo users rep_chengdu, am_sichuan and executive.
const DEALER = ['org.read', 'accounts.read', 'accounts.write', 'registrations.read', 'registrations.create'];
const AREA_MANAGER = ['org.read', 'users.read', 'accounts.read', 'registrations.read', 'registrations.review', 'registrations.stats'];
const KA_EXECUTIVE = ['org.read', 'accounts.read', 'registrations.read', 'registrations.stats'];

const stub = { template: '<div />' };

function makeRouter(): Router {
  const stubbed = routes.map((route) => ({
    ...route,
    component: stub,
    children: route.children?.map((child) => ({ ...child, component: stub })),
  }));
  const router = createRouter({ history: createMemoryHistory(), routes: stubbed as typeof routes });
  installGuards(router);
  return router;
}

describe('registration menu entries', () => {
  it('shows 报备 to every reader, 报备审核 to reviewers and 报备统计 to HQ and reviewers, right after 客户管理', () => {
    expect(visibleMenu(MENU, new Set(DEALER)).map((e) => e.name)).toEqual(['home', 'org', 'accounts', 'registrations']);
    expect(visibleMenu(MENU, new Set(KA_EXECUTIVE)).map((e) => e.name)).toEqual([
      'home',
      'org',
      'accounts',
      'registrations',
      'registration-stats',
    ]);
    expect(visibleMenu(MENU, new Set([...AREA_MANAGER, 'directories.manage'])).map((e) => e.name)).toEqual([
      'home',
      'org',
      'users',
      'accounts',
      'registrations',
      'registration-review',
      'registration-stats',
      'directories',
    ]);
  });

  it('labels them in Chinese and keeps 报备 highlighted on a registration and on the form', async () => {
    const pinia = createPinia();
    setActivePinia(pinia);
    useAuthStore().me = { ...adminMe, permissions: [...AREA_MANAGER, 'registrations.create'] };
    const router = createRouter({
      history: createMemoryHistory(),
      routes: [
        ...MENU.map((entry) => ({ path: entry.path, name: entry.name, component: stub })),
        { path: '/registrations/:id(\\d+)', name: 'registration', component: stub, meta: { menu: 'registrations' } },
      ],
    });
    await router.push('/registrations/31');
    const wrapper = mount(SideMenu, { global: { plugins: [pinia, router, createAppI18n('zh-CN')] } });
    expect(wrapper.findAll('nav a').map((a) => a.text())).toEqual([
      '首页',
      '组织架构',
      '用户管理',
      '客户管理',
      '报备',
      '报备审核',
      '报备统计',
    ]);
    expect(wrapper.find('[data-testid="menu-registrations"]').attributes('aria-current')).toBe('page');
    expect(wrapper.find('[data-testid="menu-registration-review"]').attributes('aria-current')).toBeUndefined();
    const form = routes[1]?.children?.find((route) => route.name === 'registration-new');
    expect(form?.meta?.menu).toBe('registrations');
  });
});

describe('registration routes', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    sessionStorage.clear();
    onUnauthorized(null);
  });

  async function signedIn(permissions: string[]): Promise<Router> {
    csrfToken.set('csrf');
    mockFetch(when('GET', '/api/v1/me', { status: 200, body: { ...adminMe, permissions } }));
    return makeRouter();
  }

  it('lets a dealer list, open and create registrations, not review them', async () => {
    const router = await signedIn(DEALER);
    await router.push('/registrations/new');
    expect(router.currentRoute.value.name).toBe('registration-new');
    await router.push('/registrations/31');
    expect(router.currentRoute.value.name).toBe('registration');
    expect(router.currentRoute.value.params.id).toBe('31');
    await router.push('/registrations/review');
    expect(router.currentRoute.value.name).toBe('forbidden');
    await router.push('/registrations/stats');
    expect(router.currentRoute.value.name).toBe('forbidden');
  });

  it('lets a reviewer review and see the stats, but not register', async () => {
    const router = await signedIn(AREA_MANAGER);
    await router.push('/registrations/review');
    expect(router.currentRoute.value.name).toBe('registration-review');
    await router.push('/registrations/stats');
    expect(router.currentRoute.value.name).toBe('registration-stats');
    await router.push('/registrations/new');
    expect(router.currentRoute.value.name).toBe('forbidden');
  });

  it('keeps users without registrations.read out', async () => {
    const router = await signedIn(['org.read']);
    await router.push('/registrations');
    expect(router.currentRoute.value.name).toBe('forbidden');
  });
});

describe('registration status tag', () => {
  const mountTag = (registration: { status: 'approved' | 'pending' | 'lapsed'; protected_until: string | null }) =>
    mount(RegistrationStatusTag, { props: { registration }, global: { plugins: [createAppI18n('zh-CN')] } });

  it('shows the protection left of an approved registration, in red under 7 days', () => {
    const inDays = (days: number) => new Date(Date.now() + days * 24 * 60 * 60 * 1000 - 60_000).toISOString();
    const long = mountTag({ status: 'approved', protected_until: inDays(23) });
    expect(long.find('[data-testid="reg-status"]').text()).toBe('已批准');
    expect(long.find('[data-testid="reg-countdown"]').text()).toBe('保护期剩余 23 天');
    expect(long.find('[data-testid="reg-countdown"]').classes()).not.toContain('is-urgent');
    const short = mountTag({ status: 'approved', protected_until: inDays(3) });
    expect(short.find('[data-testid="reg-countdown"]').text()).toBe('保护期剩余 3 天');
    expect(short.find('[data-testid="reg-countdown"]').classes()).toContain('is-urgent');
  });

  it('shows no countdown for other statuses', () => {
    const pending = mountTag({ status: 'pending', protected_until: null });
    expect(pending.find('[data-testid="reg-status"]').text()).toBe('待审核');
    expect(pending.find('[data-testid="reg-countdown"]').exists()).toBe(false);
    const lapsed = mountTag({ status: 'lapsed', protected_until: new Date(Date.now() - 1000).toISOString() });
    expect(lapsed.find('[data-testid="reg-status"]').text()).toBe('已失效');
    expect(lapsed.find('[data-testid="reg-countdown"]').exists()).toBe(false);
  });
});
