// The approval inbox (报价审批) asks for the steps awaiting the caller and shows each quote's
// opportunity (linked), account, dealer, model, our price against the guide and the band.
import { describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { createMemoryHistory, createRouter } from 'vue-router';
import { createAppI18n } from '@/locales';
import QuoteInboxView from '@/views/quotes/quote-inbox-view.vue';
import { eventually, mockFetch, when } from './helpers';
import { quoteFixture } from './quotes-fixtures';

describe('quote approval inbox', { timeout: 30_000 }, () => {
  it('lists the quotes awaiting my step', async () => {
    const { requests } = mockFetch(
      when('GET', '/api/v1/quotes', {
        status: 200,
        body: { items: [quoteFixture(), quoteFixture({ id: 42, status: 'pending_hq', approval_level: 'hq', discount_bp: 1000, unit_price_fen: 18_000_000 })] },
      }),
    );
    const pinia = createPinia();
    setActivePinia(pinia);
    const router = createRouter({
      history: createMemoryHistory(),
      routes: [
        { path: '/', component: { template: '<div />' } },
        { path: '/opportunities/:id', component: { template: '<div />' } },
      ],
    });
    await router.push('/');
    const wrapper = mount(QuoteInboxView, { global: { plugins: [pinia, router, createAppI18n('zh-CN')] } });
    await eventually(() => expect(wrapper.find('[data-testid="quote-inbox-summary"]').exists()).toBe(true));
    const asked = new URL(requests[0]!.url, 'http://localhost');
    expect(asked.searchParams.get('status')).toBe('pending_regional,pending_hq');
    expect(asked.searchParams.get('awaiting_me')).toBe('true');
    expect(wrapper.find('[data-testid="quote-inbox-summary"]').text()).toBe('共 2 条报价等待您审批，其中总部审批 1 条');
    const table = wrapper.find('[data-testid="quote-inbox-table"]').text();
    expect(table).toContain('成都市公安局 2026 年警用巡逻车采购');
    expect(table).toContain('成都鑫达汽车销售服务有限公司');
    expect(table).toContain('警备巡逻车 JX5030 × 20');
    expect(table).toContain('¥190,000.00');
    expect(table).toContain('¥200,000.00');
    expect(table).toContain('大区审批');
    expect(table).toContain('总部审批');
    expect(wrapper.find('[data-testid="quote-inbox-discount-42"]').text()).toBe('10%');
    expect(wrapper.find('[data-testid="quote-inbox-link-41"]').attributes('href')).toBe('/opportunities/7');
    wrapper.unmount();
  });
});
