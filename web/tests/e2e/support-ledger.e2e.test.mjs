// End-to-end test of the support ledger (支持台账) against the real fleetkam server with its demo
// data, in Debian's Chromium — "a material request from the form to the ledger": the sales rep
// of 成都鑫达 (rep_chengdu) opens the gift form for a key account's decision maker (as the
// contact's 礼品 dialog opens it), sees the contact's allowance for the year, types a gift over it
// and is refused beside the amount, naming HQ's limit (the server refuses the same with
// gift.over_limit); he then requests three roll-up banners, the amount worked out as he types;
// the Sichuan area manager (am_sichuan) approves it from 待我审批; HQ's KA staff (ka_staff) issues
// it from 待发放 and HQ's stock goes down by three; the rep confirms receipt from 待签收; the
// ledger's month shows one more material request, equal to the API's. Kept short (one server,
// few page loads): the set-up is read through the API. Fails on any console error or
// Content-Security-Policy violation.
//
// It starts `$FLEETKAM_BIN serve --demo` on a free port with a fresh SQLite database and the
// built web app (web/dist: run `npm run build` first).
import { before, describe } from 'node:test';
import assert from 'node:assert/strict';
import { clickStill, dayFromToday, setUpE2e, signIn, signOut } from './support.mjs';

const BANNER = '行业展示易拉宝（公务用车版）';

