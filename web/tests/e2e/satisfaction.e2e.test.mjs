// End-to-end test of satisfaction after delivery (客户满意度回访) and complaints (投诉) against the real
// fleetkam server with its demo data, in Debian's Chromium — "a customer is called after the
// delivery": the sales rep of 成都鑫达 (rep_chengdu, 杨帆), on a 390-px phone, opens the home page's
// to-do 待回访, records the overdue call with scores 5/4/2 and a complaint owned by the dealer manager
// (陈静), without the page scrolling sideways, and the to-do drops to 0; the dealer manager
// (dm_chengdu) finds two complaints in 我负责的 and resolves the new one; the area manager
// (am_sichuan) finds two low scores to review (the demo's and the new one) and reviews the new one;
// HQ's KA director (director) opens 满意度分析: the chart is drawn, the region opens for its
// provinces (四川省), and the responses figure is the length of the list it links to. The pages are
// checked against the API at each step. Fails on any console error or Content-Security-Policy
// violation.
//
// It starts `$FLEETKAM_BIN serve --demo` on a free port with a fresh SQLite database and the
// built web app (web/dist: run `npm run build` first).
import { before, describe } from 'node:test';
import assert from 'node:assert/strict';
import { clickStill, dayFromToday, setUpE2e, signIn, signOut } from './support.mjs';

const CONTACT = '刘所长';
const COMMENT = '车辆和交付都满意，但首次保养预约等了一周。';
const COMPLAINT = '首保预约排队一周，要求安排专人上门保养。';
const RESOLUTION = '已安排服务顾问专人对接，本周上门完成首保，客户认可。';
const REVIEW = '已电话了解，督促经销商建立首保预约专人对接机制。';

