// End-to-end test of an opportunity (商机) from lead to delivery against the real fleetkam server
// with its demo data, in Debian's Chromium, through the UI: a Chengdu rep registers a lead (报备)
// on one of the dealer's accounts and the Sichuan area manager approves it in 报备审核; the rep
// converts it (转为商机) with a catalogue model, moves the opportunity forward (the 变更阶段
// dialog on its page, a drag on 商机看板 and a card's "移动到…" menu) and quotes far under the
// guide price, which the quote dialog says needs the regional director and HQ before it is
// submitted; moving to 赢取订单 while the quote waits is refused with the server's reason
// (quote.pending) in Chinese; the regional director (大区) and then the KA director (总部)
// approve in 报价审批, the status read on the opportunity after each; the rep wins it with a
// reason and records the delivery (交车) of the units, and 价值金字塔 shows the account's grade
// with that many more units delivered. Also the opportunity page on a 390-px phone.
// Fails on any console error or Content-Security-Policy violation in the page.
//
// It starts `$FLEETKAM_BIN serve --demo` on a free port with a fresh SQLite database and the
// built web app (web/dist: run `npm run build` first).
//
//   FLEETKAM_BIN   server binary (default ../build/fleetkam relative to web/)
//   CHROMIUM_BIN   browser (default /usr/bin/chromium)
//
// A server without the opportunity API (404 on GET /api/v1/opportunities) fails the first
// step, which says so, and skips the rest.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { clickStill, dayFromToday, serverBin, setUpE2e, signIn, signOut } from './support.mjs';

const CHENGDU_DEALER = '成都鑫达汽车销售服务有限公司';
/** One of the Chengdu dealer's demo accounts (a 重点 account, 协议供货, no opportunity yet). */
const ACCOUNT = '成都市卫生健康委员会';
const VEHICLE = '化验车';
/** The catalogue model of that type: 江铃 JX5046XJC 化验车, guide price ¥356,000 (demo catalogue). */
const MODEL = /JX5046XJC 化验车/;
const QUANTITY = 6;
/** 10 % under the guide price: beyond the 协议供货 band's 8 %, so the region and HQ must approve. */
const QUOTE_PRICE_YUAN = 320400;
const TITLE = `${ACCOUNT}化验车更新${String(Date.now()).slice(-5)}`;

