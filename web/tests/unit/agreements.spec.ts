// Framework agreements (协议供货) and getting listed (入围), issue 17: the pure helpers of the
// pages (the application's pipeline and what blocks 提交申请, the bodies sent — 协议价 typed in 元
// and sent in 分 —, the centres, owners and dealers that fit a level and a province, where a
// coverage cell leads), the list landing from a home-page to-do (/agreements?mine=true&…) with
// its filters asked for and shown as tags, the coverage grid's cells, and an agreement's page:
// the application submitted (saved first), read-only once listed, the outcome recorded.
import { describe, expect, it } from 'vitest';
import { ElInputNumber } from 'element-plus';
import type { AgreementDetail, AgreementOptions } from '@/api/agreements';
import AgreementCoverageView from '@/views/agreements/agreement-coverage-view.vue';
import AgreementListView from '@/views/agreements/agreement-list-view.vue';
import AgreementView from '@/views/agreements/agreement-view.vue';
import {
  agreementBody,
  applicationBody,
  applicationFormOf,
  cellExpiring,
  cellOf,
  centresFor,
  commaList,
  coverageCounts,
  coverageLink,
  dealersFor,
  deadlineWords,
  documentsBody,
  emptyAgreementForm,
  hqUnitId,
  isDecided,
  listingRowsOf,
  listingsBody,
  ownersFor,
  pipeline,
  repeatedModels,
  rowError,
  submitBlocker,
  webAddress,
} from '@/views/agreements/agreements-format';
import { isAgreementState } from '@/api/agreements';
import { adminMe, eventually, hqUnit, mockFetch, when } from './helpers';
import { flush, mountWithApp, stub } from './mount-with-app';

const province = { ...hqUnit, id: 3, kind: 'province' as const, name: '四川省', parent_id: 2 };

function agreementFixture(over: Partial<AgreementDetail> = {}): AgreementDetail {
  return {
    id: 7,
    level: 'provincial',
    centre_account_id: 41,
    centre_name: '四川省政府采购中心',
    unit_id: 3,
    unit_name: '四川省',
    name: '四川省2026年度公务用车协议供货',
    notice_no: 'SCZC-2026-001',
    notice_url: null,
    starts_on: '2026-01-01',
    ends_on: '2026-11-30',
    state: 'in_force',
    categories: ['police_patrol'],
    lots: ['第一包'],
    owner_user_id: 12,
    owner_name: '刘洋',
    application: 'preparing',
    deadline_on: '2026-03-20',
    submitted_at: null,
    decided_at: null,
    outcome_note: null,
    listed_models: 0,
    dealers_count: 0,
    can_manage: true,
    version: 3,
    created_at: '2026-01-02T00:00:00Z',
    updated_at: '2026-01-02T00:00:00Z',
    documents: [
      { name: '营业执照', provider: 'hq', ready: true },
      { name: '改装资质', provider: 'upfitter', ready: false },
    ],
    applied_models: [{ model_id: 4, code: 'JX5030', name: '江铃 JX5030XZF 执法车', vehicle_type: 'police_patrol' }],
    listings: [],
    dealers: [],
    competitors: [],
    ...over,
  };
}

const OPTIONS: AgreementOptions = {
  centres: [
    { id: 40, name: '国家机关事务管理局政府采购中心', admin_level: 'central', province_unit_id: null },
    { id: 41, name: '四川省政府采购中心', admin_level: 'provincial', province_unit_id: 3 },
    { id: 42, name: '重庆市政府采购中心', admin_level: 'provincial', province_unit_id: 9 },
  ],
  owners: [
    { id: 11, name: '王强', role: 'regional_director', unit_id: 2 },
    { id: 12, name: '刘洋', role: 'area_manager', unit_id: 3 },
    { id: 13, name: '周敏', role: 'area_manager', unit_id: 9 },
  ],
  models: [],
  dealers: [
    { id: 30, name: '成都鑫达汽车销售服务有限公司', province_unit_id: 3 },
    { id: 31, name: '重庆众诚汽车贸易有限公司', province_unit_id: 9 },
  ],
  categories: [{ code: 'police_patrol', name_zh: '警备车', name_en: 'Police patrol vehicle' }],
};

