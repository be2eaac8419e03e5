// The kit's useRecord on a record page: the record read for its id, 不存在 for a 404 (never the
// failure), the failure in words with 重试 reading it again, a failed reload keeping the record
// it had, the browser tab named after it; and KitActiveTag, one text for 启用 / 已停用.
import { beforeEach, describe, expect, it } from 'vitest';
import { defineComponent, h } from 'vue';
import { mount } from '@vue/test-utils';
import { ApiError } from '@/api/client';
import KitActiveTag from '@/kit/kit-active-tag.vue';
import KitRecordPage from '@/kit/kit-record-page.vue';
import { useRecord, type RecordState } from '@/kit/use-record';
import { createAppI18n } from '@/locales';
import { flush, mountAt } from './kit-test-utils';

interface Thing {
  name: string;
}
let answers: (() => Promise<Thing>)[] = [];
let calls = 0;
let state: RecordState<Thing> | null = null;

const Page = defineComponent({
  setup() {
    const page = useRecord<Thing>(
      () => {
        calls += 1;
        const next = answers.shift();
        return next ? next() : Promise.reject(new Error('no answer'));
      },
      { key: () => 1, title: (thing) => thing.name },
    );
    state = page;
    return () =>
      h(KitRecordPage, { testid: 'rec', back: { name: 'other' }, backLabel: 'Back', title: page.record.value?.name ?? null, state: page, missingKey: 'accounts.page' }, {
        default: () => h('p', { class: 'body' }, 'body'),
      });
  },
});

describe('useRecord', () => {
  beforeEach(() => {
    document.body.innerHTML = '';
    answers = [];
    calls = 0;
    state = null;
  });

  it('shows the record and names the tab after it', async () => {
    answers = [() => Promise.resolve({ name: '成都市公安局' })];
    const { wrapper } = await mountAt(Page, '/page');
    expect(wrapper.find('[data-testid="rec-title"]').text()).toBe('成都市公安局');
    expect(document.title).toContain('成都市公安局');
    expect(calls).toBe(1);
  });

  it('says 不存在 for a 404, in the page\'s own words, and shows no failure', async () => {
    answers = [() => Promise.reject(new ApiError(404, null, 'not found'))];
    const { wrapper } = await mountAt(Page, '/page');
    expect(wrapper.find('[data-testid="rec-missing"]').text()).toContain('客户不存在');
    expect(wrapper.find('.el-alert').exists()).toBe(false);
  });

  it('reports a failure, reads again on 重试, and keeps the record when a reload fails', async () => {
    answers = [() => Promise.reject(new ApiError(500, null, '服务器出错')), () => Promise.resolve({ name: '甲' })];
    const { wrapper } = await mountAt(Page, '/page');
    expect(wrapper.find('.el-alert').text()).toContain('HTTP 500');
    await wrapper.find('.kit-record__retry').trigger('click');
    await flush();
    expect(calls).toBe(2);
    expect(wrapper.find('[data-testid="rec-title"]').text()).toBe('甲');
    answers = [() => Promise.reject(new ApiError(500, null, '又出错'))];
    await state!.reload();
    await flush();
    expect(wrapper.find('[data-testid="rec-title"]').text()).toBe('甲');
    expect(wrapper.find('.el-alert').exists()).toBe(false);
  });
});

describe('KitActiveTag', () => {
  const tag = (props: { active: boolean; inactiveOnly?: boolean }) => mount(KitActiveTag, { props, global: { plugins: [createAppI18n('zh-CN')] } });

  it('says 启用 or 已停用, and nothing for an active one when only the exception counts', () => {
    expect(tag({ active: true }).text()).toBe('启用');
    expect(tag({ active: false }).text()).toBe('已停用');
    expect(tag({ active: false, inactiveOnly: true }).text()).toBe('已停用');
    expect(tag({ active: true, inactiveOnly: true }).text()).toBe('');
  });
});
