// The approval inbox (报价审批) asks for the steps awaiting the caller and shows each quote's
// opportunity (linked), account, dealer, model, our price against the guide and the band, how
// long it has waited and its tender's next bid deadline — both as the server sends them with each
// quote, in one request.
import { describe, expect, it } from 'vitest';
import { formatDateTime } from '@/kit';
import QuoteInboxView from '@/views/quotes/quote-inbox-view.vue';
import { eventually, mockFetch, when } from './helpers';
import { mountWithApp, stub } from './mount-with-app';
import { quoteFixture } from './quotes-fixtures';

describe('quote approval inbox', { timeout: 30_000 }, () => {
  it('lists the quotes awaiting my step', async () => {
    const { requests } = mockFetch(
      when('GET', '/api/v1/quotes', {
        status: 200,
        body: {
          items: [
            quoteFixture({
              created_at: new Date(Date.now() - 5 * 3600_000).toISOString(),
              waiting_since: new Date(Date.now() - 5 * 3600_000).toISOString(),
              bid_deadline: new Date(Date.now() + 30 * 3600_000).toISOString(),
            }),
            quoteFixture({
              id: 42,
              opportunity_id: 8,
              status: 'pending_hq',
              approval_level: 'hq',
              discount_bp: 1000,
              unit_price_fen: 18_000_000,
              created_at: new Date(Date.now() - 9 * 86400_000).toISOString(),
              waiting_since: new Date(Date.now() - 3 * 86400_000).toISOString(),
              bid_deadline: null,
              approvals: [
                { level: 'regional', decision: 'approve', note: null, by_user_id: 3, by_user_name: '王大区', at: new Date(Date.now() - 3 * 86400_000).toISOString() },
              ],
            }),
          ],
        },
      }),
    );
    const { wrapper } = await mountWithApp(QuoteInboxView, {
      routes: [
        { path: '/', component: stub },
        { path: '/opportunities/:id', component: stub },
      ],
    });
    await eventually(() => expect(wrapper.find('[data-testid="quote-inbox-summary"]').exists()).toBe(true));
    const asked = new URL(requests.find((r) => r.url.includes('/quotes'))!.url, 'http://localhost');
    expect(asked.searchParams.get('status')).toBe('pending_regional,pending_hq');
    expect(asked.searchParams.get('awaiting_me')).toBe('true');
    expect(wrapper.find('[data-testid="quote-inbox-summary"]').text()).toBe('共 2 条报价等待您审批，其中总部审批 1 条');
    const table = wrapper.find('[data-testid="quote-inbox-table"]').text();
    expect(table).toContain('成都市公安局 2026 年警用巡逻车采购');
    expect(table).toContain('成都鑫达汽车销售服务有限公司');
    expect(table).toContain('警备巡逻车 JX5030 × 20');
    expect(table).toContain('190,000 元');
    expect(table).toContain('200,000 元');
    expect(table).toContain('大区审批');
    expect(table).toContain('总部审批');
    expect(wrapper.find('[data-testid="quote-inbox-discount-42"]').text()).toBe('10%');
    expect(wrapper.find('[data-testid="quote-inbox-link-41"]').attributes('href')).toBe('/opportunities/7');
    // waited: since the server's waiting_since (for HQ's step the regional approval, not the creation)
    expect(wrapper.find('[data-testid="quote-inbox-waited-41"]').text()).toBe('5 小时');
    expect(wrapper.find('[data-testid="quote-inbox-waited-42"]').text()).toBe('3 天');
    // the bid deadline the server sent; none when it sent none
    const deadline = wrapper.find('[data-testid="quote-inbox-deadline-41"]').text();
    expect(deadline).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    expect(deadline).toBe(formatDateTime(new Date(Date.now() + 30 * 3600_000).toISOString()));
    expect(wrapper.find('[data-testid="quote-inbox-deadline-42"]').exists()).toBe(false);
    expect(table).toContain('无待投标');
    // one request: no tender list is fetched beside the quotes
    expect(requests.filter((r) => !r.url.includes('/quotes'))).toEqual([]);
    wrapper.unmount();
  });
});
