import { beforeEach, describe, expect, it } from 'vitest';
import { defineComponent, h, ref } from 'vue';
import KitDecisionField from '@/kit/kit-decision-field.vue';
import KitForm from '@/kit/kit-form.vue';
import KitReasonField from '@/kit/kit-reason-field.vue';
import { useKitForm, type KitForm as KitFormState } from '@/kit/use-form';
import { flush, mountAt } from './kit-test-utils';

let form!: KitFormState<{ decision: '' | 'approve' | 'reject'; remark: string }, void>;

/** A form whose note is called `remark`, with a decision field and its note. */
const Page = defineComponent({
  setup() {
    form = useKitForm({ initial: () => ({ decision: '' as '' | 'approve' | 'reject', remark: 'kept' }), submit: async () => undefined });
    return () =>
      h(KitForm, { form }, () => h(KitDecisionField, { label: '审批结果', noteLabel: '审批意见', prefix: 'probe', note: 'remark' }));
  },
});

const el = <T extends HTMLElement>(testid: string) => document.querySelector<T>(`[data-testid="${testid}"]`);
const noteInput = () => el('probe-note')?.querySelector('textarea') ?? (el('probe-note') as HTMLTextAreaElement | null);

describe('KitDecisionField and KitReasonField: fields bound to the form around them', () => {
  beforeEach(() => {
    document.body.innerHTML = '';
  });

  it('KitReasonField without a v-model is the form\'s field `name`; with one it is the page\'s', async () => {
    let reasons!: KitFormState<{ reason: string; note: string }, void>;
    const own = ref('own');
    const Reasons = defineComponent({
      setup() {
        reasons = useKitForm({ initial: () => ({ reason: 'from the form', note: '' }), submit: async () => undefined });
        return () =>
          h(KitForm, { form: reasons }, () => [
            h(KitReasonField, { name: 'reason', label: '延期理由', testid: 'by-name' }),
            h(KitReasonField, { label: '备注', testid: 'own', modelValue: own.value, 'onUpdate:modelValue': (v: string) => (own.value = v) }),
          ]);
      },
    });
    const { wrapper } = await mountAt(Reasons, '/page');
    const area = (testid: string) => el(testid)?.querySelector('textarea') ?? (el(testid) as HTMLTextAreaElement | null);
    expect(area('by-name')?.value).toBe('from the form');
    expect(area('own')?.value).toBe('own');
    area('by-name')!.value = '客户推迟招标';
    area('by-name')!.dispatchEvent(new Event('input'));
    area('own')!.value = '另记';
    area('own')!.dispatchEvent(new Event('input'));
    await flush();
    expect(reasons.model.reason).toBe('客户推迟招标');
    expect(own.value).toBe('另记');
    expect(reasons.model.note).toBe('');
    wrapper.unmount();
  });
});

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
