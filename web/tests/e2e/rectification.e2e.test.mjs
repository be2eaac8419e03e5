// End-to-end test of rectification orders (整改) against the real fleetkam server with its demo
// data, in Debian's Chromium — "a dealer answers a rectification order": KA staff (ka_staff, 孙丽)
// raise an order to the dealer 成都鑫达 from 整改 with a due day a week ahead; its dealer manager
// (dm_chengdu, 陈静) finds it on the home page's to-do and in 待我回复, opens it and answers; KA
// staff find it in 待我核实 and send it back with a note; the dealer answers again, on a 375-px
// phone; KA staff verify and close it. The status and the timeline are checked at each step, on
// the page and against the API; a sales rep of another dealer (rep_zigong) gets 不存在 for the
// order's address. Last, KA staff raise one from a person's page of 月度考核 (its 整改 card): the
// form opens with the person's month as the evidence and their dealer as the recipient, and the
// order links back to that page. Fails on any console error or Content-Security-Policy violation.
//
// It starts `$FLEETKAM_BIN serve --demo` on a free port with a fresh SQLite database and the
// built web app (web/dist: run `npm run build` first).
import { before, describe } from 'node:test';
import assert from 'node:assert/strict';
import { clickStill, dayFromToday, setUpE2e, signIn, signOut } from './support.mjs';

const DEALER = '成都鑫达汽车销售服务有限公司';
const TITLE = '重点客户跟踪表连续两周未更新';
const FINDING = '成都鑫达近两周的重点大客户关系维系跟踪表未更新拜访进展，三个在跟商机没有下一步计划。';
const REQUIREMENT = '一周内补齐两周的跟踪记录，为每个在跟商机明确下一步计划和负责人。';
const ANSWER = '已补齐两周跟踪表，三个商机均已录入下一步计划。';
const SEND_BACK = '商机的下一步没有写负责人，请补充后重新回复。';
/** Last month in China, YYYY-MM. */
function lastMonth(now = Date.now()) {
  const china = new Date(now + 8 * 3600_000);
  const month = china.getUTCMonth();
  return month === 0 ? `${china.getUTCFullYear() - 1}-12` : `${china.getUTCFullYear()}-${String(month).padStart(2, '0')}`;
}
const ANSWER_AGAIN = '已为三个商机补充负责人：杨帆负责两个，陈静负责一个。';

