// End-to-end test of the monthly assessment (月度考核, issue 14) against the real fleetkam server
// with its demo data (last month's reports, registrations and deals), in Debian's Chromium: KA staff
// (ka_staff) compile last month from 月度考核 and fill a reviewer score with a comment on a
// person's page (the others through the API); the KA director (director) adjusts a computed score
// with a reason, which the page keeps, and marks the month reviewed; the KA executive (executive)
// approves it and downloads the payroll sheet; a sales rep (rep_chengdu) on a phone sees only their own row and, one click on, their
// scores with the evidence (each deadline with its submission time and a link to the report).
// Fails on any console error or Content-Security-Policy violation.
//
//   FLEETKAM_BIN   server binary (default ../build/fleetkam relative to web/)
//   CHROMIUM_BIN   browser (default /usr/bin/chromium)
import { before, describe } from 'node:test';
import assert from 'node:assert/strict';
import { clickStill, setUpE2e, signIn, signOut } from './support.mjs';

/** Last month in China, YYYY-MM. */
function lastMonth(now = Date.now()) {
  const china = new Date(now + 8 * 3600_000);
  const month = china.getUTCMonth();
  return month === 0 ? `${china.getUTCFullYear() - 1}-12` : `${china.getUTCFullYear()}-${String(month).padStart(2, '0')}`;
}

