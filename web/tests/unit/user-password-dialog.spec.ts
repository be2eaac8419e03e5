import { beforeEach, describe, expect, it } from 'vitest';
import { nextTick } from 'vue';
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { createAppI18n } from '@/locales';
import UserPasswordDialog from '@/views/users/user-password-dialog.vue';
import { adminUser, mockFetch, problem, when } from './helpers';

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

function typeInto(testId: string, value: string) {
  const input = document.body.querySelector<HTMLInputElement>(`input[data-testid="${testId}"]`);
  if (!input) throw new Error(`no input ${testId}`);
  input.value = value;
  input.dispatchEvent(new Event('input'));
}

function errorBeside(testId: string): string | undefined {
  const item = document.body.querySelector(`input[data-testid="${testId}"]`)?.closest('.el-form-item');
  return item?.querySelector('.el-form-item__error')?.textContent?.trim();
}

describe('password reset dialog', () => {
  beforeEach(() => {
    document.body.innerHTML = '';
    setActivePinia(createPinia());
  });

  async function open() {
    const wrapper = mount(UserPasswordDialog, {
      attachTo: document.body,
      props: { modelValue: false, user: { ...adminUser, id: 7, username: 'rep' } },
      global: {
        plugins: [createPinia(), createAppI18n('zh-CN')],
        // Real transitions: the stubs do not re-render el-form-item's error message.
        stubs: { transition: false, 'transition-group': false },
      },
    });
    await wrapper.setProps({ modelValue: true });
    await flush();
    return wrapper;
  }

  it('shows the server field error beside the password, translated', async () => {
    const { requests } = mockFetch(
      when('POST', '/api/v1/users/7/password', {
        status: 422,
        body: problem(422, 'validation_failed', {
          errors: [{ field: 'password', code: 'too_weak', message: 'must be at least 10 characters' }],
        }),
      }),
    );
    const wrapper = await open();
    typeInto('password-new', 'abc');
    typeInto('password-confirm', 'abc');
    await flush();
    document.body.querySelector<HTMLButtonElement>('[data-testid="password-save"]')?.click();
    await settle();

    expect(requests).toHaveLength(1);
    expect(requests[0]?.body).toEqual({ password: 'abc' });
    expect(errorBeside('password-new')).toMatch(/^密码强度不足/);
    expect(wrapper.emitted('update:modelValue')).toBeUndefined(); // stays open
    wrapper.unmount();
  });

  it('does not send mismatching passwords', async () => {
    const { requests } = mockFetch();
    const wrapper = await open();
    typeInto('password-new', 'Long-enough-1');
    typeInto('password-confirm', 'Long-enough-2');
    await flush();
    document.body.querySelector<HTMLButtonElement>('[data-testid="password-save"]')?.click();
    await settle();
    expect(requests).toHaveLength(0);
    expect(errorBeside('password-confirm')).toBe('两次输入的密码不一致');
    wrapper.unmount();
  });

  it('closes after a successful reset', async () => {
    const { requests } = mockFetch(when('POST', '/api/v1/users/7/password', { status: 204 }));
    const wrapper = await open();
    typeInto('password-new', 'Long-enough-1');
    typeInto('password-confirm', 'Long-enough-1');
    await flush();
    document.body.querySelector<HTMLButtonElement>('[data-testid="password-save"]')?.click();
    await settle();
    expect(requests).toHaveLength(1);
    expect(wrapper.emitted('update:modelValue')?.at(-1)).toEqual([false]);
    wrapper.unmount();
  });
});