/** The month `n` months before this one in China, YYYY-MM. */
function monthsBack(n) {
  const [year, month] = dayFromToday(0).slice(0, 7).split('-').map(Number);
  const index = year * 12 + (month - 1) - n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

describe('a customer is called after the delivery (客户满意度回访)', { timeout: 300_000 }, () => {
  let served = null;
  const e2e = setUpE2e({
    name: 'satisfaction',
    demo: true,
    timezoneId: 'Asia/Shanghai',
    skipStep: () => (served === false ? 'the server does not answer /api/v1/satisfaction' : null),
  });
  const { step, assertNoPageProblems, apiAs, screenshot } = e2e;
  let page;
  /** The follow-up called in the first step, and the complaint raised on it. */
  let followupId = 0;
  let complaintId = 0;
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
  /** The home page's to-do `code` shows `count`, as the API counts it. */
  async function todoShows(username, code, count) {
    const home = await api(username, 'GET', '/home');
    const todo = home.todos.find((t) => t.code === code);
    assert.ok(todo, `${username} has the to-do ${code}`);
    assert.equal(todo.count, count, `${code} as the API counts it`);
    await page.getByTestId(`home-todo-count-${code}`).filter({ hasText: new RegExp(`^${count}$`) }).waitFor();
    return todo;
  }
  const isActive = async (testId) => /is-active/.test((await page.getByTestId(testId).getAttribute('class')) ?? '');

  step('the server answers the satisfaction routes', async () => {
    const response = await apiAs('rep_chengdu', 'GET', '/satisfaction/followups?due=true');
    served = response.status !== 404;
    const text = await response.text();
    assert.equal(response.status, 200, text);
    const due = JSON.parse(text).items;
    assert.equal(due.length, 1, 'the demo has one call due at 成都鑫达');
    assert.ok(due[0].overdue && due[0].can_record);
    followupId = due[0].id;
  });

  step('the sales rep records the due call with a complaint on a 390-px phone', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      await signIn(page, 'rep_chengdu');
      const todo = await todoShows('rep_chengdu', 'followups_due', 1);
      assert.deepEqual(todo.link, { path: '/satisfaction', query: { due: 'true' } });
      assert.match(await page.getByTestId('home-todo-followups_due').innerText(), /待回访的交车/);
      await page.getByTestId('home-todo-followups_due').click();
      await page.waitForURL((url) => url.pathname === '/satisfaction' && url.searchParams.get('due') === 'true');
      assert.ok(await isActive('sat-tab-due'), '待回访 is the open tab');
      const card = page.getByTestId(`sat-card-${followupId}`);
      await card.filter({ hasText: '逾期' }).waitFor();
      assert.equal(await page.locator('[data-testid^="sat-card-"]').count(), 1);
      await noSidewaysScroll('the follow-ups on a phone');
      await screenshot('phone-satisfaction-due');
      await card.click();
      await page.waitForURL(`**/satisfaction/followups/${followupId}`);
      await page.getByTestId('sat-overdue').waitFor();
      // 5 / 4 / 2: the service is low
      for (const [score, stars] of [['vehicle', 5], ['delivery', 4], ['service', 2]]) {
        await page.getByTestId(`sat-score-${score}`).locator('.el-rate__item').nth(stars - 1).click();
      }
      await control('sat-contact').fill(CONTACT);
      await control('sat-comment', 'textarea').fill(COMMENT);
      await page.getByTestId('sat-with-complaint').click();
      await e2e.choose('sat-complaint-category', '服务');
      await e2e.choose('sat-complaint-owner', /^陈静/);
      await control('sat-complaint-description', 'textarea').fill(COMPLAINT);
      assert.equal(await control('sat-complaint-due').inputValue(), dayFromToday(7), 'due a week ahead to begin with');
      await noSidewaysScroll('the record form on a phone');
      await screenshot('phone-satisfaction-record');
      const recorded = page.waitForResponse((r) => new URL(r.url()).pathname === `/api/v1/satisfaction/followups/${followupId}/record`);
      await page.getByTestId('sat-record-submit').click();
      const answer = await recorded;
      assert.equal(answer.status(), 200, await answer.text());
      await page.getByTestId('sat-status').filter({ hasText: '已回访' }).waitFor();
      await page.getByTestId('sat-low').filter({ hasText: '低分' }).waitFor();
      assert.equal(await page.getByTestId('sat-record').count(), 0, 'recorded: no form any more');
      assert.equal(await page.getByTestId('sat-result-service').innerText(), '2');
      await page.getByTestId('sat-result-contact').filter({ hasText: CONTACT }).waitFor();
      const f = await api('rep_chengdu', 'GET', `/satisfaction/followups/${followupId}`);
      assert.equal(f.status, 'done');
      assert.deepEqual([f.vehicle_score, f.delivery_score, f.service_score], [5, 4, 2]);
      assert.equal(f.low, true);
      assert.equal(f.comment, COMMENT);
      assert.equal(f.complaints.length, 1);
      const [k] = f.complaints;
      assert.deepEqual([k.category, k.owner_name, k.status, k.due_date, k.description], ['service', '陈静', 'open', dayFromToday(7), COMPLAINT]);
      complaintId = k.id;
      await page.getByTestId(`sat-complaint-${complaintId}`).filter({ hasText: '负责人 陈静' }).waitFor();
      await noSidewaysScroll('the recorded follow-up on a phone');
      await screenshot('phone-satisfaction-recorded');
      // the to-do is done
      await page.goto('/');
      await todoShows('rep_chengdu', 'followups_due', 0);
      assertNoPageProblems('recording the call');
      await signOut(page);
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
    }
  });

  step('the dealer manager finds two complaints in 我负责的 and resolves the new one', async () => {
    await signIn(page, 'dm_chengdu');
    const todo = await todoShows('dm_chengdu', 'complaints_mine', 2);
    assert.deepEqual(todo.link, { path: '/complaints', query: { mine: 'true', status: 'open' } });
    await page.getByTestId('home-todo-complaints_mine').click();
    await page.waitForURL((url) => url.pathname === '/complaints' && url.searchParams.get('mine') === 'true' && url.searchParams.get('status') === 'open');
    assert.ok(await isActive('complaint-tab-mine'), '我负责的 is the open tab');
    await page.getByTestId(`complaint-link-${complaintId}`).waitFor();
    assert.equal(await page.getByTestId('complaint-list-table').locator('tbody tr').count(), 2);
    await screenshot('satisfaction-complaints-mine');
    await page.getByTestId(`complaint-link-${complaintId}`).click();
    await page.waitForURL(`**/satisfaction/complaints/${complaintId}`);
    await page.getByTestId('complaint-description').filter({ hasText: COMPLAINT }).waitFor();
    await page.getByTestId('complaint-status').filter({ hasText: '待处理' }).waitFor();
    await control('complaint-resolve-text', 'textarea').fill(RESOLUTION);
    await page.getByTestId('complaint-resolve-submit').click();
    await page.getByTestId('complaint-status').filter({ hasText: '已解决' }).waitFor();
    await page.getByTestId('complaint-resolution').filter({ hasText: RESOLUTION }).waitFor();
    assert.equal(await page.getByTestId('complaint-resolve').count(), 0, 'resolved: nothing more to do');
    const k = await api('dm_chengdu', 'GET', `/complaints/${complaintId}`);
    assert.equal(k.status, 'resolved');
    assert.equal(k.resolved_by_name, '陈静');
    const mine = await api('dm_chengdu', 'GET', '/complaints?mine=true&status=open');
    assert.equal(mine.items.length, 1, 'the demo’s complaint is left');
    assertNoPageProblems('resolving the complaint');
    await signOut(page);
  });

  step('the area manager finds two low scores to review and reviews the new one', async () => {
    await signIn(page, 'am_sichuan');
    const todo = await todoShows('am_sichuan', 'low_scores_to_review', 2);
    assert.deepEqual(todo.link, { path: '/satisfaction', query: { low: 'unreviewed' } });
    await page.getByTestId('home-todo-low_scores_to_review').click();
    await page.waitForURL((url) => url.pathname === '/satisfaction' && url.searchParams.get('low') === 'unreviewed');
    assert.ok(await isActive('sat-tab-low'), '低分待复核 is the open tab');
    await page.getByTestId(`sat-link-${followupId}`).waitFor();
    assert.equal(await page.getByTestId('sat-list-table').locator('tbody tr').count(), 2);
    await page.getByTestId(`sat-scores-${followupId}`).filter({ hasText: '5 / 4 / 2' }).waitFor();
    await screenshot('satisfaction-low-to-review');
    await page.getByTestId(`sat-link-${followupId}`).click();
    await page.waitForURL(`**/satisfaction/followups/${followupId}`);
    await page.getByTestId('sat-low-notice').filter({ hasText: '区域经理复核' }).waitFor();
    // its complaint, resolved by the dealer manager, is listed
    await page.getByTestId(`sat-complaint-status-${complaintId}`).filter({ hasText: '已解决' }).waitFor();
    await control('sat-review-text', 'textarea').fill(REVIEW);
    await page.getByTestId('sat-review-submit').click();
    await page.getByTestId('sat-review-note').filter({ hasText: REVIEW }).waitFor();
    await page.getByTestId('sat-low').filter({ hasText: '低分已复核' }).waitFor();
    assert.equal(await page.getByTestId('sat-review').count(), 0, 'reviewed: nothing more to review');
    const f = await api('am_sichuan', 'GET', `/satisfaction/followups/${followupId}`);
    assert.ok(f.low_reviewed_at);
    assert.equal(f.low_reviewed_by_name, '刘洋');
    assert.equal((await api('am_sichuan', 'GET', '/satisfaction/followups?low=unreviewed')).items.length, 1);
    assertNoPageProblems('reviewing the low score');
    await signOut(page);
  });

  step('HQ opens 满意度分析: the chart, the region’s provinces, and figures that match their lists', async () => {
    await signIn(page, 'director');
    await clickStill(page.getByTestId('menu-satisfaction-board'));
    await page.waitForURL('**/satisfaction/board');
    await page.locator('[data-testid="sat-board-chart"] canvas').first().waitFor();
    // the last six months up to this one, to begin with
    const [from, to] = [monthsBack(5), monthsBack(0)];
    const range = page.locator('.sat-board__filters input.el-range-input');
    assert.deepEqual([await range.nth(0).inputValue(), await range.nth(1).inputValue()], [from, to]);
    const whole = await api('director', 'GET', `/satisfaction/summary?from=${from}&to=${to}`);
    await page.getByTestId('sat-board-total-responses').filter({ hasText: new RegExp(`^${whole.total.responses}$`) }).waitFor();
    const region = whole.groups.find((g) => g.name === '西南大区');
    assert.ok(region && region.unit_id, 'the regions below HQ');
    assert.ok(region.figures.responses >= 1, 'the call recorded today counts');
    // the region opens for its provinces, under breadcrumbs from HQ
    await page.getByTestId(`sat-board-drill-${region.unit_id}`).click();
    await page.waitForURL((url) => url.searchParams.get('unit_id') === String(region.unit_id));
    await page.getByTestId('sat-board-unit').filter({ hasText: '西南大区' }).waitFor();
    await page.getByTestId('sat-board-trail').filter({ hasText: '总部' }).waitFor();
    const sichuan = page.getByTestId('sat-board-groups').locator('a', { hasText: /^\s*四川省\s*$/ });
    await sichuan.waitFor();
    const scoped = await api('director', 'GET', `/satisfaction/summary?from=${from}&to=${to}&unit_id=${region.unit_id}`);
    const total = scoped.total.responses;
    await page.getByTestId('sat-board-total-responses').filter({ hasText: new RegExp(`^${total}$`) }).waitFor();
    await screenshot('satisfaction-board');
    // 回访数 opens the list of exactly those calls
    const listed = await api('director', 'GET', `/satisfaction/followups?status=done&from=${from}&to=${to}&unit_id=${region.unit_id}&limit=500`);
    assert.equal(listed.items.length, total, 'the API list is as long as the figure');
    await page.getByTestId('sat-board-total-responses').click();
    await page.waitForURL(
      (url) =>
        url.pathname === '/satisfaction' &&
        url.searchParams.get('status') === 'done' &&
        url.searchParams.get('from') === from &&
        url.searchParams.get('to') === to &&
        url.searchParams.get('unit_id') === String(region.unit_id),
    );
    assert.ok(await isActive('sat-tab-done'), '已回访 is the open tab');
    await page.getByTestId(`sat-link-${followupId}`).waitFor();
    assert.equal(await page.getByTestId('sat-list-table').locator('tbody tr').count(), total, 'as many rows as the figure');
    assertNoPageProblems('the board');
  });
});
