// End-to-end test of the web UI against the real fleetkam server, in Debian's Chromium.
// It starts `$FLEETKAM_BIN serve` on a free port with a fresh SQLite database and the built
// web app (web/dist: run `npm run build` first), drives the app like a person would and
// fails on any console error or Content-Security-Policy violation in the page.
//
//   FLEETKAM_BIN   server binary (default ../build/fleetkam relative to web/)
//   CHROMIUM_BIN   browser (default /usr/bin/chromium)
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { before, describe } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN_PASSWORD, clickStill, distDir, openUserMenuItem, setUpE2e, signOut, submitLogin, untilStill } from './support.mjs';

const FIRST_PAGE_JS_BUDGET = 500 * 1024;

const REGION = '华东大区';
const SECOND_REGION = '华南大区';
const PROVINCE = '江苏省'; // the division's name, filled in by picking it
const DEALER = '南京宏达汽车销售服务有限公司';
const REP = { username: 'nj_rep', displayName: '王小明', password: 'Nanjing-Rep-2024', newPassword: 'Nanjing-Rep-2025!' };
const ACCOUNT = { name: '南京市公安局', initials: 'njsgaj', creditCode: '11320100MB0000000J' };
const CHIEF = { name: '张建国', title: '局长' };
const EVALUATOR = { name: '李明', title: '装备处处长', phone: '025-8456 1234' };
/** Other accounts, added through the API, so that a search has something to leave out. */
const OTHER_ACCOUNTS = [
  { name: '南京市交通运输局', division_code: '320100', industry: 'transport', grade: 'potential' },
  { name: '苏州市公安局', division_code: '320500', industry: 'police', grade: 'secondary' },
];
/** Accounts imported from a spreadsheet: two good rows and, between them, one bad (row 3). */
const IMPORTED = { name: '无锡市公安局', initials: 'wxsgaj', creditCode: '11320200MB0000000P' };
const IMPORTED_COURT = '常州市中级人民法院';
const BAD_IMPORT = { name: '镇江市交通运输局', row: 3, reason: '行政区划：不是有效的行政区划' };
const IMPORT_CSV = [
  '名称,统一社会信用代码,行业,行政级别,行政区划代码,地址,客户分级,业务分类,采购方式,信息渠道',
  `${IMPORTED.name},${IMPORTED.creditCode},公安,市级,320200,,重点客户,需招投标作业的业务,招标采购,政府采购网站`,
  `${BAD_IMPORT.name},,transport,市级,999999,,潜力客户,一次性需求客户,直接采购,own_customers`,
  `${IMPORTED_COURT},,court,市级,320400,"江苏省常州市新北区龙锦路 1 号",次重点客户,大客户直销业务,协议供货,现有客户及服务部门`,
].join('\r\n');

/** The entries of a .zip file (an .xlsx) by name, stored or deflated, read by its central directory. */
function unzip(bytes) {
  let end = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i -= 1) {
    if (bytes.readUInt32LE(i) === 0x06054b50) {
      end = i;
      break;
    }
  }
  assert.ok(end >= 0, 'the zip file has an end-of-central-directory record');
  const entries = new Map();
  let at = bytes.readUInt32LE(end + 16);
  for (let n = bytes.readUInt16LE(end + 10); n > 0; n -= 1) {
    assert.equal(bytes.readUInt32LE(at), 0x02014b50, 'a central directory entry');
    const method = bytes.readUInt16LE(at + 10);
    const size = bytes.readUInt32LE(at + 20);
    const nameLength = bytes.readUInt16LE(at + 28);
    const local = bytes.readUInt32LE(at + 42);
    const name = bytes.toString('utf8', at + 46, at + 46 + nameLength);
    assert.equal(bytes.readUInt32LE(local), 0x04034b50, `the local header of ${name}`);
    const start = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28);
    const data = bytes.subarray(start, start + size);
    assert.ok(method === 0 || method === 8, `${name} is stored or deflated (method ${method})`);
    entries.set(name, method === 8 ? inflateRawSync(data) : data);
    at += 46 + nameLength + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32);
  }
  return entries;
}

