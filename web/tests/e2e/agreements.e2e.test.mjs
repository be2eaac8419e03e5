// End-to-end test of framework agreements (协议供货) and getting listed (入围) against the real
// fleetkam server with its demo data, in Debian's Chromium — "from the application to an order
// under the agreement": the Sichuan area manager (am_sichuan, 刘洋) opens 协议供货 from the side
// menu and records a provincial agreement in the form (the province's procurement centre, 警备车
// or the first category the options offer, a lot, the period from a month ago to a year ahead);
// on its page he fills the application (入围申请: a deadline, a document provided by HQ and ticked
// ready, two catalogue models), saves it, submits it (已提交), records the outcome 已入围 with both
// models at 协议价 2 % under their guide price and a discount term, after which the application is
// read-only, and authorises 成都鑫达 (授权经销商). Then the Chengdu sales rep (rep_chengdu, 杨帆)
// sees the agreement without managing it, creates an opportunity for one of the dealer's 协议供货
// accounts naming the agreement in the form's 协议 picker, and quotes the listed model: 1,000 元
// above the cap is refused (422 agreement_above_cap, said beside the price), at the cap it is
// accepted. Last 入围覆盖 shows the province's category as 已入围 — the same as the API — at
// 1280 px and on a 375-px phone (the grid scrolls inside itself, the page not sideways), and its
// cell opens the agreements behind it. The pages are checked against the API at each step; API
// calls set up only what the demo lacks (a procurement centre account, when none is offered).
// Fails on any console error or Content-Security-Policy violation.
//
// It starts `$FLEETKAM_BIN serve --demo` on a free port with a fresh SQLite database and the
// built web app (web/dist: run `npm run build` first). A server without the agreement API (404 on
// GET /api/v1/agreements) fails the first step, which says so, and skips the rest.
import { before, describe } from 'node:test';
import assert from 'node:assert/strict';
import { clickStill, dayFromToday, serverBin, setUpE2e, signIn, signOut, untilStill } from './support.mjs';

const STAMP = String(Date.now()).slice(-5);
const NAME = `四川省公务用车协议供货（E2E ${STAMP}）`;
const NOTICE_NO = `SCZC-E2E-${STAMP}`;
const NOTICE_URL = 'https://www.ccgp-sichuan.gov.cn/notice/e2e';
const LOT = '第一包：执法执勤用车';
const DOCUMENT = '营业执照及生产资质证明';
const TERMS = '三年或10万公里免费保养';
const DEALER = '成都鑫达汽车销售服务有限公司';
/** The category the agreement covers: 警备车 when the options offer it. */
const PREFERRED_CATEGORY = 'police_patrol';

