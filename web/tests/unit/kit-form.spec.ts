import { beforeEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h, ref } from 'vue';
import { ElInput } from 'element-plus';
import { ApiError } from '@/api/client';
import KitField from '@/kit/kit-field.vue';
import KitFormDialog from '@/kit/kit-form-dialog.vue';
import KitFormSection from '@/kit/kit-form-section.vue';
import { useKitForm, type KitForm } from '@/kit/use-form';
import { useLeaveGuard } from '@/kit/use-leave-guard';
import { flush, mountAt } from './kit-test-utils';
import { problem } from './helpers';

const settle = async () => {
  await flush();
  await new Promise((resolve) => setTimeout(resolve, 250));
  await flush();
};

const errorBeside = (name: string) =>
  document.querySelector(`[data-field="${name}"]`)?.closest('.el-form-item')?.querySelector('.el-form-item__error')?.textContent?.trim();

let form!: KitForm<{ name: string; code: string }, string>;
const submit = vi.fn();
const saved = vi.fn();
const open = ref(false);

const Page = defineComponent({
  setup() {
    form = useKitForm({ initial: () => ({ name: 'initial', code: '' }), submit });
    const guard = useLeaveGuard(form.dirty, async () => false);
    return () =>
      h(
        KitFormDialog,
        {
          modelValue: open.value,
          'onUpdate:modelValue': (value: boolean) => (open.value = value),
          form,
          title: 'T',
          testid: 'd',
          saveTestId: 'd-save',
          onSaved: (result: unknown) => {
            saved(result);
            guard.allow();
          },
        },
        () =>
          h(KitFormSection, { title: 'Section' }, () => [
            h(KitField, { name: 'name', label: 'Name' }, () =>
              h(ElInput, { modelValue: form.model.name, 'onUpdate:modelValue': (v: string) => (form.model.name = v), 'data-field': 'name' }),
            ),
            h(KitField, { name: 'code', label: 'Code' }, () =>
              h(ElInput, { modelValue: form.model.code, 'onUpdate:modelValue': (v: string) => (form.model.code = v), 'data-field': 'code' }),
            ),
          ]),
      );
  },
});

describe('kit forms', () => {
  beforeEach(() => {
    document.body.innerHTML = '';
    submit.mockReset();
    saved.mockReset();
    open.value = false;
  });

  it('puts a server field error beside its field and the rest above the form; stays open', async () => {
    submit.mockRejectedValue(
      new ApiError(
        422,
        problem(422, 'validation_failed', {
          detail: 'bad input',
          errors: [
            { field: 'code', code: 'too_long', message: 'at most 3' },
            { field: 'elsewhere', code: 'required', message: 'needed' },
          ],
        }) as never,
      ),
    );
    const { wrapper } = await mountAt(Page, '/page');
    open.value = true;
    await flush();
    document.querySelector<HTMLButtonElement>('[data-testid="d-save"]')?.click();
    await settle();
    expect(submit).toHaveBeenCalledTimes(1);
    expect(errorBeside('code')).toBeTruthy();
    expect(errorBeside('name')).toBeFalsy();
    expect(form.rest.value).toBeTruthy();
    expect(document.querySelector('[data-testid="d-error"]')).not.toBeNull();
    expect(open.value).toBe(true);
    expect(saved).not.toHaveBeenCalled();
    wrapper.unmount();
  });

  it('refills the form on opening, saves, closes and hands back what was saved', async () => {
    submit.mockImplementation(async (model: { name: string }) => `saved ${model.name}`);
    const { wrapper } = await mountAt(Page, '/page');
    form.model.name = 'left over';
    open.value = true;
    await flush();
    expect(form.model.name).toBe('initial');
    expect(form.dirty.value).toBe(false);
    form.model.name = 'new';
    expect(form.dirty.value).toBe(true);
    document.querySelector<HTMLButtonElement>('[data-testid="d-save"]')?.click();
    await settle();
    expect(saved).toHaveBeenCalledWith('saved new');
    expect(open.value).toBe(false);
    expect(form.dirty.value).toBe(false);
    wrapper.unmount();
  });

  it('keeps the user on a page with unsaved changes unless they confirm, and lets a saved form go', async () => {
    const { wrapper, router } = await mountAt(Page, '/page');
    form.model.name = 'changed';
    await router.push('/other');
    expect(router.currentRoute.value.path).toBe('/page'); // the confirm said "stay"
    form.reset();
    await router.push('/other');
    expect(router.currentRoute.value.path).toBe('/other');
    wrapper.unmount();
  });

  it('asks the browser before closing a tab with unsaved changes', async () => {
    const { wrapper } = await mountAt(Page, '/page');
    const clean = new Event('beforeunload', { cancelable: true });
    window.dispatchEvent(clean);
    expect(clean.defaultPrevented).toBe(false);
    form.model.code = 'x';
    const dirty = new Event('beforeunload', { cancelable: true });
    window.dispatchEvent(dirty);
    expect(dirty.defaultPrevented).toBe(true);
    wrapper.unmount();
  });
});
