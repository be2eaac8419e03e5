// End-to-end test of visits (拜访/跟进) against the real fleetkam server with its demo data, in
// Debian's Chromium on a 390 × 844 phone: the Chengdu sales rep opens 记录拜访 from the menu, picks
// an account by search, ticks a contact, writes what happened and a next step due today, and
// saves; the visit shows on the account's 拜访记录 and in its buying centre as the role's and the
// contact's last meeting (the account no longer overdue); the next step is on 下一步待办 (今天及之前
// 到期) and counted by the home page's to-do, which links there; marking it done takes it off both.
// Nothing on the way scrolls sideways. Fails on any console error or CSP violation in the page.
//
// It starts `$FLEETKAM_BIN serve --demo` on a free port with a fresh SQLite database and the
// built web app (web/dist: run `npm run build` first).
import { before, describe } from 'node:test';
import assert from 'node:assert/strict';
import { dayFromToday, signIn, setUpE2e, untilStill } from './support.mjs';

// A key account of 成都鑫达 that the demo never visited: flagged until this test visits it.
const ACCOUNT = '成都市公安局交通警察支队';
const SUMMARY = '拜访支队装备科，了解明年交通执勤警备车更新计划，对方关注车载警灯和电台安装';
const NEXT_STEP = '送警备车配置方案给装备科';

