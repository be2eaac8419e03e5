import { beforeEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h, ref, type Component } from 'vue';
import { ElInput } from 'element-plus';
import KitField from '@/kit/kit-field.vue';
import KitFormDialog from '@/kit/kit-form-dialog.vue';
import { useFormDialog, type FormDialogOptions } from '@/kit/use-form-dialog';
import { useKitForm, type KitForm } from '@/kit/use-form';
import { flush, mountAt } from './kit-test-utils';

const settle = async () => {
  await flush();
  await new Promise((resolve) => setTimeout(resolve, 250));
  await flush();
};

const open = ref(false);
const submit = vi.fn();
let form!: KitForm<{ name: string }, string>;

/** A page whose dialog is declared with useFormDialog (`options` but the form) and bound as a whole. */
const page = (options: Omit<FormDialogOptions<string>, 'testid'>) =>
  defineComponent({
    setup() {
      form = useKitForm({ initial: () => ({ name: 'initial' }), submit });
      const dialog = useFormDialog(open, form, { ...options, testid: 'probe-dialog' });
      return () =>
        // What `<KitFormDialog v-bind="dialog">` does (the generic component, seen as any component here).
        h(KitFormDialog as Component, dialog.value, () =>
          h(KitField, { name: 'name', label: 'Name' }, () =>
            h(ElInput, { modelValue: form.model.name, 'onUpdate:modelValue': (v: string) => (form.model.name = v), 'data-field': 'name' }),
          ),
        );
    },
  });

const title = () => document.querySelector('[data-testid="probe-dialog"] .el-dialog__title')?.textContent?.trim();
const save = () => document.querySelector<HTMLButtonElement>('[data-testid="probe-save"]');

describe('useFormDialog: a form dialog declared in the script', () => {
  beforeEach(() => {
    document.body.innerHTML = '';
    open.value = false;
    submit.mockReset();
  });

  it('opens with the page, refills the form, saves, closes the page\'s model and hands back what was saved', async () => {
    const opened = vi.fn();
    const saved = vi.fn();
    submit.mockImplementation(async (model: { name: string }) => `saved ${model.name}`);
    const { wrapper } = await mountAt(page({ title: () => 'Probe', opened, saved }), '/page');
    expect(document.querySelector('[data-testid="probe-dialog"]')).toBeNull();
    form.model.name = 'left over';
    open.value = true;
    await flush();
    expect(title()).toBe('Probe');
    expect(opened).toHaveBeenCalledTimes(1);
    expect(form.model.name).toBe('initial');
    form.model.name = 'new';
    save()?.click();
    await settle();
    expect(saved).toHaveBeenCalledWith('saved new');
    expect(open.value).toBe(false);
    wrapper.unmount();
  });

  it('says a locale key in the current locale, and follows a getter or a ref as it changes', async () => {
    const label = ref('提交');
    const can = ref(true);
    open.value = true;
    const { wrapper } = await mountAt(
      page({ title: 'common.actions.close', saveLabel: label, canSave: can, unavailable: () => `已有人处理 ${label.value}` }),
      '/page',
    );
    expect(title()).toBe('关闭');
    expect(save()?.textContent?.trim()).toBe('提交');
    label.value = '提交审批';
    await flush();
    expect(save()?.textContent?.trim()).toBe('提交审批');
    can.value = false;
    await flush();
    expect(save()).toBeNull();
    expect(document.querySelector('[data-testid="probe-unavailable"]')?.textContent).toContain('已有人处理 提交审批');
    wrapper.unmount();
  });

  it('closes from the footer through the page\'s model without saving', async () => {
    const saved = vi.fn();
    open.value = true;
    const { wrapper } = await mountAt(page({ title: () => 'Probe', saved }), '/page');
    const cancel = [...document.querySelectorAll<HTMLButtonElement>('.el-dialog__footer button')].find((b) => b !== save());
    cancel?.click();
    await flush();
    expect(open.value).toBe(false);
    expect(submit).not.toHaveBeenCalled();
    expect(saved).not.toHaveBeenCalled();
    wrapper.unmount();
  });
});