describe('an opportunity from lead to delivery (商机)', { timeout: 420_000 }, () => {
  /** Whether the server answers the opportunity routes at all (null: not asked yet). */
  let apiServed = null;
  const e2e = setUpE2e({
    name: 'opportunities',
    demo: true,
    timezoneId: 'Asia/Shanghai',
    skipStep: () => (apiServed === false ? 'the server does not answer /api/v1/opportunities' : null),
  });
  const { step, expectHttpError, assertNoPageProblems, apiAs, screenshot, field, choose, typeDate } = e2e;
  /** The session's page, once its before hook has opened it. */
  let page;
  before(() => {
    page = e2e.page;
  });
  const expectedDate = dayFromToday(120);
  let registrationId = 0;
  let opportunityId = 0;
  let quoteId = 0;
  /** The account's grade as the opportunity page names it (重点 for the demo account). */
  let gradeLabel = '';
  /** Units delivered to the grade's accounts, read in 价值金字塔 before the delivery. */
  let unitsBefore = -1;

  async function switchUser(username) {
    await signOut(page);
    await signIn(page, username);
  }

  async function readBack(username, path) {
    const response = await apiAs(username, 'GET', path);
    const text = await response.text();
    assert.equal(response.status, 200, `GET ${path} as ${username}: ${text}`);
    return JSON.parse(text);
  }

  /** A step of the tracker (销售流程) in the given state: process (current), success, wait … */
  const salesStep = (stage, status) => page.locator(`[data-testid="opp-step-${stage}"][data-status="${status}"]`);

  /** The opportunity's page, read afresh. */
  async function openOpportunity() {
    await page.goto(`/opportunities/${opportunityId}`);
    await page.getByTestId('opp-title').filter({ hasText: TITLE }).waitFor();
  }

  /** 变更阶段 on the opportunity's page: to `stageName`, with a reason when given. */
  async function moveOnPage(stageName, reason) {
    await page.getByTestId('opp-move-open').click();
    const dialog = page.getByTestId('opp-transition-dialog');
    await dialog.waitFor();
    await choose('opp-move-stage', stageName);
    if (reason !== undefined) await page.locator('textarea[data-testid="opp-move-reason"]').fill(reason);
    await page.getByTestId('opp-move-save').click();
    return dialog;
  }

  /** The 我方报价 tab of the opportunity's page. */
  async function openQuotesTab() {
    await page.getByRole('tab', { name: /^我方报价/ }).click();
    await page.getByTestId('opp-quotes').waitFor();
  }

  /** 价值金字塔: the units delivered to the accounts of the grade named `label`, read from the table. */
  async function pyramidUnits(label) {
    await page.getByTestId('menu-pyramid').click();
    await page.waitForURL(/\/insights\/pyramid$/);
    await page.getByRole('heading', { name: '价值金字塔' }).waitFor();
    const rows = page.getByTestId('pyramid-table').locator('tr.el-table__row');
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid="pyramid-table"] tr.el-table__row').length === 3,
    );
    await page.getByTestId('pyramid-totals').waitFor();
    for (let i = 0; i < (await rows.count()); i += 1) {
      const cells = (await rows.nth(i).locator('td').allInnerTexts()).map((cell) => cell.trim());
      if (cells[0] === label) return Number(cells[3].replace(/,/g, ''));
    }
    assert.fail(`no row for ${label} in 价值金字塔`);
  }

  it('the server answers the opportunity API (GET /api/v1/opportunities, /me permissions)', async () => {
    const list = await apiAs('rep_chengdu', 'GET', '/opportunities?limit=1');
    apiServed = list.status !== 404;
    assert.ok(
      apiServed,
      `GET /api/v1/opportunities answered 404: this server (${serverBin}) has no opportunity API yet; the other steps are skipped`,
    );
    assert.equal(list.status, 200, await list.text());
    const rep = await readBack('rep_chengdu', '/me');
    for (const permission of ['registrations.create', 'opportunities.write', 'deliveries.write']) {
      assert.ok(rep.permissions.includes(permission), `a sales rep holds ${permission}: ${rep.permissions}`);
    }
    assert.ok(!rep.permissions.includes('quotes.approve'), 'a sales rep does not approve quotes');
    const rd = await readBack('rd_southwest', '/me');
    assert.ok(rd.permissions.includes('quotes.approve'), `a regional director approves quotes: ${rd.permissions}`);
    // The demo account the lead is for: the Chengdu dealer's, without an opportunity yet.
    const accounts = await readBack('rep_chengdu', `/accounts?q=${encodeURIComponent(ACCOUNT)}`);
    const account = accounts.items.find((item) => item.name === ACCOUNT);
    assert.ok(account, `${ACCOUNT} is one of rep_chengdu's accounts: ${JSON.stringify(accounts.items.map((a) => a.name))}`);
    const open = await readBack('rep_chengdu', `/opportunities?account_id=${account.id}`);
    assert.deepEqual(open.items, [], `${ACCOUNT} has no opportunity in the demo`);
  });

  step('rep_chengdu registers a lead (报备) on one of the dealer’s accounts', async () => {
    await signIn(page, 'rep_chengdu');
    await page.getByTestId('menu-registrations').click();
    await page.waitForURL(/\/registrations$/);
    await page.getByTestId('reg-create').click();
    await page.waitForURL(/\/registrations\/new$/);
    await page.getByRole('heading', { name: '新建报备' }).waitFor();

    // 已有客户: found by typing part of its name.
    await page.getByTestId('reg-mode-existing').click();
    await page.getByTestId('reg-account-select').click();
    await page.keyboard.type('卫生健康');
    await page.getByRole('option', { name: new RegExp(`^${ACCOUNT}`) }).locator('visible=true').first().click();

    await choose('reg-vehicle-type', VEHICLE);
    await field('reg-model').fill('JX5046XJC 化验车');
    await field('reg-quantity').fill(String(QUANTITY));
    await field('reg-quantity').press('Tab');
    await field('reg-budget').fill('2100000');
    await field('reg-budget').press('Tab');
    await typeDate('reg-expected-date', expectedDate);
    await choose('reg-procurement-method', '协议供货');
    await choose('reg-source-channel', '政府采购网站');
    await page.getByTestId('reg-info-class-direct').click();
    await page.locator('textarea[data-testid="reg-note"]').fill('卫健委明年更新化验车 6 台，已与装备科对接');
    await screenshot('opportunity-lead-form');

    await page.getByTestId('reg-submit').click();
    await page.waitForURL(/\/registrations\/\d+\?created=1$/);
    registrationId = Number(/\/registrations\/(\d+)/.exec(page.url())?.[1]);
    await page.getByTestId('reg-title').filter({ hasText: ACCOUNT }).waitFor();
    await page.getByTestId('reg-status').first().filter({ hasText: '待审核' }).waitFor();
    assert.equal(await page.getByTestId('reg-convert').count(), 0, 'a pending registration cannot be converted');
    assertNoPageProblems('registering the lead');
  });

  step('am_sichuan approves the lead in 报备审核', async () => {
    await switchUser('am_sichuan');
    await page.getByTestId('menu-registration-review').click();
    await page.waitForURL(/\/registrations\/review$/);
    const row = page
      .getByTestId('reg-queue-table')
      .locator('tr.el-table__row')
      .filter({ has: page.getByTestId(`reg-queue-review-${registrationId}`) });
    await row.filter({ hasText: '待审核' }).filter({ hasText: CHENGDU_DEALER }).waitFor();
    await page.getByTestId(`reg-queue-review-${registrationId}`).click();
    const dialog = page.getByTestId('reg-review-dialog');
    await dialog.waitFor();
    await dialog.getByTestId('reg-review-summary').filter({ hasText: ACCOUNT }).waitFor();
    await dialog.getByTestId('reg-review-approve').click();
    await dialog.getByTestId('reg-review-authentic').click();
    await dialog.getByTestId('reg-review-accurate').click();
    await page.getByTestId('reg-review-save').click();
    await dialog.waitFor({ state: 'hidden' });
    await page.locator('.el-message--success').filter({ hasText: '已批准' }).waitFor();
    await page.getByTestId(`reg-queue-review-${registrationId}`).waitFor({ state: 'detached' });
    const approved = await readBack('am_sichuan', `/registrations/${registrationId}`);
    assert.equal(approved.status, 'approved');
    assertNoPageProblems('approving the lead');
  });

  step('rep_chengdu converts the approved registration (转为商机) with a catalogue model × 6', async () => {
    await switchUser('rep_chengdu');
    await page.getByTestId('menu-registrations').click();
    await page.getByTestId(`reg-link-${registrationId}`).click();
    await page.waitForURL(new RegExp(`/registrations/${registrationId}$`));
    await page.getByTestId('reg-status').first().filter({ hasText: '已批准' }).waitFor();
    await page.getByTestId('reg-convert').filter({ hasText: '转为商机' }).click();
    await page.waitForURL(new RegExp(`/opportunities/new\\?registration_id=${registrationId}$`));
    await page.getByRole('heading', { name: '新建商机' }).waitFor();
    await page.getByTestId('opp-form-from-registration').filter({ hasText: `由报备 #${registrationId} 转为商机` }).waitFor();
    await page.getByTestId('opp-form-account-fixed').filter({ hasText: ACCOUNT }).waitFor();

    // Taken from the registration: the type, the quantity, the expected date, the method.
    await page.getByTestId('opp-line-type-0').filter({ hasText: VEHICLE }).waitFor();
    assert.equal(await field('opp-line-quantity-0').inputValue(), String(QUANTITY));
    assert.equal(await field('opp-expected-date').inputValue(), expectedDate);
    await page.getByTestId('opp-procurement-method').filter({ hasText: '协议供货' }).waitFor();

    await field('opp-title').fill(TITLE);
    // The catalogue model fills in its guide price.
    await choose('opp-line-model-0', MODEL);
    await page.waitForFunction(
      () => document.querySelector('[data-testid="opp-line-price-0"] input')?.value === '356000.00',
    );
    await field('opp-line-quantity-0').fill(String(QUANTITY));
    await field('opp-line-quantity-0').press('Tab');
    await page.getByTestId('opp-lines-total').filter({ hasText: `合计 ${QUANTITY} 台，2,136,000 元` }).waitFor();
    await field('opp-probability').fill('60');
    await field('opp-probability').press('Tab');
    await page.getByTestId('opp-value').getByText('高', { exact: true }).click();
    await screenshot('opportunity-form');

    await page.getByTestId('opp-submit').click();
    await page.waitForURL(/\/opportunities\/\d+$/);
    opportunityId = Number(/\/opportunities\/(\d+)$/.exec(page.url())?.[1]);
    await page.locator('.el-message--success').filter({ hasText: '商机已创建' }).waitFor();
    await page.getByTestId('opp-title').filter({ hasText: TITLE }).waitFor();
    await salesStep('discover', 'process').waitFor();
    const overview = await page.getByTestId('opp-overview').innerText();
    assert.match(overview, new RegExp(ACCOUNT));
    assert.match(overview, new RegExp(CHENGDU_DEALER));
    assert.match(overview, new RegExp(`#${registrationId}`));
    gradeLabel = /客户分级\s+(\S+)/.exec(overview)?.[1] ?? '';
    assert.equal(gradeLabel, '重点', `the account's grade on the page: ${overview}`);
    const lines = await page.getByTestId('opp-lines-table').locator('tr.el-table__row').allInnerTexts();
    assert.equal(lines.length, 1);
    assert.match(lines[0], /化验车[\s\S]*JX5046XJC 化验车[\s\S]*6[\s\S]*356,000 元[\s\S]*2,136,000 元/);
    await page.getByTestId('opp-amount').filter({ hasText: '2,136,000 元' }).waitFor();

    const opportunity = await readBack('rep_chengdu', `/opportunities/${opportunityId}`);
    assert.equal(opportunity.registration_id, registrationId);
    assert.equal(opportunity.stage, 'discover');
    assert.equal(opportunity.quantity, QUANTITY);
    assert.equal(opportunity.lines[0].model_id !== null, true, 'the line names the catalogue model');
    const registration = await readBack('rep_chengdu', `/registrations/${registrationId}`);
    assert.equal(registration.status, 'converted');
    assert.equal(registration.opportunity_id, opportunityId);
    await screenshot('opportunity-created');
    assertNoPageProblems('converting the registration');
  });

  step('rep_chengdu moves it forward: on its page, by dragging on 商机看板, by a card’s menu, on its page', async () => {
    // 发现需求 → 接触客户 on the opportunity's page.
    const dialog = await moveOnPage('接触客户');
    await dialog.waitFor({ state: 'hidden' });
    await page.locator('.el-message--success').filter({ hasText: '已移动到接触客户' }).waitFor();
    await salesStep('contact', 'process').waitFor();
    await page.locator('[data-testid="opp-pstep-planning"][data-status="process"]').waitFor();

    // 接触客户 → 需求分析 by dragging the card on the board.
    await page.getByTestId('menu-opportunity-board').click();
    await page.waitForURL(/\/opportunities\/board$/);
    await page.getByRole('heading', { name: '商机看板' }).waitFor();
    const card = page.getByTestId(`opp-card-${opportunityId}`);
    await page.getByTestId('opp-column-contact').getByTestId(`opp-card-${opportunityId}`).waitFor();
    await card.dragTo(page.getByTestId('opp-column-analyze'));
    await page.locator('.el-message--success').filter({ hasText: '已移动到需求分析' }).waitFor();
    await page.getByTestId('opp-column-analyze').getByTestId(`opp-card-${opportunityId}`).waitFor();

    // 需求分析 → 销售定位 with the card's 移动到… menu.
    await page.getByTestId(`opp-card-move-${opportunityId}`).click();
    await clickStill(page.getByTestId(`opp-card-move-${opportunityId}-position`));
    await page.locator('.el-message--success').filter({ hasText: '已移动到销售定位' }).waitFor();
    await page.getByTestId('opp-column-position').getByTestId(`opp-card-${opportunityId}`).waitFor();
    await screenshot('opportunity-board');

    // 销售定位 → 跟进投标 on its page again.
    await page.getByTestId(`opp-card-link-${opportunityId}`).click();
    await page.waitForURL(new RegExp(`/opportunities/${opportunityId}$`));
    await salesStep('position', 'process').waitFor();
    const again = await moveOnPage('跟进投标');
    await again.waitFor({ state: 'hidden' });
    await salesStep('bid', 'process').waitFor();
    for (const stage of ['discover', 'contact', 'analyze', 'position']) await salesStep(stage, 'success').waitFor();
    await page.locator('[data-testid="opp-pstep-tender"][data-status="process"]').waitFor();

    // 阶段记录: every move, in order.
    await page.getByRole('tab', { name: '阶段记录' }).click();
    const history = await readBack('rep_chengdu', `/opportunities/${opportunityId}/transitions`);
    assert.deepEqual(
      history.items.map((entry) => entry.to_stage),
      ['discover', 'contact', 'analyze', 'position', 'bid'],
    );
    assertNoPageProblems('moving the opportunity forward');
  });

  step('rep_chengdu quotes far under the guide price: the dialog says the region and HQ must approve', async () => {
    await openQuotesTab();
    await page.getByTestId('opp-quote-add').click();
    const dialog = page.getByTestId('opp-quote-dialog');
    await dialog.waitFor();
    // The opportunity's model and quantity to begin with, at the guide price: within the band.
    await dialog.getByTestId('opp-quote-model').filter({ hasText: MODEL }).waitFor();
    assert.equal(await field('opp-quote-quantity').inputValue(), String(QUANTITY));
    await dialog.getByTestId('opp-quote-guide').filter({ hasText: '356,000 元' }).waitFor();
    await dialog.locator('[data-testid="opp-quote-approval"][data-level="none"]').waitFor();

    await field('opp-quote-price').fill(String(QUOTE_PRICE_YUAN));
    await field('opp-quote-price').press('Tab');
    const approval = dialog.locator('[data-testid="opp-quote-approval"][data-level="hq"]');
    await approval.waitFor();
    assert.equal((await approval.innerText()).trim(), '需大区总监和总部审批');
    assert.equal((await dialog.getByTestId('opp-quote-discount').innerText()).trim(), '10%');
    assert.match(await dialog.getByTestId('opp-quote-band').innerText(), /协议供货：3% 内无需审批，超过 8% 需总部审批/);
    await page.locator('textarea[data-testid="opp-quote-note"]').fill('竞品报价较低，申请特价');
    await screenshot('opportunity-quote-dialog');

    await page.getByTestId('opp-quote-save').click();
    await dialog.waitFor({ state: 'hidden' });
    await page.locator('.el-message--success').filter({ hasText: '报价已提交，等待审批' }).waitFor();
    const status = page.getByTestId('opp-quotes').locator('[data-testid^="opp-quote-status-"]');
    await status.first().filter({ hasText: '待大区审批' }).waitFor();
    assert.equal(await status.count(), 1);
    quoteId = Number((await status.first().getAttribute('data-testid')).replace('opp-quote-status-', ''));
    await page.getByRole('tab', { name: '我方报价 (1)' }).waitFor();

    const { quotes } = await readBack('rep_chengdu', `/opportunities/${opportunityId}`);
    assert.equal(quotes.length, 1);
    assert.equal(quotes[0].id, quoteId);
    assert.equal(quotes[0].unit_price_fen, QUOTE_PRICE_YUAN * 100);
    assert.equal(quotes[0].approval_level, 'hq');
    assert.equal(quotes[0].status, 'pending_regional');
    assertNoPageProblems('quoting');
  });

  step('rep_chengdu cannot win it while the quote waits: the server’s refusal (quote.pending) in Chinese', async () => {
    const refused = expectHttpError(`/api/v1/opportunities/${opportunityId}/transitions`, 409);
    const dialog = await moveOnPage('赢取订单', '客户已确认采购我方化验车');
    await dialog.getByTestId('opp-move-error').filter({ hasText: '还有报价在等待审批，审批完成后才能赢单' }).waitFor();
    await page.locator('.el-message--error').filter({ hasText: '还有报价在等待审批，审批完成后才能赢单' }).waitFor();
    assert.ok(refused.seen, 'the 409 answer was logged by the browser');
    await screenshot('opportunity-won-refused');
    await dialog.getByRole('button', { name: '取消' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await salesStep('bid', 'process').waitFor();
    const opportunity = await readBack('rep_chengdu', `/opportunities/${opportunityId}`);
    assert.equal(opportunity.stage, 'bid', 'still 跟进投标');
    assertNoPageProblems('the refused win');
  });

  step('rd_southwest approves the regional step in 报价审批; the quote then waits for HQ', async () => {
    await switchUser('rd_southwest');
    await page.getByTestId('menu-quote-inbox').click();
    await page.waitForURL(/\/quotes\/inbox$/);
    await page.getByRole('heading', { name: '报价审批' }).waitFor();
    const row = page
      .getByTestId('quote-inbox-table')
      .locator('tr.el-table__row')
      .filter({ has: page.getByTestId(`quote-inbox-decide-${quoteId}`) });
    await row.filter({ hasText: TITLE }).filter({ hasText: CHENGDU_DEALER }).filter({ hasText: '大区审批' }).waitFor();
    assert.equal((await row.getByTestId(`quote-inbox-discount-${quoteId}`).innerText()).trim(), '10%');
    await screenshot('opportunity-quote-inbox-regional');

    await page.getByTestId(`quote-inbox-decide-${quoteId}`).click();
    const dialog = page.getByTestId('quote-decision-dialog');
    await dialog.waitFor();
    await dialog.getByText('报价审批（大区）').waitFor();
    await dialog.getByText('该报价折扣超过总部审批折扣，大区批准后还需总部审批。').waitFor();
    await dialog.getByTestId('quote-decision-approve').click();
    await page.locator('textarea[data-testid="quote-decision-note"]').fill('同意，报总部');
    await page.getByTestId('quote-decision-save').click();
    await dialog.waitFor({ state: 'hidden' });
    await page.locator('.el-message--success').filter({ hasText: '已批准该报价' }).waitFor();
    await page.getByTestId(`quote-inbox-decide-${quoteId}`).waitFor({ state: 'detached' });

    // On the opportunity: waiting for HQ, the regional approval in the trail.
    await openOpportunity();
    await openQuotesTab();
    await page.getByTestId(`opp-quote-status-${quoteId}`).filter({ hasText: '待总部审批' }).waitFor();
    await page.getByTestId(`opp-quote-trail-${quoteId}`).filter({ hasText: /大区·批准/ }).waitFor();
    const quote = (await readBack('rd_southwest', `/opportunities/${opportunityId}`)).quotes[0];
    assert.equal(quote.status, 'pending_hq');
    assertNoPageProblems('the regional approval');
  });

  step('director approves the HQ step in 报价审批; the quote is approved', async () => {
    await switchUser('director');
    await page.getByTestId('menu-quote-inbox').click();
    await page.waitForURL(/\/quotes\/inbox$/);
    const row = page
      .getByTestId('quote-inbox-table')
      .locator('tr.el-table__row')
      .filter({ has: page.getByTestId(`quote-inbox-decide-${quoteId}`) });
    await row.filter({ hasText: TITLE }).filter({ hasText: '总部审批' }).waitFor();
    await page.getByTestId(`quote-inbox-decide-${quoteId}`).click();
    const dialog = page.getByTestId('quote-decision-dialog');
    await dialog.waitFor();
    await dialog.getByText('报价审批（总部）').waitFor();
    await dialog.getByTestId('quote-decision-approve').click();
    await page.getByTestId('quote-decision-save').click();
    await dialog.waitFor({ state: 'hidden' });
    await page.locator('.el-message--success').filter({ hasText: '已批准该报价' }).waitFor();
    await page.getByTestId(`quote-inbox-decide-${quoteId}`).waitFor({ state: 'detached' });

    await openOpportunity();
    await openQuotesTab();
    await page.getByTestId(`opp-quote-status-${quoteId}`).filter({ hasText: '已批准' }).waitFor();
    const trail = page.getByTestId(`opp-quote-trail-${quoteId}`);
    await trail.filter({ hasText: /大区·批准/ }).filter({ hasText: /总部·批准/ }).waitFor();
    await screenshot('opportunity-quote-approved');
    const quote = (await readBack('director', `/opportunities/${opportunityId}`)).quotes[0];
    assert.equal(quote.status, 'approved');
    assert.deepEqual(
      quote.approvals.map((a) => `${a.level}:${a.decision}`),
      ['regional:approve', 'hq:approve'],
    );
    assertNoPageProblems('the HQ approval');
  });

  step('rep_chengdu reads the units delivered to 重点 accounts in 价值金字塔', async () => {
    await switchUser('rep_chengdu');
    unitsBefore = await pyramidUnits(gradeLabel);
    assert.ok(Number.isInteger(unitsBefore) && unitsBefore >= 0, `units before: ${unitsBefore}`);
    const pyramid = await readBack('rep_chengdu', '/accounts/pyramid');
    assert.equal(pyramid.grades.find((g) => g.grade === 'key')?.units, unitsBefore, 'the page shows what the API says');
    assertNoPageProblems('the value pyramid');
  });

  step('rep_chengdu wins it with a reason and records the delivery (交车) of the 6 units', async () => {
    await openOpportunity();
    const dialog = await moveOnPage('赢取订单', '客户已确认采购我方化验车，合同已签');
    await dialog.waitFor({ state: 'hidden' });
    await page.locator('.el-message--success').filter({ hasText: '已移动到赢取订单' }).waitFor();
    await page.getByTestId('opp-won').filter({ hasText: `已赢单 · ${QUANTITY} 台` }).filter({ hasText: '合同已签' }).waitFor();
    await salesStep('won', 'success').waitFor();
    assert.equal(await page.getByTestId('opp-move-open').count(), 0, 'a won opportunity cannot be moved');
    assert.equal(await page.getByTestId('opp-edit-open').count(), 0, 'nor edited');

    await page.getByRole('tab', { name: /^交车/ }).click();
    await page.getByTestId('opp-delivery-progress').filter({ hasText: `已交车 0 / 赢单 ${QUANTITY} 台` }).waitFor();
    await page.getByTestId('opp-delivery-add').click();
    const delivery = page.getByTestId('opp-delivery-dialog');
    await delivery.waitFor();
    // What is left to deliver, today, the opportunity's line.
    assert.equal(await field('opp-delivery-quantity').inputValue(), String(QUANTITY));
    assert.equal(await field('opp-delivery-date').inputValue(), dayFromToday(0));
    assert.match(await field('opp-delivery-model').inputValue(), MODEL);
    assert.equal(await delivery.getByTestId('opp-delivery-over').count(), 0);
    await screenshot('opportunity-delivery-dialog');
    await page.getByTestId('opp-delivery-save').click();
    await delivery.waitFor({ state: 'hidden' });
    await page.locator('.el-message--success').filter({ hasText: '交车已登记' }).waitFor();
    await page.getByTestId('opp-delivery-progress').filter({ hasText: `已交车 ${QUANTITY} / 赢单 ${QUANTITY} 台` }).waitFor();
    const rows = await page.getByTestId('opp-delivery-table').locator('tr.el-table__row').allInnerTexts();
    assert.equal(rows.length, 1);
    assert.match(rows[0], new RegExp(`${dayFromToday(0)}\\s+${QUANTITY}\\s`));
    await screenshot('opportunity-delivered');

    const opportunity = await readBack('rep_chengdu', `/opportunities/${opportunityId}`);
    assert.equal(opportunity.stage, 'won');
    assert.equal(opportunity.won_units, QUANTITY);
    assert.equal(opportunity.delivered_units, QUANTITY);
    assertNoPageProblems('winning and delivering');
  });

  step('价值金字塔 shows the 6 units more for 重点 accounts', async () => {
    const unitsAfter = await pyramidUnits(gradeLabel);
    assert.equal(unitsAfter, unitsBefore + QUANTITY, `${gradeLabel}: ${unitsBefore} → ${unitsAfter}`);
    await screenshot('opportunity-pyramid');
    assertNoPageProblems('the value pyramid after the delivery');
  });

  step('the opportunity page fits a 390-px phone', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      await openOpportunity();
      await page.getByTestId('opp-won').waitFor();
      await page.getByTestId('opp-tracker').waitFor();
      await page.getByTestId('opp-lines-table').waitFor();
      await page.waitForLoadState('networkidle');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `the opportunity page does not scroll sideways (${overflow}px)`);
      await screenshot('phone-opportunity');
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
    }
    assertNoPageProblems('the opportunity page on a phone');
  });
});
