import { beforeEach, describe, expect, it } from 'vitest';
import { nextTick } from 'vue';
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { createMemoryHistory, createRouter } from 'vue-router';
import { ApiError } from '@/api/client';
import { duplicatesOf } from '@/api/accounts';
import { createAppI18n } from '@/locales';
import { useAuthStore } from '@/stores/auth';
import AccountFormDialog from '@/views/accounts/account-form-dialog.vue';
import { accountFixture, adminMe, eventually, hqUnit, mockFetch, problem, when, type RecordedRequest } from './helpers';

const flush = async () => {
  for (let i = 0; i < 5; i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    await nextTick();
  }
};

function typeInto(testId: string, value: string) {
  const input = document.body.querySelector<HTMLInputElement>(`input[data-testid="${testId}"]`);
  if (!input) throw new Error(`no input ${testId}`);
  input.value = value;
  input.dispatchEvent(new Event('input'));
}

function errorBeside(testId: string): string | undefined {
  const item = document.body.querySelector(`[data-testid="${testId}"]`)?.closest('.el-form-item');
  return item?.querySelector('.el-form-item__error')?.textContent?.trim();
}

const directory = (code: string, name_zh: string) => ({ code, name_zh, name_en: code, active: true, version: 1 });
const division = (code: string, name: string, level: string, parent_code: string | null) => ({ code, name, level, parent_code });

/** The reference data an edit form loads: directories, units, the divisions on 成都市's path. */
const referenceData = [
  when('GET', '/api/v1/directories/industries', { status: 200, body: { items: [directory('police', '公安')] } }),
  when('GET', '/api/v1/directories/source_channels', {
    status: 200,
    body: { items: [directory('gov_procurement_site', '政府采购网站')] },
  }),
  when('GET', '/api/v1/org/units', { status: 200, body: { items: [hqUnit], next_cursor: null } }),
  when('GET', '/api/v1/divisions', (request: RecordedRequest) => {
    const parent = new URL(request.url, 'http://x').searchParams.get('parent_code');
    if (parent === '510000') return { status: 200, body: { items: [division('510100', '成都市', 'city', '510000')] } };
    return { status: 200, body: { items: [division('510000', '四川省', 'province', null)] } };
  }),
];

