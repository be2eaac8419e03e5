// The lists the performance board's figures open (issue 16) read what the figure's link names —
// the customer's procurement stage, the days closed within, a province and a person for the
// opportunities; a unit's dealers, a person, the days registered and "won" for the
// registrations — ask the server for the list and its counts with it, show each as a removable
// tag in words (zh-CN and en), and a tag's × takes it out of the address and the next request.
import { describe, expect, it } from 'vitest';
import RegistrationListView from '@/views/registrations/registration-list-view.vue';
import OpportunityListView from '@/views/opportunities/opportunity-list-view.vue';
import { adminMe, adminUser, eventually, hqUnit, mockFetch, when } from './helpers';
import { mountWithApp, stub } from './mount-with-app';
import { opportunityFixture } from './opportunities-fixtures';
import { registrationFixture } from './registrations-fixtures';

const province = { ...hqUnit, id: 91, kind: 'province', name: '四川省', parent_id: 2, path: '/1/2/91/' };
const dealer = { ...hqUnit, id: 92, kind: 'dealer', name: '成都鑫达汽车销售服务有限公司', parent_id: 91, path: '/1/2/91/92/' };
const units = { status: 200, body: { items: [province, dealer], next_cursor: null } };

const asked = (requests: { url: string }[], path: string) =>
  requests.filter((r) => new URL(r.url, 'http://localhost').pathname === path).map((r) => new URL(r.url, 'http://localhost').searchParams);

