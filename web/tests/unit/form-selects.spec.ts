import { describe, expect, it } from 'vitest';
import { defineComponent, h, ref } from 'vue';
import { ElSelect } from 'element-plus';
import FormChoiceSelect from '@/components/form-choice-select.vue';
import FormDirectorySelect from '@/components/form-directory-select.vue';
import FormHintSelect from '@/components/form-hint-select.vue';
import { useDirectoryStore } from '@/stores/directories';
import { flush, mountAt } from './kit-test-utils';

const options = () => [...document.querySelectorAll('.el-select-dropdown__item')];

describe('FormHintSelect', () => {
  it('shows each name with its hint beside it, disables what is disabled, and picks a value', async () => {
    const picked = ref<number | null>(null);
    const Page = defineComponent({
      setup: () => () =>
        h(FormHintSelect<number | null>, {
          modelValue: picked.value,
          'onUpdate:modelValue': (value: number | null) => (picked.value = value),
          options: [
            { value: 1, label: '张三', hint: '销售经理' },
            { value: 2, label: '李四', hint: '已占用', disabled: true },
            { value: 3, label: '王五' },
          ],
          'data-testid': 'pick',
        }),
    });
    const { wrapper } = await mountAt(Page, '/page');
    const items = options();
    expect(items.map((item) => item.textContent?.trim())).toEqual(['张三销售经理', '李四已占用', '王五']);
    expect(items[0]?.querySelector('.option-hint')?.textContent).toBe('销售经理');
    expect(items[2]?.querySelector('.option-hint')).toBeNull();
    expect(items[1]?.classList.contains('is-disabled')).toBe(true);
    (items[0] as HTMLElement).click();
    await flush();
    expect(picked.value).toBe(1);
    wrapper.unmount();
  });
});

describe('FormDirectorySelect', () => {
  const entry = (code: string, active: boolean) => ({ code, name_zh: code.toUpperCase(), name_en: code, active, version: 1 });

  async function mountWith(props: Record<string, unknown>) {
    const chosen = ref('retired');
    const Page = defineComponent({
      setup() {
        useDirectoryStore().entries.industries = [entry('police', true), entry('retired', false), entry('court', true)];
        return () =>
          h(FormDirectorySelect, {
            directory: 'industries',
            modelValue: chosen.value,
            'onUpdate:modelValue': (value: string) => (chosen.value = value),
            ...props,
          });
      },
    });
    const mounted = await mountAt(Page, '/page');
    return { ...mounted, chosen };
  }

  it('offers the active entries in a form, and every entry as a filter', async () => {
    const form = await mountWith({});
    expect(options().map((item) => item.textContent?.trim())).toEqual(['POLICE', 'COURT']);
    form.wrapper.unmount();
    document.body.innerHTML = '';
    const kept = await mountWith({ keep: 'retired' });
    expect(options().map((item) => item.textContent?.trim())).toEqual(['POLICE', 'RETIRED', 'COURT']);
    kept.wrapper.unmount();
    document.body.innerHTML = '';
    const asFilter = await mountWith({ all: true, clearable: true });
    expect(options().map((item) => item.textContent?.trim())).toEqual(['POLICE', 'RETIRED', 'COURT']);
    // Cleared, el-select gives undefined: the filter holds '' (no code), as filter.code() expects.
    asFilter.wrapper.findComponent(ElSelect).vm.$emit('update:modelValue', undefined);
    await flush();
    expect(asFilter.chosen.value).toBe('');
    asFilter.wrapper.unmount();
  });
});

describe('FormChoiceSelect', () => {
  it('labels each value from its locale group, and as a cleared filter holds ""', async () => {
    const grade = ref<'key' | 'secondary' | ''>('key');
    const Page = defineComponent({
      setup: () => () =>
        h(FormChoiceSelect<'key' | 'secondary' | ''>, {
          modelValue: grade.value,
          'onUpdate:modelValue': (value: 'key' | 'secondary' | '') => (grade.value = value),
          values: ['key', 'secondary'],
          labels: 'accounts.grades',
          clearable: true,
        }),
    });
    const { wrapper } = await mountAt(Page, '/page');
    expect(options().map((item) => item.textContent?.trim())).toEqual(['重点', '次重点']);
    wrapper.findComponent(ElSelect).vm.$emit('update:modelValue', undefined);
    await flush();
    expect(grade.value).toBe('');
    wrapper.unmount();
  });
});