describe('agreement helpers', () => {
  it('draws the application as three steps, the outcome red when not listed, and locks it once decided', () => {
    expect(pipeline('preparing')).toEqual({ active: 0, processStatus: 'process', outcome: 'pending' });
    expect(pipeline('submitted')).toEqual({ active: 1, processStatus: 'process', outcome: 'pending' });
    expect(pipeline('listed')).toEqual({ active: 3, processStatus: 'finish', outcome: 'listed' });
    expect(pipeline('not_listed')).toEqual({ active: 2, processStatus: 'error', outcome: 'not_listed' });
    expect([isDecided('submitted'), isDecided('listed'), isDecided('not_listed')]).toEqual([false, true, true]);
    expect(deadlineWords(3)).toEqual({ key: 'left', n: 3 });
    expect(deadlineWords(0)).toEqual({ key: 'today', n: 0 });
    expect(deadlineWords(-2)).toEqual({ key: 'past', n: 2 });
    expect(deadlineWords(null)).toBeNull();
  });

  it('sends the application with the agreement’s version; a model and every document ready before submitting', () => {
    const form = applicationFormOf(agreementFixture());
    expect(form).toEqual({
      deadline_on: '2026-03-20',
      documents: [
        { name: '营业执照', provider: 'hq', ready: true },
        { name: '改装资质', provider: 'upfitter', ready: false },
      ],
      model_ids: [4],
    });
    expect(submitBlocker(form)).toBe('documents');
    form.documents[1]!.ready = true;
    form.documents.push({ name: '  ', provider: '', ready: false });
    expect(submitBlocker(form)).toBeNull();
    expect(submitBlocker({ ...form, model_ids: [] })).toBe('models');
    expect(documentsBody([{ name: ' 授权书 ', provider: 'dealer', ready: true }])).toEqual([{ name: '授权书', provider: 'dealer', ready: true }]);
    expect(applicationBody({ ...form, deadline_on: '' }, 3)).toEqual({
      version: 3,
      deadline_on: null,
      documents: [
        { name: '营业执照', provider: 'hq', ready: true },
        { name: '改装资质', provider: 'upfitter', ready: true },
      ],
      model_ids: [4],
    });
  });

  it('sends the caps typed in 元 in 分, and refuses a row without its model, cap or twice the same model', () => {
    const rows = listingRowsOf([{ model_id: 4, code: 'JX5030', name: 'x', vehicle_type: 'police_patrol', guide_price_fen: 20_000_000, price_cap_fen: 19_600_000, discount_terms: null }]);
    expect(rows).toEqual([{ model_id: 4, price_cap_yuan: 196_000, discount_terms: '' }]);
    rows.push({ model_id: 5, price_cap_yuan: 201_500.5, discount_terms: ' 免费保养两次 ' });
    expect(listingsBody(rows)).toEqual([
      { model_id: 4, price_cap_fen: 19_600_000, discount_terms: null },
      { model_id: 5, price_cap_fen: 20_150_050, discount_terms: '免费保养两次' },
    ]);
    expect(listingsBody([{ model_id: null, price_cap_yuan: 1, discount_terms: '' }])).toBeNull();
    expect(listingsBody([{ model_id: 4, price_cap_yuan: 0, discount_terms: '' }])).toBeNull();
    expect(repeatedModels([...rows, { model_id: 4, price_cap_yuan: 1, discount_terms: '' }])).toEqual([4]);
    expect(rowError({ 'listings[1].price_cap_fen': 'a' }, 'listings', 1, 'price_cap_fen')).toBe('a');
    expect(rowError({ 'listings.1.price_cap_fen': 'b' }, 'listings', 1, 'price_cap_fen')).toBe('b');
  });

  it('offers the centres, owners and dealers that fit the level and the province', () => {
    expect(centresFor(OPTIONS, 'central', null).map((c) => c.id)).toEqual([40]);
    expect(centresFor(OPTIONS, 'provincial', 3).map((c) => c.id)).toEqual([41]);
    expect(ownersFor(OPTIONS, 'central', null).map((o) => o.id)).toEqual([11]);
    expect(ownersFor(OPTIONS, 'municipal', 9).map((o) => o.id)).toEqual([13]);
    expect(dealersFor(OPTIONS, 'provincial', 3).map((d) => d.id)).toEqual([30]);
    expect(dealersFor(OPTIONS, 'central', 1).map((d) => d.id)).toEqual([30, 31]);
    const byId = new Map([[2, { id: 2, kind: 'region', parent_id: 1 }]]);
    expect(hqUnitId({ id: 1, kind: 'hq', parent_id: null }, byId)).toBe(1);
    expect(hqUnitId({ id: 2, kind: 'region', parent_id: 1 }, byId)).toBe(1);
    expect(hqUnitId({ id: 3, kind: 'province', parent_id: 2 }, byId)).toBe(1);
    expect(hqUnitId({ id: 3, kind: 'province', parent_id: 2 }, new Map())).toBeNull();
  });

  it('sends the agreement trimmed, without empty or repeated categories and lots', () => {
    const body = agreementBody(
      emptyAgreementForm({
        centre_account_id: 41,
        unit_id: 3,
        name: ' 四川省协议 ',
        notice_no: ' SC-1 ',
        notice_url: ' ',
        starts_on: '2026-01-01',
        ends_on: '2026-11-30',
        categories: ['police_patrol', 'police_patrol'],
        lots: ['第一包', ' ', '第二包'],
        owner_user_id: 12,
      }),
    );
    expect(body).toEqual({
      level: 'provincial',
      centre_account_id: 41,
      unit_id: 3,
      name: '四川省协议',
      notice_no: 'SC-1',
      notice_url: null,
      starts_on: '2026-01-01',
      ends_on: '2026-11-30',
      categories: ['police_patrol'],
      lots: ['第一包', '第二包'],
      owner_user_id: 12,
    });
    expect(webAddress('https://www.ccgp-sichuan.gov.cn/notice/1')).toBe('https://www.ccgp-sichuan.gov.cn/notice/1');
    expect(webAddress('javascript:alert(1)')).toBeNull();
  });

  it('reads several states from the address, leads a coverage cell to its agreements and counts the grid', () => {
    const states = commaList(isAgreementState);
    expect(states.parse('expiring,bogus,in_force,expiring')).toEqual(['expiring', 'in_force']);
    expect(states.serialize(['expiring', 'expired'])).toBe('expiring,expired');
    const rows = [
      { unit_id: null, name: '中央', cells: [{ category: 'police_patrol', status: 'listed' as const, agreements: 1, expiring: 0 }] },
      { unit_id: 3, name: '四川省', cells: [{ category: 'police_patrol', status: 'pending' as const, agreements: 2, expiring: 1 }] },
    ];
    expect(coverageLink(rows[0]!, 'police_patrol')).toEqual({ name: 'agreements', query: { level: 'central', category: 'police_patrol' } });
    expect(coverageLink(rows[1]!, 'police_patrol')).toEqual({ name: 'agreements', query: { unit_id: '3', category: 'police_patrol' } });
    expect(cellOf(rows[1]!, 'laboratory')).toEqual({ category: 'laboratory', status: 'never', agreements: 0, expiring: 0 });
    expect([cellExpiring({ expiring: 1 }), cellExpiring({ expiring: 0 }), cellExpiring({ expiring: true })]).toEqual([true, false, true]);
    expect(coverageCounts(rows, ['police_patrol', 'laboratory'])).toEqual({ listed: 1, pending: 1, not_listed: 0, never: 2 });
  });
});