describe('the monthly assessment: compile, score, adjust, review, approve, read (月度考核)', { timeout: 180_000 }, () => {
  let served = null;
  const e2e = setUpE2e({
    name: 'assessment',
    demo: true,
    timezoneId: 'Asia/Shanghai',
    skipStep: () => (served === false ? 'the server does not answer /api/v1/assessments' : null),
  });
  const { step, assertNoPageProblems, apiAs } = e2e;
  let page;
  before(() => {
    page = e2e.page;
  });

  const month = lastMonth();
  let rep = 0; // rep_chengdu's user id

  async function api(username, method, path, body) {
    const response = await apiAs(username, method, path, { body });
    const text = await response.text();
    assert.ok(response.status >= 200 && response.status < 300, `${method} ${path} as ${username}: ${response.status} ${text}`);
    return JSON.parse(text);
  }

  /** Confirms Element Plus's message box with its button named `name`. */
  async function confirmBox(name) {
    const box = page.locator('.el-message-box');
    await box.waitFor();
    await box.getByRole('button', { name }).click();
    await box.waitFor({ state: 'hidden' });
  }

  step('the server answers the assessment routes; last month is open', async () => {
    const response = await apiAs('ka_staff', 'GET', `/assessment-months/${month}`);
    served = response.status !== 404 || (await apiAs('ka_staff', 'GET', `/assessments?month=${month}`)).status === 200;
    assert.equal(response.status, 200, await response.text());
    const me = await api('rep_chengdu', 'GET', '/me');
    rep = me.user.id;
  });

  step('KA staff compile last month from 月度考核: the close says 已汇总 and how many scores are to fill', async () => {
    await signIn(page, 'ka_staff');
    await clickStill(page.getByTestId('menu-assessments'));
    await page.waitForURL('**/assessments');
    await page.getByTestId('assessment-status').filter({ hasText: '未汇总' }).waitFor();
    await page.getByTestId('assessment-draft').waitFor();
    await page.getByTestId('assessment-step-compile').click();
    await confirmBox('汇总考核');
    await page.getByTestId('assessment-status').filter({ hasText: '已汇总' }).waitFor();
    await page.getByTestId('assessment-pending').filter({ hasText: '待评分' }).waitFor();
    await page.getByTestId('assessment-history').filter({ hasText: '孙丽' }).waitFor();
    // the scope's rectification orders beside the close, as the summary counts them; overdue opens the list
    const orders = await api('ka_staff', 'GET', '/rectification-summary');
    assert.ok(orders.overdue > 0, 'the demo has an overdue rectification order');
    await page.getByTestId('assessment-rectify-open').filter({ hasText: `待回复 ${orders.open}` }).waitFor();
    await page.getByTestId('assessment-rectify-responded').filter({ hasText: `待核实 ${orders.responded}` }).waitFor();
    await page.getByTestId('assessment-rectify-overdue').filter({ hasText: `逾期 ${orders.overdue}` }).click();
    await page.waitForURL('**/rectifications?overdue=true');
    await page.goBack();
    await page.getByTestId('assessment-status').filter({ hasText: '已汇总' }).waitFor();
    assertNoPageProblems('compiling');
  });

  step('KA staff fill a reviewer score with a comment on the rep’s page, the rest through the API', async () => {
    await page.getByTestId(`assessment-person-${rep}`).click();
    await page.waitForURL(`**/assessments/${month}/people/${rep}`);
    const fill = page.getByTestId('assessment-fill-monthly_summary-quality');
    await fill.click();
    const dialog = page.getByTestId('assessment-score-dialog');
    await dialog.locator('[data-testid="assessment-score-value"] input').fill('86');
    await dialog.getByTestId('assessment-score-comment').fill('问题分析具体，下月计划可执行');
    await dialog.getByTestId('assessment-score-save').click();
    await page.getByTestId('assessment-criterion-monthly_summary-quality').filter({ hasText: '问题分析具体，下月计划可执行' }).waitFor();
    await page.getByTestId('assessment-criterion-monthly_summary-quality').getByTestId('assessment-criterion-score').filter({ hasText: '86.0' }).waitFor();
    // every other reviewer score of the month through the API
    const list = await api('ka_staff', 'GET', `/assessments?month=${month}&pending=true&limit=500`);
    for (const row of list.items) {
      const person = await api('ka_staff', 'GET', `/assessments/${month}/people/${row.user_id}`);
      const scores = [];
      for (const item of person.detail)
        for (const c of item.criteria) if (c.pending && c.score === null) scores.push({ item: item.code, criterion: c.code, score: 80, comment: '符合要求' });
      await api('ka_staff', 'PATCH', `/assessments/${month}/people/${row.user_id}`, { version: person.version, scores });
    }
    assertNoPageProblems('scoring');
    await signOut(page);
  });

  step('the KA director adjusts the statistics table’s accuracy with a reason, kept on the page, and marks the month reviewed', async () => {
    await signIn(page, 'director');
    await page.goto(`${e2e.baseUrl}/assessments/${month}/people/${rep}`);
    await page.getByTestId('assessment-adjust-monthly_stats-accuracy').click();
    const dialog = page.getByTestId('assessment-score-dialog');
    await dialog.locator('[data-testid="assessment-score-value"] input').fill('100');
    await dialog.getByTestId('assessment-score-reason').fill('跨月交车，口径已与区域核实');
    await dialog.getByTestId('assessment-score-save').click();
    await page
      .getByTestId('assessment-criterion-monthly_stats-accuracy')
      .getByTestId('assessment-adjustments')
      .filter({ hasText: '跨月交车，口径已与区域核实' })
      .waitFor();
    await page.goto(`${e2e.baseUrl}/assessments?month=${month}`);
    await page.getByTestId('assessment-step-review').click();
    await confirmBox('审核通过');
    await page.getByTestId('assessment-status').filter({ hasText: '已审核' }).waitFor();
    assertNoPageProblems('reviewing');
    await signOut(page);
  });

  step('the KA executive approves: 已批准, and the close lists who approved', async () => {
    await signIn(page, 'executive');
    await clickStill(page.getByTestId('menu-assessments'));
    await page.getByTestId('assessment-step-approve').click();
    await confirmBox('批准');
    await page.getByTestId('assessment-status').filter({ hasText: '已批准' }).waitFor();
    await page.getByTestId('assessment-history').filter({ hasText: '李振华' }).waitFor();
    const close = await api('executive', 'GET', `/assessment-months/${month}`);
    assert.equal(close.status, 'approved');
    // the payroll sheet of the approved month
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('assessment-export').click()]);
    assert.match(download.suggestedFilename(), /^考核-\d{4}-\d{2}\.xlsx$/);
    assertNoPageProblems('approving');
    await signOut(page);
  });

  step('on a phone the sales rep sees only their own row, then their scores with the evidence', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await signIn(page, 'rep_chengdu');
    await page.goto(`${e2e.baseUrl}/assessments`);
    await page.getByTestId(`assessment-person-${rep}`).waitFor();
    const rows = await page.getByTestId('assessment-table').locator('tbody tr').count();
    assert.equal(rows, 1, 'a sales rep sees their own row only');
    await page.getByTestId(`assessment-person-${rep}`).click();
    await page.waitForURL(`**/assessments/${month}/people/${rep}`);
    const weekly = page.getByTestId('assessment-criterion-weekly_tracking-timeliness');
    await weekly.getByTestId('assessment-deadlines').waitFor();
    assert.ok((await weekly.getByRole('link').count()) >= 1, 'each weekly table is a link to the report');
    await page.getByTestId('assessment-criterion-monthly_stats-accuracy').getByTestId('assessment-adjustments').waitFor();
    assert.equal(await page.getByTestId('assessment-adjust-monthly_stats-accuracy').count(), 0, 'a rep adjusts nothing');
    const mine = await api('rep_chengdu', 'GET', `/assessments/${month}/people/${rep}`);
    assert.equal(mine.status, 'approved');
    await page.getByTestId('assessment-person-total').filter({ hasText: mine.total.toFixed(1) }).waitFor();
    assertNoPageProblems('reading one’s scores');
  });
});