describe('account form dialog', () => {
  beforeEach(() => {
    document.body.innerHTML = '';
    setActivePinia(createPinia());
  });

  async function openEdit(...routes: Parameters<typeof mockFetch>) {
    const { requests } = mockFetch(...routes, ...referenceData);
    const pinia = createPinia();
    setActivePinia(pinia);
    useAuthStore().me = { ...adminMe, permissions: ['accounts.read', 'accounts.write'] };
    const router = createRouter({
      history: createMemoryHistory(),
      routes: [
        { path: '/', component: { template: '<div />' } },
        { path: '/accounts/:id', name: 'account', component: { template: '<div />' } },
      ],
    });
    await router.push('/');
    const wrapper = mount(AccountFormDialog, {
      attachTo: document.body,
      props: { modelValue: false, mode: 'edit', account: accountFixture() },
      global: {
        plugins: [pinia, router, createAppI18n('zh-CN')],
        stubs: { transition: false, 'transition-group': false },
      },
    });
    await wrapper.setProps({ modelValue: true });
    await flush();
    return { wrapper, requests };
  }

  const save = () => document.body.querySelector<HTMLButtonElement>('[data-testid="account-save"]')?.click();

  it('sends only what changed with the version, and shows the credit-code error beside the field', async () => {
    const { wrapper, requests } = await openEdit(
      when('PATCH', '/api/v1/accounts/12', {
        status: 422,
        body: problem(422, 'validation_failed', {
          detail: 'credit_code: wrong check character',
          errors: [{ field: 'credit_code', code: 'invalid_value', message: 'wrong GB 11714 check character at position 17' }],
        }),
      }),
    );
    typeInto('account-credit-code', '11510100mb0000001y ');
    await flush();
    save();
    await eventually(() => expect(errorBeside('account-credit-code')).toBe('统一社会信用代码无效：须为 18 位且校验位正确'));
    const patch = requests.find((r) => r.method === 'PATCH');
    expect(patch?.body).toEqual({ version: 3, credit_code: '11510100MB0000001Y' });
    expect(wrapper.emitted('update:modelValue')).toBeUndefined(); // stays open
    wrapper.unmount();
  });

  it('clears a credit code with null', async () => {
    const { wrapper, requests } = await openEdit(
      when('PATCH', '/api/v1/accounts/12', { status: 200, body: accountFixture({ credit_code: null, version: 4 }) }),
    );
    typeInto('account-credit-code', '');
    await flush();
    save();
    await eventually(() => expect(wrapper.emitted('saved')).toHaveLength(1));
    expect(requests.find((r) => r.method === 'PATCH')?.body).toEqual({ version: 3, credit_code: null });
    wrapper.unmount();
  });

  it('hints at possible duplicates while typing (not the account itself), with links to those in scope', async () => {
    const { wrapper, requests } = await openEdit(
      when('GET', '/api/v1/accounts/duplicates', {
        status: 200,
        body: {
          candidates: [
            { id: 12, name: '成都市公安局', kind: 'duplicate', score: 1, reason: 'same credit code' },
            { id: 7, name: '成都市公安局交警支队', kind: 'duplicate', score: 0.95, reason: 'same name in the same division' },
            { kind: 'duplicate', score: 0.95, reason: 'same name in the same division' },
          ],
        },
      }),
    );
    typeInto('account-name', '成都市公安局交警支队');
    await eventually(() => expect(document.body.querySelector('[data-testid="account-duplicate-hints"]')).not.toBeNull(), 3000);
    const lookups = requests.filter((r) => r.url.startsWith('/api/v1/accounts/duplicates'));
    expect(lookups).toHaveLength(1); // not when the form opened, once after typing stopped
    const lookup = lookups[0];
    const params = new URL(lookup?.url ?? '', 'http://x').searchParams;
    expect(params.get('name')).toBe('成都市公安局交警支队');
    expect(params.get('division_code')).toBe('510100');
    expect(params.get('credit_code')).toBe('11510100MB0000000U');
    const hints = document.body.querySelector('[data-testid="account-duplicate-hints"]');
    expect(hints?.textContent).toContain('可能重复');
    const links = [...(hints?.querySelectorAll('a') ?? [])];
    expect(links.map((a) => a.getAttribute('href'))).toEqual(['/accounts/7']);
    expect(hints?.textContent).toContain('一个不在您权限范围内的客户');
    expect(hints?.textContent).toContain('同一行政区划内名称相同');
    wrapper.unmount();
  });

  it('shows the duplicates of a 409 account.duplicate clearly and stays open', async () => {
    const { wrapper } = await openEdit(
      when('GET', '/api/v1/accounts/duplicates', { status: 200, body: { candidates: [] } }),
      when('PATCH', '/api/v1/accounts/12', {
        status: 409,
        body: problem(409, 'account.duplicate', {
          detail: 'this organisation is already an account',
          duplicates: [{ id: 9, name: '成都市公安局', kind: 'duplicate', score: 1, reason: 'same credit code' }],
        }),
      }),
    );
    typeInto('account-name', '成都市公安局 ');
    typeInto('account-address', '成都市锦江区');
    await flush();
    save();
    await eventually(() => expect(document.body.querySelector('[data-testid="account-duplicate-conflict"]')).not.toBeNull());
    const conflict = document.body.querySelector('[data-testid="account-duplicate-conflict"]');
    expect(conflict?.textContent).toContain('该单位已是客户，不能重复创建');
    expect(conflict?.textContent).toContain('统一社会信用代码相同');
    expect(conflict?.querySelector('a')?.getAttribute('href')).toBe('/accounts/9');
    expect(wrapper.emitted('saved')).toBeUndefined();
    wrapper.unmount();
  });
});

describe('duplicatesOf', () => {
  it('reads the duplicates of a 409 account.duplicate only', () => {
    const candidates = [{ kind: 'duplicate', score: 1, reason: 'same credit code' }, { junk: true }];
    const conflict = new ApiError(409, { ...problem(409, 'account.duplicate', { duplicates: candidates }), detail: '' });
    expect(duplicatesOf(conflict)).toEqual([{ kind: 'duplicate', score: 1, reason: 'same credit code' }]);
    expect(duplicatesOf(new ApiError(409, { ...problem(409, 'version_conflict'), detail: '' }))).toEqual([]);
    expect(duplicatesOf(new Error('x'))).toEqual([]);
  });
});
