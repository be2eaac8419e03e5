// 延长保护期: the dialog (a reason required, the version sent back, refusals (409) said and the
// registration read again) and its button on the registration's page (reviewers, approved only).
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { nextTick } from 'vue';
import { mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia, type Pinia } from 'pinia';
import { createMemoryHistory, createRouter } from 'vue-router';
import { ApiError } from '@/api/client';
import {
  extendRegistration,
  getRegistration,
  getRegistrationSettings,
  type Registration,
} from '@/api/registrations';
import { createAppI18n } from '@/locales';
import { useAuthStore } from '@/stores/auth';
import RegistrationExtendDialog from '@/views/registrations/registration-extend-dialog.vue';
import RegistrationView from '@/views/registrations/registration-view.vue';
import { adminMe, eventually, mockFetch, problem, when } from './helpers';
import { registrationFixture } from './registrations-fixtures';

vi.mock('@/api/registrations', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/api/registrations')>()),
  getRegistration: vi.fn(),
  extendRegistration: vi.fn(),
  getRegistrationSettings: vi.fn(),
}));

const flush = async () => {
  for (let i = 0; i < 5; i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    await nextTick();
  }
};
/** el-form-item shows a new error state after a short debounce. */
const settle = async () => {
  await flush();
  await new Promise((resolve) => setTimeout(resolve, 250));
  await flush();
};

const DAY_MS = 24 * 60 * 60 * 1000;
const iso = (ms: number) => new Date(ms).toISOString();

/** 成都鑫达's #31, approved: 30 days of protection left. */
function approved(extra: Partial<Registration> = {}): Registration {
  return registrationFixture({
    status: 'approved',
    authentic: true,
    accurate: true,
    reviewed_by: 4,
    reviewed_at: '2026-03-03T02:00:00Z',
    protected_until: iso(Date.now() + 30 * DAY_MS - 60_000),
    version: 5,
    ...extra,
  });
}

const $ = <T extends Element = HTMLElement>(selector: string) => document.body.querySelector<T>(selector);
const text = (selector: string) => $(selector)?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

async function click(selector: string): Promise<void> {
  const element = $(selector);
  if (!element) throw new Error(`nothing at ${selector}`);
  element.click();
  await flush();
}

async function typeReason(value: string): Promise<void> {
  const reason = $<HTMLTextAreaElement>('textarea[data-testid="reg-extend-reason"]');
  if (!reason) throw new Error('no reason field');
  reason.value = value;
  reason.dispatchEvent(new Event('input'));
  await flush();
}

function errorBesideReason(): string | undefined {
  return $('textarea[data-testid="reg-extend-reason"]')?.closest('.el-form-item')?.querySelector('.el-form-item__error')?.textContent?.trim();
}

const save = async () => {
  await click('[data-testid="reg-extend-save"]');
  await settle();
};

function setUp(permissions: string[]): Pinia {
  const pinia = createPinia();
  setActivePinia(pinia);
  useAuthStore().me = { ...adminMe, permissions };
  return pinia;
}

