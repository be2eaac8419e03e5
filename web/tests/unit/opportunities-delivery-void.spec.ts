// 作废: a delivery recorded by mistake is voided with a reason (asked for, required), the list
// refreshes; a void one is shown as 已作废 and cannot be voided again; without deliveries.write
// there is nothing to click.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { nextTick } from 'vue';
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { voidDelivery, type Delivery } from '@/api/deliveries';
import { createAppI18n } from '@/locales';
import { useAuthStore } from '@/stores/auth';
import OpportunityDeliveries from '@/views/opportunities/opportunity-deliveries.vue';
import { adminMe, mockFetch, when } from './helpers';

vi.mock('@/api/deliveries', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/api/deliveries')>()),
  voidDelivery: vi.fn(),
}));

const flush = async () => {
  for (let i = 0; i < 8; i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    await nextTick();
  }
};
const $ = <T extends Element = HTMLElement>(selector: string) => document.body.querySelector<T>(selector);

const delivery = (extra: Partial<Delivery> = {}): Delivery => ({
  id: 9,
  opportunity_id: 41,
  account_id: 12,
  unit_id: 5,
  user_id: 6,
  date: '2026-03-20',
  month: '2026-03',
  quantity: 5,
  model: 'JX巡逻车',
  vehicle_type: 'police_patrol',
  over_reason: null,
  note: null,
  created_by_name: '杨帆',
  created_at: '2026-03-20T02:00:00Z',
  voided_at: null,
  void_reason: null,
  voided_by_name: null,
  ...extra,
});

async function show(deliveries: Delivery[], canDeliver = true) {
  const pinia = createPinia();
  setActivePinia(pinia);
  useAuthStore().me = { ...adminMe, permissions: ['opportunities.read', 'deliveries.write'] };
  return mount(OpportunityDeliveries, {
    attachTo: document.body,
    props: { opportunity: { id: 41, stage: 'won', won_units: 10, delivered_units: 5 }, deliveries, canDeliver },
    global: { plugins: [pinia, createAppI18n('zh-CN')], stubs: { transition: false, 'transition-group': false } },
  });
}

describe('voiding a delivery', { timeout: 30_000 }, () => {
  beforeEach(() => {
    document.body.innerHTML = '';
    vi.mocked(voidDelivery).mockReset();
    mockFetch(when('GET', '/api/v1/directories/vehicle_types', { status: 200, body: { items: [] } }));
  });

  it('asks why, refuses an empty reason, then voids and asks for a refresh', async () => {
    vi.mocked(voidDelivery).mockResolvedValue(delivery({ voided_at: '2026-03-21T02:00:00Z', void_reason: '重复登记' }));
    const wrapper = await show([delivery()]);
    await flush();
    $('[data-testid="opp-delivery-void-9"]')?.click();
    await flush();
    const box = $('.el-message-box');
    expect(box?.textContent).toContain('作废 2026-03-20 交车的 5 台');
    const confirm = () =>
      Array.from(document.body.querySelectorAll<HTMLButtonElement>('.el-message-box__btns button')).find((b) =>
        b.textContent?.includes('作废'),
      );
    confirm()?.click();
    await flush();
    expect(vi.mocked(voidDelivery)).not.toHaveBeenCalled();
    expect($('.el-message-box__errormsg')?.textContent).toContain('请填写作废原因');
    const input = $<HTMLInputElement>('.el-message-box input');
    input!.value = ' 重复登记 ';
    input!.dispatchEvent(new Event('input'));
    await flush();
    confirm()?.click();
    await flush();
    expect(vi.mocked(voidDelivery)).toHaveBeenCalledWith(9, '重复登记');
    expect(wrapper.emitted('changed')).toHaveLength(1);
  });

  it('shows a void delivery as such, with nothing more to do', async () => {
    await show([delivery({ voided_at: '2026-03-21T02:00:00Z', void_reason: '重复登记', voided_by_name: '刘洋' })]);
    await flush();
    expect($('[data-testid="opp-delivery-voided"]')?.textContent).toContain('已作废');
    expect($('[data-testid="opp-delivery-void-9"]')).toBeNull();
    expect($('.opp-del__voided')).not.toBeNull();
  });

  it('offers nothing to those who may not record deliveries', async () => {
    await show([delivery()], false);
    await flush();
    expect($('[data-testid="opp-delivery-void-9"]')).toBeNull();
  });
});