describe('fleetkam web app', { timeout: 240_000 }, () => {
  const e2e = setUpE2e({ name: 'app' });
  const { step, expectHttpError, assertNoPageProblems, apiAs, screenshot, field, choose, pickDivision, scriptUrls } = e2e;
  /** The session's page, browser context and server address, once its before hook has started them. */
  let page;
  let context;
  let baseUrl;
  before(() => {
    ({ page, context, baseUrl } = e2e);
  });

  const focusedTestId = () => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null);

  /** Presses Tab (from the top of the page) until the element with `testId` has focus. */
  async function tabTo(testId) {
    await page.evaluate(() => (document.activeElement instanceof HTMLElement ? document.activeElement.blur() : undefined));
    for (let i = 0; i < 40; i += 1) {
      await page.keyboard.press('Tab');
      if ((await focusedTestId()) === testId) return;
    }
    assert.fail(`Tab never reached ${testId}`);
  }

  /** The table row (of an el-table) that shows `text`. */
  const rowWith = (tableTestId, text) =>
    page.getByTestId(tableTestId).locator('tr.el-table__row').filter({ hasText: text }).first();

  /** Adds or reads records straight through the API as `username` (Bearer token): the answer's JSON, which must be a success. */
  async function apiJson(username, password, method, path, body) {
    const response = await apiAs(username, method, path, { password, body });
    const text = await response.text();
    assert.ok(response.ok, `${method} ${path}: ${response.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  }

  /** Picks a unit in an org-unit tree select: types `query` to filter the tree, then clicks `name` once the dropdown stands still. */
  async function chooseUnit(testId, query, name) {
    await page.locator(`.el-select[data-testid="${testId}"]`).click();
    await page.keyboard.type(query);
    const option = page.locator(`.el-tree[data-testid="${testId}"]`).getByRole('option', { name });
    await untilStill(option);
    await option.click();
    await page.locator(`.el-select[data-testid="${testId}"]`).filter({ hasText: name }).waitFor();
  }

  /** The section of the buying centre for one role. */
  const roleCard = (role) => page.getByTestId(`bc-role-${role}`);

  step('shows the sign-in page in 简体中文 within the first-page JS budget, under the CSP', async (t) => {
    const response = await page.goto('/');
    const csp = response.headers()['content-security-policy'] ?? '';
    assert.match(csp, /script-src 'self'(;|$)/, `the server sends a strict script-src: ${csp}`);
    await page.waitForURL(/\/login$/);
    await page.getByRole('heading', { name: '登录' }).waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN');
    await page.getByText('用户名', { exact: true }).waitFor();
    await page.waitForLoadState('networkidle');

    // First-page JS: the gzip files the server sends for every script the sign-in page loaded.
    let total = 0;
    for (const path of scriptUrls) {
      const gz = join(distDir, `${path}.gz`);
      assert.ok(existsSync(gz), `pre-compressed ${gz} exists`);
      total += statSync(gz).size;
    }
    t.diagnostic(`first-page JS: ${scriptUrls.size} files, ${(total / 1024).toFixed(1)} kB gzip`);
    assert.ok(total > 0 && total < FIRST_PAGE_JS_BUDGET, `first page loads ${total} B of gzip JS`);
    const loadedChunks = [...scriptUrls].join(' ');
    assert.doesNotMatch(loadedChunks, /echarts/i, 'ECharts is not loaded on the first page');

    await screenshot('login');
    assertNoPageProblems('the sign-in page');
  });

  step('rejects a wrong password with a translated error', async () => {
    const expected = expectHttpError('/api/v1/auth/login', 401);
    await submitLogin(page, 'admin', 'not-the-password');
    const error = page.getByTestId('login-error');
    await error.waitFor();
    assert.match(await error.innerText(), /用户名或密码错误/);
    assert.match(page.url(), /\/login$/);
    assert.ok(expected.seen, 'the 401 answer was logged by the browser');
    assertNoPageProblems('the failed sign-in');
  });

  step('signs the admin in to a home page with who they are and what they see', async () => {
    await submitLogin(page, 'admin', ADMIN_PASSWORD);
    await page.waitForURL(`${baseUrl}/`);
    await page.getByTestId('home-role').filter({ hasText: '系统管理员' }).waitFor();
    assert.match(await page.getByTestId('home-unit').innerText(), /总部/);
    await page.getByTestId('count-users').filter({ hasText: '1' }).waitFor();
    const menu = await page.locator('nav.side-menu a').allInnerTexts();
    assert.deepEqual(menu, [
      '首页',
      '组织架构',
      '用户管理',
      '客户管理',
      '报备',
      '报备审核',
      '报备统计',
      '超期未拜访',
      '商机看板',
      '商机列表',
      '报价审批',
      '招标日历',
      '车型目录',
      '改装厂供货政策',
      '赢单概率设置',
      '拜访频次',
      '价值金字塔',
      '目标',
      '报表',
      '逾期看板',
      '数据字典',
      '操作日志',
    ]);
    await screenshot('home');
    assertNoPageProblems('the admin home page');
  });

  step('builds a region, a province picked from the divisions and a dealer in the org tree', async () => {
    await page.getByTestId('menu-org').click();
    await page.waitForURL(/\/org$/);
    await page.getByRole('heading', { name: '组织架构' }).waitFor();

    // Region under HQ; an empty name is refused beside the field before anything is sent.
    await page.getByTestId('org-create-region').click();
    const dialog = page.getByTestId('org-unit-dialog');
    await dialog.waitFor();
    await page.getByTestId('org-save').click();
    await dialog.locator('.el-form-item__error').filter({ hasText: '请输入名称' }).waitFor();
    await field('org-name').fill(REGION);
    await page.getByTestId('org-save').click();
    await dialog.waitFor({ state: 'hidden' });
    await rowWith('org-table', REGION).waitFor();

    // Province under the region: pick 江苏省 from GET /divisions?level=province.
    await rowWith('org-table', REGION).getByRole('button', { name: '添加省区' }).click();
    await dialog.waitFor();
    await page.getByTestId('org-division').click();
    await page.keyboard.type('江苏');
    await untilStill(page.getByRole('option', { name: /江苏省/ }));
    await page.getByRole('option', { name: /江苏省/ }).click();
    assert.equal(await field('org-name').inputValue(), PROVINCE);
    await page.getByTestId('org-save').click();
    await dialog.waitFor({ state: 'hidden' });
    await rowWith('org-table', PROVINCE).filter({ hasText: '320000' }).waitFor();

    // Dealer under the province.
    await rowWith('org-table', PROVINCE).getByRole('button', { name: '添加经销商' }).click();
    await dialog.waitFor();
    await field('org-name').fill('南京宏达');
    await page.getByTestId('org-save').click();
    await dialog.waitFor({ state: 'hidden' });

    // Rename it (PATCH with version).
    await rowWith('org-table', '南京宏达').getByRole('button', { name: '编辑' }).click();
    await dialog.waitFor();
    await field('org-name').fill(DEALER);
    await page.getByTestId('org-save').click();
    await dialog.waitFor({ state: 'hidden' });
    await rowWith('org-table', DEALER).waitFor();

    // A second region; move the province there (PATCH parent_id), after which the first
    // region is empty and can be deactivated.
    await page.getByTestId('org-create-region').click();
    await dialog.waitFor();
    await field('org-name').fill(SECOND_REGION);
    await page.getByTestId('org-save').click();
    await dialog.waitFor({ state: 'hidden' });
    await rowWith('org-table', PROVINCE).getByRole('button', { name: '移动' }).click();
    const moveDialog = page.getByTestId('org-move-dialog');
    await moveDialog.waitFor();
    await choose('org-move-target', new RegExp(SECOND_REGION));
    await page.getByTestId('org-move-save').click();
    await moveDialog.waitFor({ state: 'hidden' });
    // The province now sits right under the second region (the row after it).
    await page
      .getByTestId('org-table')
      .locator(`tr.el-table__row:has-text("${SECOND_REGION}") + tr.el-table__row:has-text("${PROVINCE}")`)
      .waitFor();

    await rowWith('org-table', REGION).getByRole('button', { name: '停用' }).click();
    await page.locator('.el-message-box').getByRole('button', { name: '停用' }).click();
    await rowWith('org-table', REGION).waitFor({ state: 'detached' });
    await page.getByTestId('org-show-inactive').click();
    await page.waitForURL(/\/org\?inactive=1$/); // a link to the tree with its inactive units
    await rowWith('org-table', REGION).filter({ hasText: '已停用' }).waitFor();
    await page.getByTestId('org-show-inactive').click();
    await page.waitForURL(/\/org$/);

    // Deactivating a region with children is refused with the translated server error.
    expectHttpError(/^\/api\/v1\/org\/units\/\d+$/, 409);
    await rowWith('org-table', SECOND_REGION).getByRole('button', { name: '停用' }).click();
    await page.locator('.el-message-box').getByRole('button', { name: '停用' }).click();
    await page.locator('.el-message--error').filter({ hasText: '无法停用' }).waitFor();
    await rowWith('org-table', SECOND_REGION).filter({ hasText: '启用' }).waitFor();

    await screenshot('org-tree');
    assertNoPageProblems('building the organisation');
  });

  step('creates a sales rep at the dealer, showing server field errors beside the fields', async () => {
    await page.getByTestId('menu-users').click();
    await page.waitForURL(/\/users$/);
    await rowWith('users-table', 'admin').waitFor();

    await page.getByTestId('user-create').click();
    const dialog = page.getByTestId('user-dialog');
    await dialog.waitFor();
    await field('user-username').fill(REP.username);
    await field('user-display-name').fill(REP.displayName);
    await field('user-password').fill('short1');
    await choose('user-role', '销售顾问');
    await chooseUnit('user-unit', '南京', DEALER);

    // The server refuses the weak password: the message appears beside the password field.
    const weak = expectHttpError('/api/v1/users', 422);
    await page.getByTestId('user-save').click();
    const passwordItem = dialog.locator('.el-form-item').filter({ has: page.getByTestId('user-password') });
    await passwordItem.locator('.el-form-item__error').filter({ hasText: '密码强度不足' }).waitFor();
    assert.ok(weak.seen);

    await field('user-password').fill(REP.password);
    await page.getByTestId('user-save').click();
    await dialog.waitFor({ state: 'hidden' });
    const row = rowWith('users-table', REP.username);
    await row.filter({ hasText: '销售顾问' }).filter({ hasText: DEALER }).waitFor();

    // A second user with the same username: 409 user.username_taken beside the username.
    await page.getByTestId('user-create').click();
    await dialog.waitFor();
    await field('user-username').fill(REP.username);
    await field('user-display-name').fill('重复');
    await field('user-password').fill(REP.password);
    await choose('user-role', '销售顾问');
    await chooseUnit('user-unit', '南京', DEALER);
    expectHttpError('/api/v1/users', 409);
    await page.getByTestId('user-save').click();
    const usernameItem = dialog.locator('.el-form-item').filter({ has: page.getByTestId('user-username') });
    await usernameItem.locator('.el-form-item__error').waitFor();
    await dialog.getByRole('button', { name: '取消' }).click();
    await dialog.waitFor({ state: 'hidden' });

    // Reset the rep's password (POST /users/{id}/password).
    await row.getByRole('button', { name: '重置密码' }).click();
    const passwordDialog = page.getByTestId('password-dialog');
    await passwordDialog.waitFor();
    await field('password-new').fill(REP.newPassword);
    await field('password-confirm').fill(REP.newPassword);
    await page.getByTestId('password-save').click();
    await passwordDialog.waitFor({ state: 'hidden' });
    await page.locator('.el-message--success').filter({ hasText: '已重置密码' }).waitFor();

    // Filter by text (the display name; see the report for usernames with `_`).
    await field('users-q').fill(REP.displayName);
    await page.getByTestId('users-search').click();
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid="users-table"] tr.el-table__row').length === 1,
    );

    await screenshot('users');
    assertNoPageProblems('managing users');
  });

  let accountId;

  step('creates an account owned by the dealer, with live duplicate hints and a clear refusal of a duplicate', async () => {
    for (const other of OTHER_ACCOUNTS) {
      await apiJson('admin', ADMIN_PASSWORD, 'POST', '/accounts', {
        ...other,
        admin_level: 'municipal',
        business_class: 'tender',
        procurement_method: 'tender',
        source_channel: 'gov_procurement_site',
      });
    }
    await page.getByTestId('menu-accounts').click();
    await page.waitForURL(/\/accounts$/);
    await page.getByRole('heading', { name: '客户管理' }).waitFor();
    await rowWith('accounts-table', OTHER_ACCOUNTS[1].name).waitFor();

    await page.getByTestId('account-create').click();
    const dialog = page.getByTestId('account-dialog');
    await dialog.waitFor();
    // Nothing filled in: every required field says so, nothing is sent.
    await page.getByTestId('account-save').click();
    await dialog.locator('.el-form-item__error').filter({ hasText: '必填' }).first().waitFor();

    await field('account-name').fill(ACCOUNT.name);
    // A credit code with a wrong check digit: the server's field error appears beside it.
    await field('account-credit-code').fill(`${ACCOUNT.creditCode.slice(0, 17)}X`);
    await choose('account-industry', '公安');
    await pickDivision('account-division', ['江苏省', '南京市', '玄武区']);
    assert.match(await field('account-division').inputValue(), /江苏省 \/ 南京市 \/ 玄武区/);
    await choose('account-admin-level', '市级');
    await page.getByTestId('account-grade-key').click();
    await choose('account-business-class', '需招投标作业的业务');
    await choose('account-procurement-method', '招标采购');
    await choose('account-source-channel', '政府采购网站');
    await chooseUnit('account-owner-unit', '南京', DEALER);
    await field('account-address').fill('南京市玄武区北京东路 1 号');

    const badCode = expectHttpError('/api/v1/accounts', 422);
    await page.getByTestId('account-save').click();
    const codeItem = dialog.locator('.el-form-item').filter({ has: page.getByTestId('account-credit-code') });
    await codeItem.locator('.el-form-item__error').filter({ hasText: '统一社会信用代码无效' }).waitFor();
    assert.ok(badCode.seen);

    await field('account-credit-code').fill(ACCOUNT.creditCode.toLowerCase());
    await page.getByTestId('account-save').click();
    await page.waitForURL(/\/accounts\/\d+$/);
    accountId = Number(new URL(page.url()).pathname.split('/').pop());
    await page.getByTestId('account-title').filter({ hasText: ACCOUNT.name }).waitFor();
    const overview = page.getByTestId('account-overview');
    await overview.getByText(ACCOUNT.creditCode, { exact: true }).waitFor(); // stored in upper case
    await overview.getByText('江苏省 / 南京市 / 玄武区').waitFor();
    await page.getByTestId('account-owner-unit-name').filter({ hasText: DEALER }).waitFor();
    assert.equal(await page.locator('.kit-record__title .el-tag').first().innerText(), '重点');

    // The same organisation again: a hint while typing, then a refusal naming the account.
    await page.getByTestId('account-back').click();
    await page.waitForURL(/\/accounts$/);
    await page.getByTestId('account-create').click();
    await dialog.waitFor();
    await pickDivision('account-division', ['江苏省', '南京市', '玄武区']);
    await field('account-name').fill(ACCOUNT.name);
    const hints = page.getByTestId('account-duplicate-hints');
    await hints.filter({ hasText: '可能重复' }).waitFor();
    assert.equal(await hints.getByRole('link', { name: ACCOUNT.name }).getAttribute('href'), `/accounts/${accountId}`);
    await choose('account-industry', '公安');
    await choose('account-admin-level', '市级');
    await page.getByTestId('account-grade-potential').click();
    await choose('account-business-class', '一次性需求客户');
    await choose('account-procurement-method', '直接采购');
    await choose('account-source-channel', '政府采购网站');
    const duplicate = expectHttpError('/api/v1/accounts', 409);
    await page.getByTestId('account-save').click();
    const conflict = page.getByTestId('account-duplicate-conflict');
    await conflict.filter({ hasText: '该单位已是客户' }).filter({ hasText: '名称相同' }).waitFor();
    assert.ok(duplicate.seen);
    // Its link opens the existing account.
    await conflict.getByRole('link', { name: ACCOUNT.name }).click();
    await page.waitForURL(new RegExp(`/accounts/${accountId}$`));
    await dialog.waitFor({ state: 'hidden' });
    await screenshot('account-overview');
    assertNoPageProblems('creating an account');
  });

  step('builds the buying centre: two contacts, the roles nobody covers marked 未覆盖', async () => {
    await page.getByRole('tab', { name: '采购关系图' }).click();
    await page.waitForURL(/tab=buying-centre/);
    await page.getByTestId('bc-coverage').filter({ hasText: '已覆盖 0/6 类角色' }).waitFor();
    assert.equal(await page.getByTestId('bc-uncovered').count(), 6);

    // From the empty 决策者 card: the role is already chosen.
    await page.getByTestId('contact-add-decision_maker').click();
    const dialog = page.getByTestId('contact-dialog');
    await dialog.waitFor();
    await field('contact-name').fill(CHIEF.name);
    await field('contact-title').fill(CHIEF.title);
    await field('contact-level').fill('正局级');
    await page.getByTestId('contact-save').click();
    await dialog.waitFor({ state: 'hidden' });
    await roleCard('decision_maker').filter({ hasText: CHIEF.name }).waitFor();

    // The evaluator reports to the chief; a bad phone number is refused beside the field.
    await page.getByTestId('contact-add').click();
    await dialog.waitFor();
    await field('contact-name').fill(EVALUATOR.name);
    await choose('contact-role', '评估者');
    await field('contact-title').fill(EVALUATOR.title);
    await field('contact-department').fill('装备财务处');
    await field('contact-phone').fill('ask the office');
    await choose('contact-reports-to', new RegExp(`^${CHIEF.name}`));
    expectHttpError(`/api/v1/accounts/${accountId}/contacts`, 422);
    await page.getByTestId('contact-save').click();
    const phoneItem = dialog.locator('.el-form-item').filter({ has: page.getByTestId('contact-phone') });
    await phoneItem.locator('.el-form-item__error').filter({ hasText: '5 至 20 位数字' }).waitFor();
    await field('contact-phone').fill(EVALUATOR.phone);
    await page.getByTestId('contact-save').click();
    await dialog.waitFor({ state: 'hidden' });

    await page.getByTestId('bc-coverage').filter({ hasText: '已覆盖 2/6 类角色' }).waitFor();
    const evaluator = roleCard('evaluator');
    await evaluator.filter({ hasText: EVALUATOR.name }).filter({ hasText: `上级：${CHIEF.name}` }).waitFor();
    assert.equal(await evaluator.getAttribute('data-covered'), 'true');
    for (const role of ['user', 'decision_layer', 'operator', 'finance']) {
      assert.equal(await roleCard(role).getAttribute('data-covered'), 'false', role);
      await roleCard(role).getByTestId('bc-uncovered').filter({ hasText: '未覆盖' }).waitFor();
    }
    assert.equal(await page.getByTestId('bc-uncovered').count(), 4);
    const coverage = await page.getByTestId('bc-coverage').innerText();
    for (const name of ['使用部门', '决策层', '操作层', '财务部门']) assert.match(coverage, new RegExp(name));
    assert.equal(await evaluator.getByRole('link', { name: EVALUATOR.phone }).getAttribute('href'), 'tel:02584561234');
    await screenshot('account-buying-centre');
    assertNoPageProblems('the buying centre');
  });

  step('saves the analysis twice, and finds both versions in its history and in 变更记录', async () => {
    await page.getByRole('tab', { name: '客户分析' }).click();
    await page.getByTestId('analysis-status').filter({ hasText: '尚未填写客户分析' }).waitFor();
    await page.locator('textarea[data-testid="analysis-environment-product_need"]').fill('警用巡逻车 20 台，2024 年二季度');
    await page.getByTestId('analysis-environment-barrier-high').click();
    await page.locator('textarea[data-testid="analysis-environment-barrier-note"]').fill('竞品已入围省级协议供货');
    await page.locator('textarea[data-testid="analysis-organisation-decision_system"]').fill('装备处提议，局党委会决定');
    await page.locator('textarea[data-testid="analysis-environment-strategy-institutional"]').fill('争取入围下一期协议供货');
    await page.getByTestId('analysis-save').click();
    await page.locator('.el-message--success').filter({ hasText: '已保存为第 1 版' }).waitFor();
    await page.getByTestId('analysis-version-1').waitFor();

    await page.locator('textarea[data-testid="analysis-environment-product_need"]').fill('警用巡逻车 24 台');
    await page.getByTestId('analysis-save').click();
    await page.locator('.el-message--success').filter({ hasText: '已保存为第 2 版' }).waitFor();
    const history = page.getByTestId('analysis-history');
    assert.equal(await history.locator('> li').count(), 2);
    assert.match(await history.locator('> li').first().innerText(), /第 2 版[\s\S]*当前[\s\S]*\d{4}-\d{2}-\d{2} \d{2}:\d{2}[\s\S]*系统管理员/);
    await page.getByTestId('analysis-status').filter({ hasText: '当前为第 2 版' }).waitFor();

    // The first version, read-only.
    await page.getByTestId('analysis-view-1').click();
    const view = page.getByTestId('analysis-view-dialog');
    await view.waitFor();
    await view.getByText('警用巡逻车 20 台，2024 年二季度').waitFor();
    assert.equal(await view.locator('textarea').count(), 0, 'an old version is read-only');
    await screenshot('account-analysis-version');
    await view.getByRole('button', { name: '关闭', exact: true }).click();
    await view.waitFor({ state: 'hidden' });
    await screenshot('account-analysis');

    // An admin reads the audit trail: created, two analyses.
    await page.getByRole('tab', { name: '变更记录' }).click();
    const trail = page.getByTestId('account-history');
    await trail.getByTestId('history-create').filter({ hasText: '创建客户' }).waitFor();
    assert.equal(await trail.getByTestId('history-analysis').count(), 2);
    assertNoPageProblems('the analysis');
  });

  step('edits the account: the form starts from its values; then changes the grade; both in 变更记录', async () => {
    await page.getByRole('tab', { name: '概况' }).click();
    await page.getByTestId('account-edit').click();
    const dialog = page.getByTestId('account-dialog');
    await dialog.waitFor();
    // The saved division is shown (province → city → county), nothing is flagged.
    await page.waitForFunction(
      () => document.querySelector('[data-testid="account-division"] input')?.value === '江苏省 / 南京市 / 玄武区',
    );
    assert.equal(await dialog.locator('.el-form-item__error').count(), 0);
    // A municipal body: the city itself, chosen by its radio button.
    await pickDivision('account-division', ['江苏省', '南京市'], { byRadio: true });
    assert.equal(await field('account-division').inputValue(), '江苏省 / 南京市');
    await page.getByTestId('account-save').click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByTestId('account-overview').getByText('江苏省 / 南京市', { exact: true }).waitFor();

    await page.getByTestId('account-grade-change').click();
    await clickStill(page.getByTestId('account-grade-to-secondary'));
    await page.locator('.el-message-box').getByRole('button', { name: '确定' }).click();
    await page.locator('.kit-record__title .el-tag').first().filter({ hasText: '次重点' }).waitFor();
    await page.getByRole('tab', { name: '变更记录' }).click();
    await page.getByTestId('history-update').filter({ hasText: '行政区划' }).filter({ hasText: '玄武区' }).waitFor();
    await page
      .getByTestId('history-grade_change')
      .filter({ hasText: '调整分级' })
      .filter({ hasText: /重点[\s\S]*次重点/ })
      .waitFor();
    assertNoPageProblems('changing the grade');
  });

  step('finds the account by its pinyin initials in the list, and opens it by keyboard', async () => {
    await page.getByTestId('menu-accounts').click();
    await page.waitForURL(/\/accounts$/);
    await rowWith('accounts-table', ACCOUNT.name).waitFor();
    assert.equal(await page.getByTestId('accounts-table').locator('tr.el-table__row').count(), 3);
    // Grade tags in colour.
    const gradeTag = rowWith('accounts-table', OTHER_ACCOUNTS[0].name).locator('.el-tag');
    assert.match(await gradeTag.getAttribute('class'), /el-tag--success/);
    assert.equal(await gradeTag.innerText(), '潜力');

    await field('accounts-q').fill(ACCOUNT.initials);
    await page.waitForURL(new RegExp(`q=${ACCOUNT.initials}`));
    await page.waitForFunction(
      (name) => {
        const rows = [...document.querySelectorAll('[data-testid="accounts-table"] tr.el-table__row')];
        return rows.length === 1 && rows[0].textContent.includes(name);
      },
      ACCOUNT.name,
    );
    // Full pinyin by prefix finds both Nanjing bureaus.
    await field('accounts-q').fill('nanjingshi');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="accounts-table"] tr.el-table__row').length === 2);
    // Grade filter: the only 次重点 accounts are 苏州市公安局 and (now) 南京市公安局.
    await field('accounts-q').fill('');
    await choose('accounts-filter-grade', '潜力');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="accounts-table"] tr.el-table__row').length === 1);
    await rowWith('accounts-table', OTHER_ACCOUNTS[0].name).waitFor();
    await screenshot('accounts-filtered');
    await page.getByTestId('accounts-filter-grade').locator('.el-select__clear, .el-icon.el-select__caret').first().hover();
    await page.getByTestId('accounts-filter-grade').locator('.el-select__clear').click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="accounts-table"] tr.el-table__row').length === 3);

    // Keyboard: type the initials in the search box, Tab to the account's link, Enter opens it.
    await field('accounts-q').fill(ACCOUNT.initials);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="accounts-table"] tr.el-table__row').length === 1);
    await screenshot('accounts');
    await tabTo(`account-link-${accountId}`);
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/accounts/${accountId}$`));
    await page.getByTestId('account-title').filter({ hasText: ACCOUNT.name }).waitFor();
    // Back keeps the search.
    await page.goBack();
    await page.waitForURL(new RegExp(`/accounts\\?q=${ACCOUNT.initials}$`));
    assert.equal(await field('accounts-q').inputValue(), ACCOUNT.initials);
    assertNoPageProblems('searching accounts');
  });

  step('exports the filtered list as .xlsx: the file holds what the search and the filter find, and nothing else', async () => {
    // 'nanjingshi' finds both Nanjing bureaus; 次重点 leaves out 南京市交通运输局 (潜力), and the
    // search leaves out 苏州市公安局 (次重点 too).
    await field('accounts-q').fill('nanjingshi');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="accounts-table"] tr.el-table__row').length === 2);
    await choose('accounts-filter-grade', '次重点');
    await page.waitForURL(/grade=secondary/);
    await page.waitForFunction(
      (name) => {
        const rows = [...document.querySelectorAll('[data-testid="accounts-table"] tr.el-table__row')];
        return rows.length === 1 && rows[0].textContent.includes(name);
      },
      ACCOUNT.name,
    );

    const button = page.getByTestId('account-export');
    assert.equal((await button.innerText()).trim(), '导出');
    const exportRequest = page.waitForRequest((request) => new URL(request.url()).pathname === '/api/v1/accounts/export');
    const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
    const query = Object.fromEntries(new URL((await exportRequest).url()).searchParams);
    assert.deepEqual(query, { format: 'xlsx', q: 'nanjingshi', grade: 'secondary', active: 'true' });
    assert.match(download.suggestedFilename(), /\.xlsx$/);
    assert.equal(await download.failure(), null);

    const bytes = readFileSync(await download.path());
    assert.equal(bytes.subarray(0, 2).toString('latin1'), 'PK', 'an .xlsx file is a zip file');
    const entries = unzip(bytes);
    const cells = [...entries]
      .filter(([name]) => /^xl\/(sharedStrings|worksheets\/sheet\d+)\.xml$/.test(name))
      .map(([, data]) => data.toString('utf8'))
      .join('\n');
    assert.ok(cells.includes('<'), `the workbook has sheet XML: ${[...entries.keys()].join(', ')}`);
    for (const header of ['名称', '统一社会信用代码', '分级']) assert.ok(cells.includes(header), `header ${header}`);
    assert.ok(cells.includes(ACCOUNT.name), 'the account the filters find is in the file');
    assert.ok(cells.includes(ACCOUNT.creditCode), 'with its credit code');
    for (const other of OTHER_ACCOUNTS) assert.ok(!cells.includes(other.name), `${other.name} is filtered out`);

    await page.locator('[data-testid="account-export"]:not(.is-loading)').waitFor();
    assert.equal((await button.innerText()).trim(), '导出');
    assert.equal(await page.locator('.el-message--error').count(), 0);

    // The filtered list is a link: loaded afresh from the address it shows the same filters and
    // rows; clearing a filter is a new history entry, and back restores the filtered list.
    const shared = page.url();
    assert.match(shared, /q=nanjingshi/);
    await page.goto(shared);
    await page.waitForFunction(
      (name) => {
        const rows = [...document.querySelectorAll('[data-testid="accounts-table"] tr.el-table__row')];
        return rows.length === 1 && rows[0].textContent.includes(name);
      },
      ACCOUNT.name,
    );
    assert.equal(await field('accounts-q').inputValue(), 'nanjingshi');
    assert.match(await page.getByTestId('accounts-filter-grade').innerText(), /次重点/);
    await page.getByTestId('accounts-status-all').click();
    await page.waitForURL(/status=all/);
    await page.goBack();
    await page.waitForURL(shared);
    assert.ok(await page.getByTestId('accounts-status-active').locator('input').isChecked(), 'back restores 启用');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="accounts-table"] tr.el-table__row').length === 1);

    // Back to the whole list for the next step.
    await page.getByTestId('accounts-filter-grade').locator('.el-select__clear, .el-icon.el-select__caret').first().hover();
    await page.getByTestId('accounts-filter-grade').locator('.el-select__clear').click();
    await field('accounts-q').fill('');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="accounts-table"] tr.el-table__row').length === 3);
    assertNoPageProblems('exporting accounts');
  });

  step('imports accounts from a CSV file: template, preview with the bad row, import, skip report', async () => {
    await page.getByTestId('menu-accounts').click();
    await page.waitForURL(/\/accounts(\?.*)?$/);
    await field('accounts-q').fill('');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="accounts-table"] tr.el-table__row').length === 3);

    await page.getByTestId('account-import').click();
    const dialog = page.getByTestId('account-import-dialog');
    await dialog.waitFor();
    await dialog.getByText('必填列：名称、行业、行政级别、行政区划代码、客户分级、业务分类、采购方式、信息渠道').waitFor();

    // The template: a CSV file with a BOM, made in the page.
    const [template] = await Promise.all([page.waitForEvent('download'), page.getByTestId('import-template').click()]);
    assert.equal(template.suggestedFilename(), '客户导入模板.csv');
    const templateText = readFileSync(await template.path(), 'utf8');
    assert.ok(templateText.startsWith('\uFEFF名称,统一社会信用代码,行业,'), templateText.slice(0, 40));
    assert.match(templateText, /成都市公安局/);

    // Not a spreadsheet: refused here, nothing sent.
    const input = page.locator('[data-testid="import-upload"] input[type="file"]');
    await input.setInputFiles({ name: '客户.txt', mimeType: 'text/plain', buffer: Buffer.from('名称\n') });
    await page.getByTestId('import-file-error').filter({ hasText: '只能导入 .xlsx 或 .csv 文件' }).waitFor();
    await screenshot('account-import-choose');

    // The preview (a dry run): 3 rows, 2 can be imported, row 3 has an unknown division.
    await input.setInputFiles({ name: '客户导入.csv', mimeType: 'text/csv', buffer: Buffer.from(`\uFEFF${IMPORT_CSV}\r\n`) });
    await page.getByTestId('import-summary').waitFor();
    const tile = async (testId) => (await page.getByTestId(testId).innerText()).replace(/\s+/g, ' ').trim();
    assert.equal(await tile('import-summary-total'), '总行数 3');
    assert.equal(await tile('import-summary-valid'), '可导入 2');
    assert.equal(await tile('import-summary-invalid'), '有错误 1');
    assert.equal(await tile('import-summary-duplicate'), '疑似重复 0');
    const badRow = rowWith('import-problems', BAD_IMPORT.name);
    await badRow.waitFor();
    assert.equal(await page.getByTestId('import-problems').locator('tr.el-table__row').count(), 1);
    assert.equal((await badRow.locator('td').first().innerText()).trim(), String(BAD_IMPORT.row));
    await badRow.filter({ hasText: '错误' }).filter({ hasText: BAD_IMPORT.reason }).waitFor();
    await screenshot('account-import-preview');

    // Nothing was written by the preview.
    const before = await apiJson('admin', ADMIN_PASSWORD, 'GET', `/accounts?q=${IMPORTED.initials}`);
    assert.deepEqual(before.items, []);
    await page.getByTestId('import-confirm').filter({ hasText: '导入 2 条' }).click();
    await page.getByTestId('import-result').waitFor();
    assert.equal(await tile('import-result-written'), '已导入 2');
    assert.equal(await tile('import-result-skipped'), '已跳过 1');
    await page.getByTestId('import-result-detail').filter({ hasText: '已导入 2 个客户' }).waitFor();

    // The skip report names the bad row and why.
    const [report] = await Promise.all([page.waitForEvent('download'), page.getByTestId('import-download-skipped').click()]);
    assert.equal(report.suggestedFilename(), '客户导入跳过明细.csv');
    const reportText = readFileSync(await report.path(), 'utf8');
    assert.ok(reportText.startsWith('\uFEFF行号,名称,状态,原因\r\n'), reportText.slice(0, 40));
    assert.match(reportText, new RegExp(`^${BAD_IMPORT.row},${BAD_IMPORT.name},错误,${BAD_IMPORT.reason}\\r$`, 'm'));
    await screenshot('account-import-result');

    // Closed, the list shows the imported accounts; one is found by its pinyin initials.
    await page.getByTestId('import-close').click();
    await dialog.waitFor({ state: 'hidden' });
    await rowWith('accounts-table', IMPORTED_COURT).waitFor();
    assert.equal(await page.getByTestId('accounts-table').locator('tr.el-table__row').count(), 5);
    assert.equal(await rowWith('accounts-table', BAD_IMPORT.name).count(), 0);
    await field('accounts-q').fill(IMPORTED.initials);
    await page.waitForURL(new RegExp(`q=${IMPORTED.initials}`));
    await page.waitForFunction(
      (name) => {
        const rows = [...document.querySelectorAll('[data-testid="accounts-table"] tr.el-table__row')];
        return rows.length === 1 && rows[0].textContent.includes(name);
      },
      IMPORTED.name,
    );
    await rowWith('accounts-table', IMPORTED.name).filter({ hasText: '重点' }).filter({ hasText: '无锡市' }).waitFor();
    await field('accounts-q').fill('');
    assertNoPageProblems('importing accounts');
  });

  step('maintains a directory in both languages', async () => {
    await page.getByTestId('menu-directories').click();
    await page.waitForURL(/\/directories$/);
    await rowWith('directory-table', 'police').filter({ hasText: '公安' }).waitFor();
    await page.getByTestId('directory-add').click();
    const dialog = page.getByTestId('directory-dialog');
    await dialog.waitFor();
    await field('directory-code').fill('Forestry');
    await field('directory-name-zh').fill('林业');
    await field('directory-name-en').fill('Forestry');
    await page.getByTestId('directory-save').click();
    const codeItem = dialog.locator('.el-form-item').filter({ has: page.getByTestId('directory-code') });
    await codeItem.locator('.el-form-item__error').waitFor(); // refused before sending: not snake_case
    await field('directory-code').fill('forestry');
    await page.getByTestId('directory-save').click();
    await dialog.waitFor({ state: 'hidden' });
    await rowWith('directory-table', 'forestry').filter({ hasText: 'Forestry' }).waitFor();
    await page.getByTestId('directory-edit-forestry').click();
    await dialog.waitFor();
    await field('directory-name-zh').fill('林业草原');
    await page.getByTestId('directory-save').click();
    await dialog.waitFor({ state: 'hidden' });
    await rowWith('directory-table', 'forestry').filter({ hasText: '林业草原' }).waitFor();
    await page.getByTestId('directory-toggle-forestry').click();
    await rowWith('directory-table', 'forestry').filter({ hasText: '已停用' }).waitFor();
    await screenshot('directories');
    assertNoPageProblems('the directories');
  });

  step('signs out, and after signing in again returns to the page asked for', async () => {
    await signOut(page);
    await page.goto('/org');
    await page.waitForURL(/\/login\?redirect=(%2F|\/)org$/);

    // Keyboard only: the username field has focus; Tab to the password, Enter submits.
    await field('login-username').waitFor();
    await page.keyboard.type(REP.username);
    await page.keyboard.press('Tab');
    await page.keyboard.type(REP.newPassword);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/org$/);
    assertNoPageProblems('signing in again');
  });

  step('shows the dealer user only their own dealer', async () => {
    await rowWith('org-table', DEALER).waitFor();
    assert.equal(await page.getByTestId('org-table').locator('tr.el-table__row').count(), 1);
    assert.equal(await page.getByText(SECOND_REGION).count(), 0, 'the region is outside their scope');
    assert.equal(await page.getByTestId('org-create-region').count(), 0, 'no management for a sales rep');

    await page.getByTestId('menu-home').click();
    await page.getByTestId('home-role').filter({ hasText: '销售顾问' }).waitFor();
    assert.match(await page.getByTestId('home-unit').innerText(), new RegExp(DEALER));
    await page.getByTestId('home-card-todos').waitFor();
    assert.equal(await page.getByTestId('home-counts').count(), 0, 'a dealer has no regions or provinces to count');
    const menu = await page.locator('nav.side-menu a').allInnerTexts();
    assert.ok(!menu.includes('用户管理'), `no users page for a sales rep: ${menu}`);

    // Keyboard only: Tab reaches the side menu, Enter follows it.
    await tabTo('menu-org');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/org$/);
    await tabTo('menu-home');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${baseUrl}/`);

    // Typing the address of a page the role may not open ends on 没有权限.
    await page.goto('/users');
    await page.getByText('没有权限').waitFor();
    await page.getByRole('button', { name: '返回首页' }).click();
    await page.waitForURL(`${baseUrl}/`);
    assertNoPageProblems('the dealer user');
  });

  step('switches the language in the header (the one switch), remembers it, and switches back', async () => {
    await page.getByRole('heading', { name: '我的信息' }).waitFor();
    await page.getByTestId('user-menu').click();
    assert.equal(await page.locator('[data-testid^="user-menu-language-"]').count(), 0);
    await page.keyboard.press('Escape');
    await page.getByTestId('language-switch').click();
    await clickStill(page.getByTestId('language-en'));
    await page.getByRole('heading', { name: 'About me' }).waitFor();
    await page.getByTestId('home-role').filter({ hasText: 'Sales representative' }).waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');

    // Remembered across a reload (the session survives it too).
    await page.reload();
    await page.getByRole('heading', { name: 'About me' }).waitFor();
    assert.deepEqual(await page.locator('nav.side-menu a').allInnerTexts(), [
      'Home',
      'Organisation',
      'Accounts',
      'Registrations',
      'Log a visit',
      'Next steps',
      'Overdue visits',
      'Events',
      'Pipeline board',
      'Opportunities',
      'Tender calendar',
      'Agreements',
      'Listing coverage',
      'Vehicle catalogue',
      'Upfitter policies',
      'Value pyramid',
      'Performance board',
      'Targets',
      'Reports',
      'Monthly assessment',
      'Rectification',
      'Satisfaction calls',
      'Complaints',
      'Satisfaction stats',
      'Support ledger',
      'Ledger summary',
      'Materials and tools',
      'HQ visits',
      'Policy information',
      'Feedback rewards',
    ]);

    // Back to Chinese through the header switch, by keyboard: Tab to it, Enter opens it,
    // arrows move through the languages, Enter chooses.
    await tabTo('language-switch');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() =>
      /^language-(zh-CN|en)$/.test(document.activeElement?.getAttribute('data-testid') ?? ''),
    );
    for (let i = 0; i < 4 && (await focusedTestId()) !== 'language-zh-CN'; i += 1) {
      const from = await focusedTestId();
      await page.keyboard.press('ArrowDown');
      await page.waitForFunction((id) => document.activeElement?.getAttribute('data-testid') !== id, from);
    }
    assert.equal(await focusedTestId(), 'language-zh-CN');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: '我的信息' }).waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN');
    assertNoPageProblems('switching language');
  });

  step('goes back to sign-in when the session ends under the user', async () => {
    await page.getByTestId('menu-org').click();
    await page.waitForURL(/\/org$/);
    await rowWith('org-table', DEALER).waitFor(); // its request is done
    await page.waitForLoadState('networkidle');
    await context.clearCookies();
    expectHttpError('/api/v1/org/units', 401);
    expectHttpError('/api/v1/overview', 401);
    expectHttpError('/api/v1/home', 401);
    expectHttpError('/api/v1/notifications/unread-count', 401); // the bell asks on every route change
    await page.getByTestId('menu-home').click();
    await page.waitForURL(/\/login(\?redirect=(%2F|\/))?$/);
    await page.getByText('登录已失效，请重新登录').waitFor();
    await submitLogin(page, REP.username, REP.newPassword);
    await page.waitForURL(`${baseUrl}/`);
    assertNoPageProblems('the ended session');
  });

  step('works on a 375-px phone: the menu is a drawer', async () => {
    await page.setViewportSize({ width: 375, height: 760 });
    await page.getByTestId('menu-toggle').waitFor();
    assert.equal(await page.locator('aside.layout__aside').count(), 0, 'no side menu on a phone');
    await page.getByTestId('menu-toggle').click();
    const drawer = page.locator('.el-drawer');
    await drawer.getByTestId('menu-org').waitFor();
    // Element Plus's own texts follow the language (its default would be English).
    await drawer.getByRole('button', { name: '关闭此对话框' }).waitFor();
    await screenshot('phone-menu');
    await drawer.getByTestId('menu-org').click();
    await page.waitForURL(/\/org$/);
    await drawer.waitFor({ state: 'hidden' });
    await rowWith('org-table', DEALER).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page does not scroll sideways (${overflow}px)`);
    await screenshot('phone-org');
    await page.getByTestId('menu-toggle').click();
    await drawer.getByTestId('menu-home').click();
    await page.getByTestId('home-card-todos').waitFor();
    await screenshot('phone-home');
    assertNoPageProblems('the phone layout');
  });

  step('a dealer rep works the account on a phone: cards, the buying centre, no audit trail', async () => {
    await page.getByTestId('menu-toggle').click();
    const drawer = page.locator('.el-drawer');
    await drawer.getByTestId('menu-accounts').click();
    await page.waitForURL(/\/accounts$/);
    const card = page.getByTestId(`account-card-${accountId}`);
    await card.filter({ hasText: ACCOUNT.name }).filter({ hasText: '次重点' }).waitFor();
    // The rep's scope: only the dealer's account, not the ones HQ owns.
    assert.equal(await page.getByTestId('accounts-cards').locator('a.account-card').count(), 1);
    let overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the list does not scroll sideways (${overflow}px)`);
    // 导出 and 导入 are icons with names on a phone: the header stays on one line.
    await page.getByRole('button', { name: '导出客户' }).waitFor();
    await page.getByRole('button', { name: '导入客户' }).waitFor();
    const header = await page.locator('.page-header').boundingBox();
    assert.ok(header && header.height < 60, `the list's header is one line (${header?.height}px)`);
    await field('accounts-q').fill(ACCOUNT.initials);
    await page.waitForURL(new RegExp(`q=${ACCOUNT.initials}`));
    await card.waitFor();
    await page.getByTestId('accounts-filter-toggle').click();
    await page.getByTestId('accounts-filter-grade').waitFor();
    await screenshot('phone-accounts');
    await page.getByTestId('accounts-filter-toggle').click();

    await card.click();
    await page.waitForURL(new RegExp(`/accounts/${accountId}$`));
    await page.getByTestId('account-title').filter({ hasText: ACCOUNT.name }).waitFor();
    assert.equal(await page.getByRole('tab', { name: '变更记录' }).count(), 0, 'no audit trail for a sales rep');
    assert.equal(await page.getByTestId('account-owner-change').count(), 0, 'a sales rep does not reassign');
    await screenshot('phone-account');
    await page.getByRole('tab', { name: '采购关系图' }).click();
    await page.getByTestId('bc-coverage').filter({ hasText: '已覆盖 2/6 类角色' }).waitFor();
    overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the buying centre does not scroll sideways (${overflow}px)`);
    await screenshot('phone-buying-centre');
    await page.getByRole('tab', { name: '客户分析' }).click();
    await page.getByTestId('analysis-status').filter({ hasText: '当前为第 2 版' }).waitFor();
    assertNoPageProblems('the account on a phone');
  });

  step('a dealer rep opens the import wizard on a phone: full screen, a file without a required column is refused', async () => {
    await page.getByTestId('menu-toggle').click();
    await page.locator('.el-drawer').getByTestId('menu-accounts').click();
    await page.waitForURL(/\/accounts(\?.*)?$/);
    await page.getByTestId('account-import').click();
    const dialog = page.getByTestId('account-import-dialog');
    await dialog.waitFor();
    assert.match(await dialog.getAttribute('class'), /is-fullscreen/);
    const box = await dialog.boundingBox();
    assert.ok(box && box.width >= 374, `the wizard fills the phone's width (${box?.width}px)`);

    const missing = expectHttpError('/api/v1/accounts/import', 422);
    const csv = IMPORT_CSV.split('\r\n')
      .map((line) => line.split(',').filter((_, i) => i !== 2).join(','))
      .join('\r\n');
    await page
      .locator('[data-testid="import-upload"] input[type="file"]')
      .setInputFiles({ name: 'no-industry.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByTestId('import-file-problems').filter({ hasText: '缺少必填列：行业' }).waitFor();
    assert.ok(missing.seen);
    assert.ok(await page.getByTestId('import-confirm').isDisabled());
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the wizard does not scroll sideways (${overflow}px)`);
    await screenshot('phone-account-import');
    await page.getByTestId('import-back').filter({ hasText: '重新选择文件' }).click();
    await page.getByTestId('import-upload').waitFor();
    await page.getByTestId('import-cancel').click();
    await dialog.waitFor({ state: 'hidden' });
    assertNoPageProblems('the import wizard on a phone');
  });

  step('shows the sign-in page on a phone', async () => {
    await signOut(page);
    await page.getByTestId('login-submit').waitFor();
    await screenshot('phone-login');
    assertNoPageProblems('the phone sign-in page');
  });
});