describe('extend dialog', { timeout: 30_000 }, () => {
  beforeEach(() => {
    document.body.innerHTML = '';
    vi.mocked(getRegistration).mockReset();
    vi.mocked(extendRegistration).mockReset();
    vi.mocked(getRegistrationSettings).mockReset().mockResolvedValue({ protection_days: 90 });
    mockFetch();
  });

  async function open(registration: Registration): Promise<VueWrapper> {
    const pinia = setUp(['registrations.read', 'registrations.review']);
    const wrapper = mount(RegistrationExtendDialog, {
      attachTo: document.body,
      props: { modelValue: false, registration },
      global: {
        plugins: [pinia, createAppI18n('zh-CN')],
        stubs: { transition: false, 'transition-group': false },
      },
    });
    await wrapper.setProps({ modelValue: true });
    await flush();
    return wrapper;
  }

  it('says until when the registration is protected and how much is added', async () => {
    const wrapper = await open(approved());
    expect(text('[data-testid="reg-extend-summary"]')).toContain('成都市公安局');
    expect(text('[data-testid="reg-extend-summary"]')).toContain('已批准');
    expect(text('[data-testid="reg-extend-current"]')).toMatch(/^当前保护期至 \d{4}/);
    expect(text('[data-testid="reg-extend-adds"]')).toBe('将在当前保护期结束后再延长 90 天');
    expect(getRegistrationSettings).toHaveBeenCalledTimes(1);
    wrapper.unmount();
  });

  it('needs a reason, and not only blanks', async () => {
    const wrapper = await open(approved());
    await save();
    expect(extendRegistration).not.toHaveBeenCalled();
    expect(errorBesideReason()).toBe('请填写延长原因');

    await typeReason('   ');
    await save();
    expect(extendRegistration).not.toHaveBeenCalled();
    expect(errorBesideReason()).toBe('请填写延长原因');
    expect($('textarea[data-testid="reg-extend-reason"]')?.getAttribute('maxlength')).toBe('500');

    // The message goes as soon as there is a reason.
    await typeReason('客户招标延期');
    await settle();
    expect(errorBesideReason()).toBeFalsy();
    expect(extendRegistration).not.toHaveBeenCalled();
    wrapper.unmount();
  });

  it('sends the version read and the reason, and hands back the extended registration', async () => {
    const until = iso(Date.now() + 120 * DAY_MS);
    vi.mocked(extendRegistration).mockResolvedValue(approved({ protected_until: until, version: 6 }));
    const wrapper = await open(approved());
    await typeReason('  客户招标延期至明年一季度  ');
    await save();
    expect(extendRegistration).toHaveBeenCalledWith(31, { version: 5, reason: '客户招标延期至明年一季度' });
    expect(wrapper.emitted('updated')?.[0]?.[0]).toMatchObject({ id: 31, protected_until: until, version: 6 });
    expect(wrapper.emitted('update:modelValue')?.at(-1)).toEqual([false]);
    expect(document.body.textContent).toMatch(/保护期已延长至 \d{4}/);
    wrapper.unmount();
  });

  it('says so when the registration is no longer approved (409 registration.not_protected) and shows it as it is', async () => {
    vi.mocked(extendRegistration).mockRejectedValue(new ApiError(409, problem(409, 'registration.not_protected') as never));
    const lapsed = approved({ status: 'lapsed', protected_until: iso(Date.now() - DAY_MS), version: 6 });
    vi.mocked(getRegistration).mockResolvedValue(lapsed);
    const wrapper = await open(approved());
    await typeReason('客户仍在跟进');
    await save();
    expect(extendRegistration).toHaveBeenCalledWith(31, { version: 5, reason: '客户仍在跟进' });
    await eventually(() => expect(text('[data-testid="reg-extend-error"]')).toBe('只有已批准的报备可以延长保护期'));
    expect(document.body.querySelector('.el-message--error')?.textContent).toContain('只有已批准的报备可以延长保护期');
    expect(getRegistration).toHaveBeenCalledWith(31);
    expect(text('[data-testid="reg-extend-summary"]')).toContain('已失效');
    expect($('[data-testid="reg-extend-save"]')).toBeNull(); // nothing left to extend
    expect($('[data-testid="reg-extend-not-extendable"]')).not.toBeNull();
    expect(wrapper.emitted('updated')?.[0]?.[0]).toMatchObject({ status: 'lapsed' });
    expect(wrapper.emitted('update:modelValue')).toBeUndefined(); // stays open
    wrapper.unmount();
  });

  it('reads the registration again after a version conflict; trying again sends the new version', async () => {
    vi.mocked(extendRegistration).mockRejectedValueOnce(new ApiError(409, problem(409, 'version_conflict') as never));
    vi.mocked(getRegistration).mockResolvedValue(approved({ version: 7 }));
    const wrapper = await open(approved());
    await typeReason('客户招标延期');
    await save();
    await eventually(() => expect(text('[data-testid="reg-extend-error"]')).toMatch(/已被他人处理或修改/));
    expect(wrapper.emitted('updated')?.[0]?.[0]).toMatchObject({ version: 7 });
    expect(wrapper.emitted('update:modelValue')).toBeUndefined();

    vi.mocked(extendRegistration).mockResolvedValue(approved({ version: 8 }));
    await save();
    expect(extendRegistration).toHaveBeenLastCalledWith(31, { version: 7, reason: '客户招标延期' });
    expect(wrapper.emitted('update:modelValue')?.at(-1)).toEqual([false]);
    wrapper.unmount();
  });

  it('shows the server’s field error beside the reason (422)', async () => {
    vi.mocked(extendRegistration).mockRejectedValue(
      new ApiError(
        422,
        problem(422, 'validation_failed', {
          errors: [{ field: 'reason', code: 'too_long', message: 'must be at most 500 characters' }],
        }) as never,
      ),
    );
    const wrapper = await open(approved());
    await typeReason('原因');
    await save();
    expect(errorBesideReason()).toBe('内容过长');
    expect($('[data-testid="reg-extend-error"]')).toBeNull();
    wrapper.unmount();
  });
});