describe('agreement pages', { timeout: 30_000 }, () => {
  const me = { ...adminMe, org_unit: province, permissions: ['agreements.read', 'agreements.manage', 'org.read'] } as never;

  it('lands from a home-page to-do on the filtered list, asks for it, shows its tags and clears them', async () => {
    const { requests } = mockFetch(
      when('GET', '/api/v1/agreements', { status: 200, body: { items: [agreementFixture({ state: 'expiring', application: 'listed', listed_models: 2 })], next_cursor: null } }),
      when('GET', '/api/v1/agreements/options', { status: 200, body: OPTIONS }),
      when('GET', '/api/v1/org/units', { status: 200, body: { items: [province], next_cursor: null } }),
      when('GET', '/api/v1/directories/vehicle_types', { status: 200, body: { items: [] } }),
    );
    const { wrapper, router } = await mountWithApp(AgreementListView, {
      me,
      routes: [
        { path: '/agreements', name: 'agreements', component: AgreementListView },
        { path: '/agreements/new', name: 'agreement-new', component: stub },
        { path: '/agreements/:id', name: 'agreement', component: stub },
      ],
      path: '/agreements?mine=true&state=expiring&due=true',
    });
    const listAsked = () => requests.filter((r) => new URL(r.url, 'http://localhost').pathname === '/api/v1/agreements');
    await eventually(() => expect(listAsked().length).toBeGreaterThan(0));
    const asked = new URL(listAsked()[0]!.url, 'http://localhost').searchParams;
    expect(asked.get('mine')).toBe('true');
    expect(asked.get('state')).toBe('expiring');
    expect(asked.get('due')).toBe('true');
    await eventually(() => expect(wrapper.find('[data-testid="agr-link-7"]').exists()).toBe(true));
    expect(wrapper.find('[data-testid="agr-state-7"]').text()).toBe('即将到期');
    expect(wrapper.find('[data-testid="agr-application-7"]').text()).toBe('已入围');
    expect(wrapper.find('[data-testid="agr-due-tag"]').text()).toBe('入围申请即将截止');
    expect(wrapper.find('[data-testid="agr-create"]').exists()).toBe(true);
    await wrapper.find('[data-testid="agr-filter-reset"]').trigger('click');
    await eventually(() => expect(router.currentRoute.value.query).toEqual({}));
    await eventually(() => expect(new URL(listAsked().at(-1)!.url, 'http://localhost').searchParams.get('mine')).toBeNull());
    wrapper.unmount();
  });

  it('colours each coverage cell by its status, marks one expiring and links it to its agreements', async () => {
    mockFetch(
      when('GET', '/api/v1/agreements/coverage', {
        status: 200,
        body: {
          categories: ['police_patrol', 'laboratory'],
          rows: [
            { unit_id: null, name: '中央', cells: [{ category: 'police_patrol', status: 'never', agreements: 0, expiring: 0 }] },
            {
              unit_id: 3,
              name: '四川省',
              cells: [
                { category: 'police_patrol', status: 'listed', agreements: 1, expiring: 1 },
                { category: 'laboratory', status: 'not_listed', agreements: 1, expiring: 0 },
              ],
            },
          ],
        },
      }),
      when('GET', '/api/v1/agreements/options', { status: 200, body: OPTIONS }),
      when('GET', '/api/v1/directories/vehicle_types', { status: 200, body: { items: [] } }),
    );
    const { wrapper } = await mountWithApp(AgreementCoverageView, {
      me,
      routes: [
        { path: '/agreements/coverage', name: 'agreement-coverage', component: AgreementCoverageView },
        { path: '/agreements', name: 'agreements', component: stub },
      ],
      path: '/agreements/coverage',
    });
    await eventually(() => expect(wrapper.find('[data-testid="agr-cell-3-police_patrol"]').exists()).toBe(true));
    const listed = wrapper.find('[data-testid="agr-cell-3-police_patrol"]');
    expect(listed.attributes('data-status')).toBe('listed');
    expect(listed.classes()).toContain('agr-cov__cell--listed');
    expect(listed.attributes('href')).toBe('/agreements?unit_id=3&category=police_patrol');
    expect(wrapper.find('[data-testid="agr-cell-expiring-3-police_patrol"]').exists()).toBe(true);
    expect(wrapper.find('[data-testid="agr-cell-3-laboratory"]').attributes('data-status')).toBe('not_listed');
    const central = wrapper.find('[data-testid="agr-cell-central-police_patrol"]');
    expect(central.attributes('href')).toBe('/agreements?level=central&category=police_patrol');
    // a category the row does not list is never applied
    expect(wrapper.find('[data-testid="agr-cell-central-laboratory"]').attributes('data-status')).toBe('never');
    expect(wrapper.find('[data-testid="agr-coverage-row-central"]').text()).toBe('中央');
    wrapper.unmount();
  });

  it('runs the application: a document ticked ready, 提交申请 saves it, then submits with the version it answered', async () => {
    let current = agreementFixture();
    const { requests } = mockFetch(
      when('GET', '/api/v1/agreements/7', () => ({ status: 200, body: current })),
      when('PUT', '/api/v1/agreements/7/application', (request) => {
        const body = request.body as Pick<AgreementDetail, 'documents'>;
        current = { ...current, documents: body.documents, version: 4 };
        return { status: 200, body: current };
      }),
      when('POST', '/api/v1/agreements/7/application/submit', () => {
        current = { ...current, application: 'submitted', version: 5 };
        return { status: 200, body: current };
      }),
      when('GET', '/api/v1/agreements/7/sales', { status: 200, body: { units: 3, amount_fen: 58_800_000, by_province: [], by_dealer: [] } }),
      when('GET', '/api/v1/agreements/options', { status: 200, body: OPTIONS }),
      when('GET', '/api/v1/directories/vehicle_types', { status: 200, body: { items: [] } }),
    );
    const { wrapper } = await mountWithApp(AgreementView, {
      me,
      props: { id: 7 },
      routes: [
        { path: '/agreements/:id', name: 'agreement', component: stub },
        { path: '/agreements', name: 'agreements', component: stub },
        { path: '/agreements/:id/edit', name: 'agreement-edit', component: stub },
        { path: '/opportunities', name: 'opportunities', component: stub },
      ],
      path: '/agreements/7',
      attach: true,
    });
    await eventually(() => expect(wrapper.find('[data-testid="agr-application-submit"]').exists()).toBe(true));
    expect(wrapper.find('[data-testid="agr-title"]').text()).toBe('四川省2026年度公务用车协议供货');
    expect(wrapper.find('[data-testid="agr-categories"]').text()).toBe('警备车');
    expect(wrapper.find('[data-testid="agr-application-status"]').text()).toBe('准备中');
    expect(wrapper.find('[data-testid="agr-application-blocker"]').text()).toBe('所有申报材料备齐后才能提交');
    expect(wrapper.find('[data-testid="agr-application-submit"]').attributes('disabled')).toBeDefined();
    expect(wrapper.find('[data-testid="agr-sales-amount"]').text()).toBe('58.8 万元');
    expect(wrapper.find('[data-testid="agr-opportunities-link"]').attributes('href')).toBe('/opportunities?agreement_id=7');

    await wrapper.find('[data-testid="agr-document-ready-1"] input').setValue(true);
    await eventually(() => expect(wrapper.find('[data-testid="agr-application-submit"]').attributes('disabled')).toBeUndefined());
    await wrapper.find('[data-testid="agr-application-submit"]').trigger('click');
    await eventually(() => expect(wrapper.find('[data-testid="agr-application-status"]').text()).toBe('已提交'));
    const put = requests.find((r) => r.method === 'PUT')!;
    expect(put.body).toEqual({
      version: 3,
      deadline_on: '2026-03-20',
      documents: [
        { name: '营业执照', provider: 'hq', ready: true },
        { name: '改装资质', provider: 'upfitter', ready: true },
      ],
      model_ids: [4],
    });
    expect(requests.find((r) => r.url.endsWith('/application/submit'))!.body).toEqual({ version: 4 });
    // submitted: 登记结果 takes the place of 提交申请
    await eventually(() => expect(wrapper.find('[data-testid="agr-application-outcome"]').exists()).toBe(true));
    expect(wrapper.find('[data-testid="agr-application-submit"]').exists()).toBe(false);
    wrapper.unmount();
  });

  it('is read-only once listed, with the listed models at their cap', async () => {
    mockFetch(
      when('GET', '/api/v1/agreements/7', {
        status: 200,
        body: agreementFixture({
          application: 'listed',
          outcome_note: '第一包入围',
          listings: [{ model_id: 4, code: 'JX5030', name: '江铃 JX5030XZF 执法车', vehicle_type: 'police_patrol', guide_price_fen: 20_000_000, price_cap_fen: 19_600_000, discount_terms: '三年免费保养' }],
          dealers: [{ id: 30, name: '成都鑫达汽车销售服务有限公司', province_id: 3, province_name: '四川省' }],
        }),
      }),
      when('GET', '/api/v1/agreements/7/sales', { status: 200, body: { units: 0, amount_fen: 0, by_province: [], by_dealer: [] } }),
      when('GET', '/api/v1/agreements/options', { status: 200, body: OPTIONS }),
      when('GET', '/api/v1/directories/vehicle_types', { status: 200, body: { items: [] } }),
    );
    const { wrapper } = await mountWithApp(AgreementView, {
      me,
      props: { id: 7 },
      routes: [
        { path: '/agreements/:id', name: 'agreement', component: stub },
        { path: '/agreements', name: 'agreements', component: stub },
        { path: '/agreements/:id/edit', name: 'agreement-edit', component: stub },
        { path: '/opportunities', name: 'opportunities', component: stub },
      ],
      path: '/agreements/7',
    });
    await eventually(() => expect(wrapper.find('[data-testid="agr-application-locked"]').exists()).toBe(true));
    expect(wrapper.find('[data-testid="agr-application-save"]').exists()).toBe(false);
    expect(wrapper.find('[data-testid="agr-application-deadline-text"]').text()).toBe('2026-03-20');
    expect(wrapper.find('[data-testid="agr-application-note"]').text()).toContain('第一包入围');
    expect(wrapper.find('[data-testid="agr-listing-cap-4"]').text()).toBe('196,000 元');
    expect(wrapper.find('[data-testid="agr-dealer-30"]').text()).toBe('成都鑫达汽车销售服务有限公司');
    expect(wrapper.find('[data-testid="agr-listings-edit"]').exists()).toBe(true);
    wrapper.unmount();
  });

  it('records the outcome listed with the applied models at their caps in 分, a refused cap beside its row', async () => {
    let current = agreementFixture({ application: 'submitted', version: 5 });
    let answered = 0;
    const { requests } = mockFetch(
      when('GET', '/api/v1/agreements/7', () => ({ status: 200, body: current })),
      when('POST', '/api/v1/agreements/7/application/outcome', () => {
        answered += 1;
        if (answered === 1) {
          return { status: 422, body: { type: 'about:blank', title: 'Invalid', status: 422, code: 'validation_failed', errors: [{ field: 'listings[0].price_cap_fen', message: 'must be positive', code: 'invalid_value' }] } };
        }
        current = { ...current, application: 'listed', version: 6, listings: [{ model_id: 4, code: 'JX5030', name: '江铃 JX5030XZF 执法车', vehicle_type: 'police_patrol', guide_price_fen: 20_000_000, price_cap_fen: 19_600_000, discount_terms: null }] };
        return { status: 200, body: current };
      }),
      when('GET', '/api/v1/agreements/7/sales', { status: 200, body: { units: 0, amount_fen: 0, by_province: [], by_dealer: [] } }),
      when('GET', '/api/v1/agreements/options', { status: 200, body: OPTIONS }),
      when('GET', '/api/v1/directories/vehicle_types', { status: 200, body: { items: [] } }),
    );
    const { wrapper } = await mountWithApp(AgreementView, {
      me,
      props: { id: 7 },
      routes: [
        { path: '/agreements/:id', name: 'agreement', component: stub },
        { path: '/agreements', name: 'agreements', component: stub },
        { path: '/agreements/:id/edit', name: 'agreement-edit', component: stub },
        { path: '/opportunities', name: 'opportunities', component: stub },
      ],
      path: '/agreements/7',
      attach: true,
    });
    await eventually(() => expect(wrapper.find('[data-testid="agr-application-outcome"]').exists()).toBe(true));
    await wrapper.find('[data-testid="agr-application-outcome"]').trigger('click');
    await flush();
    const cap = () => wrapper.findAllComponents(ElInputNumber).find((c) => c.attributes('data-testid') === 'agr-outcome-listing-cap-0');
    await eventually(() => expect(cap()).toBeDefined());
    cap()!.vm.$emit('update:modelValue', 196_000);
    await flush();
    (document.querySelector('[data-testid="agr-outcome-save"]') as HTMLElement).click();
    await eventually(() => expect(document.querySelector('[data-testid="agr-outcome-listing-row-0"] .el-form-item__error')?.textContent).toContain('取值无效'));
    (document.querySelector('[data-testid="agr-outcome-save"]') as HTMLElement).click();
    await eventually(() => expect(wrapper.find('[data-testid="agr-application-status"]').text()).toBe('已入围'));
    const sent = requests.filter((r) => r.url.endsWith('/application/outcome')).map((r) => r.body);
    expect(sent[1]).toEqual({ version: 5, outcome: 'listed', listings: [{ model_id: 4, price_cap_fen: 19_600_000, discount_terms: null }] });
    expect(wrapper.find('[data-testid="agr-listing-cap-4"]').text()).toBe('196,000 元');
    wrapper.unmount();
  });
});
