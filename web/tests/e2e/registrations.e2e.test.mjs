// End-to-end test of lead registration (报备) against the real fleetkam server with its demo
// data, in Debian's Chromium: a Chengdu rep registers a lead for a new account; a Zigong rep
// registers the same organisation, is told on typing its name that it is another dealer's
// account, and gets a conflict; the Sichuan area manager sees the conflict side by side in
// 报备审核 and approves Chengdu's registration, which rejects Zigong's; each rep then sees the
// outcome (Chengdu with the protection countdown). The area manager reads why the demo's lead under the fire
// brigade's name from before the 2018 reform is the Chengdu dealer's account. The area manager then extends the approved
// registration's protection (延长保护期) and reads the protection period, which the KA director
// may change (保护期设置, left as it is). Also the stats page and the form on a phone.
// Fails on any console error or Content-Security-Policy violation in the page.
//
// It starts `$FLEETKAM_BIN serve --demo` on a free port with a fresh SQLite database and the
// built web app (web/dist: run `npm run build` first).
//
//   FLEETKAM_BIN   server binary (default ../build/fleetkam relative to web/)
//   CHROMIUM_BIN   browser (default /usr/bin/chromium)
//
// A server without the registration API (404 on GET /api/v1/registrations) fails the first
// step, which says so, and skips the rest.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_PASSWORD, dayFromToday, serverBin, setUpE2e, signIn, signOut } from './support.mjs';

const DAY_MS = 24 * 60 * 60 * 1000;

const CHENGDU_DEALER = '成都鑫达汽车销售服务有限公司';
const ZIGONG_DEALER = '自贡众诚汽车贸易有限公司';
/** A new organisation in 成都市 (510100), named uniquely for this run. */
const LEAD_ACCOUNT = `成都市应急物资储备中心${String(Date.now()).slice(-5)}号库`;
const VEHICLE = '警备车';