describe('a material request from the form to the ledger (支持台账)', { timeout: 120_000 }, () => {
  let served = null;
  const e2e = setUpE2e({
    name: 'support-ledger',
    demo: true,
    timezoneId: 'Asia/Shanghai',
    skipStep: () => (served === false ? 'the server does not answer /api/v1/support' : null),
  });
  const { step, assertNoPageProblems, apiAs } = e2e;
  let page;
  before(() => {
    page = e2e.page;
  });

  async function api(username, method, path, body) {
    const response = await apiAs(username, method, path, { body });
    const text = await response.text();
    assert.ok(response.status >= 200 && response.status < 300, `${method} ${path} as ${username}: ${response.status} ${text}`);
    return JSON.parse(text);
  }
  /** The <input> or <textarea> of an el-input (el-input puts data-testid on it, or on its wrapper). */
  const control = (testId, tag = 'input') => page.locator(`${tag}[data-testid="${testId}"], [data-testid="${testId}"] ${tag}`).first();
  const month = dayFromToday(0).slice(0, 7);
  const yuan = (fen) => `${new Intl.NumberFormat('en-US').format(fen / 100)} 元`;

  /** Set up through the API: the gift's contact and its allowance, the banner, the ledger before. */
  let gift;
  let allowance;
  let banner;
  let ledgerBefore;
  let unitId = 0;
  let requestId = 0;

  step('the server answers the support routes; the demo holds a gift and the banners', async () => {
    const response = await apiAs('rep_chengdu', 'GET', '/support/items?kind=material');
    served = response.status !== 404;
    const text = await response.text();
    assert.equal(response.status, 200, text);
    banner = JSON.parse(text).items.find((i) => i.name === BANNER);
    assert.ok(banner, `HQ stocks ${BANNER}`);
    const gifts = await api('rep_chengdu', 'GET', '/support/requests?kind=gift&limit=50');
    gift = gifts.items.find((g) => g.contact_id && g.status !== 'rejected') ?? gifts.items[0];
    assert.ok(gift?.contact_id, 'the demo gave a gift to a key account’s contact');
    allowance = await api('rep_chengdu', 'GET', `/support/gift-allowance?contact_id=${gift.contact_id}`);
    const me = await api('rep_chengdu', 'GET', '/me');
    unitId = me.org_unit.id;
    ledgerBefore = await api('rep_chengdu', 'GET', `/support/ledger?unit_id=${unitId}`);
  });

  step('the rep is refused a gift over the contact’s limit, naming it, then requests three banners', async () => {
    await signIn(page, 'rep_chengdu');
    await page.goto(`/support/new?kind=gift&account_id=${gift.account_id}&contact_id=${gift.contact_id}`);
    // the contact chosen, and this year's allowance shown
    await page.locator('.el-select[data-testid="support-form-contact"]').filter({ hasText: gift.contact_name }).waitFor();
    const shown = page.getByTestId('support-form-allowance');
    await shown.filter({ hasText: `已送 ${yuan(allowance.given_fen)}` }).waitFor();
    assert.match(await shown.innerText(), new RegExp(`上限 ${yuan(allowance.limit_fen)}`));
    // ¥100 more than remains
    const over = allowance.remaining_fen + 10_000;
    await control('support-form-description').fill('品牌定制茶具礼盒');
    await control('support-form-gift-amount').fill(String(over / 100));
    await control('support-form-gift-amount').press('Tab');
    const refusal = `超出每位联系人每年 ${yuan(allowance.limit_fen)} 的礼品上限：${month.slice(0, 4)} 年已送 ${yuan(allowance.given_fen)}`;
    const error = page.locator('.el-form-item__error');
    await error.filter({ hasText: refusal }).waitFor();
    // submitting sends nothing; the server refuses the same gift with gift.over_limit naming the limit
    let posted = false;
    page.on('request', (r) => (posted ||= new URL(r.url()).pathname === '/api/v1/support/requests' && r.method() === 'POST'));
    await page.getByTestId('support-submit').click();
    await error.filter({ hasText: refusal }).waitFor();
    assert.equal(posted, false, 'a gift over the limit is refused before it is sent');
    const refused = await apiAs('rep_chengdu', 'POST', '/support/requests', {
      body: { kind: 'gift', gift_kind: 'small', description: '品牌定制茶具礼盒', quantity: 1, amount_fen: over, contact_id: gift.contact_id },
    });
    assert.equal(refused.status, 422);
    const problem = await refused.json();
    assert.equal(problem.code, 'gift.over_limit');
    assert.equal(problem.limit_fen, allowance.limit_fen);
    assert.match(problem.errors.find((e) => e.field === 'amount_fen').message, /limit/);

    // the banners: three at HQ's cost, the amount worked out as typed
    await page.getByTestId('support-form-kind-material').click();
    await page.getByTestId('support-form-item').click();
    await clickStill(page.getByRole('option', { name: new RegExp(BANNER) }).locator('visible=true').first());
    await page.getByTestId('support-form-item-facts').filter({ hasText: `总部库存 ${banner.stock}件` }).waitFor();
    await control('support-form-quantity').fill('3');
    await control('support-form-quantity').press('Tab');
    await page.getByTestId('support-form-amount').filter({ hasText: yuan(3 * banner.unit_cost_fen) }).waitFor();
    await control('support-form-purpose', 'textarea').fill('市交警支队走访展厅布置');
    const created = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/support/requests' && r.request().method() === 'POST');
    await page.getByTestId('support-submit').click();
    const answer = await created;
    assert.equal(answer.status(), 201, await answer.text());
    const request = await answer.json();
    requestId = request.id;
    assert.deepEqual([request.kind, request.item_id, request.quantity, request.amount_fen], ['material', banner.id, 3, 3 * banner.unit_cost_fen]);
    await page.waitForURL(`**/support/${requestId}`);
    await page.getByTestId('support-request-status').filter({ hasText: '待审批' }).waitFor();
    await page.getByTestId('support-request-waiting').filter({ hasText: '四川省' }).waitFor();
    assertNoPageProblems('the request form');
    await signOut(page);
  });

  step('the area manager approves it from 待我审批', async () => {
    await signIn(page, 'am_sichuan');
    await clickStill(page.getByTestId('menu-support'));
    await page.getByTestId('support-tab-to_approve').click();
    await page.waitForURL((url) => url.pathname === '/support' && url.searchParams.get('box') === 'to_approve');
    await page.getByTestId(`support-link-${requestId}`).click();
    await page.waitForURL(`**/support/${requestId}`);
    await page.getByTestId('support-approve').click();
    await control('support-step-note', 'textarea').fill('同意');
    await page.getByTestId('support-step-save').click();
    await page.getByTestId('support-request-status').filter({ hasText: '已批准' }).waitFor();
    await page.getByTestId('support-request-timeline').filter({ hasText: '省区 · 批准' }).waitFor();
    assertNoPageProblems('the approval');
    await signOut(page);
  });

  step('HQ’s KA staff issues it from 待发放: the stock goes down by three', async () => {
    await signIn(page, 'ka_staff');
    await page.goto('/support?box=to_issue');
    await page.getByTestId(`support-link-${requestId}`).click();
    await page.waitForURL(`**/support/${requestId}`);
    await page.getByTestId('support-issue').click();
    const issued = page.waitForResponse((r) => new URL(r.url()).pathname === `/api/v1/support/requests/${requestId}/issue`);
    await clickStill(page.locator('.el-message-box').getByRole('button', { name: '发放' }));
    assert.equal((await issued).status(), 200);
    await page.getByTestId('support-request-status').filter({ hasText: '已发放' }).waitFor();
    const items = await api('ka_staff', 'GET', '/support/items?kind=material');
    assert.equal(items.items.find((i) => i.id === banner.id).stock, banner.stock - 3, 'HQ’s stock went down by three');
    assertNoPageProblems('the issue');
    await signOut(page);
  });

  step('the rep confirms receipt from 待签收, and the ledger’s month counts it', async () => {
    await signIn(page, 'rep_chengdu');
    await page.goto('/support?box=to_receive');
    await page.getByTestId(`support-link-${requestId}`).click();
    await page.waitForURL(`**/support/${requestId}`);
    await page.getByTestId('support-receive').click();
    await control('support-step-note', 'textarea').fill('3 件已收到');
    await page.getByTestId('support-step-save').click();
    await page.getByTestId('support-request-status').filter({ hasText: '已签收' }).waitFor();

    await clickStill(page.getByTestId('menu-support-ledger'));
    await page.waitForURL('**/support/ledger');
    const before = ledgerBefore.months.find((m) => m.month === month).material;
    const after = (await api('rep_chengdu', 'GET', `/support/ledger?unit_id=${unitId}`)).months.find((m) => m.month === month).material;
    assert.deepEqual([after.count, after.quantity, after.amount_fen], [before.count + 1, before.quantity + 3, before.amount_fen + 3 * banner.unit_cost_fen]);
    await page.getByTestId(`ledger-${month}-material-count`).filter({ hasText: String(after.count) }).waitFor();
    assert.equal(await page.getByTestId(`ledger-${month}-material-amount`).innerText(), yuan(after.amount_fen));
    // the month's figure is the list it links to
    await page.getByTestId(`ledger-${month}-material-count`).click();
    await page.waitForURL((url) => url.pathname === '/support' && url.searchParams.get('status') === 'approved,issued,received');
    await page.getByTestId(`support-link-${requestId}`).waitFor();
    assert.equal(await page.locator('[data-testid^="support-link-"]').count(), after.count);
    assertNoPageProblems('the ledger');
  });
});
