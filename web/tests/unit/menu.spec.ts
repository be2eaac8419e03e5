import { beforeEach, describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { createMemoryHistory, createRouter } from 'vue-router';
import SideMenu from '@/components/side-menu.vue';
import { createAppI18n } from '@/locales';
import { MENU, visibleMenu } from '@/router/menu';
import { useAuthStore } from '@/stores/auth';
import { adminMe } from './helpers';

describe('visibleMenu', () => {
  it('shows each page only to holders of one of its permissions', () => {
    expect(visibleMenu(MENU, new Set(['org.read', 'users.read'])).map((e) => e.name)).toEqual(['home', 'org', 'users']);
    expect(visibleMenu(MENU, new Set(['users.manage'])).map((e) => e.name)).toEqual(['home', 'users']);
    expect(visibleMenu(MENU, new Set(['org.read'])).map((e) => e.name)).toEqual(['home', 'org']);
    expect(visibleMenu(MENU, new Set()).map((e) => e.name)).toEqual(['home']);
  });

  it('shows 客户管理 to whoever may read accounts and 数据字典 to those who maintain directories', () => {
    const salesRep = new Set(['org.read', 'accounts.read', 'accounts.write']);
    expect(visibleMenu(MENU, salesRep).map((e) => e.name)).toEqual(['home', 'org', 'accounts']);
    const kaDirector = new Set(['org.read', 'users.read', 'accounts.read', 'directories.manage']);
    expect(visibleMenu(MENU, kaDirector).map((e) => e.name)).toEqual(['home', 'org', 'users', 'accounts', 'directories']);
  });
});

describe('side menu', () => {
  beforeEach(() => setActivePinia(createPinia()));

  async function mountMenu(permissions: string[]) {
    const pinia = createPinia();
    setActivePinia(pinia);
    const auth = useAuthStore();
    auth.me = { ...adminMe, permissions };
    const router = createRouter({
      history: createMemoryHistory(),
      routes: MENU.map((entry) => ({ path: entry.path, name: entry.name, component: { template: '<div />' } })),
    });
    await router.push('/');
    const wrapper = mount(SideMenu, { global: { plugins: [pinia, router, createAppI18n('zh-CN')] } });
    return { wrapper, router };
  }

  it('lists only permitted entries, with their Chinese labels', async () => {
    const { wrapper } = await mountMenu(['org.read']);
    const labels = wrapper.findAll('nav a').map((item) => item.text());
    expect(labels).toEqual(['首页', '组织架构']);
  });

  it('labels the account and directory entries in Chinese', async () => {
    const { wrapper } = await mountMenu(['accounts.read', 'directories.manage']);
    const labels = wrapper.findAll('nav a').map((item) => item.text());
    expect(labels).toEqual(['首页', '客户管理', '数据字典']);
  });

  it('shows 协议供货 and 入围覆盖 to whoever reads agreements, after 招标日历, and keeps 协议供货 lit on an agreement', async () => {
    expect(visibleMenu(MENU, new Set(['agreements.manage'])).map((e) => e.name)).toEqual(['home']);
    const { wrapper } = await mountMenu(['opportunities.read', 'agreements.read']);
    const labels = wrapper.findAll('nav a').map((item) => item.text());
    const tenders = labels.indexOf('招标日历');
    expect(tenders).toBeGreaterThan(0);
    expect(labels.slice(tenders, tenders + 3)).toEqual(['招标日历', '协议供货', '入围覆盖']);
    expect(wrapper.find('[data-testid="menu-agreement-coverage"]').attributes('href')).toBe('/agreements/coverage');

    const pinia = createPinia();
    setActivePinia(pinia);
    useAuthStore().me = { ...adminMe, permissions: ['agreements.read'] };
    const router = createRouter({
      history: createMemoryHistory(),
      routes: [
        ...MENU.map((entry) => ({ path: entry.path, name: entry.name, component: { template: '<div />' } })),
        { path: '/agreements/:id', name: 'agreement', component: { template: '<div />' }, meta: { menu: 'agreements' } },
      ],
    });
    await router.push('/agreements/7');
    const page = mount(SideMenu, { global: { plugins: [pinia, router, createAppI18n('en')] } });
    expect(page.find('[data-testid="menu-agreements"]').attributes('aria-current')).toBe('page');
    expect(page.findAll('nav a').map((item) => item.text())).toEqual(['Home', 'Agreements', 'Listing coverage']);
  });

  it('keeps 客户管理 highlighted on an account page (a route under the list)', async () => {
    const pinia = createPinia();
    setActivePinia(pinia);
    useAuthStore().me = { ...adminMe, permissions: ['accounts.read'] };
    const router = createRouter({
      history: createMemoryHistory(),
      routes: [
        ...MENU.map((entry) => ({ path: entry.path, name: entry.name, component: { template: '<div />' } })),
        { path: '/accounts/:id', name: 'account', component: { template: '<div />' }, meta: { menu: 'accounts' } },
      ],
    });
    await router.push('/accounts/12');
    const wrapper = mount(SideMenu, { global: { plugins: [pinia, router, createAppI18n('zh-CN')] } });
    expect(wrapper.find('[data-testid="menu-accounts"]').attributes('aria-current')).toBe('page');
  });

  it('shows 用户管理 to a user manager and navigates there', async () => {
    const { wrapper, router } = await mountMenu(['org.read', 'users.read']);
    const users = wrapper.find('[data-testid="menu-users"]');
    expect(users.text()).toBe('用户管理');
    await users.trigger('click');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(router.currentRoute.value.name).toBe('users');
    expect(wrapper.emitted('navigate')?.[0]).toEqual(['users']);
    await wrapper.vm.$nextTick();
    expect(wrapper.find('[data-testid="menu-users"]').attributes('aria-current')).toBe('page');
    expect(wrapper.find('[data-testid="menu-home"]').attributes('aria-current')).toBeUndefined();
  });
});
