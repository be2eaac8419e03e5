// 保护期设置 at the top of 报备审核: read by every reviewer, changed (PUT) only with
// `settings.manage`; a 422 goes beside the field.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { VueWrapper } from '@vue/test-utils';
import { ElInputNumber } from 'element-plus';
import { ApiError } from '@/api/client';
import { getRegistrationSettings, listRegistrations, updateRegistrationSettings } from '@/api/registrations';
import RegistrationProtectionSetting from '@/views/registrations/registration-protection-setting.vue';
import RegistrationReviewView from '@/views/registrations/registration-review-view.vue';
import { mockFetch, problem } from './helpers';
import { flush, mountWithApp, stub } from './mount-with-app';

vi.mock('@/api/registrations', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/api/registrations')>()),
  getRegistrationSettings: vi.fn(),
  updateRegistrationSettings: vi.fn(),
  listRegistrations: vi.fn(),
}));

/** el-form-item shows a new error state after a short debounce. */
const settle = async () => {
  await flush();
  await new Promise((resolve) => setTimeout(resolve, 250));
  await flush();
};

const $ = <T extends Element = HTMLElement>(selector: string) => document.body.querySelector<T>(selector);
const text = (selector: string) => $(selector)?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

const REVIEWER = ['registrations.read', 'registrations.review', 'registrations.stats'];
const MANAGER = [...REVIEWER, 'settings.manage'];

describe('protection period setting', { timeout: 30_000 }, () => {
  let wrapper: VueWrapper | null = null;

  afterEach(() => {
    wrapper?.unmount();
    wrapper = null;
  });

  beforeEach(() => {
    document.body.innerHTML = '';
    vi.mocked(getRegistrationSettings).mockReset().mockResolvedValue({ protection_days: 90 });
    vi.mocked(updateRegistrationSettings).mockReset();
    vi.mocked(listRegistrations).mockReset().mockResolvedValue({ items: [], next_cursor: null });
    mockFetch();
  });

  async function show(permissions: string[]): Promise<VueWrapper> {
    ({ wrapper } = await mountWithApp(RegistrationProtectionSetting, { permissions, attach: true, transitions: true }));
    return wrapper;
  }

  const input = () => {
    const found = wrapper?.findComponent(ElInputNumber);
    if (!found?.exists()) throw new Error('no protection-days input');
    return found;
  };
  const setDays = async (days: number) => {
    input().vm.$emit('update:modelValue', days);
    await flush();
  };
  const errorBeside = () => $('[data-testid="reg-protection-days-input"]')?.closest('.el-form-item')?.querySelector('.el-form-item__error')?.textContent?.trim();
  const save = async () => {
    const button = $<HTMLButtonElement>('[data-testid="reg-protection-save"]');
    if (!button) throw new Error('no save button');
    button.click();
    await settle();
  };

  it('shows the period as text only to a reviewer without settings.manage', async () => {
    await show(REVIEWER);
    expect(getRegistrationSettings).toHaveBeenCalledTimes(1);
    expect(text('[data-testid="reg-protection-days"]')).toBe('批准后保护期：90 天');
    expect($('[data-testid="reg-protection-form"]')).toBeNull();
    expect($('[data-testid="reg-protection-days-input"]')).toBeNull();
    expect($('[data-testid="reg-protection-save"]')).toBeNull();
  });

  it('lets settings.manage change it: 1–365, saved with PUT', async () => {
    vi.mocked(updateRegistrationSettings).mockResolvedValue({ protection_days: 120 });
    await show(MANAGER);
    expect(text('[data-testid="reg-protection-days"]')).toBe('批准后保护期：90 天');
    expect(input().props('modelValue')).toBe(90);
    expect(input().props('min')).toBe(1);
    expect(input().props('max')).toBe(365);
    // Nothing to save until the value changes.
    expect($<HTMLButtonElement>('[data-testid="reg-protection-save"]')?.disabled).toBe(true);

    await setDays(120);
    expect($<HTMLButtonElement>('[data-testid="reg-protection-save"]')?.disabled).toBe(false);
    await save();
    expect(updateRegistrationSettings).toHaveBeenCalledWith({ protection_days: 120 });
    expect(text('[data-testid="reg-protection-days"]')).toBe('批准后保护期：120 天');
    expect(document.body.querySelector('.el-message--success')?.textContent).toContain('批准后保护期已设为 120 天');
    expect($<HTMLButtonElement>('[data-testid="reg-protection-save"]')?.disabled).toBe(true);
  });

  it('shows the server’s 422 beside the field and keeps the saved value', async () => {
    vi.mocked(updateRegistrationSettings).mockRejectedValue(
      new ApiError(
        422,
        problem(422, 'validation_failed', {
          errors: [{ field: 'protection_days', code: 'invalid_value', message: 'must be between 1 and 365' }],
        }) as never,
      ),
    );
    await show(MANAGER);
    await setDays(200);
    await save();
    expect(updateRegistrationSettings).toHaveBeenCalledWith({ protection_days: 200 });
    expect(errorBeside()).toBe('须为 1 至 365 天的整数');
    expect($('[data-testid="reg-protection-error"]')).toBeNull();
    expect(text('[data-testid="reg-protection-days"]')).toBe('批准后保护期：90 天');
  });

  it('says so when the period cannot be read or saved otherwise', async () => {
    vi.mocked(updateRegistrationSettings).mockRejectedValue(new ApiError(403, problem(403, 'forbidden') as never));
    await show(MANAGER);
    await setDays(60);
    await save();
    expect(text('[data-testid="form-error"]')).toBe('您没有执行此操作的权限');
    expect(errorBeside()).toBeFalsy();

    wrapper?.unmount();
    document.body.innerHTML = '';
    vi.mocked(getRegistrationSettings).mockRejectedValue(new ApiError(0, null, 'network error'));
    await show(REVIEWER);
    expect(text('[data-testid="reg-protection-error"]')).toBe('无法连接服务器，请检查网络');
    expect($('[data-testid="reg-protection-days"]')).toBeNull();
  });

  it('sits at the top of 报备审核', async () => {
    ({ wrapper } = await mountWithApp(RegistrationReviewView, {
      permissions: REVIEWER,
      routes: [
        { path: '/', component: stub },
        { path: '/registrations/:id', name: 'registration', component: stub },
      ],
      attach: true,
      transitions: true,
    }));
    const setting = $('[data-testid="reg-protection-setting"]');
    const queue = $('[data-testid="reg-queue-table"]') ?? $('[data-testid="reg-queue-cards"]');
    expect(setting).not.toBeNull();
    expect(queue).not.toBeNull();
    expect(setting!.compareDocumentPosition(queue!) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(text('[data-testid="reg-protection-days"]')).toBe('批准后保护期：90 天');
  });
});
