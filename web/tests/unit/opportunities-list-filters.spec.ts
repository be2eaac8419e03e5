// The opportunity list's filters live in the address (issue 11): a link from the home page
// (?attention=overdue, ?undelivered=true) or a dealer manager's owner filter (?owner_user_id=)
// lands on the filtered list, the server is asked with them, and clearing puts the address back.
// The tender calendar reads its day and deadline window from the address the same way.
import { describe, expect, it } from 'vitest';
import OpportunityListView from '@/views/opportunities/opportunity-list-view.vue';
import { tenderQuery } from '@/views/tenders/tender-format';
import { adminMe, adminUser, eventually, hqUnit, mockFetch, when } from './helpers';
import { mountWithApp, stub } from './mount-with-app';
import { opportunityFixture } from './opportunities-fixtures';

const dealer = { ...hqUnit, id: 30, kind: 'dealer', name: '成都鑫达汽车销售服务有限公司', path: '/1/2/3/30/' };

describe('opportunity list filters in the address', { timeout: 30_000 }, () => {
  it('asks for what a home-page link and the owner filter name, marks it, and clears it', async () => {
    const { requests } = mockFetch(
      when('GET', '/api/v1/opportunities', { status: 200, body: { items: [opportunityFixture()], next_cursor: null } }),
      when('GET', '/api/v1/tenders', { status: 200, body: { items: [] } }),
      when('GET', '/api/v1/users', { status: 200, body: { items: [{ ...adminUser, id: 5, display_name: '杨帆' }], next_cursor: null } }),
    );
    const { wrapper, router } = await mountWithApp(OpportunityListView, {
      me: { ...adminMe, org_unit: dealer, permissions: ['opportunities.read', 'opportunities.write', 'users.read'] } as never,
      routes: [
        { path: '/opportunities', name: 'opportunities', component: OpportunityListView },
        { path: '/opportunities/:id', name: 'opportunity', component: stub },
        { path: '/opportunities/board', name: 'opportunity-board', component: stub },
        { path: '/opportunities/new', name: 'opportunity-new', component: stub },
      ],
      path: '/opportunities?attention=overdue&undelivered=true&owner_user_id=5',
    });
    await eventually(() => expect(requests.some((r) => r.url.includes('/api/v1/opportunities'))).toBe(true));
    const asked = new URL(requests.find((r) => r.url.includes('/api/v1/opportunities'))!.url, 'http://localhost');
    expect(asked.searchParams.get('attention')).toBe('overdue');
    expect(asked.searchParams.get('undelivered')).toBe('true');
    expect(asked.searchParams.get('owner_user_id')).toBe('5');
    expect(wrapper.find('[data-testid="opp-attention-filter"]').text()).toBe('已过预计采购时间');
    expect(wrapper.find('[data-testid="opp-undelivered-filter"]').text()).toBe('赢单未交车完');
    // at a dealer: the owner filter (not the dealer filter), and the owner column
    expect(wrapper.find('[data-testid="opp-owner-filter"]').exists()).toBe(true);
    expect(wrapper.find('[data-testid="opp-unit-filter"]').exists()).toBe(false);

    await wrapper.find('[data-testid="opp-filter-reset"]').trigger('click');
    await eventually(() => expect(router.currentRoute.value.query).toEqual({}));
    const last = new URL(requests.filter((r) => r.url.includes('/api/v1/opportunities')).at(-1)!.url, 'http://localhost');
    expect(last.searchParams.get('attention')).toBeNull();
    expect(last.searchParams.get('owner_user_id')).toBeNull();
    expect(wrapper.find('[data-testid="opp-attention-filter"]').exists()).toBe(false);
    wrapper.unmount();
  });

  it('lists a framework agreement’s opportunities (?agreement_id= from its page) under a removable tag', async () => {
    const { requests } = mockFetch(
      when('GET', '/api/v1/opportunities', {
        status: 200,
        body: { items: [opportunityFixture({ procurement_method: 'agreement', agreement_id: 7, agreement_name: '四川省公务用车协议供货' })], next_cursor: null },
      }),
      when('GET', '/api/v1/tenders', { status: 200, body: { items: [] } }),
    );
    const { wrapper, router } = await mountWithApp(OpportunityListView, {
      me: { ...adminMe, org_unit: dealer, permissions: ['opportunities.read'] } as never,
      routes: [
        { path: '/opportunities', name: 'opportunities', component: OpportunityListView },
        { path: '/opportunities/:id', name: 'opportunity', component: stub },
        { path: '/opportunities/board', name: 'opportunity-board', component: stub },
        { path: '/opportunities/new', name: 'opportunity-new', component: stub },
      ],
      path: '/opportunities?agreement_id=7',
    });
    const asked = () => requests.filter((r) => new URL(r.url, 'http://localhost').pathname === '/api/v1/opportunities');
    await eventually(() => expect(asked().length).toBeGreaterThan(0));
    expect(new URL(asked()[0]!.url, 'http://localhost').searchParams.get('agreement_id')).toBe('7');
    await eventually(() => expect(wrapper.find('[data-testid="opp-agreement-filter"]').text()).toBe('协议：四川省公务用车协议供货'));
    await wrapper.find('[data-testid="opp-agreement-filter"] .el-tag__close').trigger('click');
    await eventually(() => expect(router.currentRoute.value.query).toEqual({}));
    await eventually(() => expect(new URL(asked().at(-1)!.url, 'http://localhost').searchParams.get('agreement_id')).toBeNull());
    wrapper.unmount();
  });

  it('reads the tender calendar’s day and deadline window, refusing what the server would', () => {
    expect(tenderQuery({ day: '2026-03-09', due_within_days: '30' })).toEqual({ day: '2026-03-09', dueWithinDays: 30 });
    expect(tenderQuery({ due_within_days: '14' })).toEqual({ day: null, dueWithinDays: 14 });
    expect(tenderQuery({ day: '09-03-2026', due_within_days: '0' })).toEqual({ day: null, dueWithinDays: null });
    expect(tenderQuery({ due_within_days: '367' }).dueWithinDays).toBeNull();
    expect(tenderQuery({ due_within_days: ['7', '14'] }).dueWithinDays).toBe(7);
  });
});
