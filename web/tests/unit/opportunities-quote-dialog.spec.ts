// 新建报价: before submitting, the dialog shows the guide price, the discount the price gives and
// who must approve it, by the chosen model's band for the opportunity's procurement method.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { nextTick } from 'vue';
import { mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { ElInputNumber, ElSelect } from 'element-plus';
import { listVehicleModels, type VehicleModel } from '@/api/catalogue';
import { createQuote } from '@/api/opportunities';
import { createAppI18n } from '@/locales';
import { useAuthStore } from '@/stores/auth';
import OpportunityQuoteDialog from '@/views/opportunities/opportunity-quote-dialog.vue';
import { adminMe, mockFetch } from './helpers';
import { opportunityFixture } from './opportunities-fixtures';

vi.mock('@/api/catalogue', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/api/catalogue')>()),
  listVehicleModels: vi.fn(),
}));
vi.mock('@/api/opportunities', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/api/opportunities')>()),
  createQuote: vi.fn(),
}));

const flush = async () => {
  for (let i = 0; i < 5; i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    await nextTick();
  }
};

const $ = <T extends Element = HTMLElement>(selector: string) => document.body.querySelector<T>(selector);
const text = (selector: string) => $(selector)?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

function model(id: number, name: string, guide: number, bands: VehicleModel['bands'] = []): VehicleModel {
  return { id, code: `m${id}`, name, vehicle_type: 'police_patrol', kind: 'base', upfitter: null, guide_price_fen: guide, active: true, bands, version: 1 };
}

// JX巡逻车: guide ¥200,000, tender band 5 % / 10 %; JX指挥车: guide ¥300,000, no band (3 % / 8 %).
const patrol = model(4, 'JX巡逻车', 20_000_000, [{ procurement_method: 'tender', max_discount_bp: 500, hq_discount_bp: 1000 }]);
const command = model(5, 'JX指挥车', 30_000_000);

describe('quote dialog', { timeout: 30_000 }, () => {
  let wrapper: VueWrapper;

  beforeEach(() => {
    document.body.innerHTML = '';
    vi.mocked(listVehicleModels).mockReset().mockResolvedValue({ items: [patrol, command] });
    vi.mocked(createQuote).mockReset();
    mockFetch();
  });

  async function open(): Promise<VueWrapper> {
    const pinia = createPinia();
    setActivePinia(pinia);
    useAuthStore().me = { ...adminMe, permissions: ['opportunities.read', 'opportunities.write'] };
    wrapper = mount(OpportunityQuoteDialog, {
      attachTo: document.body,
      props: { modelValue: false, opportunity: opportunityFixture() },
      global: { plugins: [pinia, createAppI18n('zh-CN')], stubs: { transition: false, 'transition-group': false } },
    });
    await wrapper.setProps({ modelValue: true });
    await flush();
    return wrapper;
  }

  async function setPrice(yuan: number): Promise<void> {
    wrapper.findAllComponents(ElInputNumber).find((c) => c.attributes('data-testid') === 'opp-quote-price')?.vm.$emit('update:modelValue', yuan);
    await flush();
  }

  const level = () => $('[data-testid="opp-quote-approval"]')?.getAttribute('data-level');

  it('starts from the opportunity’s catalogue line and says the price is within the band', async () => {
    await open();
    expect(text('[data-testid="opp-quote-guide"]')).toBe('200,000 元');
    expect(text('[data-testid="opp-quote-discount"]')).toBe('2.5%');
    expect(text('[data-testid="opp-quote-band"]')).toBe('招标采购：5% 内无需审批，超过 10% 需总部审批');
    expect(level()).toBe('none');
    expect(text('[data-testid="opp-quote-approval"]')).toBe('在价格带内，无需审批');
  });

  it('says before submitting that a price below the band needs the regional director, and far below HQ too', async () => {
    await open();
    await setPrice(185_000);
    expect(text('[data-testid="opp-quote-discount"]')).toBe('7.5%');
    expect(level()).toBe('regional');
    expect(text('[data-testid="opp-quote-approval"]')).toBe('需大区总监审批');
    await setPrice(170_000);
    expect(level()).toBe('hq');
    expect(text('[data-testid="opp-quote-approval"]')).toBe('需大区总监和总部审批');
    await setPrice(210_000);
    expect(text('[data-testid="opp-quote-discount"]')).toBe('高于指导价 5%');
    expect(level()).toBe('regional');
    expect(createQuote).not.toHaveBeenCalled();
  });

  it('uses HQ’s default band for a model without one, starting from its guide price', async () => {
    await open();
    wrapper.findAllComponents(ElSelect).find((c) => c.attributes('data-testid') === 'opp-quote-model')?.vm.$emit('update:modelValue', 5);
    wrapper.findAllComponents(ElSelect).find((c) => c.attributes('data-testid') === 'opp-quote-model')?.vm.$emit('change', 5);
    await flush();
    expect(text('[data-testid="opp-quote-guide"]')).toBe('300,000 元');
    expect(text('[data-testid="opp-quote-band"]')).toContain('3% 内无需审批，超过 8% 需总部审批');
    expect(text('[data-testid="opp-quote-band"]')).toContain('（总部未设置，按默认）');
    expect(level()).toBe('none');
  });

  it('submits the model, quantity and price in 分', async () => {
    vi.mocked(createQuote).mockResolvedValue({ id: 1, status: 'pending_regional' } as never);
    await open();
    await setPrice(185_000.5);
    $('[data-testid="opp-quote-save"]')?.click();
    await flush();
    expect(createQuote).toHaveBeenCalledWith(41, { model_id: 4, quantity: 20, unit_price_fen: 18_500_050 });
    expect(document.body.textContent).toContain('报价已提交，等待审批');
  });
});