describe('logging a visit on a phone (拜访/跟进)', { timeout: 300_000 }, () => {
  const e2e = setUpE2e({ name: 'visits', demo: true, timezoneId: 'Asia/Shanghai' });
  const { step, assertNoPageProblems, apiAs, screenshot } = e2e;
  let page;
  let accountId;
  let contact;
  let visitId;
  before(() => {
    page = e2e.page;
  });

  async function readApi(path) {
    const response = await apiAs('rep_chengdu', 'GET', path);
    const text = await response.text();
    assert.equal(response.status, 200, `GET ${path}: ${text}`);
    return JSON.parse(text);
  }
  async function noSidewaysScroll(what) {
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${what} does not scroll sideways (${overflow}px)`);
  }
  /** The <input> or <textarea> of an el-input (el-input puts data-testid on it, or on its wrapper). */
  const control = (testId, tag = 'input') => page.locator(`${tag}[data-testid="${testId}"], [data-testid="${testId}"] ${tag}`).first();
  const nextStepsDue = async () => (await readApi('/next-steps?status=due&limit=500')).items.map((v) => v.id);

  step('the rep opens 记录拜访 from the menu on a 390-px phone', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await signIn(page, 'rep_chengdu');
    const accounts = await readApi(`/accounts?q=${encodeURIComponent(ACCOUNT)}&limit=5`);
    const account = accounts.items.find((a) => a.name === ACCOUNT);
    assert.ok(account, `${ACCOUNT} is the rep's`);
    accountId = account.id;
    const centre = await readApi(`/accounts/${accountId}/buying-centre`);
    assert.equal(centre.overdue, true, 'a key account never visited is overdue');
    contact = centre.roles.find((r) => r.role === 'decision_maker').contacts[0];
    assert.ok(contact, 'it has a decision maker on file');
    await page.getByTestId('menu-toggle').click();
    const drawer = page.locator('.el-drawer');
    await drawer.getByTestId('menu-visit-new').click();
    await page.waitForURL(/\/visits\/new$/);
    await drawer.waitFor({ state: 'hidden' });
    await page.getByTestId('visit-kinds').waitFor();
    await noSidewaysScroll('the quick form');
    // big touch targets: the kind buttons and the submit button are at least 44 px high
    const kind = await page.getByTestId('visit-kind-meeting').boundingBox();
    assert.ok(kind && kind.height >= 44, `a kind button is a touch target (${kind?.height}px)`);
    assertNoPageProblems('the quick form');
  });

  step('picks the account by search, ticks a contact, writes what happened and a next step', async () => {
    await page.getByTestId('visit-account').click();
    // the whole query in one input event: one search
    await page.getByTestId('visit-account').locator('input').fill('交通警察支队');
    const option = page.getByRole('option', { name: ACCOUNT, exact: true }).locator('visible=true').first();
    await untilStill(option);
    // A click event sent to the option, without Playwright's wait for it to stand still: in the
    // whole e2e run on the sanitizer build, the list kept re-rendering and a click() timed out
    // ("element was detached from the DOM") though the option was there; run alone it passed.
    // The contact list below appears only once the account is chosen.
    await option.dispatchEvent('click');
    const row = page.getByTestId(`visit-contact-${contact.id}`);
    await row.waitFor();
    await row.click();
    assert.equal(await row.locator('input').isChecked(), true);
    await page.getByTestId('visit-kind-meeting').click();
    assert.equal(await page.getByTestId('visit-kind-meeting').getAttribute('aria-checked'), 'true');
    await control('visit-summary', 'textarea').fill(SUMMARY);
    await control('visit-next-step').fill(NEXT_STEP);
    await control('visit-next-step-due').fill(dayFromToday(0));
    await noSidewaysScroll('the filled quick form');
    await screenshot('visit-quick-form');
    const created = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/visits' && r.request().method() === 'POST');
    await page.getByTestId('visit-submit').click();
    const answer = await created;
    assert.equal(answer.status(), 201, await answer.text());
    const visit = await answer.json();
    visitId = visit.id;
    assert.equal(visit.account_id, accountId);
    assert.equal(visit.kind, 'meeting');
    assert.deepEqual(visit.contacts.map((c) => c.id), [contact.id]);
    assert.equal(visit.next_step_due, dayFromToday(0));
    await page.waitForURL(new RegExp(`/accounts/${accountId}\\?tab=visits$`));
  });

  step('it shows on the account page and as the buying centre’s last meeting', async () => {
    const card = page.getByTestId(`visit-${visitId}`);
    await card.filter({ hasText: SUMMARY }).waitFor();
    assert.match(await card.getByTestId('visit-card-contacts').innerText(), new RegExp(contact.name));
    assert.match(await card.getByTestId('visit-card-step').innerText(), new RegExp(NEXT_STEP));
    await noSidewaysScroll('the account’s visits');
    await screenshot('visit-account-visits');
    await page.getByRole('tab', { name: '采购关系图' }).click();
    const role = page.getByTestId('bc-met-decision_maker');
    await role.filter({ hasText: `上次拜访 ${dayFromToday(0)}` }).waitFor();
    assert.equal(await role.getAttribute('data-flagged'), 'false');
    await page.getByTestId(`contact-met-${contact.id}`).filter({ hasText: dayFromToday(0) }).waitFor();
    assert.equal(await page.getByTestId('bc-overdue').count(), 0, 'no longer overdue');
    const centre = await readApi(`/accounts/${accountId}/buying-centre`);
    assert.equal(centre.overdue, false);
    assert.equal(centre.roles.find((r) => r.role === 'decision_maker').last_met_at, centre.last_visit_at);
    await noSidewaysScroll('the buying centre');
    await screenshot('visit-buying-centre');
    assertNoPageProblems('the account page');
  });

  step('the next step is on the home page’s to-do and in 下一步待办, and done takes it off', async () => {
    assert.ok((await nextStepsDue()).includes(visitId), 'the API lists it as due');
    const home = await readApi('/home');
    const todo = home.todos.find((t) => t.code === 'next_steps_due');
    assert.ok(todo, 'the rep has the to-do');
    assert.equal(todo.count, (await nextStepsDue()).length);
    await page.getByTestId('menu-toggle').click();
    await page.locator('.el-drawer').getByTestId('menu-home').click();
    const count = page.getByTestId('home-todo-count-next_steps_due');
    await count.filter({ hasText: new RegExp(`^${todo.count}$`) }).waitFor();
    await page.getByTestId('home-todo-next_steps_due').click();
    await page.waitForURL(/\/next-steps\?status=due$/);
    const item = page.getByTestId(`next-step-${visitId}`);
    await item.filter({ hasText: NEXT_STEP }).waitFor();
    await noSidewaysScroll('下一步待办');
    await screenshot('visit-next-steps');
    await item.getByTestId(`next-step-done-${visitId}`).click();
    await item.waitFor({ state: 'detached' });
    assert.ok(!(await nextStepsDue()).includes(visitId), 'done: off the API list');
    const after = (await readApi('/home')).todos.find((t) => t.code === 'next_steps_due');
    assert.equal(after.count, todo.count - 1);
    await page.getByTestId('menu-toggle').click();
    await page.locator('.el-drawer').getByTestId('menu-home').click();
    await count.filter({ hasText: new RegExp(`^${after.count}$`) }).waitFor();
    assertNoPageProblems('the next steps');
  });
});
