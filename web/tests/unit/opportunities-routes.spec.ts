// The opportunity pages in the menu (商机看板, 商机列表) and behind the router guard, and the way
// in from an approved registration (转为商机, and the link once converted).
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { nextTick } from 'vue';
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { createMemoryHistory, createRouter, type Router } from 'vue-router';
import { csrfToken, onUnauthorized } from '@/api/client';
import { getRegistration } from '@/api/registrations';
import SideMenu from '@/components/side-menu.vue';
import { createAppI18n } from '@/locales';
import { installGuards } from '@/router/guards';
import { MENU, visibleMenu } from '@/router/menu';
import { routes } from '@/router/routes';
import { useAuthStore } from '@/stores/auth';
import RegistrationView from '@/views/registrations/registration-view.vue';
import { adminMe, mockFetch, when } from './helpers';
import { registrationFixture } from './registrations-fixtures';

vi.mock('@/api/registrations', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/api/registrations')>()),
  getRegistration: vi.fn(),
  getRegistrationSettings: vi.fn(),
}));

const stub = { template: '<div />' };
const flush = async () => {
  for (let i = 0; i < 5; i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    await nextTick();
  }
};

const READER = ['org.read', 'accounts.read', 'registrations.read', 'opportunities.read'];
const WRITER = [...READER, 'registrations.create', 'opportunities.write', 'deliveries.write'];

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

describe('opportunity menu entries', () => {
  it('shows 商机看板 and 商机列表 to whoever may read opportunities, after the registrations', async () => {
    // Other pages of issue 6 (the tender calendar, …) may follow; these two come right after 报备.
    const names = visibleMenu(MENU, new Set(READER)).map((entry) => entry.name);
    expect(names.slice(0, 6)).toEqual(['home', 'org', 'accounts', 'registrations', 'opportunity-board', 'opportunities']);
    expect(visibleMenu(MENU, new Set(['org.read'])).map((entry) => entry.name)).not.toContain('opportunities');

    const pinia = createPinia();
    setActivePinia(pinia);
    useAuthStore().me = { ...adminMe, permissions: READER };
    const router = createRouter({
      history: createMemoryHistory(),
      routes: [
        ...MENU.map((entry) => ({ path: entry.path, name: entry.name, component: stub })),
        { path: '/opportunities/:id(\\d+)', name: 'opportunity', component: stub, meta: { menu: 'opportunities' } },
      ],
    });
    await router.push('/opportunities/41');
    const wrapper = mount(SideMenu, { global: { plugins: [pinia, router, createAppI18n('zh-CN')] } });
    expect(wrapper.findAll('nav a').map((a) => a.text()).slice(0, 6)).toEqual(['首页', '组织架构', '客户管理', '报备', '商机看板', '商机列表']);
    expect(wrapper.find('[data-testid="menu-opportunities"]').attributes('aria-current')).toBe('page');
  });
});

describe('opportunity routes', () => {
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

  it('lets a reader see the board, the list and an opportunity, not create one', async () => {
    const router = await signedIn(READER);
    await router.push('/opportunities/board');
    expect(router.currentRoute.value.name).toBe('opportunity-board');
    await router.push('/opportunities');
    expect(router.currentRoute.value.name).toBe('opportunities');
    await router.push('/opportunities/41');
    expect(router.currentRoute.value.name).toBe('opportunity');
    expect(router.currentRoute.value.params.id).toBe('41');
    await router.push('/opportunities/new?registration_id=31');
    expect(router.currentRoute.value.name).toBe('forbidden');
  });

  it('lets a writer create one, from a registration or an account', async () => {
    const router = await signedIn(WRITER);
    await router.push('/opportunities/new?registration_id=31');
    expect(router.currentRoute.value.name).toBe('opportunity-new');
    expect(router.currentRoute.value.query.registration_id).toBe('31');
    expect(router.currentRoute.value.meta.menu).toBe('opportunities');
  });

  it('keeps users without opportunities.read out', async () => {
    const router = await signedIn(['org.read']);
    await router.push('/opportunities/board');
    expect(router.currentRoute.value.name).toBe('forbidden');
  });
});

describe('转为商机 on a registration', { timeout: 30_000 }, () => {
  beforeEach(() => {
    document.body.innerHTML = '';
    vi.mocked(getRegistration).mockReset();
    mockFetch();
  });

  async function show(registration: ReturnType<typeof registrationFixture>, permissions: string[]) {
    const pinia = createPinia();
    setActivePinia(pinia);
    useAuthStore().me = { ...adminMe, permissions };
    vi.mocked(getRegistration).mockResolvedValue(registration);
    const router = createRouter({
      history: createMemoryHistory(),
      routes: [
        { path: '/', component: stub },
        { path: '/registrations', name: 'registrations', component: stub },
        { path: '/registrations/:id', name: 'registration', component: stub },
        { path: '/accounts/:id', name: 'account', component: stub },
        { path: '/opportunities/new', name: 'opportunity-new', component: stub },
        { path: '/opportunities/:id', name: 'opportunity', component: stub },
      ],
    });
    await router.push(`/registrations/${registration.id}`);
    const wrapper = mount(RegistrationView, {
      attachTo: document.body,
      props: { id: registration.id },
      global: { plugins: [pinia, router, createAppI18n('zh-CN')], stubs: { transition: false, 'transition-group': false } },
    });
    await flush();
    return { wrapper, router };
  }

  it('offers it on an approved registration to those who may create opportunities, and opens the form for it', async () => {
    const approved = registrationFixture({ status: 'approved', protected_until: new Date(Date.now() + 86_400_000 * 30).toISOString() });
    let { wrapper, router } = await show(approved, WRITER);
    expect(wrapper.find('[data-testid="reg-convert"]').text()).toBe('转为商机');
    await wrapper.find('[data-testid="reg-convert"]').trigger('click');
    await flush();
    expect(router.currentRoute.value.name).toBe('opportunity-new');
    expect(router.currentRoute.value.query).toEqual({ registration_id: '31' });
    wrapper.unmount();

    ({ wrapper } = await show(approved, READER));
    expect(wrapper.find('[data-testid="reg-convert"]').exists()).toBe(false);
    wrapper.unmount();

    ({ wrapper } = await show(registrationFixture(), WRITER)); // pending
    expect(wrapper.find('[data-testid="reg-convert"]').exists()).toBe(false);
    wrapper.unmount();
  });

  it('links the opportunity once converted', async () => {
    const { wrapper } = await show(registrationFixture({ status: 'converted', opportunity_id: 41 }), WRITER);
    expect(wrapper.find('[data-testid="reg-convert"]').exists()).toBe(false);
    const link = wrapper.find('[data-testid="reg-opportunity-link"]');
    expect(link.text()).toBe('已转为商机 #41');
    expect(link.attributes('href')).toBe('/opportunities/41');
    wrapper.unmount();
  });
});