/** An amount as the pages write it: "196,000 元". */
const yuan = (fen) => `${new Intl.NumberFormat('en-US').format(fen / 100)} 元`;
const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('a framework agreement from its application to an order under it (协议供货, 入围)', { timeout: 420_000 }, () => {
  let served = null;
  const e2e = setUpE2e({
    name: 'agreements',
    demo: true,
    timezoneId: 'Asia/Shanghai',
    skipStep: () => (served === false ? 'the server does not answer /api/v1/agreements' : null),
  });
  const { step, expectHttpError, assertNoPageProblems, apiAs, screenshot, field, choose, typeDate } = e2e;
  let page;
  before(() => {
    page = e2e.page;
  });

  /** What the first steps find out and the later ones use. */
  const s = {
    province: null, // { id, name }: the area manager's province
    centre: null, // { id, name }: its procurement centre account
    category: null, // { code, name }: the category the agreement covers
    models: [], // two catalogue models: { id, name, guide_price_fen, cap_fen }
    dealer: null, // { id, name }: 成都鑫达
    agreementId: 0,
    opportunityId: 0,
  };

  async function api(username, method, path, body) {
    const response = await apiAs(username, method, path, { body });
    const text = await response.text();
    assert.ok(response.status >= 200 && response.status < 300, `${method} ${path} as ${username}: ${response.status} ${text}`);
    return text ? JSON.parse(text) : null;
  }
  /** The <input> or <textarea> of an el-input (el-input puts data-testid on it, or on its wrapper). */
  const control = (testId, tag = 'input') => page.locator(`${tag}[data-testid="${testId}"], [data-testid="${testId}"] ${tag}`).first();
  /** Chooses options of a multiple el-select by their visible names, then closes it. */
  async function chooseMany(testId, names) {
    await page.getByTestId(testId).click();
    for (const name of names) {
      const option = page.getByRole('option', { name, exact: typeof name === 'string' }).locator('visible=true').first();
      await untilStill(option);
      await option.click();
    }
    await page.keyboard.press('Escape');
  }
  async function noSidewaysScroll(what) {
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${what} does not scroll sideways (${overflow}px)`);
  }
  const responseOf = (method, path) =>
    page.waitForResponse((r) => r.request().method() === method && new URL(r.url()).pathname === path);
  const agreementPath = () => `/api/v1/agreements/${s.agreementId}`;

  step('the server answers the agreement routes, and the demo offers what the agreement needs', async () => {
    const response = await apiAs('am_sichuan', 'GET', '/agreements?limit=1');
    served = response.status !== 404;
    assert.ok(served, `GET /api/v1/agreements answered 404: this server (${serverBin}) has no agreement API yet; the other steps are skipped`);
    assert.equal(response.status, 200, await response.text());
    const am = await api('am_sichuan', 'GET', '/me');
    assert.ok(am.permissions.includes('agreements.manage'), `an area manager manages agreements: ${am.permissions}`);
    const rep = await api('rep_chengdu', 'GET', '/me');
    assert.ok(rep.permissions.includes('agreements.read') && !rep.permissions.includes('agreements.manage'), `a sales rep reads them only: ${rep.permissions}`);
    assert.equal(am.org_unit.kind, 'province');
    s.province = { id: am.org_unit.id, name: am.org_unit.name };

    let options = await api('am_sichuan', 'GET', '/agreements/options');
    const provincial = (o) => o.centres.find((c) => c.province_unit_id === s.province.id && c.admin_level !== 'central');
    if (!provincial(options)) {
      // The demo holds no procurement centre of Sichuan: the area manager records one (an account
      // whose name says 采购, as the options look for).
      await api('am_sichuan', 'POST', '/accounts', {
        name: '四川省政府采购中心',
        admin_level: 'provincial',
        business_class: 'direct',
        division_code: '510000',
        grade: 'key',
        industry: 'other',
        procurement_method: 'agreement',
        source_channel: 'own_customers',
      });
      options = await api('am_sichuan', 'GET', '/agreements/options');
    }
    const centre = provincial(options);
    assert.ok(centre, `a procurement centre of ${s.province.name} is offered: ${JSON.stringify(options.centres)}`);
    s.centre = { id: centre.id, name: centre.name };

    const categories = options.categories.map((c) => (typeof c === 'string' ? { code: c, name: c } : { code: c.code, name: c.name_zh }));
    s.category = categories.find((c) => c.code === PREFERRED_CATEGORY) ?? categories[0];
    assert.ok(s.category, 'the options offer a category');

    const catalogue = (await api('am_sichuan', 'GET', '/vehicle-models?active=true')).items;
    const offered = options.models.filter((m) => catalogue.some((c) => c.id === m.id));
    const ofCategory = offered.filter((m) => m.vehicle_type === s.category.code);
    const two = (ofCategory.length >= 2 ? ofCategory : offered).slice(0, 2);
    assert.equal(two.length, 2, 'the catalogue offers two models');
    s.models = two.map((m) => {
      const guide = catalogue.find((c) => c.id === m.id).guide_price_fen;
      // 协议价: 2 % under the guide price, in whole 元 (a quote at it needs no approval)
      return { id: m.id, name: m.name, guide_price_fen: guide, cap_fen: Math.round((guide * 0.98) / 100) * 100 };
    });

    const dealer = options.dealers.find((d) => d.name === DEALER);
    assert.ok(dealer, `${DEALER} may be authorised: ${JSON.stringify(options.dealers.map((d) => d.name))}`);
    assert.equal(dealer.province_unit_id, s.province.id);
    s.dealer = { id: dealer.id, name: dealer.name };
  });

  step('the area manager records a provincial agreement in the form', async () => {
    await signIn(page, 'am_sichuan');
    await clickStill(page.getByTestId('menu-agreements'));
    await page.waitForURL((url) => url.pathname === '/agreements' && url.search === '');
    await page.getByRole('heading', { name: '协议供货', level: 1 }).waitFor();
    await page.getByTestId('agr-create').click();
    await page.waitForURL('**/agreements/new');
    await page.getByRole('heading', { name: '新建协议' }).waitFor();
    assert.equal(await page.getByTestId('agr-form-level-central').count(), 0, 'an area manager records no central agreement');
    assert.equal(await page.getByTestId('agr-form-level-provincial').locator('input').isChecked(), true, '省级 by default');
    await page.getByTestId('agr-form-province').filter({ hasText: s.province.name }).waitFor();
    await page.getByTestId('agr-form-owner').filter({ hasText: '刘洋' }).waitFor();

    await control('agr-form-name').fill(NAME);
    await control('agr-form-notice-no').fill(NOTICE_NO);
    await control('agr-form-notice-url').fill(NOTICE_URL);
    await choose('agr-form-centre', s.centre.name);
    await typeDate('agr-form-starts', dayFromToday(-30));
    await typeDate('agr-form-ends', dayFromToday(365));
    await chooseMany('agr-form-categories', [s.category.name]);
    await page.getByTestId('agr-form-lots').click();
    await page.keyboard.type(LOT);
    await page.getByRole('option', { name: LOT, exact: true }).locator('visible=true').first().waitFor();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Escape');
    await screenshot('agreement-form');

    const created = responseOf('POST', '/api/v1/agreements');
    await page.getByTestId('agr-submit').click();
    const answer = await created;
    assert.equal(answer.status(), 201, await answer.text());
    const agreement = await answer.json();
    s.agreementId = agreement.id;
    assert.equal(agreement.level, 'provincial');
    assert.equal(agreement.unit_id, s.province.id);
    assert.equal(agreement.centre_account_id, s.centre.id);
    assert.deepEqual(agreement.categories, [s.category.code]);
    assert.deepEqual(agreement.lots, [LOT]);
    assert.deepEqual([agreement.starts_on, agreement.ends_on], [dayFromToday(-30), dayFromToday(365)]);
    assert.equal(agreement.state, 'in_force');
    assert.equal(agreement.application, 'preparing');
    await page.waitForURL(`**/agreements/${s.agreementId}`);
    await page.getByTestId('agr-title').filter({ hasText: NAME }).waitFor();
    await page.getByTestId('agr-status').filter({ hasText: '准备中' }).waitFor();
    assert.equal(await page.getByTestId('agr-centre').innerText(), s.centre.name);
    assert.equal(await page.getByTestId('agr-categories').innerText(), s.category.name);
    assert.equal(await page.getByTestId('agr-notice-url').getAttribute('href'), NOTICE_URL);
    assertNoPageProblems('recording the agreement');
  });

  step('he fills the application (a deadline, a document ready, two models), saves and submits it', async () => {
    const deadline = dayFromToday(10);
    await typeDate('agr-application-deadline', deadline);
    await page.getByTestId('agr-document-add').click();
    await control('agr-document-name-0').fill(DOCUMENT);
    await choose('agr-document-provider-0', '总部');
    await page.getByTestId('agr-document-ready-0').click();
    await chooseMany('agr-application-models', s.models.map((m) => m.name));

    const saved = responseOf('PUT', `${agreementPath()}/application`);
    await page.getByTestId('agr-application-save').click();
    const answer = await saved;
    assert.equal(answer.status(), 200, await answer.text());
    const sent = JSON.parse(answer.request().postData());
    assert.deepEqual(sent.documents, [{ name: DOCUMENT, provider: 'hq', ready: true }]);
    assert.deepEqual([...sent.model_ids].sort(), s.models.map((m) => m.id).sort());
    let agreement = await api('am_sichuan', 'GET', `/agreements/${s.agreementId}`);
    assert.equal(agreement.deadline_on, deadline);
    assert.deepEqual(agreement.documents, [{ name: DOCUMENT, provider: 'hq', ready: true }]);
    assert.deepEqual(agreement.applied_models.map((m) => m.model_id).sort(), s.models.map((m) => m.id).sort());
    await page.getByTestId('agr-application-due').filter({ hasText: '还有 10 天截止' }).waitFor();

    const submitted = responseOf('POST', `${agreementPath()}/application/submit`);
    await page.getByTestId('agr-application-submit').click();
    assert.equal((await submitted).status(), 200);
    await page.getByTestId('agr-application-status').filter({ hasText: '已提交' }).waitFor();
    await page.getByTestId('agr-application-outcome').waitFor();
    assert.equal(await page.getByTestId('agr-application-submit').count(), 0);
    agreement = await api('am_sichuan', 'GET', `/agreements/${s.agreementId}`);
    assert.equal(agreement.application, 'submitted');
    assert.ok(agreement.submitted_at);
    await screenshot('agreement-application');
    assertNoPageProblems('the application');
  });

  step('he records the outcome listed with both models at their caps; the application is then read-only', async () => {
    await page.getByTestId('agr-application-outcome').click();
    const dialog = page.getByTestId('agr-outcome-dialog');
    await dialog.waitFor();
    assert.equal(await page.getByTestId('agr-outcome-listed').locator('input').isChecked(), true, '已入围 by default');
    // the rows start from the models applied with: each row's cap by its model
    for (let i = 0; i < 2; i += 1) {
      const rowModel = await page.getByTestId(`agr-outcome-listing-model-${i}`).innerText();
      const model = s.models.find((m) => rowModel.includes(m.name));
      assert.ok(model, `row ${i} names an applied model: ${rowModel}`);
      await field(`agr-outcome-listing-cap-${i}`).fill(String(model.cap_fen / 100));
      await field(`agr-outcome-listing-cap-${i}`).press('Tab');
      if (i === 0) await control(`agr-outcome-listing-terms-${i}`).fill(TERMS);
    }
    await page.locator('textarea[data-testid="agr-outcome-note"]').fill('两个车型均入围第一包');
    await screenshot('agreement-outcome');
    const decided = responseOf('POST', `${agreementPath()}/application/outcome`);
    await page.getByTestId('agr-outcome-save').click();
    const answer = await decided;
    assert.equal(answer.status(), 200, await answer.text());
    await dialog.waitFor({ state: 'hidden' });
    await page.getByTestId('agr-application-status').filter({ hasText: '已入围' }).waitFor();
    await page.getByTestId('agr-application-locked').waitFor();
    for (const testId of ['agr-application-save', 'agr-application-submit', 'agr-application-outcome', 'agr-document-add']) {
      assert.equal(await page.getByTestId(testId).count(), 0, `no ${testId} once decided`);
    }
    const agreement = await api('am_sichuan', 'GET', `/agreements/${s.agreementId}`);
    assert.equal(agreement.application, 'listed');
    for (const model of s.models) {
      const listing = agreement.listings.find((l) => l.model_id === model.id);
      assert.ok(listing, `${model.name} is listed`);
      assert.equal(listing.price_cap_fen, model.cap_fen, '协议价 typed in 元, sent in 分');
      await page.getByTestId(`agr-listing-cap-${model.id}`).filter({ hasText: yuan(model.cap_fen) }).waitFor();
    }
    assert.ok(agreement.listings.some((l) => l.discount_terms === TERMS));
    // after the outcome the application no longer changes
    const again = await apiAs('am_sichuan', 'PUT', `/agreements/${s.agreementId}/application`, {
      body: { version: agreement.version, deadline_on: null, documents: [], model_ids: [] },
    });
    assert.equal(again.status, 409, 'the decided application is refused');
    assertNoPageProblems('the outcome');
  });

  step('he authorises 成都鑫达, and the list shows the agreement listed', async () => {
    await page.getByTestId('agr-dealers-edit').click();
    await chooseMany('agr-dealers-select', [s.dealer.name]);
    const saved = responseOf('PUT', `${agreementPath()}/dealers`);
    await page.getByTestId('agr-dealers-save').click();
    const answer = await saved;
    assert.equal(answer.status(), 200, await answer.text());
    assert.deepEqual(JSON.parse(answer.request().postData()).dealer_ids, [s.dealer.id]);
    await page.getByTestId(`agr-dealer-${s.dealer.id}`).filter({ hasText: s.dealer.name }).waitFor();
    const agreement = await api('am_sichuan', 'GET', `/agreements/${s.agreementId}`);
    assert.deepEqual(agreement.dealers.map((d) => d.id), [s.dealer.id]);
    await screenshot('agreement-detail');

    await clickStill(page.getByTestId('menu-agreements'));
    await page.waitForURL((url) => url.pathname === '/agreements');
    await page.getByTestId(`agr-link-${s.agreementId}`).filter({ hasText: NAME }).waitFor();
    assert.equal(await page.getByTestId(`agr-application-${s.agreementId}`).innerText(), '已入围');
    // as many rows as the API's first page (the list pages by 50)
    const list = await api('am_sichuan', 'GET', '/agreements?limit=50');
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="agr-list-table"] tbody tr').length === n, list.items.length);
    // 已入围 and in force: what the opportunity form offers
    await page.goto('/agreements?application=listed&state=in_force,expiring');
    await page.getByTestId(`agr-link-${s.agreementId}`).waitFor();
    const listed = await api('am_sichuan', 'GET', '/agreements?application=listed&state=in_force,expiring&limit=50');
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="agr-list-table"] tbody tr').length === n, listed.items.length);
    await screenshot('agreement-list');
    assertNoPageProblems('authorising the dealer');
    await signOut(page);
  });

  step('the sales rep names the agreement on a new opportunity: above the cap is refused, at the cap accepted', async () => {
    await signIn(page, 'rep_chengdu');
    // the rep reads the agreement but does not manage it
    await page.goto(`/agreements/${s.agreementId}`);
    await page.getByTestId('agr-title').filter({ hasText: NAME }).waitFor();
    await page.getByTestId('agr-status').filter({ hasText: '已入围' }).waitFor();
    for (const testId of ['agr-edit', 'agr-dealers-edit', 'agr-listings-edit', 'agr-competitor-add']) {
      assert.equal(await page.getByTestId(testId).count(), 0, `no ${testId} for a sales rep`);
    }

    // one of the dealer's accounts that buys by framework agreement
    const accounts = await api('rep_chengdu', 'GET', `/accounts?q=${encodeURIComponent('成都市')}&limit=100`);
    const account = accounts.items.find((a) => a.procurement_method === 'agreement');
    assert.ok(account, `rep_chengdu has a 协议供货 account: ${JSON.stringify(accounts.items.map((a) => [a.name, a.procurement_method]))}`);
    const [model] = s.models;
    await page.goto(`/opportunities/new?account_id=${account.id}`);
    await page.getByRole('heading', { name: '新建商机' }).waitFor();
    await page.getByTestId('opp-procurement-method').filter({ hasText: '协议供货' }).waitFor();
    await choose('opp-agreement', new RegExp(`^${escape(NAME)}`));
    await field('opp-title').fill(`${account.name}协议采购${STAMP}`);
    await choose('opp-line-model-0', new RegExp(`^${escape(model.name)}`));
    await field('opp-line-quantity-0').fill('2');
    await field('opp-line-quantity-0').press('Tab');
    await typeDate('opp-expected-date', dayFromToday(60));
    await screenshot('agreement-opportunity-form');
    const created = responseOf('POST', '/api/v1/opportunities');
    await page.getByTestId('opp-submit').click();
    const answer = await created;
    assert.equal(answer.status(), 201, await answer.text());
    assert.equal(JSON.parse(answer.request().postData()).agreement_id, s.agreementId);
    const opportunity = await answer.json();
    s.opportunityId = opportunity.id;
    assert.equal(opportunity.agreement_id, s.agreementId);
    await page.waitForURL(`**/opportunities/${s.opportunityId}`);
    const link = page.getByTestId('opp-agreement-link');
    await link.filter({ hasText: NAME }).waitFor();
    assert.equal(await link.getAttribute('href'), `/agreements/${s.agreementId}`);

    // 我方报价: 1,000 元 above the cap is refused, beside the price
    await page.getByRole('tab', { name: /^我方报价/ }).click();
    await page.getByTestId('opp-quotes').waitFor();
    await page.getByTestId('opp-quote-add').click();
    const dialog = page.getByTestId('opp-quote-dialog');
    await dialog.waitFor();
    await dialog.getByTestId('opp-quote-model').filter({ hasText: model.name }).waitFor();
    const quotes = `/api/v1/opportunities/${s.opportunityId}/quotes`;
    const expected = expectHttpError(quotes, 422);
    await field('opp-quote-price').fill(String(model.cap_fen / 100 + 1000));
    await field('opp-quote-price').press('Tab');
    let quoted = responseOf('POST', quotes);
    await page.getByTestId('opp-quote-save').click();
    const refused = await quoted;
    assert.equal(refused.status(), 422);
    const problem = await refused.json();
    const aboveCap = (problem.errors ?? []).find((e) => e.code === 'agreement_above_cap');
    assert.ok(aboveCap || /^agreement/.test(problem.code ?? ''), `refused for the cap: ${JSON.stringify(problem)}`);
    const said = dialog.locator('.el-form-item__error, [data-testid="opp-quote-error"]').first();
    await said.waitFor();
    if (aboveCap) {
      assert.equal(aboveCap.field, 'unit_price_fen');
      await dialog.locator('.el-form-item__error').filter({ hasText: '报价高于该车型的协议价（上限价）' }).waitFor();
    } else {
      assert.ok((await said.innerText()).trim(), 'the refusal is said in the dialog');
    }
    assert.ok(await dialog.isVisible(), 'the dialog stays open');
    await screenshot('agreement-quote-above-cap');
    assert.ok(expected.seen, 'the 422 answer was logged by the browser');

    // at the cap: accepted
    await field('opp-quote-price').fill(String(model.cap_fen / 100));
    await field('opp-quote-price').press('Tab');
    quoted = responseOf('POST', quotes);
    await page.getByTestId('opp-quote-save').click();
    const accepted = await quoted;
    assert.equal(accepted.status(), 201, await accepted.text());
    await dialog.waitFor({ state: 'hidden' });
    await page.getByTestId('opp-quotes').locator('[data-testid^="opp-quote-status-"]').first().waitFor();
    const detail = await api('rep_chengdu', 'GET', `/opportunities/${s.opportunityId}`);
    assert.deepEqual(detail.quotes.map((q) => q.unit_price_fen), [model.cap_fen]);
    assert.equal(detail.agreement_name, NAME);

    // the agreement's opportunities: the list filtered with its tag
    await page.goto(`/opportunities?agreement_id=${s.agreementId}`);
    await page.getByTestId('opp-agreement-filter').filter({ hasText: `协议：${NAME}` }).waitFor();
    await page.getByTestId(`opp-link-${s.opportunityId}`).waitFor();
    assertNoPageProblems('the opportunity under the agreement');
    await signOut(page);
  });

  step('入围覆盖 shows the province’s category listed, at 1280 px and on a 375-px phone', async () => {
    await signIn(page, 'am_sichuan');
    const coverage = await api('am_sichuan', 'GET', '/agreements/coverage');
    const row = coverage.rows.find((r) => r.unit_id === s.province.id);
    assert.ok(row, `the coverage has a row for ${s.province.name}`);
    assert.equal(coverage.rows[0].unit_id, null, 'the central row first');
    assert.equal(row.cells.find((c) => c.category === s.category.code)?.status, 'listed');

    await clickStill(page.getByTestId('menu-agreement-coverage'));
    await page.waitForURL((url) => url.pathname === '/agreements/coverage');
    const cell = page.locator(`[data-testid="agr-cell-${s.province.id}-${s.category.code}"][data-status="listed"]`);
    await cell.waitFor();
    assert.match(await cell.innerText(), /已入围/);
    assert.equal(await page.getByTestId('agr-coverage-table').locator('tbody tr').count(), coverage.rows.length);
    await page.getByTestId('agr-coverage-row-central').filter({ hasText: '中央' }).waitFor();
    await screenshot('agreement-coverage');

    await page.setViewportSize({ width: 375, height: 812 });
    try {
      await page.reload();
      await cell.waitFor();
      await noSidewaysScroll('the coverage page');
      // the province column stays in view while the grid scrolls
      const name = page.getByTestId(`agr-coverage-row-${s.province.id}`).first();
      await name.waitFor();
      const box = await name.boundingBox();
      assert.ok(box && box.x >= 0 && box.x + box.width <= 375, 'the province’s name is on the screen');
      await cell.scrollIntoViewIfNeeded();
      await screenshot('phone-agreement-coverage');
      // the cell opens the agreements behind it
      await cell.click();
      await page.waitForURL(
        (url) => url.pathname === '/agreements' && url.searchParams.get('unit_id') === String(s.province.id) && url.searchParams.get('category') === s.category.code,
      );
      await page.getByTestId(`agr-card-${s.agreementId}`).filter({ hasText: NAME }).waitFor();
      await noSidewaysScroll('the agreement list');
      await screenshot('phone-agreement-list');
      assertNoPageProblems('the coverage');
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
    }
  });
});