describe('a dealer answers a rectification order (整改)', { timeout: 300_000 }, () => {
  let served = null;
  const e2e = setUpE2e({
    name: 'rectification',
    demo: true,
    timezoneId: 'Asia/Shanghai',
    skipStep: () => (served === false ? 'the server does not answer /api/v1/rectifications' : null),
  });
  const { step, assertNoPageProblems, apiAs, expectHttpError, screenshot } = e2e;
  let page;
  let id = 0;
  const due = dayFromToday(7);
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
  async function noSidewaysScroll(what) {
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${what} does not scroll sideways (${overflow}px)`);
  }
  /** The page shows the order with this status and these steps in its timeline (and so does the API). */
  async function showsOrder(username, status, statusText, actions) {
    await page.getByTestId('rect-status').filter({ hasText: new RegExp(`^${statusText}$`) }).waitFor();
    await page.locator(`[data-testid="rect-event-${actions.length - 1}"]`).waitFor();
    const shown = await page.locator('[data-testid^="rect-event-"]').evaluateAll((items) => items.map((li) => li.getAttribute('data-action')));
    assert.deepEqual(shown, actions, 'the timeline on the page');
    const order = await api(username, 'GET', `/rectifications/${id}`);
    assert.equal(order.status, status);
    assert.deepEqual(order.events.map((e) => e.action), actions, 'the timeline of the API');
    return order;
  }
  /** Opens the order from the list on the tab `tab`, where it is listed. */
  async function openFromTab(tab, query) {
    await clickStill(page.getByTestId('menu-rectifications'));
    await page.waitForURL('**/rectifications');
    await page.getByTestId(`rect-tab-${tab}`).click();
    await page.waitForURL((url) => url.pathname === '/rectifications' && url.search === query);
    await page.getByTestId(`rect-link-${id}`).click();
    await page.waitForURL(`**/rectifications/${id}`);
  }

  step('the server answers the rectification routes', async () => {
    const response = await apiAs('ka_staff', 'GET', '/rectification-summary');
    served = response.status !== 404;
    assert.equal(response.status, 200, await response.text());
  });

  step('KA staff raise an order to 成都鑫达 with a due day from 整改', async () => {
    await signIn(page, 'ka_staff');
    await clickStill(page.getByTestId('menu-rectifications'));
    await page.waitForURL('**/rectifications');
    const summary = await api('ka_staff', 'GET', '/rectification-summary');
    await page.getByTestId('rect-summary-open').filter({ hasText: String(summary.open) }).waitFor();
    await page.getByTestId('rect-units').waitFor(); // HQ: the regions below, each with its figures
    await page.getByTestId('rect-raise').click();
    await page.waitForURL('**/rectifications/new');
    await e2e.choose('rect-form-unit', new RegExp(`^${DEALER}`));
    await control('rect-form-title').fill(TITLE);
    await control('rect-form-finding', 'textarea').fill(FINDING);
    await control('rect-form-requirement', 'textarea').fill(REQUIREMENT);
    await e2e.typeDate('rect-form-due', due);
    await screenshot('rectification-raise');
    const created = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/rectifications' && r.request().method() === 'POST');
    await page.getByTestId('rect-submit').click();
    const answer = await created;
    assert.equal(answer.status(), 201, await answer.text());
    const order = await answer.json();
    id = order.id;
    assert.equal(order.recipient_unit_name, DEALER);
    assert.equal(order.recipient_user_id, null, 'no one named: the dealer manager answers');
    assert.equal(order.due_date, due);
    await page.waitForURL(`**/rectifications/${id}`);
    await page.getByTestId('rect-title').filter({ hasText: TITLE }).waitFor();
    await page.getByTestId('rect-requirement').filter({ hasText: REQUIREMENT }).waitFor();
    assert.equal(await page.getByTestId('rect-due').innerText(), due);
    await showsOrder('ka_staff', 'open', '待回复', ['raised']);
    assert.equal(await page.getByTestId('rect-answer').count(), 0, 'the raiser does not answer');
    assert.equal(await page.getByTestId('rect-close').count(), 0, 'nothing to verify before an answer');
    await page.getByTestId('rect-cancel').waitFor(); // the raiser may withdraw it
    // 我发起的 lists it
    await openFromTab('raised', '?box=raised');
    assertNoPageProblems('raising');
    await signOut(page);
  });

  step('the dealer manager finds it on the home to-do and in 待我回复, opens it and answers', async () => {
    await signIn(page, 'dm_chengdu');
    const home = await api('dm_chengdu', 'GET', '/home');
    const todo = home.todos.find((t) => t.code === 'rectifications_to_answer');
    assert.ok(todo, 'a dealer manager has the to-do');
    assert.deepEqual(todo.link, { path: '/rectifications', query: { box: 'to_answer', status: 'open' } });
    const toAnswer = await api('dm_chengdu', 'GET', '/rectifications?box=to_answer&status=open&limit=500');
    assert.ok(toAnswer.items.some((o) => o.id === id), 'the API lists it to answer');
    assert.equal(todo.count, toAnswer.items.length);
    await page.getByTestId('home-todo-count-rectifications_to_answer').filter({ hasText: new RegExp(`^${todo.count}$`) }).waitFor();
    assert.match(await page.getByTestId('home-todo-rectifications_to_answer').innerText(), /待我回复的整改/);
    await page.getByTestId('home-todo-rectifications_to_answer').click();
    await page.waitForURL((url) => url.pathname === '/rectifications' && url.searchParams.get('box') === 'to_answer' && url.searchParams.get('status') === 'open');
    assert.match((await page.getByTestId('rect-tab-to_answer').getAttribute('class')) ?? '', /is-active/, '待我回复 is the open tab');
    await page.getByTestId(`rect-status-${id}`).filter({ hasText: '待回复' }).waitFor();
    assert.equal(await page.getByTestId('rect-list-table').locator('tbody tr').count(), toAnswer.items.length);
    await screenshot('rectification-to-answer');
    await page.getByTestId(`rect-link-${id}`).click();
    await page.waitForURL(`**/rectifications/${id}`);
    await showsOrder('dm_chengdu', 'open', '待回复', ['raised']);
    assert.equal(await page.getByTestId('rect-close').count(), 0, 'the dealer does not verify');
    assert.equal(await page.getByTestId('rect-cancel').count(), 0, 'nor withdraw');
    await control('rect-answer-text', 'textarea').fill(ANSWER);
    await page.getByTestId('rect-answer-submit').click();
    await page.getByTestId('rect-response').filter({ hasText: ANSWER }).waitFor();
    await showsOrder('dm_chengdu', 'responded', '待核实', ['raised', 'responded']);
    assert.equal(await page.getByTestId('rect-answer').count(), 0, 'answered: nothing more to answer');
    assertNoPageProblems('answering');
    await signOut(page);
  });

  step('KA staff find it in 待我核实 and send it back with a note', async () => {
    await signIn(page, 'ka_staff');
    const home = await api('ka_staff', 'GET', '/home');
    const todo = home.todos.find((t) => t.code === 'rectifications_to_verify');
    assert.ok(todo && todo.count >= 1, 'KA staff have an order to verify');
    await page.getByTestId('home-todo-count-rectifications_to_verify').filter({ hasText: new RegExp(`^${todo.count}$`) }).waitFor();
    await openFromTab('to_verify', '?box=to_verify');
    await page.getByTestId('rect-response').filter({ hasText: ANSWER }).waitFor();
    await page.getByTestId('rect-send-back').click();
    const dialog = page.getByTestId('rect-verify-dialog');
    await dialog.getByTestId('rect-verify-save').waitFor();
    assert.equal(await dialog.getByTestId('rect-verify-save').isDisabled(), true, 'a send-back needs a note');
    await control('rect-verify-note', 'textarea').fill(SEND_BACK);
    await dialog.getByTestId('rect-verify-save').click();
    await dialog.waitFor({ state: 'hidden' });
    const order = await showsOrder('ka_staff', 'open', '待回复', ['raised', 'responded', 'sent_back']);
    assert.equal(order.rounds, 1);
    assert.equal(order.events[2].note, SEND_BACK);
    await page.getByTestId('rect-rounds').filter({ hasText: '1' }).waitFor();
    await page.getByTestId('rect-event-2').filter({ hasText: SEND_BACK }).waitFor();
    await screenshot('rectification-sent-back');
    assertNoPageProblems('sending back');
    await signOut(page);
  });

  step('the dealer answers again on a 375-px phone', async () => {
    await page.setViewportSize({ width: 375, height: 760 });
    try {
      await signIn(page, 'dm_chengdu');
      await page.goto('/rectifications?box=to_answer&status=open');
      const card = page.getByTestId(`rect-card-${id}`);
      await card.filter({ hasText: TITLE }).waitFor();
      await noSidewaysScroll('the list on a phone');
      await screenshot('phone-rectification-list');
      await card.click();
      await page.waitForURL(`**/rectifications/${id}`);
      await page.getByTestId('rect-answer').filter({ hasText: '退回 1 次' }).waitFor();
      await page.getByTestId('rect-event-2').filter({ hasText: SEND_BACK }).waitFor();
      await control('rect-answer-text', 'textarea').fill(ANSWER_AGAIN);
      await page.getByTestId('rect-answer-submit').click();
      await page.getByTestId('rect-response').filter({ hasText: ANSWER_AGAIN }).waitFor();
      await showsOrder('dm_chengdu', 'responded', '待核实', ['raised', 'responded', 'sent_back', 'responded']);
      await noSidewaysScroll('the order on a phone');
      await screenshot('phone-rectification-answered');
      assertNoPageProblems('answering again on a phone');
      await signOut(page);
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
    }
  });

  step('KA staff verify the answer and close the order', async () => {
    await signIn(page, 'ka_staff');
    await openFromTab('to_verify', '?box=to_verify');
    await page.getByTestId('rect-response').filter({ hasText: ANSWER_AGAIN }).waitFor();
    await page.getByTestId('rect-close').click();
    const dialog = page.getByTestId('rect-verify-dialog');
    await control('rect-verify-note', 'textarea').fill('已核实，关闭。');
    await dialog.getByTestId('rect-verify-save').click();
    await dialog.waitFor({ state: 'hidden' });
    const order = await showsOrder('ka_staff', 'closed', '已关闭', ['raised', 'responded', 'sent_back', 'responded', 'closed']);
    assert.ok(order.closed_at, 'closed at a time');
    assert.equal(order.can_verify, false);
    for (const action of ['rect-close', 'rect-send-back', 'rect-cancel']) assert.equal(await page.getByTestId(action).count(), 0, `${action}: nothing left to do`);
    await screenshot('rectification-closed');
    // no longer in 待我核实
    const toVerify = await api('ka_staff', 'GET', '/rectifications?box=to_verify&limit=500');
    assert.ok(!toVerify.items.some((o) => o.id === id));
    assertNoPageProblems('closing');
    await signOut(page);
  });

  step('a sales rep of another dealer gets 不存在 for the order’s address', async () => {
    await signIn(page, 'rep_zigong');
    const refused = await apiAs('rep_zigong', 'GET', `/rectifications/${id}`);
    assert.equal(refused.status, 404);
    const seen = expectHttpError(`/api/v1/rectifications/${id}`, 404);
    await page.goto(`/rectifications/${id}`);
    await page.getByTestId('rect-missing').filter({ hasText: '整改单不存在' }).waitFor();
    assert.equal(await page.getByTestId('rect-title').count(), 0);
    assert.ok(seen.seen, 'the 404 answer was logged by the browser');
    assertNoPageProblems('another dealer');
  });

  step('KA staff raise one from a person’s page of 月度考核, with the month as the evidence', async () => {
    await signOut(page);
    await signIn(page, 'ka_staff');
    const me = await api('dm_chengdu', 'GET', '/me');
    const month = lastMonth();
    const ref = `${month}/${me.user.id}`;
    await page.goto(`/assessments/${month}/people/${me.user.id}`);
    const card = page.getByTestId('rect-evidence-card');
    await card.getByTestId('rect-evidence-empty').waitFor();
    await card.getByTestId('rect-evidence-raise').click();
    await page.waitForURL((url) => url.pathname === '/rectifications/new' && url.searchParams.get('evidence_ref') === ref);
    assert.equal(new URL(page.url()).searchParams.get('evidence_kind'), 'assessment');
    await page.getByTestId('rect-form-evidence').filter({ hasText: ref }).waitFor();
    await page.getByTestId('rect-form-unit').filter({ hasText: DEALER }).waitFor(); // the person's dealer
    await control('rect-form-title').fill('月度考核得分偏低');
    await control('rect-form-finding', 'textarea').fill('上月考核报表及时性得分偏低，周跟踪表多次迟交。');
    await control('rect-form-requirement', 'textarea').fill('说明迟交原因，本月起每周按时提交周跟踪表。');
    await e2e.typeDate('rect-form-due', dayFromToday(3));
    await page.getByTestId('rect-submit').click();
    await page.waitForURL(/\/rectifications\/\d+$/);
    const evidence = page.getByTestId('rect-evidence');
    await evidence.filter({ hasText: `${month} 月度考核` }).waitFor();
    assert.equal(await evidence.getAttribute('href'), `/assessments/${month}/people/${me.user.id}`);
    const raised = Number(new URL(page.url()).pathname.split('/').pop());
    await evidence.click();
    await page.waitForURL(`**/assessments/${month}/people/${me.user.id}`);
    await page.getByTestId(`rect-evidence-${raised}`).filter({ hasText: '月度考核得分偏低' }).waitFor();
    const listed = await api('ka_staff', 'GET', `/rectifications?evidence_kind=assessment&evidence_ref=${encodeURIComponent(ref)}`);
    assert.deepEqual(listed.items.map((o) => o.id), [raised]);
    assertNoPageProblems('raising from the assessment');
  });
});
