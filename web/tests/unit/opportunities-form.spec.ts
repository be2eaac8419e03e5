// 新建商机: from an approved registration (转为商机) the account, vehicle, quantity, budget,
// expected date and procurement method come from it and the registration is named in the body;
// a registration that is not approved says so; from an account that account is chosen.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { VueWrapper } from '@vue/test-utils';
import type { Router } from 'vue-router';
import { ElSelect } from 'element-plus';
import { getAccount, listAccounts } from '@/api/accounts';
import { listVehicleModels } from '@/api/catalogue';
import { ApiError } from '@/api/client';
import { createOpportunity } from '@/api/opportunities';
import { getRegistration } from '@/api/registrations';
import OpportunityFormView from '@/views/opportunities/opportunity-form-view.vue';
import { accountFixture, mockFetch, problem, when } from './helpers';
import { flush, mountWithApp, stub } from './mount-with-app';
import { opportunityFixture } from './opportunities-fixtures';
import { registrationFixture } from './registrations-fixtures';

vi.mock('@/api/accounts', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/api/accounts')>()),
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

const $ = <T extends Element = HTMLElement>(selector: string) => document.body.querySelector<T>(selector);
const text = (selector: string) => $(selector)?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

describe('new opportunity', { timeout: 30_000 }, () => {
  let wrapper: VueWrapper | null = null;
  let router: Router;

  beforeEach(() => {
    document.body.innerHTML = '';
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
    );
  });

  afterEach(() => {
    wrapper?.unmount();
    wrapper = null;
  });

  async function open(query: string): Promise<VueWrapper> {
    const app = await mountWithApp(OpportunityFormView, {
      permissions: ['opportunities.read', 'opportunities.write', 'accounts.read'],
      routes: [
        { path: '/opportunities', name: 'opportunities', component: stub },
        { path: '/opportunities/new', name: 'opportunity-new', component: OpportunityFormView },
        { path: '/opportunities/:id', name: 'opportunity', component: stub },
        { path: '/registrations/:id', name: 'registration', component: stub },
      ],
      path: `/opportunities/new${query}`,
      attach: true,
      transitions: true,
    });
    wrapper = app.wrapper;
    router = app.router;
    return app.wrapper;
  }

  const submit = async () => {
    $('[data-testid="opp-submit"]')?.click();
    await settle();
  };

  it('converts an approved registration: prefilled from it, and named in the body', async () => {
    vi.mocked(getRegistration).mockResolvedValue(
      registrationFixture({ status: 'approved', model: 'JX5034', budget_fen: 400_000_000, procurement_method: 'agreement' }),
    );
    vi.mocked(createOpportunity).mockResolvedValue(opportunityFixture({ id: 77 }));
    await open('?registration_id=31');
    expect(getRegistration).toHaveBeenCalledWith(31);
    expect(text('[data-testid="opp-form-account-fixed"]')).toContain('成都市公安局');
    expect(text('[data-testid="opp-form-from-registration"]')).toContain('由报备 #31 转为商机');
    expect($<HTMLInputElement>('input[data-testid="opp-title"]')?.value).toBe('成都市公安局 警备车 20 台');
    expect($<HTMLInputElement>('input[data-testid="opp-line-model-name-0"]')?.value).toBe('JX5034');

    await submit();
    expect(createOpportunity).toHaveBeenCalledWith({
      account_id: 12,
      registration_id: 31,
      stage: 'discover',
      title: '成都市公安局 警备车 20 台',
      lines: [{ vehicle_type: 'police_patrol', model: 'JX5034', quantity: 20 }],
      budget_fen: 400_000_000,
      expected_date: '2026-09-30',
      procurement_method: 'agreement',
      usage_area: 'in_province',
    });
    await flush();
    expect(router.currentRoute.value.name).toBe('opportunity');
    expect(router.currentRoute.value.params.id).toBe('77');
  });

  it('says a registration that is not approved cannot be converted', async () => {
    vi.mocked(getRegistration).mockResolvedValue(registrationFixture({ status: 'pending' }));
    await open('?registration_id=31');
    expect(text('[data-testid="opp-form-registration-problem"]')).toBe('报备 #31 的状态为“待审核”，只有已批准的报备可以转为商机。');
    expect($<HTMLButtonElement>('[data-testid="opp-submit"]')?.disabled).toBe(true);
  });

  it('says what the server refuses (409 registration.not_convertible)', async () => {
    vi.mocked(getRegistration).mockResolvedValue(registrationFixture({ status: 'approved' }));
    vi.mocked(createOpportunity).mockRejectedValue(new ApiError(409, problem(409, 'registration.not_convertible') as never));
    await open('?registration_id=31');
    await submit();
    expect(text('[data-testid="form-error"]')).toBe('只有已批准的报备可以转为商机（该报备未批准、已转商机或不属于该客户）');
  });

  it('starts from an account: chosen, lending its procurement method', async () => {
    await open('?account_id=12');
    expect(getAccount).toHaveBeenCalledWith(12);
    const selects = wrapper!.findAllComponents(ElSelect);
    expect(selects.find((c) => c.attributes('data-testid') === 'opp-account-select')?.props('modelValue')).toBe(12);
    expect(selects.find((c) => c.attributes('data-testid') === 'opp-procurement-method')?.props('modelValue')).toBe('agreement');
    await submit();
    expect(createOpportunity).not.toHaveBeenCalled(); // title, vehicle type and date are still missing
  });
});
