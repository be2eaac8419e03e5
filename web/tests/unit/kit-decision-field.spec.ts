import { beforeEach, describe, expect, it } from 'vitest';
import { defineComponent, h } from 'vue';
import KitDecisionField from '@/kit/kit-decision-field.vue';
import KitForm from '@/kit/kit-form.vue';
import { useKitForm, type KitForm as KitFormState } from '@/kit/use-form';
import { flush, mountAt } from './kit-test-utils';

let form!: KitFormState<{ decision: '' | 'approve' | 'reject'; remark: string }, void>;

/** A form whose note is called `remark`, with a decision field and its note. */
const Page = defineComponent({
  setup() {
    form = useKitForm({ initial: () => ({ decision: '' as const, remark: 'kept' }), submit: async () => undefined });
    return () =>
      h(KitForm, { form }, () => h(KitDecisionField, { label: '审批结果', noteLabel: '审批意见', prefix: 'probe', note: 'remark' }));
  },
});

const el = <T extends HTMLElement>(testid: string) => document.querySelector<T>(`[data-testid="${testid}"]`);
const noteInput = () => el('probe-note')?.querySelector('textarea') ?? (el('probe-note') as HTMLTextAreaElement | null);

describe('KitDecisionField: the decision and its note, bound to the form around it', () => {
  beforeEach(() => {
    document.body.innerHTML = '';
  });

  it('writes the chosen decision and the typed note into the form\'s model, and shows what the model holds', async () => {
    const { wrapper } = await mountAt(Page, '/page');
    expect(noteInput()?.value).toBe('kept');
    el('probe-reject')?.querySelector('input')?.click();
    await flush();
    expect(form.model.decision).toBe('reject');
    const input = noteInput()!;
    input.value = '价格低于区域底价';
    input.dispatchEvent(new Event('input'));
    await flush();
    expect(form.model.remark).toBe('价格低于区域底价');
    form.model.decision = 'approve';
    await flush();
    expect(el('probe-approve')?.classList.contains('is-active')).toBe(true);
    wrapper.unmount();
  });
});
