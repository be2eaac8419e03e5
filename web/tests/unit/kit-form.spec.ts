import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
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

describe('kit form dialogs: the page\'s wording, confirmations and phones', () => {
  const submitted = vi.fn();
  let shaped!: KitForm<{ note: string }, string>;

  /** A KitFormDialog with `props`, whose form words a 409 its own way (`message`). */
  const dialog = (props: Record<string, unknown>) =>
    defineComponent({
      setup() {
        shaped = useKitForm({
          initial: () => ({ note: '' }),
          submit: submitted,
          message: (error) => (error instanceof ApiError && error.status === 409 ? '该客户已由成都鑫达汽车报备' : undefined),
        });
        return () =>
          h(KitFormDialog, { modelValue: true, form: shaped, title: 'T', testid: 'probe-dialog', ...props }, () =>
            h(KitField, { name: 'note', label: 'Note' }, () =>
              h(ElInput, { modelValue: shaped.model.note, 'onUpdate:modelValue': (v: string) => (shaped.model.note = v), 'data-field': 'note' }),
            ),
          );
      },
    });
  const alert = () => document.querySelector('[data-testid="probe-error"]')?.textContent?.trim();
  const save = () => document.querySelector<HTMLButtonElement>('[data-testid="probe-save"]');

  beforeEach(() => {
    document.body.innerHTML = '';
    submitted.mockReset();
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('words a form-level refusal the page\'s way (message), and keeps the shared wording when the page has none', async () => {
    submitted.mockRejectedValueOnce(new ApiError(409, problem(409, 'registration.protected', { detail: 'protected' }) as never));
    const { wrapper } = await mountAt(dialog({}), '/page');
    save()?.click();
    await settle();
    expect(alert()).toBe('该客户已由成都鑫达汽车报备');

    submitted.mockRejectedValueOnce(new ApiError(403, problem(403, 'forbidden', { detail: 'not yours' }) as never));
    save()?.click();
    await settle();
    expect(alert()).toBeTruthy();
    expect(alert()).not.toBe('该客户已由成都鑫达汽车报备');

    // A field error still goes beside its field, whatever the hook says.
    submitted.mockRejectedValueOnce(
      new ApiError(409, problem(409, 'validation_failed', { errors: [{ field: 'note', code: 'too_long', message: 'too long' }] }) as never),
    );
    save()?.click();
    await settle();
    expect(errorBeside('note')).toBeTruthy();
    expect(alert()).toBeUndefined();
    wrapper.unmount();
  });

  it('fills the screen when asked, and with fullscreen="phone" on a phone only', async () => {
    const fullscreen = () => document.querySelector('.el-dialog')?.classList.contains('is-fullscreen');
    let { wrapper } = await mountAt(dialog({ fullscreen: true }), '/page');
    expect(fullscreen()).toBe(true);
    wrapper.unmount();

    document.body.innerHTML = '';
    ({ wrapper } = await mountAt(dialog({ fullscreen: 'phone' }), '/page'));
    expect(fullscreen()).toBe(false); // no matchMedia match: a desktop
    wrapper.unmount();

    document.body.innerHTML = '';
    vi.stubGlobal('matchMedia', (query: string) => ({ matches: query === '(max-width: 767px)', addEventListener() {}, removeEventListener() {} }));
    ({ wrapper } = await mountAt(dialog({ fullscreen: 'phone' }), '/page'));
    expect(fullscreen()).toBe(true);
    wrapper.unmount();
  });

  it('a confirmation that can no longer be saved says why and only closes', async () => {
    const { wrapper } = await mountAt(dialog({ canSave: false, unavailable: '已有人审批' }), '/page');
    expect(document.querySelector('[data-testid="probe-unavailable"]')?.textContent).toContain('已有人审批');
    expect(save()).toBeNull();
    expect(document.querySelector('[data-field="note"]')).toBeNull();
    expect(document.querySelector('.el-dialog__footer')?.textContent?.trim()).toBe('关闭');
    wrapper.unmount();
  });

  it('words the save button as asked (save-label)', async () => {
    const { wrapper } = await mountAt(dialog({ saveLabel: '提交审批' }), '/page');
    expect(save()?.textContent?.trim()).toBe('提交审批');
    wrapper.unmount();
  });
});
