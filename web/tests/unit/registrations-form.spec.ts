// The registration form (新建报备): live duplicate hints under a new account's name, taking
// one of the caller's own accounts instead, the body it sends and server errors at the fields.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { VueWrapper } from '@vue/test-utils';
import type { Router } from 'vue-router';
import { ElDatePicker, ElInputNumber, ElSelect } from 'element-plus';
import { ApiError } from '@/api/client';
import { findDuplicates, getAccount, listAccounts } from '@/api/accounts';
import { createRegistration } from '@/api/registrations';
import type { DuplicateCandidate } from '@/api/types';
import DivisionCascader from '@/components/division-cascader.vue';
import RegistrationFormView from '@/views/registrations/registration-form-view.vue';
import { accountFixture, eventually, mockFetch, problem, when, type RecordedRequest } from './helpers';
import { flush, mountWithApp, stub } from './mount-with-app';
import { registrationFixture } from './registrations-fixtures';

vi.mock('@/api/accounts', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/api/accounts')>()),
  findDuplicates: vi.fn(),
  getAccount: vi.fn(),
  listAccounts: vi.fn(),
}));
vi.mock('@/api/registrations', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/api/registrations')>()),
  createRegistration: vi.fn(),
}));


/** An expected date 60 days from now (the form refuses one more than a month in the past). */
const EXPECTED_DATE = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10);

/** el-form-item shows a new error state after a short debounce. */
const settle = async () => {
  await flush();
  await new Promise((resolve) => setTimeout(resolve, 250));
  await flush();
};

const directory = (code: string, name_zh: string) => ({ code, name_zh, name_en: code, active: true, version: 1 });
const division = (code: string, name: string, level: string, parent_code: string | null) => ({ code, name, level, parent_code });

const referenceData = [
  when('GET', '/api/v1/directories/industries', { status: 200, body: { items: [directory('police', '公安')] } }),
  when('GET', '/api/v1/directories/vehicle_types', { status: 200, body: { items: [directory('police_patrol', '警备车')] } }),
  when('GET', '/api/v1/directories/source_channels', {
    status: 200,
    body: { items: [directory('gov_procurement_site', '政府采购网站')] },
  }),
  when('GET', '/api/v1/divisions', (request: RecordedRequest) => {
    const parent = new URL(request.url, 'http://x').searchParams.get('parent_code');
    if (parent === '510000') return { status: 200, body: { items: [division('510100', '成都市', 'city', '510000')] } };
    return { status: 200, body: { items: [division('510000', '四川省', 'province', null)] } };
  }),
];