describe('the lists behind the board’s figures', { timeout: 30_000 }, () => {
  it('opportunities: a procurement stage and the days closed within, the province and the person, as tags to clear', async () => {
    const { requests } = mockFetch(
      when('GET', '/api/v1/opportunities', { status: 200, body: { items: [opportunityFixture({ owner_user_id: 8, owner_user_name: '杨帆' })], next_cursor: null } }),
      when('GET', '/api/v1/opportunities/stage-counts', { status: 200, body: { counts: {}, total: 0 } }),
      when('GET', '/api/v1/tenders', { status: 200, body: { items: [] } }),
      when('GET', '/api/v1/org/units', units),
      when('GET', '/api/v1/users/8', { status: 200, body: { ...adminUser, id: 8, display_name: '杨帆' } }),
    );
    const { wrapper, router } = await mountWithApp(OpportunityListView, {
      me: { ...adminMe, org_unit: province, permissions: ['opportunities.read', 'org.read', 'users.read'] } as never,
      routes: [
        { path: '/opportunities', name: 'opportunities', component: OpportunityListView },
        { path: '/opportunities/:id', name: 'opportunity', component: stub },
        { path: '/opportunities/board', name: 'opportunity-board', component: stub },
        { path: '/opportunities/new', name: 'opportunity-new', component: stub },
      ],
      path: '/opportunities?stage=discover,contact,analyze,position,bid&procurement_stage=tender&owner_unit_id=91&owner_user_id=8&closed_from=2025-01-01&closed_to=2025-12-31',
    });
    await eventually(() => expect(asked(requests, '/api/v1/opportunities/stage-counts')).toHaveLength(1));
    const [list] = asked(requests, '/api/v1/opportunities');
    expect(list!.get('procurement_stage')).toBe('tender');
    expect(list!.get('stage')).toBe('discover,contact,analyze,position,bid');
    expect(list!.get('closed_from')).toBe('2025-01-01');
    expect(list!.get('closed_to')).toBe('2025-12-31');
    expect(list!.get('owner_unit_id')).toBe('91');
    expect(list!.get('owner_user_id')).toBe('8');
    const [counts] = asked(requests, '/api/v1/opportunities/stage-counts');
    expect(counts!.get('procurement_stage')).toBe('tender');
    expect(counts!.get('closed_to')).toBe('2025-12-31');

    const tag = (id: string) => wrapper.find(`[data-testid="${id}"]`);
    expect(tag('opp-procurement-filter').text()).toBe('采购阶段：实施招标');
    expect(tag('opp-closed-filter').text()).toBe('结束日期 2025-01-01 至 2025-12-31');
    // a province is no dealer the select offers: a tag with its name
    await eventually(() => expect(tag('opp-unit-tag').text()).toBe('单位：四川省'));
    await eventually(() => expect(tag('opp-owner-tag').text()).toBe('负责人：杨帆'));

    await tag('opp-closed-filter').find('.el-tag__close').trigger('click');
    await eventually(() => expect(router.currentRoute.value.query.closed_from).toBeUndefined());
    expect(router.currentRoute.value.query.closed_to).toBeUndefined();
    expect(router.currentRoute.value.query.procurement_stage).toBe('tender');
    await eventually(() => expect(asked(requests, '/api/v1/opportunities').at(-1)!.has('closed_from')).toBe(false));
    await tag('opp-unit-tag').find('.el-tag__close').trigger('click');
    await eventually(() => expect(router.currentRoute.value.query.owner_unit_id).toBeUndefined());
    expect(tag('opp-unit-tag').exists()).toBe(false);
    wrapper.unmount();
  });

  it('registrations: the unit’s dealers, the person, the days registered and won, in English too', async () => {
    const { requests } = mockFetch(
      when('GET', '/api/v1/registrations', { status: 200, body: { items: [registrationFixture({ registered_by: 8, registered_by_name: '杨帆' })], next_cursor: null } }),
      when('GET', '/api/v1/registrations/status-counts', { status: 200, body: { counts: { pending: 0, conflict: 0, approved: 1, rejected: 0, lapsed: 0, converted: 0 }, total: 1 } }),
      when('GET', '/api/v1/directories/vehicle_types', { status: 200, body: { items: [] } }),
      when('GET', '/api/v1/org/units', units),
    );
    const { wrapper, router } = await mountWithApp(RegistrationListView, {
      // a dealer's rep: no users.read, so the person's name comes from the rows
      me: { ...adminMe, user: { ...adminUser, id: 9 }, org_unit: dealer, permissions: ['registrations.read', 'org.read'] } as never,
      routes: [
        { path: '/registrations', name: 'registrations', component: RegistrationListView },
        { path: '/registrations/:id', name: 'registration', component: stub },
        { path: '/registrations/new', name: 'registration-new', component: stub },
      ],
      path: '/registrations?status=approved&unit_id=92&registered_by=8&created_from=2025-01-01&created_to=2025-06-30&won=true',
      locale: 'en',
    });
    await eventually(() => expect(asked(requests, '/api/v1/registrations/status-counts')).toHaveLength(1));
    const [list] = asked(requests, '/api/v1/registrations');
    expect(Object.fromEntries(list!)).toMatchObject({
      status: 'approved',
      unit_id: '92',
      registered_by: '8',
      created_from: '2025-01-01',
      created_to: '2025-06-30',
      won: 'true',
    });
    const [counts] = asked(requests, '/api/v1/registrations/status-counts');
    expect(counts!.get('unit_id')).toBe('92');
    expect(counts!.get('won')).toBe('true');
    expect(counts!.has('status')).toBe(false);

    const tag = (id: string) => wrapper.find(`[data-testid="${id}"]`);
    await eventually(() => expect(tag('reg-unit-filter').text()).toBe('Unit: 成都鑫达汽车销售服务有限公司'));
    await eventually(() => expect(tag('reg-person-filter').text()).toBe('Registered by: 杨帆'));
    expect(tag('reg-created-filter').text()).toBe('Registered 2025-01-01 to 2025-06-30');
    expect(tag('reg-won-filter').text()).toBe('Won');

    await tag('reg-won-filter').find('.el-tag__close').trigger('click');
    await eventually(() => expect(router.currentRoute.value.query.won).toBeUndefined());
    await eventually(() => expect(asked(requests, '/api/v1/registrations').at(-1)!.has('won')).toBe(false));
    expect(router.currentRoute.value.query.unit_id).toBe('92');
    await tag('reg-created-filter').find('.el-tag__close').trigger('click');
    await eventually(() => expect(router.currentRoute.value.query.created_from).toBeUndefined());
    expect(asked(requests, '/api/v1/registrations/status-counts').length).toBeGreaterThan(1);
    wrapper.unmount();
  });
});
