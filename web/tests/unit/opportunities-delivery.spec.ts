// 登记交车: within the units won a delivery is recorded as is; beyond them the reason is asked
// (over_reason) before submitting, and again when the server finds them exceeding (409
// delivery.exceeds_won).
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { nextTick } from 'vue';
import { mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { ElInputNumber } from 'element-plus';
import { ApiError } from '@/api/client';
import { createDelivery } from '@/api/opportunities';
import { createAppI18n } from '@/locales';
import { useAuthStore } from '@/stores/auth';
import OpportunityDeliveryDialog from '@/views/opportunities/opportunity-delivery-dialog.vue';
import { shanghaiDate } from '@/views/registrations/registration-format';
import { adminMe, mockFetch, problem, when } from './helpers';
import { opportunityFixture } from './opportunities-fixtures';

vi.mock('@/api/opportunities', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/api/opportunities')>()),
  createDelivery: vi.fn(),
}));

const flush = async () => {
  for (let i = 0; i < 5; i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    await nextTick();
  }
};
const settle = async () => {
  await flush();
  await new Promise((resolve) => setTimeout(resolve, 250));
  await flush();
};

const $ = <T extends Element = HTMLElement>(selector: string) => document.body.querySelector<T>(selector);
const text = (selector: string) => $(selector)?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

function errorBeside(selector: string): string | undefined {
  return $(selector)?.closest('.el-form-item')?.querySelector('.el-form-item__error')?.textContent?.trim();
}

const delivery = (extra: Record<string, unknown> = {}) => ({
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
  ...extra,
});

describe('delivery dialog', { timeout: 30_000 }, () => {
  let wrapper: VueWrapper;

  beforeEach(() => {
    document.body.innerHTML = '';
    vi.mocked(createDelivery).mockReset();
    mockFetch(
      when('GET', '/api/v1/directories/vehicle_types', {
        status: 200,
        body: { items: [{ code: 'police_patrol', name_zh: '警备车', name_en: 'Police patrol', active: true, version: 1 }] },
      }),
    );
  });

  /** Won 20, 15 delivered already. */
  async function open(delivered = 15): Promise<VueWrapper> {
    const pinia = createPinia();
    setActivePinia(pinia);
    useAuthStore().me = { ...adminMe, permissions: ['opportunities.read', 'deliveries.write'] };
    const opportunity = opportunityFixture({ stage: 'won', procurement_stage: 'commitment', won_units: 20, delivered_units: delivered });
    wrapper = mount(OpportunityDeliveryDialog, {
      attachTo: document.body,
      props: { modelValue: false, opportunity },
      global: { plugins: [pinia, createAppI18n('zh-CN')], stubs: { transition: false, 'transition-group': false } },
    });
    await wrapper.setProps({ modelValue: true });
    await flush();
    return wrapper;
  }

  async function setQuantity(n: number): Promise<void> {
    const input = wrapper.findAllComponents(ElInputNumber).find((c) => c.attributes('data-testid') === 'opp-delivery-quantity');
    input?.vm.$emit('update:modelValue', n);
    await flush();
  }

  const save = async () => {
    $('[data-testid="opp-delivery-save"]')?.click();
    await settle();
  };

  it('records what is left of the units won without asking why, the vehicle taken from the line', async () => {
    vi.mocked(createDelivery).mockResolvedValue(delivery() as never);
    await open();
    expect($('[data-testid="opp-delivery-over"]')).toBeNull();
    expect($('[data-testid="opp-delivery-over-reason"]')).toBeNull();
    await save();
    expect(createDelivery).toHaveBeenCalledWith(41, {
      date: shanghaiDate(new Date()),
      quantity: 5,
      model: 'JX巡逻车',
      vehicle_type: 'police_patrol',
      model_id: 4,
    });
    expect(wrapper.emitted('saved')).toHaveLength(1);
  });

  it('asks for the reason before submitting when the deliveries would exceed the units won', async () => {
    vi.mocked(createDelivery).mockResolvedValue(delivery({ quantity: 7, over_reason: '客户追加 2 台' }) as never);
    await open();
    await setQuantity(7);
    expect(text('[data-testid="opp-delivery-over"]')).toBe('登记后共交车 22 台，超过赢单的 20 台。');
    await save();
    expect(createDelivery).not.toHaveBeenCalled();
    expect(errorBeside('[data-testid="opp-delivery-over-reason"]')).toBe('交车数量将超过赢单数量，请说明原因');

    const reason = $<HTMLTextAreaElement>('textarea[data-testid="opp-delivery-over-reason"]')!;
    reason.value = '客户追加 2 台';
    reason.dispatchEvent(new Event('input'));
    await save();
    expect(createDelivery).toHaveBeenCalledWith(41, expect.objectContaining({ quantity: 7, over_reason: '客户追加 2 台' }));
  });

  it('asks for the reason when the server finds the deliveries exceeding (409 delivery.exceeds_won)', async () => {
    vi.mocked(createDelivery).mockRejectedValueOnce(new ApiError(409, problem(409, 'delivery.exceeds_won') as never));
    await open();
    await save();
    expect(createDelivery).toHaveBeenCalledTimes(1);
    expect(vi.mocked(createDelivery).mock.calls[0]?.[1]).not.toHaveProperty('over_reason');
    expect($('textarea[data-testid="opp-delivery-over-reason"]')).not.toBeNull();
    expect(errorBeside('[data-testid="opp-delivery-over-reason"]')).toBe('交车数量将超过赢单数量，请说明原因');
    expect(wrapper.emitted('update:modelValue')).toBeUndefined();

    vi.mocked(createDelivery).mockResolvedValue(delivery() as never);
    const reason = $<HTMLTextAreaElement>('textarea[data-testid="opp-delivery-over-reason"]')!;
    reason.value = '同事同时登记了交车';
    reason.dispatchEvent(new Event('input'));
    await save();
    expect(createDelivery).toHaveBeenLastCalledWith(41, expect.objectContaining({ over_reason: '同事同时登记了交车' }));
  });
});
