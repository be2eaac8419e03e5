import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import DivisionCascader from '@/components/division-cascader.vue';
import { createAppI18n } from '@/locales';
import { useDivisionStore } from '@/stores/divisions';
import { mockFetch, when, type RecordedRequest } from './helpers';

afterEach(() => {
  vi.useRealTimers();
});

const d = (code: string, name: string, level: string, parent_code: string | null) => ({ code, name, level, parent_code });
const CHILDREN: Record<string, ReturnType<typeof d>[]> = {
  '': [d('110000', '北京市', 'province', null), d('510000', '四川省', 'province', null)],
  '110000': [d('110101', '东城区', 'county', '110000')],
  '510000': [d('510100', '成都市', 'city', '510000')],
  '510100': [d('510104', '锦江区', 'county', '510100')],
};

function divisionsApi() {
  return mockFetch(
    when('GET', '/api/v1/divisions', (request: RecordedRequest) => {
      const params = new URL(request.url, 'http://x').searchParams;
      const parent = params.get('parent_code') ?? '';
      return { status: 200, body: { items: CHILDREN[parent] ?? [] } };
    }),
  );
}

describe('division store', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('finds the path of a county under a city, and names it', async () => {
    divisionsApi();
    const store = useDivisionStore();
    expect(await store.pathOf('510104')).toEqual(['510000', '510100', '510104']);
    expect(store.label('510104')).toBe('四川省 / 成都市 / 锦江区');
  });

  it('a municipality has counties right under the province', async () => {
    divisionsApi();
    const store = useDivisionStore();
    expect(await store.pathOf('110101')).toEqual(['110000', '110101']);
    expect(store.label('110101')).toBe('北京市 / 东城区');
    expect(await store.pathOf('510000')).toEqual(['510000']);
    expect(store.label('510000')).toBe('四川省');
  });

  it('asks for each level once, however many accounts need it', async () => {
    const { requests } = divisionsApi();
    const store = useDivisionStore();
    await store.ensure(['510104', '510100', '510104', '510000']);
    await store.ensure(['510100']);
    expect(requests.map((r) => r.url).sort()).toEqual([
      '/api/v1/divisions?level=province',
      '/api/v1/divisions?parent_code=510000',
      '/api/v1/divisions?parent_code=510100',
    ]);
    expect(store.label('510100')).toBe('四川省 / 成都市');
  });

  it('shows an unknown code as it is', () => {
    mockFetch();
    expect(useDivisionStore().label('999999')).toBe('999999');
    expect(useDivisionStore().label(null)).toBe('');
  });
});

describe('division cascader', () => {
  beforeEach(() => {
    document.body.innerHTML = '';
    setActivePinia(createPinia());
  });

  // The stale-empty-answer race of el-cascader shows only in a real browser: the e2e test's
  // account edit covers it. Here: a preset code is shown with its path and left alone.
  it('shows a code set from outside with its whole path, and does not change it', async () => {
    // Answers take a while, as on a network: 30 ms of a fake clock, so that the test can let
    // every answer arrive and then know that nothing more is coming.
    vi.useFakeTimers();
    const { fetchMock } = divisionsApi();
    vi.stubGlobal('fetch', (...args: Parameters<typeof fetch>) =>
      new Promise((resolve) => setTimeout(resolve, 30)).then(() => fetchMock(...args)),
    );
    const pinia = createPinia();
    const wrapper = mount(DivisionCascader, {
      attachTo: document.body,
      props: { modelValue: '510104', 'onUpdate:modelValue': (value: string | null) => wrapper.setProps({ modelValue: value }) },
      global: { plugins: [pinia, createAppI18n('zh-CN')] },
    });
    await vi.advanceTimersByTimeAsync(1000); // every level's answer (30 ms each) has arrived
    expect(wrapper.find('input').element.value).toBe('四川省 / 成都市 / 锦江区');
    expect(wrapper.emitted('update:modelValue')).toBeUndefined();
    expect(wrapper.props('modelValue')).toBe('510104');
    wrapper.unmount();
  });
});
