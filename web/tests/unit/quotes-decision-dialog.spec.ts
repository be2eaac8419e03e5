// The quote decision dialog (报价审批): what the approver sees, a note required to reject, the
// version sent back, and refusals (403, 409 quote.not_pending) said in the errors locale.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { VueWrapper } from '@vue/test-utils';
import { ApiError } from '@/api/client';
import { decideQuote, type Quote } from '@/api/quotes';
import QuoteDecisionDialog from '@/views/quotes/quote-decision-dialog.vue';
import { problem } from './helpers';
import { flush, mountWithApp, stub } from './mount-with-app';
import { quoteFixture } from './quotes-fixtures';

vi.mock('@/api/quotes', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/api/quotes')>()),
  decideQuote: vi.fn(),
}));

const settle = async () => {
  await flush();
  await new Promise((resolve) => setTimeout(resolve, 250));
  await flush();
};

const $ = <T extends Element = HTMLElement>(selector: string) => document.body.querySelector<T>(selector);
const text = (selector: string) => $(selector)?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

describe('quote decision dialog', { timeout: 30_000 }, () => {
  beforeEach(() => {
    document.body.innerHTML = '';
    vi.mocked(decideQuote).mockReset();
  });

  async function open(quote: Quote, locale: 'zh-CN' | 'en' = 'zh-CN'): Promise<VueWrapper> {
    const { wrapper } = await mountWithApp(QuoteDecisionDialog, {
      props: { modelValue: false, quote },
      locale,
      routes: [
        { path: '/', component: stub },
        { path: '/opportunities/:id', component: stub },
      ],
      attach: true,
      transitions: true,
    });
    await wrapper.setProps({ modelValue: true });
    await flush();
    return wrapper;
  }

  const click = async (selector: string) => {
    const element = $(selector);
    if (!element) throw new Error(`nothing at ${selector}`);
    element.click();
    await flush();
  };
  const choose = async (testId: string) => {
    const input = $<HTMLInputElement>(`[data-testid="${testId}"] input`);
    if (!input) throw new Error(`no radio ${testId}`);
    input.checked = true;
    input.dispatchEvent(new Event('change'));
    await flush();
  };
  const typeNote = async (value: string) => {
    const note = $<HTMLTextAreaElement>('textarea[data-testid="quote-decision-note"]')!;
    note.value = value;
    note.dispatchEvent(new Event('input'));
    await flush();
  };
  const save = async () => {
    await click('[data-testid="quote-decision-save"]');
    await settle();
  };

  it('shows the opportunity (linked), account, dealer, our price against the guide, the discount and the band', async () => {
    const wrapper = await open(quoteFixture());
    const summary = text('[data-testid="quote-summary"]');
    expect(summary).toContain('成都市公安局 2026 年警用巡逻车采购');
    expect(summary).toContain('成都鑫达汽车销售服务有限公司');
    expect(summary).toContain('警备巡逻车 JX5030 × 20');
    expect(text('[data-testid="quote-summary-price"]')).toBe('190,000 元');
    expect(summary).toContain('200,000 元');
    expect(summary).toContain('3,800,000 元');
    expect(text('[data-testid="quote-summary-discount"]')).toBe('5%');
    expect(summary).toContain('最大折扣 3%，超过 8% 需总部审批');
    expect($('[data-testid="quote-summary-opportunity"]')?.getAttribute('href')).toBe('/opportunities/7');
    expect(document.body.textContent).toContain('报价审批（大区）');
    wrapper.unmount();
  });

  it('needs a decision, and a note to reject; then sends the note and the version', async () => {
    const wrapper = await open(quoteFixture());
    await save();
    expect(decideQuote).not.toHaveBeenCalled();
    expect(document.body.textContent).toContain('请选择批准或驳回');

    await choose('quote-decision-reject');
    await save();
    expect(decideQuote).not.toHaveBeenCalled();
    expect(document.body.textContent).toContain('驳回时须填写审批意见');

    await typeNote('   ');
    await save();
    expect(decideQuote).not.toHaveBeenCalled();

    vi.mocked(decideQuote).mockResolvedValue(quoteFixture({ status: 'rejected', version: 3 }));
    await typeNote('  价格低于竞品过多  ');
    await save();
    expect(decideQuote).toHaveBeenCalledWith(41, { decision: 'reject', note: '价格低于竞品过多', version: 2 });
    expect(wrapper.emitted('decided')?.[0]?.[0]).toMatchObject({ id: 41, status: 'rejected' });
    expect(wrapper.emitted('update:modelValue')?.at(-1)).toEqual([false]);
    wrapper.unmount();
  });

  it('approves without a note, sending the version read', async () => {
    vi.mocked(decideQuote).mockResolvedValue(quoteFixture({ status: 'approved', version: 6 }));
    const wrapper = await open(quoteFixture({ status: 'pending_hq', approval_level: 'hq', version: 5 }));
    expect(document.body.textContent).toContain('报价审批（总部）');
    await choose('quote-decision-approve');
    await save();
    expect(decideQuote).toHaveBeenCalledWith(41, { decision: 'approve', version: 5 });
    expect(wrapper.emitted('decided')).toHaveLength(1);
    wrapper.unmount();
  });

  it('says that someone decided first (409 quote.not_pending), asks the inbox to reload and offers nothing more', async () => {
    vi.mocked(decideQuote).mockRejectedValue(new ApiError(409, problem(409, 'quote.not_pending') as never));
    const wrapper = await open(quoteFixture());
    await choose('quote-decision-approve');
    await save();
    expect(text('[data-testid="quote-decision-error"]')).toBe('该报价已不在待审批状态');
    expect(wrapper.emitted('stale')).toHaveLength(1);
    expect(wrapper.emitted('decided')).toBeUndefined();
    expect($('[data-testid="quote-decision-save"]')).toBeNull();
    wrapper.unmount();
  });

  it('says a regional director may not decide the HQ step (403), in English too', async () => {
    vi.mocked(decideQuote).mockRejectedValue(new ApiError(403, problem(403, 'forbidden') as never));
    const wrapper = await open(quoteFixture({ status: 'pending_hq', approval_level: 'hq' }), 'en');
    await choose('quote-decision-approve');
    await save();
    expect(text('[data-testid="quote-decision-error"]')).toBe('You are not allowed to do this');
    expect(wrapper.emitted('update:modelValue')).toBeUndefined();
    expect($('[data-testid="quote-decision-save"]')).not.toBeNull();
    wrapper.unmount();
  });
});