describe('lead registration (报备)', { timeout: 300_000 }, () => {
  /** Whether the server answers the registration routes at all (null: not asked yet). */
  let apiServed = null;
  const e2e = setUpE2e({
    name: 'registrations',
    demo: true,
    timezoneId: 'Asia/Shanghai',
    skipStep: () => (apiServed === false ? 'the server does not answer /api/v1/registrations' : null),
  });
  const { step, assertNoPageProblems, apiAs, screenshot, field, choose, typeDate, pickDivision, scriptUrls } = e2e;
  /** The session's page, once its before hook has opened it. */
  let page;
  before(() => {
    page = e2e.page;
  });
  const expectedDate = dayFromToday(120);
  let chengduId = 0;
  let zigongId = 0;

  /** Fills the lead part of the form: the same vehicle type and expected date for both reps. */
  async function fillLead({ quantity, budget, note }) {
    await choose('reg-vehicle-type', VEHICLE);
    await field('reg-model').fill('SUV 警用版');
    await field('reg-quantity').fill(String(quantity));
    await field('reg-quantity').press('Tab');
    await field('reg-budget').fill(String(budget));
    await field('reg-budget').press('Tab');
    await typeDate('reg-expected-date', expectedDate);
    await choose('reg-procurement-method', '招标采购');
    await choose('reg-source-channel', '政府采购网站');
    await page.getByTestId('reg-info-class-tender').click();
    await page.locator('textarea[data-testid="reg-note"]').fill(note);
  }

  /** 新客户: the lead's organisation, typed in, in 四川省 / 成都市. */
  async function fillNewAccount() {
    await page.getByTestId('reg-mode-new').click();
    await pickDivision('reg-account-division', ['四川省', '成都市'], { byRadio: true });
    const hints = page.waitForResponse((r) => {
      const url = new URL(r.url());
      return url.pathname === '/api/v1/accounts/duplicates' && url.searchParams.get('name') === LEAD_ACCOUNT;
    });
    await field('reg-account-name').fill(LEAD_ACCOUNT);
    const answer = await hints;
    await choose('reg-account-industry', '公安');
    await choose('reg-account-admin-level', '市级');
    await page.getByTestId('reg-account-grade-key').click();
    return answer;
  }

  it('the server answers the registration API (GET /api/v1/registrations, /me permissions)', async () => {
    const list = await apiAs('rep_chengdu', 'GET', '/registrations?limit=1');
    apiServed = list.status !== 404;
    assert.ok(
      apiServed,
      `GET /api/v1/registrations answered 404: this server (${serverBin}) has no registration API yet; the other steps are skipped`,
    );
    assert.equal(list.status, 200, await list.text());
    const me = await (await apiAs('rep_chengdu', 'GET', '/me')).json();
    assert.ok(me.permissions.includes('registrations.create'), `a sales rep may register: ${me.permissions}`);
    assert.ok(me.permissions.includes('registrations.read'));
    assert.ok(!me.permissions.includes('registrations.review'));
    const am = await (await apiAs('am_sichuan', 'GET', '/me')).json();
    assert.ok(am.permissions.includes('registrations.review'), `an area manager reviews: ${am.permissions}`);
  });

  step('rep_chengdu registers a lead for a new account in 成都市', async () => {
    await signIn(page, 'rep_chengdu');
    const menu = await page.locator('nav.side-menu a').allInnerTexts();
    const accounts = menu.indexOf('客户管理');
    assert.ok(accounts >= 0, `客户管理 in the menu: ${menu}`);
    assert.equal(menu[accounts + 1], '报备', `报备 right after 客户管理: ${menu}`);
    assert.ok(!menu.includes('报备审核') && !menu.includes('报备统计'), `no review for a rep: ${menu}`);

    await page.getByTestId('menu-registrations').click();
    await page.waitForURL(/\/registrations$/);
    await page.getByRole('heading', { name: '我的报备' }).waitFor();
    await page.getByTestId('reg-create').click();
    await page.waitForURL(/\/registrations\/new$/);
    await page.getByRole('heading', { name: '新建报备' }).waitFor();

    const hints = await fillNewAccount();
    // The check of the name was answered (and drawn: one frame on): it found no account of anyone's.
    const found = (await hints.json()).candidates;
    assert.ok(!found.some((c) => c.kind === 'duplicate'), `no duplicate: ${JSON.stringify(found)}`);
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve(null))));
    assert.equal(await page.getByTestId('reg-dup-outside').count(), 0, 'a new organisation is nobody’s account');
    assert.equal(await page.getByTestId('reg-dup-own').count(), 0);
    await fillLead({ quantity: 20, budget: 1250000, note: '市应急局年内更新警备车，已与装备处对接' });
    await screenshot('registration-form');

    await page.getByTestId('reg-submit').click();
    await page.waitForURL(/\/registrations\/\d+\?created=1$/);
    chengduId = Number(/\/registrations\/(\d+)/.exec(page.url())?.[1]);
    await page.getByTestId('reg-title').filter({ hasText: LEAD_ACCOUNT }).waitFor();
    await page.getByTestId('reg-status').first().filter({ hasText: '待审核' }).waitFor();
    await page.getByTestId('reg-submitted').waitFor();
    const details = await page.getByTestId('reg-details').innerText();
    assert.match(details, new RegExp(CHENGDU_DEALER));
    assert.match(details, new RegExp(VEHICLE));
    assert.match(details, /¥1,250,000\.00/);
    assert.match(details, new RegExp(expectedDate));
    await screenshot('registration-pending');
    assertNoPageProblems('registering a new account');
  });

  step('rep_zigong types the same organisation, is told it is another dealer’s, and gets a conflict', async () => {
    await signOut(page);
    await signIn(page, 'rep_zigong');
    await page.goto('/registrations/new');
    await page.getByRole('heading', { name: '新建报备' }).waitFor();
    await fillNewAccount();
    const outside = page.getByTestId('reg-dup-outside');
    await outside.waitFor();
    const hint = await outside.innerText();
    assert.match(hint, /该单位已是其他经销商的客户，提交后将进入冲突审核/);
    assert.doesNotMatch(hint, new RegExp(CHENGDU_DEALER), 'the other dealer is not named');
    assert.equal(await page.getByTestId('reg-dup-own').count(), 0);
    await fillLead({ quantity: 15, budget: 1000000, note: '自贡众诚也在跟进' });
    await screenshot('registration-form-conflict-hint');

    await page.getByTestId('reg-submit').click();
    await page.waitForURL(/\/registrations\/\d+\?created=1$/);
    zigongId = Number(/\/registrations\/(\d+)/.exec(page.url())?.[1]);
    assert.notEqual(zigongId, chengduId);
    await page.locator('.el-message--warning').filter({ hasText: '与其他经销商的报备冲突，已提交区域经理审核' }).waitFor();
    const warning = page.getByTestId('reg-conflict-warning');
    await warning.waitFor();
    assert.match(await warning.innerText(), /与其他经销商的报备冲突，已提交区域经理审核/);
    await page.getByTestId('reg-status').first().filter({ hasText: '冲突' }).waitFor();
    assert.equal(await page.getByTestId('reg-conflicts').count(), 0, 'the dealer is not shown the other side');
    assert.doesNotMatch(await page.locator('main').innerText(), new RegExp(CHENGDU_DEALER));
    await screenshot('registration-conflict');
    assertNoPageProblems('registering a conflict');
  });

  step('am_sichuan sees the conflict side by side in 报备审核 and approves 成都鑫达’s registration', async () => {
    await signOut(page);
    await signIn(page, 'am_sichuan');
    const menu = await page.locator('nav.side-menu a').allInnerTexts();
    const accounts = menu.indexOf('客户管理');
    assert.deepEqual(menu.slice(accounts, accounts + 4), ['客户管理', '报备', '报备审核', '报备统计']);

    await page.getByTestId('menu-registration-review').click();
    await page.waitForURL(/\/registrations\/review$/);
    await page.getByRole('heading', { name: '报备审核' }).waitFor();
    const table = page.getByTestId('reg-queue-table');
    const zigongRow = table.locator('tr.el-table__row').filter({ has: page.getByTestId(`reg-queue-review-${zigongId}`) });
    const chengduRow = table.locator('tr.el-table__row').filter({ has: page.getByTestId(`reg-queue-review-${chengduId}`) });
    await zigongRow.filter({ hasText: '冲突' }).filter({ hasText: ZIGONG_DEALER }).waitFor();
    await chengduRow.filter({ hasText: '待审核' }).filter({ hasText: CHENGDU_DEALER }).waitFor();
    // Conflicts first.
    const firstRow = table.locator('tr.el-table__row').first();
    assert.match(await firstRow.innerText(), /冲突/);
    await screenshot('registration-review-queue');

    // The conflict side by side: Zigong's registration and Chengdu's, with the reason.
    await page.getByTestId(`reg-queue-review-${zigongId}`).click();
    const dialog = page.getByTestId('reg-review-dialog');
    await dialog.waitFor();
    const self = dialog.getByTestId('reg-conflict-self');
    const other = dialog.getByTestId(`reg-conflict-${chengduId}`);
    await self.filter({ hasText: ZIGONG_DEALER }).waitFor();
    await other.filter({ hasText: CHENGDU_DEALER }).waitFor();
    assert.match(await other.innerText(), /待审核/);
    assert.match(await other.innerText(), new RegExp(VEHICLE));
    assert.match(await other.innerText(), new RegExp(expectedDate));
    assert.match(await other.innerText(), /冲突原因/);
    await screenshot('registration-review-conflict');

    // Review Chengdu's instead: approve, 真实性 on.
    await other.getByTestId(`reg-conflict-review-${chengduId}`).click();
    await dialog.getByTestId('reg-review-summary').filter({ hasText: CHENGDU_DEALER }).waitFor();
    await dialog.getByTestId('reg-review-approve').click();
    await dialog.getByTestId('reg-review-authentic').click();
    await dialog.getByTestId('reg-review-accurate').click();
    await page.getByTestId('reg-review-save').click();
    await dialog.waitFor({ state: 'hidden' });
    await page.locator('.el-message--success').filter({ hasText: '已批准' }).waitFor();

    // The queue is read again: both are settled.
    await page.getByTestId(`reg-queue-review-${chengduId}`).waitFor({ state: 'detached' });
    await page.getByTestId(`reg-queue-review-${zigongId}`).waitFor({ state: 'detached' });

    // Zigong's was rejected in favour of Chengdu's.
    await page.goto(`/registrations/${zigongId}`);
    await page.getByTestId('reg-status').first().filter({ hasText: '已驳回' }).waitFor();
    await page.goto(`/registrations/${chengduId}`);
    await page.getByTestId('reg-status').first().filter({ hasText: '已批准' }).waitFor();
    assert.match(await page.getByTestId('reg-countdown').first().innerText(), /^保护期剩余 \d+ 天$/);
    assert.equal(await page.getByTestId('reg-authentic').innerText(), '是');
    await screenshot('registration-approved-reviewer');
    assertNoPageProblems('reviewing the conflict');
  });

  step('am_sichuan reads why a lead under a name from before the 2018 reform is the Chengdu dealer’s account', async () => {
    // the demo's Zigong lead for 成都市公安消防支队, the fire brigade's name while it was the police's
    const conflicts = await (await apiAs('am_sichuan', 'GET', '/registrations?status=conflict&limit=100')).json();
    const renamed = conflicts.items.find((r) => r.account_match?.name === '成都市公安消防支队');
    assert.ok(renamed, `a conflict matched through the rename: ${JSON.stringify(conflicts.items.map((r) => r.account_match))}`);
    assert.equal(renamed.account_name, '成都市消防救援支队');
    assert.equal(renamed.account_match.reason, 'renamed in 2018: 公安消防支队 → 消防救援支队');
    await page.goto(`/registrations/${renamed.id}`);
    await page.getByTestId('reg-status').first().filter({ hasText: '冲突' }).waitFor();
    await page
      .getByTestId('reg-account-match')
      .filter({ hasText: '经销商填写的名称「成都市公安消防支队」识别为此客户（2018年机构改革更名：公安消防支队 → 消防救援支队）' })
      .waitFor();
    await screenshot('registration-renamed-agency');
    // the dealer who wrote it learns nothing more than the conflict
    const own = await (await apiAs('rep_zigong', 'GET', `/registrations/${renamed.id}`)).json();
    assert.equal(own.account_match, null);
    assert.equal(own.account_name, null);
    assertNoPageProblems('reading a match through a rename');
  });

  step('am_sichuan extends the approved registration’s protection with a reason (延长保护期)', async () => {
    const me = await (await apiAs('am_sichuan', 'GET', '/me')).json();
    assert.ok(me.permissions.includes('registrations.review'), `an area manager reviews: ${me.permissions}`);
    assert.ok(!me.permissions.includes('settings.manage'), `an area manager does not manage settings: ${me.permissions}`);
    const { protection_days: days } = await (await apiAs('am_sichuan', 'GET', '/settings/registrations')).json();
    assert.ok(Number.isInteger(days) && days >= 1 && days <= 365, `the protection period: ${days}`);
    const before = await (await apiAs('am_sichuan', 'GET', `/registrations/${chengduId}`)).json();
    assert.equal(before.status, 'approved');

    await page.goto(`/registrations/${chengduId}`);
    await page.getByTestId('reg-status').first().filter({ hasText: '已批准' }).waitFor();
    const countdown = page.getByTestId('reg-countdown').first();
    const daysBefore = Number(/^保护期剩余 (\d+) 天$/.exec(await countdown.innerText())?.[1]);
    assert.ok(daysBefore > 0, `the countdown before: ${await countdown.innerText()}`);

    await page.getByTestId('reg-extend-open').click();
    const dialog = page.getByTestId('reg-extend-dialog');
    await dialog.waitFor();
    await dialog.getByTestId('reg-extend-adds').filter({ hasText: `再延长 ${days} 天` }).waitFor();
    // A reason is required.
    await page.getByTestId('reg-extend-save').click();
    await dialog.getByText('请填写延长原因').waitFor();
    await page.locator('textarea[data-testid="reg-extend-reason"]').fill('客户招标推迟到下一季度，成都鑫达仍在跟进');
    await screenshot('registration-extend');
    await page.getByTestId('reg-extend-save').click();
    await dialog.waitFor({ state: 'hidden' });
    await page.locator('.el-message--success').filter({ hasText: '保护期已延长至' }).waitFor();

    // The page shows the registration as it now is: the protection moved on by one period.
    await countdown.filter({ hasText: `保护期剩余 ${daysBefore + days} 天` }).waitFor();
    const after = await (await apiAs('am_sichuan', 'GET', `/registrations/${chengduId}`)).json();
    assert.equal(after.status, 'approved');
    assert.ok(after.version > before.version, `a new version: ${before.version} → ${after.version}`);
    const moved = Date.parse(after.protected_until) - Date.parse(before.protected_until);
    assert.ok(
      Math.abs(moved - days * DAY_MS) < 60 * 60 * 1000,
      `protected_until moved by ${moved / DAY_MS} days (${before.protected_until} → ${after.protected_until}), not ${days}`,
    );
    await screenshot('registration-extended');

    // 报备审核: the protection period as text, not to be changed by an area manager.
    await page.getByTestId('menu-registration-review').click();
    await page.waitForURL(/\/registrations\/review$/);
    await page.getByTestId('reg-protection-days').filter({ hasText: `批准后保护期：${days} 天` }).waitFor();
    assert.equal(await page.getByTestId('reg-protection-form').count(), 0, 'no form for an area manager');
    assert.equal(await page.getByTestId('reg-protection-save').count(), 0);
    assertNoPageProblems('extending the protection');
  });

  step('am_sichuan reads 报备统计: this month by dealer, and the chart loads only there', async () => {
    // ECharts sits in the chart's chunk, loaded on the stats page only.
    const chartChunk = /echarts|registration-stats-chart/i;
    assert.doesNotMatch([...scriptUrls].join(' '), chartChunk, 'no ECharts before the stats page');
    await page.getByTestId('menu-registration-stats').click();
    await page.waitForURL(/\/registrations\/stats$/);
    await page.getByRole('heading', { name: '报备统计' }).waitFor();
    const table = page.getByTestId('reg-stats-table');
    const chengdu = table.locator('tr.el-table__row').filter({ hasText: CHENGDU_DEALER }).first();
    const zigong = table.locator('tr.el-table__row').filter({ hasText: ZIGONG_DEALER }).first();
    await chengdu.waitFor();
    await zigong.waitFor();
    // The row says what the API says (this month, by dealer), its rate as a percentage.
    const today = dayFromToday(0);
    const [year, month] = today.split('-').map(Number);
    const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
    const mm = String(month).padStart(2, '0');
    const stats = await (
      await apiAs('am_sichuan', 'GET', `/registrations/stats?from=${year}-${mm}-01&to=${year}-${mm}-${last}&by=dealer`)
    ).json();
    const row = stats.items.find((item) => item.unit_name === CHENGDU_DEALER);
    assert.ok(row && row.registrations >= 1 && row.approved >= 1, `Chengdu's stats: ${JSON.stringify(row)}`);
    const cells = (await chengdu.locator('td').allInnerTexts()).map((cell) => cell.trim());
    assert.equal(cells[1], String(row.registrations));
    assert.equal(cells[2], String(row.approved));
    assert.equal(cells[6], `${Number((row.authentic_rate * 100).toFixed(1))}%`);
    await page.getByTestId('reg-stats-chart').locator('canvas').waitFor();
    assert.match([...scriptUrls].join(' '), chartChunk, 'the chart’s code loaded with the chart');
    await page.getByTestId('reg-stats-by-province').click();
    await table.locator('tr.el-table__row').filter({ hasText: '四川省' }).first().waitFor();
    // The grouping is in the address: back shows the dealers again.
    await page.waitForURL(/\/registrations\/stats\?by=province$/);
    await screenshot('registration-stats');
    await page.goBack();
    await page.waitForURL(/\/registrations\/stats$/);
    await chengdu.waitFor();
    assertNoPageProblems('the stats');
  });

  step('director (大客户管理部门总监) sees the protection period editable in 报备审核 and leaves it as it is', async () => {
    const me = await (await apiAs('director', 'GET', '/me')).json();
    assert.ok(me.permissions.includes('settings.manage'), `the KA director manages settings: ${me.permissions}`);
    assert.ok(me.permissions.includes('registrations.review'));
    const { protection_days: days } = await (await apiAs('director', 'GET', '/settings/registrations')).json();

    await signOut(page);
    await signIn(page, 'director');
    await page.getByTestId('menu-registration-review').click();
    await page.waitForURL(/\/registrations\/review$/);
    await page.getByRole('heading', { name: '报备审核' }).waitFor();
    const setting = page.getByTestId('reg-protection-setting');
    await setting.getByTestId('reg-protection-days').filter({ hasText: `批准后保护期：${days} 天` }).waitFor();
    const input = field('reg-protection-days-input');
    assert.equal(await input.inputValue(), String(days));
    assert.ok(await input.isEditable(), 'the period can be changed');
    const save = page.getByTestId('reg-protection-save');
    assert.ok(await save.isDisabled(), 'nothing to save before a change');
    // Another value can be saved; typed back, there is nothing to save again (nothing is saved).
    await input.fill(String(days === 120 ? 60 : 120));
    await input.press('Tab');
    await page.waitForFunction(
      () => !document.querySelector('[data-testid="reg-protection-save"]')?.hasAttribute('disabled'),
    );
    await input.fill(String(days));
    await input.press('Tab');
    await page.waitForFunction(() => document.querySelector('[data-testid="reg-protection-save"]')?.hasAttribute('disabled'));
    await screenshot('registration-protection-setting');
    const still = await (await apiAs('director', 'GET', '/settings/registrations')).json();
    assert.equal(still.protection_days, days, 'the protection period is left as it was');
    assertNoPageProblems('the protection period setting');
  });

  step('rep_zigong sees the registration rejected', async () => {
    await signOut(page);
    await signIn(page, 'rep_zigong');
    await page.getByTestId('menu-registrations').click();
    await page.waitForURL(/\/registrations$/);
    await page.getByTestId('reg-status-rejected').click();
    await page.waitForURL(/status=rejected/);
    await page.getByTestId(`reg-link-${zigongId}`).click();
    await page.waitForURL(new RegExp(`/registrations/${zigongId}$`));
    await page.getByTestId('reg-status').first().filter({ hasText: '已驳回' }).waitFor();
    assert.equal(await page.getByTestId('reg-countdown').count(), 0);
    assert.equal(await page.getByTestId('reg-conflict-warning').count(), 0);
    // The server's note, in Chinese: Chengdu's registration was approved instead.
    await page.getByTestId('reg-review-note-text').filter({ hasText: `已批准其他经销商的报备（#${chengduId}），本报备驳回` }).waitFor();
    await screenshot('registration-rejected');
    assertNoPageProblems('the rejected registration');
  });

  step('rep_chengdu sees the registration approved with the protection countdown', async () => {
    await signOut(page);
    await signIn(page, 'rep_chengdu');
    await page.getByTestId('menu-registrations').click();
    const row = page.getByTestId('reg-table').locator('tr.el-table__row').filter({ has: page.getByTestId(`reg-link-${chengduId}`) });
    await row.filter({ hasText: '已批准' }).waitFor();
    const countdown = row.getByTestId('reg-countdown');
    assert.match(await countdown.innerText(), /^保护期剩余 \d+ 天$/);
    assert.equal(await countdown.getAttribute('data-urgent'), 'false');
    await screenshot('registrations-approved');
    assertNoPageProblems('the approved registration');
  });

  step('a filtered list is a link: opened in a new page it shows the same filters and rows; back restores it', async () => {
    await page.goto('/registrations');
    await page.getByTestId(`reg-link-${chengduId}`).waitFor();
    // Filter: status 已批准 and protection ending within a year (the home page's kind of link).
    await page.getByTestId('reg-status-approved').click();
    await page.waitForURL(/status=approved/);
    const until = dayFromToday(365);
    await page.goto(`${page.url()}&protected_until_to=${until}`);
    await page.getByTestId(`reg-link-${chengduId}`).waitFor();
    const shared = page.url();
    assert.match(shared, new RegExp(`status=approved.*protected_until_to=${until}|protected_until_to=${until}.*status=approved`));
    const rowsHere = await page.locator('[data-testid^="reg-link-"]').evaluateAll((links) => links.map((a) => a.dataset.testid));
    // the status buttons count what each status would show with the other filters (the server's figures)
    await page.getByTestId('reg-status-approved').filter({ hasText: `已批准 ${rowsHere.length}` }).waitFor();

    // The link in a new tab (its own sign-in: the CSRF token lives per tab) lands on the same list.
    const other = await e2e.context.newPage();
    try {
      await other.goto(shared);
      const loginButton = other.getByTestId('login-submit');
      await loginButton.or(other.getByTestId(`reg-link-${chengduId}`)).first().waitFor();
      if (await loginButton.isVisible()) {
        await other.locator('input[data-testid="login-username"], [data-testid="login-username"] input').first().fill('rep_chengdu');
        await other.locator('input[data-testid="login-password"], [data-testid="login-password"] input').first().fill(DEMO_PASSWORD);
        await other.getByTestId('login-submit').click();
      }
      await other.waitForURL(shared);
      await other.getByTestId(`reg-link-${chengduId}`).waitFor();
      assert.ok(await other.getByTestId('reg-status-approved').locator('input').isChecked(), '已批准 is the chosen status');
      const pickedDay = await other.locator('.el-date-editor input').first().inputValue();
      assert.equal(pickedDay, until);
      const rowsThere = await other.locator('[data-testid^="reg-link-"]').evaluateAll((links) => links.map((a) => a.dataset.testid));
      assert.deepEqual(rowsThere, rowsHere);
    } finally {
      await other.close();
    }

    // Another filter is a new history entry; back restores the filtered list.
    await page.getByTestId('reg-status-all').click();
    await page.waitForURL((url) => !url.searchParams.has('status'));
    await page.goBack();
    await page.waitForURL(shared);
    await page.getByTestId(`reg-link-${chengduId}`).waitFor();
    assert.ok(await page.getByTestId('reg-status-approved').locator('input').isChecked(), 'back restores 已批准');
    assertNoPageProblems('the shared filtered list');
  });

  step('works on a 375-px phone: the list as cards and the form in one column', async () => {
    await page.setViewportSize({ width: 375, height: 760 });
    await page.goto('/registrations');
    await page.getByTestId(`reg-card-${chengduId}`).filter({ hasText: '保护期剩余' }).waitFor();
    await screenshot('phone-registrations');
    await page.getByTestId('reg-create').click();
    await page.waitForURL(/\/registrations\/new$/);
    await page.getByTestId('reg-mode-new').click();
    await field('reg-account-name').waitFor();
    const nameBox = await field('reg-account-name').boundingBox();
    const divisionBox = await page.getByTestId('reg-account-division').boundingBox();
    assert.ok(nameBox && divisionBox && divisionBox.y > nameBox.y, 'fields stack in one column');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `nothing wider than the phone (${overflow}px)`);
    await screenshot('phone-registration-form');
    await page.setViewportSize({ width: 1280, height: 800 });
    assertNoPageProblems('the phone layout');
  });
});
