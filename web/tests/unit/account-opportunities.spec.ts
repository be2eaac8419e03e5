// The account page's 商机 tab: the account's opportunities (asked for by account_id), the stage
// on both processes and money in 元, more on demand, and 新建商机 only for those who may sell.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { listOpportunities } from '@/api/opportunities';
import type { Account } from '@/api/types';
import AccountOpportunities from '@/views/accounts/account-opportunities.vue';
import { accountFixture, mockFetch } from './helpers';
import { flush, mountWithApp, stub } from './mount-with-app';
import { opportunityFixture } from './opportunities-fixtures';

vi.mock('@/api/opportunities', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/api/opportunities')>()),
  listOpportunities: vi.fn(),
}));


async function show(permissions: string[]) {
  const account = accountFixture({ id: 42 }) as unknown as Account;
  return mountWithApp(AccountOpportunities, {
    props: { account },
    permissions,
    routes: [
      { path: '/', component: stub },
      { path: '/opportunities/new', name: 'opportunity-new', component: stub },
      { path: '/opportunities/:id', name: 'opportunity', component: stub },
    ],
  });
}

describe('account opportunities tab', { timeout: 30_000 }, () => {
  beforeEach(() => {
    mockFetch();
    vi.mocked(listOpportunities).mockReset();
  });

  it('lists the account’s opportunities with both stages and loads more on demand', async () => {
    vi.mocked(listOpportunities)
      .mockResolvedValueOnce({
        items: [opportunityFixture({ id: 7, title: '巡逻车更新', stage: 'bid', procurement_stage: 'tender', amount_fen: 39_000_000 })],
        next_cursor: 'c1',
      })
      .mockResolvedValueOnce({ items: [opportunityFixture({ id: 5, title: '指挥车' })], next_cursor: null });
    const { wrapper } = await show(['opportunities.read']);
    expect(vi.mocked(listOpportunities).mock.calls[0]?.[0]).toMatchObject({ account_id: 42, cursor: undefined });
    const text = wrapper.text();
    expect(text).toContain('巡逻车更新');
    expect(text).toContain('跟进投标');
    expect(text).toContain('实施招标');
    expect(text).toContain('390,000 元');
    expect(wrapper.find('[data-testid="account-new-opportunity"]').exists()).toBe(false);
    const more = wrapper.findAll('button').find((b) => b.text() === '加载更多');
    expect(more).toBeDefined();
    await more!.trigger('click');
    await flush();
    expect(vi.mocked(listOpportunities).mock.calls[1]?.[0]).toMatchObject({ account_id: 42, cursor: 'c1' });
    expect(wrapper.text()).toContain('指挥车');
    expect(wrapper.text()).toContain('巡逻车更新');
    expect(wrapper.findAll('button').some((b) => b.text() === '加载更多')).toBe(false);
  });

  it('offers 新建商机 for this account to those who may sell', async () => {
    vi.mocked(listOpportunities).mockResolvedValue({ items: [], next_cursor: null });
    const { wrapper } = await show(['opportunities.read', 'opportunities.write']);
    const link = wrapper.find('[data-testid="account-new-opportunity"]');
    expect(link.exists()).toBe(true);
    expect(link.attributes('href')).toBe('/opportunities/new?account_id=42');
    expect(wrapper.text()).toContain('暂无商机');
  });
});
