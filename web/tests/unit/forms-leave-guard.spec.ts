// The full-page forms (新建报备, 新建商机) ask before leaving with unsaved changes: a changed form
// asks and stays when told to, an untouched or prefilled one leaves without a question, and a
// saved one goes on to the new record without a question.
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import type { Component } from 'vue';
import type { VueWrapper } from '@vue/test-utils';
import { RouterView, type Router } from 'vue-router';
import { ElMessageBox } from 'element-plus';
import { getAccount, listAccounts } from '@/api/accounts';
import { listVehicleModels } from '@/api/catalogue';
import { createOpportunity } from '@/api/opportunities';
import { getRegistration } from '@/api/registrations';
import OpportunityFormView from '@/views/opportunities/opportunity-form-view.vue';
import RegistrationFormView from '@/views/registrations/registration-form-view.vue';
import { accountFixture, mockFetch, when } from './helpers';
import { flush, mountWithApp, stub } from './mount-with-app';
import { opportunityFixture } from './opportunities-fixtures';
import { registrationFixture } from './registrations-fixtures';

vi.mock('@/api/accounts', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/api/accounts')>()),
  findDuplicates: vi.fn(),
  getAccount: vi.fn(),
  listAccounts: vi.fn(),
}));
vi.mock('@/api/catalogue', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/api/catalogue')>()),
  listVehicleModels: vi.fn(),
}));
vi.mock('@/api/opportunities', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/api/opportunities')>()),
  createOpportunity: vi.fn(),
}));
vi.mock('@/api/registrations', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/api/registrations')>()),
  getRegistration: vi.fn(),
}));

const settle = async () => {
  await flush();
  await new Promise((resolve) => setTimeout(resolve, 250));
  await flush();
};

describe('leaving a full-page form', { timeout: 30_000 }, () => {
  let wrapper: VueWrapper | null = null;
  let router: Router;
  let confirm: MockInstance<(...args: unknown[]) => Promise<unknown>>;

  beforeEach(() => {
    document.body.innerHTML = '';
    // (made anew for each test: the config restores mocks between tests)
    confirm = vi.spyOn(ElMessageBox, 'confirm').mockRejectedValue('cancel') as unknown as typeof confirm; // 留在此页
    vi.mocked(getAccount).mockReset().mockResolvedValue(accountFixture());
    vi.mocked(listAccounts).mockReset().mockResolvedValue({ items: [accountFixture()], next_cursor: null });
    vi.mocked(listVehicleModels).mockReset().mockResolvedValue({ items: [] });
    vi.mocked(createOpportunity).mockReset();
    vi.mocked(getRegistration).mockReset();
    mockFetch(
      when('GET', '/api/v1/directories/vehicle_types', {
        status: 200,
        body: { items: [{ code: 'police_patrol', name_zh: '警备车', name_en: 'Police patrol', active: true, version: 1 }] },
      }),
      when('GET', '/api/v1/directories/source_channels', { status: 200, body: { items: [] } }),
      when('GET', '/api/v1/directories/industries', { status: 200, body: { items: [] } }),
    );
  });

  afterEach(() => {
    wrapper?.unmount();
    wrapper = null;
  });

  /** The form at `path`, shown by a <router-view> as in the app. */
  async function open(form: Component, path: string): Promise<VueWrapper> {
    const app = await mountWithApp(RouterView, {
      permissions: ['registrations.read', 'registrations.create', 'opportunities.read', 'opportunities.write', 'accounts.read'],
      routes: [
        { path: '/registrations', name: 'registrations', component: stub },
        { path: '/registrations/new', name: 'registration-new', component: form },
        { path: '/registrations/:id', name: 'registration', component: stub },
        { path: '/opportunities', name: 'opportunities', component: stub },
        { path: '/opportunities/new', name: 'opportunity-new', component: form },
        { path: '/opportunities/:id', name: 'opportunity', component: stub },
      ],
      path,
      attach: true,
      transitions: true,
    });
    wrapper = app.wrapper;
    router = app.router;
    return app.wrapper;
  }

  it('asks before leaving a changed registration form, and stays when told to', async () => {
    const page = await open(RegistrationFormView, '/registrations/new');
    await page.find('textarea[data-testid="reg-note"]').setValue('下周再联系装备处');
    await router.push('/registrations');
    expect(confirm).toHaveBeenCalledTimes(1);
    expect(confirm.mock.calls[0]?.[0]).toBe('离开此页将丢失尚未保存的修改。确定离开吗？');
    expect(router.currentRoute.value.name).toBe('registration-new');

    confirm.mockResolvedValue('confirm'); // 放弃修改
    await router.push('/registrations');
    expect(router.currentRoute.value.name).toBe('registrations');
  });

  it('leaves an untouched registration form without a question', async () => {
    await open(RegistrationFormView, '/registrations/new');
    await router.push('/registrations');
    expect(confirm).not.toHaveBeenCalled();
    expect(router.currentRoute.value.name).toBe('registrations');
  });

  it('asks about a changed opportunity form, not about what a registration prefilled, and not once it is saved', async () => {
    vi.mocked(getRegistration).mockResolvedValue(registrationFixture({ status: 'approved' }));
    vi.mocked(createOpportunity).mockResolvedValue(opportunityFixture({ id: 77 }));
    const page = await open(OpportunityFormView, '/opportunities/new?registration_id=31');
    expect(page.find<HTMLInputElement>('input[data-testid="opp-title"]').element.value).not.toBe('');

    await page.find('input[data-testid="opp-title"]').setValue('成都市公安局 警备车 20 台（二期）');
    await router.push('/opportunities');
    expect(confirm).toHaveBeenCalledTimes(1);
    expect(router.currentRoute.value.name).toBe('opportunity-new');

    document.body.querySelector<HTMLElement>('[data-testid="opp-submit"]')?.click();
    await settle();
    expect(createOpportunity).toHaveBeenCalledTimes(1);
    expect(router.currentRoute.value.name).toBe('opportunity');
    expect(router.currentRoute.value.params.id).toBe('77');
    expect(confirm).toHaveBeenCalledTimes(1); // saved: no second question
  });
});