describe('extend on the registration’s page', { timeout: 30_000 }, () => {
  beforeEach(() => {
    document.body.innerHTML = '';
    vi.mocked(getRegistration).mockReset();
    vi.mocked(extendRegistration).mockReset();
    vi.mocked(getRegistrationSettings).mockReset().mockResolvedValue({ protection_days: 90 });
    mockFetch(
      when('GET', '/api/v1/directories/vehicle_types', {
        status: 200,
        body: { items: [{ code: 'police_patrol', name_zh: '警备车', name_en: 'Police patrol', active: true, version: 1 }] },
      }),
    );
  });

  async function show(registration: Registration, permissions: string[]): Promise<VueWrapper> {
    const pinia = setUp(permissions);
    vi.mocked(getRegistration).mockResolvedValue(registration);
    const router = createRouter({
      history: createMemoryHistory(),
      routes: [
        { path: '/', component: { template: '<div />' } },
        { path: '/registrations', name: 'registrations', component: { template: '<div />' } },
        { path: '/registrations/:id', name: 'registration', component: { template: '<div />' } },
        { path: '/accounts/:id', name: 'account', component: { template: '<div />' } },
      ],
    });
    await router.push(`/registrations/${registration.id}`);
    const wrapper = mount(RegistrationView, {
      attachTo: document.body,
      props: { id: registration.id },
      global: {
        plugins: [pinia, router, createAppI18n('zh-CN')],
        stubs: { transition: false, 'transition-group': false },
      },
    });
    await flush();
    return wrapper;
  }

  it('offers 延长保护期 to a reviewer on an approved registration only', async () => {
    let wrapper = await show(approved(), ['registrations.read', 'registrations.review']);
    expect(text('[data-testid="reg-extend-open"]')).toBe('延长保护期');
    wrapper.unmount();

    document.body.innerHTML = '';
    wrapper = await show(approved(), ['registrations.read', 'registrations.create']);
    expect($('[data-testid="reg-title"]')).not.toBeNull();
    expect($('[data-testid="reg-extend-open"]')).toBeNull(); // the dealer
    wrapper.unmount();

    document.body.innerHTML = '';
    wrapper = await show(registrationFixture(), ['registrations.read', 'registrations.review']);
    expect($('[data-testid="reg-review-open"]')).not.toBeNull();
    expect($('[data-testid="reg-extend-open"]')).toBeNull(); // pending: not protected yet
    wrapper.unmount();
  });

  it('shows the new countdown after extending', async () => {
    const wrapper = await show(approved(), ['registrations.read', 'registrations.review']);
    expect(text('[data-testid="reg-countdown"]')).toBe('保护期剩余 30 天');
    vi.mocked(extendRegistration).mockResolvedValue(approved({ protected_until: iso(Date.now() + 120 * DAY_MS - 60_000), version: 6 }));
    await click('[data-testid="reg-extend-open"]');
    await typeReason('客户招标延期');
    await save();
    expect(extendRegistration).toHaveBeenCalledWith(31, { version: 5, reason: '客户招标延期' });
    await eventually(() => expect(text('[data-testid="reg-countdown"]')).toBe('保护期剩余 120 天'));
    wrapper.unmount();
  });
});