describe('registration form', { timeout: 30_000 }, () => {
  let wrapper: VueWrapper | null = null;
  let router: Router;

  beforeEach(() => {
    document.body.innerHTML = '';
    vi.mocked(findDuplicates).mockReset().mockResolvedValue([]);
    vi.mocked(getAccount).mockReset().mockResolvedValue(accountFixture({ id: 7, name: '成都市交通运输局' }));
    vi.mocked(listAccounts).mockReset().mockResolvedValue({ items: [accountFixture()], next_cursor: null });
    vi.mocked(createRegistration).mockReset();
  });

  afterEach(() => {
    vi.useRealTimers();
    wrapper?.unmount();
    wrapper = null;
  });

  async function open() {
    mockFetch(...referenceData);
    const app = await mountWithApp(RegistrationFormView, {
      permissions: ['registrations.read', 'registrations.create', 'accounts.read'],
      routes: [
        { path: '/registrations', name: 'registrations', component: stub },
        { path: '/registrations/new', name: 'registration-new', component: RegistrationFormView },
        { path: '/registrations/:id', name: 'registration', component: stub },
        { path: '/accounts/:id', name: 'account', component: stub },
      ],
      path: '/registrations/new',
      attach: true,
      transitions: true,
    });
    wrapper = app.wrapper;
    router = app.router;
    return app.wrapper;
  }

  function component<T>(type: T, testId: string) {
    // The test id is on the component's root element, or on an element around it (el-date-picker).
    const host = document.body.querySelector(`[data-testid="${testId}"]`);
    const all = (wrapper?.findAllComponents(type as never) ?? []) as VueWrapper[];
    const found = all.find((c) => c.attributes('data-testid') === testId || (host !== null && host.contains(c.element)));
    if (!found) throw new Error(`no component ${testId}`);
    return found;
  }

  const modelOf = (type: unknown, testId: string) => (component(type, testId).props() as Record<string, unknown>).modelValue;

  async function choose(type: unknown, testId: string, value: unknown) {
    component(type, testId).vm.$emit('update:modelValue', value);
    await flush();
  }

  async function newAccountMode() {
    await wrapper?.find('[data-testid="reg-mode-new"] input').setValue(true);
    await flush();
  }

  async function typeName(name: string) {
    await wrapper?.find('input[data-testid="reg-account-name"]').setValue(name);
  }

  async function pickDivision(code: string) {
    wrapper?.findComponent(DivisionCascader).vm.$emit('update:modelValue', code);
    await flush();
  }

  const text = () => document.body.textContent ?? '';

  it('asks for duplicates 300 ms after typing, with two characters and a division only', async () => {
    await open();
    await newAccountMode();
    vi.useFakeTimers();
    await typeName('成');
    await pickDivision('510100');
    await vi.advanceTimersByTimeAsync(1000);
    expect(findDuplicates).not.toHaveBeenCalled();

    await pickDivision('');
    await typeName('成都市公安局');
    await vi.advanceTimersByTimeAsync(1000);
    expect(findDuplicates).not.toHaveBeenCalled();
    expect(wrapper?.find('[data-testid="reg-dup-needs-division"]').exists()).toBe(true);

    await pickDivision('510100');
    await vi.advanceTimersByTimeAsync(299);
    expect(findDuplicates).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(findDuplicates).toHaveBeenCalledTimes(1);
    expect(vi.mocked(findDuplicates).mock.calls[0]?.[0]).toEqual({ name: '成都市公安局', division_code: '510100', credit_code: undefined });

    // Typing on within 300 ms: one request, 300 ms after the last keystroke, for what was typed last.
    await typeName('成都市公安局交');
    await vi.advanceTimersByTimeAsync(200);
    await typeName('成都市公安局交警');
    await vi.advanceTimersByTimeAsync(299);
    expect(findDuplicates).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(findDuplicates).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(1000);
    expect(findDuplicates).toHaveBeenCalledTimes(2);
    expect(vi.mocked(findDuplicates).mock.calls[1]?.[0]).toMatchObject({ name: '成都市公安局交警' });
  });

  it('shows own duplicates with a link and 改为登记此客户, another dealer’s as a conflict warning, related units as hints', async () => {
    const candidates: DuplicateCandidate[] = [
      { id: 7, name: '成都市交通运输局', kind: 'duplicate', score: 1, reason: 'same name in the same division' },
      { kind: 'duplicate', score: 1, reason: 'same credit code' },
      { id: 9, name: '成都市交通运输局公路处', kind: 'related', score: 0.6, reason: 'name contains' },
    ];
    vi.mocked(findDuplicates).mockResolvedValue(candidates);
    await open();
    await newAccountMode();
    await pickDivision('510100');
    await typeName('成都市交通运输局');
    await eventually(() => expect(wrapper?.find('[data-testid="reg-dup-own"]').exists()).toBe(true));
    await flush();

    const own = wrapper!.find('[data-testid="reg-dup-own-7"]');
    expect(own.find('a').text()).toBe('成都市交通运输局');
    expect(own.find('a').attributes('href')).toBe('/accounts/7');
    expect(own.text()).toContain('同一行政区划内名称相同');
    expect(wrapper!.find('[data-testid="reg-dup-outside"]').text()).toContain('该单位已是其他经销商的客户，提交后将进入冲突审核');
    expect(wrapper!.find('[data-testid="reg-dup-outside"]').text()).not.toContain('成都市交通运输局');
    expect(wrapper!.find('[data-testid="reg-dup-related"]').text()).toMatch(/关联单位[\s\S]*成都市交通运输局公路处/);

    // Register the own account instead: 已有客户 with it chosen, its defaults taken.
    await wrapper!.find('[data-testid="reg-dup-use-7"]').trigger('click');
    await flush();
    expect(getAccount).toHaveBeenCalledWith(7);
    expect(wrapper!.find('input[data-testid="reg-account-name"]').exists()).toBe(false);
    expect(wrapper!.find('[data-testid="reg-mode-existing"]').classes()).toContain('is-active');
    expect(modelOf(ElSelect, 'reg-account-select')).toBe(7);
    expect(wrapper!.find('[data-testid="reg-account-select"]').text()).toContain('成都市交通运输局');
    expect(modelOf(ElSelect, 'reg-procurement-method')).toBe('agreement');
    expect(modelOf(ElSelect, 'reg-source-channel')).toBe('gov_procurement_site');
    expect(text()).not.toContain('该单位已是其他经销商的客户');
  });

  async function fillLead() {
    await choose(ElSelect, 'reg-vehicle-type', 'police_patrol');
    await choose(ElInputNumber, 'reg-quantity', 12);
    await choose(ElInputNumber, 'reg-budget', 1_234_567.89);
    await choose(ElDatePicker, 'reg-expected-date', EXPECTED_DATE);
    await choose(ElSelect, 'reg-procurement-method', 'tender');
    await choose(ElSelect, 'reg-source-channel', 'gov_procurement_site');
    await wrapper!.find('[data-testid="reg-info-class-tender"] input').setValue(true);
    await wrapper!.find('input[data-testid="reg-model"]').setValue(' 江铃福顺 ');
    await flush();
  }

  async function fillNewAccount() {
    await newAccountMode();
    await typeName('成都市生态环境监测站');
    await pickDivision('510100');
    await choose(ElSelect, 'reg-account-industry', 'police');
    await choose(ElSelect, 'reg-account-admin-level', 'municipal');
    await wrapper!.find('[data-testid="reg-account-grade-key"] input').setValue(true);
    await flush();
  }

  const submit = async () => {
    await wrapper!.find('[data-testid="reg-form"] form').trigger('submit');
    await settle();
  };

  it('sends a new account with the lead: 元 as 分, the lead’s class, method and channel for the account', async () => {
    vi.mocked(createRegistration).mockResolvedValue(registrationFixture({ id: 44, status: 'conflict' }));
    await open();
    await fillNewAccount();
    await fillLead();
    await submit();

    expect(createRegistration).toHaveBeenCalledTimes(1);
    const body = vi.mocked(createRegistration).mock.calls[0]![0];
    expect(body).toMatchObject({
      account: {
        name: '成都市生态环境监测站',
        division_code: '510100',
        industry: 'police',
        admin_level: 'municipal',
        grade: 'key',
        business_class: 'tender',
        procurement_method: 'tender',
        source_channel: 'gov_procurement_site',
      },
      vehicle_type: 'police_patrol',
      model: '江铃福顺',
      quantity: 12,
      budget_fen: 123_456_789,
      expected_date: EXPECTED_DATE,
      procurement_method: 'tender',
      source_channel: 'gov_procurement_site',
      info_class: 'tender',
    });
    expect(body.account_id).toBeUndefined();
    expect(body.account?.credit_code).toBeUndefined();
    expect(Date.parse(body.info_obtained_at ?? '')).toBeLessThanOrEqual(Date.now());
    // A conflict: the registration opens, with the warning.
    await eventually(() => expect(router.currentRoute.value.fullPath).toBe('/registrations/44?created=1'));
    expect(text()).toContain('与其他经销商的报备冲突，已提交区域经理审核');
  });

  it('sends nothing while required fields are empty', async () => {
    await open();
    await submit();
    expect(createRegistration).not.toHaveBeenCalled();
    expect(wrapper!.findAll('.el-form-item__error').length).toBeGreaterThan(3);
  });

  it('shows server field errors beside the fields (account.name, quantity)', async () => {
    vi.mocked(createRegistration).mockRejectedValue(
      new ApiError(
        422,
        problem(422, 'validation_failed', {
          errors: [
            { field: 'account.name', code: 'too_short', message: 'at least 2 characters' },
            { field: 'quantity', code: 'invalid_value', message: 'must be 1 to 10000' },
          ],
        }) as never,
      ),
    );
    await open();
    await fillNewAccount();
    await fillLead();
    await submit();

    const errorBeside = (selector: string) =>
      wrapper!.find(selector).element.closest('.el-form-item')?.querySelector('.el-form-item__error')?.textContent?.trim();
    expect(errorBeside('input[data-testid="reg-account-name"]')).toBe('内容过短');
    expect(errorBeside('[data-testid="reg-quantity"]')).toBe('取值无效');
    expect(router.currentRoute.value.name).toBe('registration-new');
  });

  it('registers an existing account by its id, found by search', async () => {
    vi.mocked(createRegistration).mockResolvedValue(registrationFixture({ id: 45 }));
    await open();
    expect(listAccounts).toHaveBeenCalled();
    await choose(ElSelect, 'reg-account-select', 12);
    await fillLead();
    await submit();
    const body = vi.mocked(createRegistration).mock.calls[0]![0];
    expect(body.account_id).toBe(12);
    expect(body.account).toBeUndefined();
    await eventually(() => expect(router.currentRoute.value.fullPath).toBe('/registrations/45?created=1'));
  });
});
