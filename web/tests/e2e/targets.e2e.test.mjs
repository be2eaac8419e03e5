// End-to-end test of targets (目标分解, issue 12) against the real fleetkam server with its demo
// data, in Debian's Chromium: HQ's KA director (director) creates a plan for the next six months,
// changes the method and sees the what-if tables change before saving (Zhejiang's market
// capacity, weighted up, moves units away from Sichuan's row), saves and issues it; the Sichuan area manager
// (am_sichuan) opens Sichuan's split, saves the suggested split and submits it; 四川省's
// attainment grows once a delivery is recorded on a won opportunity of the Chengdu dealer (made
// through the API as its rep); the plan page in English and Chinese; a 390-px phone without
// sideways page scrolling. Fails on any console error or Content-Security-Policy violation.
//
//   FLEETKAM_BIN   server binary (default ../build/fleetkam relative to web/)
//   CHROMIUM_BIN   browser (default /usr/bin/chromium)
//
// A server without the targets API (404 on GET /api/v1/target-plans) fails the first step, which
// says so, and skips the rest.
import { before, describe } from 'node:test';
import assert from 'node:assert/strict';
import { clickStill, dayFromToday, setUpE2e, signIn, signOut, sleep } from './support.mjs';

/** YYYY-MM `months` months from this one (Asia/Shanghai). */
function monthFromNow(months) {
  const [year, month] = dayFromToday(0).split('-').map(Number);
  const index = year * 12 + (month - 1) + months;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

const PLAN = `E2E 目标 ${String(Date.now()).slice(-5)}`;
const FROM = monthFromNow(0);
const TO = monthFromNow(5);

describe('targets: plan, what-if, issue, province split, attainment (目标分解)', { timeout: 420_000 }, () => {
  let apiServed = null;
  const e2e = setUpE2e({
    name: 'targets',
    demo: true,
    timezoneId: 'Asia/Shanghai',
    skipStep: () => (apiServed === false ? 'the server does not answer /api/v1/target-plans' : null),
  });
  const { step, assertNoPageProblems, apiAs, screenshot, field } = e2e;
  let page;
  before(() => {
    page = e2e.page;
  });
  let planId = 0;
  let sichuanId = 0;
  let zhejiangId = 0;

  async function readApi(username, path) {
    const response = await apiAs(username, 'GET', path);
    const text = await response.text();
    assert.equal(response.status, 200, `GET ${path} as ${username}: ${text}`);
    return JSON.parse(text);
  }

  async function switchUser(username) {
    await signOut(page);
    await signIn(page, username);
  }

  /** Confirms the open el-message-box with its primary button. */
  async function confirmBox() {
    const button = page.locator('.el-message-box .el-button--primary');
    await button.waitFor();
    await sleep(200);
    await button.click();
  }

  /** Sichuan's actual (delivered) units of the plan to date, as the director reads them. */
  async function sichuanActual() {
    const answer = await readApi('director', `/attainment?plan_id=${planId}&level=province&by=month`);
    return answer.units.find((u) => u.unit_id === sichuanId)?.actual ?? 0;
  }

  step('the server answers the targets routes', async () => {
    const response = await apiAs('director', 'GET', '/target-plans');
    apiServed = response.status !== 404;
    assert.equal(response.status, 200, 'GET /api/v1/target-plans answers (the targets server is there)');
    const units = await readApi('director', '/org/units?kind=province&limit=500');
    sichuanId = units.items.find((u) => u.name === '四川省')?.id ?? 0;
    zhejiangId = units.items.find((u) => u.name === '浙江省')?.id ?? 0;
    assert.ok(sichuanId > 0 && zhejiangId > 0, 'the demo data has 四川省 and 浙江省');
  });

  step('the KA director creates a plan from 目标 (新建目标)', async () => {
    await signIn(page, 'director');
    await page.getByTestId('menu-targets').click();
    await page.waitForURL('**/targets');
    await page.getByTestId('target-create').click();
    await field('target-plan-name').fill(PLAN);
    for (const [testId, value] of [
      ['target-plan-from', FROM],
      ['target-plan-to', TO],
    ]) {
      const input = field(testId);
      await input.click();
      await input.fill(value);
      await input.press('Enter');
      // Enter closes the month panel; Escape now would close the dialog: click its title instead.
      await page.locator('.el-dialog__title').click();
      assert.equal(await input.inputValue(), value);
    }
    await field('target-plan-total').fill('1200');
    await page.getByTestId('target-plan-save').click();
    await page.waitForURL(/\/targets\/\d+$/);
    planId = Number(new URL(page.url()).pathname.split('/').pop());
    await page.getByTestId('target-title').filter({ hasText: PLAN }).waitFor();
    await page.getByTestId('target-status').filter({ hasText: '草稿' }).waitFor();
    await page.getByTestId(`target-row-province-${sichuanId}`).waitFor();
    assertNoPageProblems('creating a plan');
  });

  step('a change of the method redraws the tables before anything is saved (what-if)', async () => {
    const row = page.getByTestId(`target-row-province-${sichuanId}`);
    const before = await row.innerText();
    const plan = await readApi('director', `/target-plans/${planId}`);
    // The demo's sales and registrations are Sichuan's: a market capacity for Zhejiang, weighted
    // 50 %, moves units away from Sichuan.
    await page.getByTestId('target-capacity').locator('summary').click();
    await field(`target-capacity-${zhejiangId}`).fill('50000');
    await field(`target-capacity-${zhejiangId}`).press('Tab');
    await field('target-weight-last_month_sales').fill('20');
    await field('target-weight-last_month_sales').press('Tab');
    await page.getByTestId('target-sum-weights').filter({ hasText: '须为 100%' }).waitFor();
    const preview = page.waitForResponse((r) => r.url().endsWith(`/api/v1/target-plans/${planId}/preview`) && r.request().method() === 'POST');
    await field('target-weight-market_capacity').fill('50');
    await field('target-weight-market_capacity').press('Tab');
    await page.getByTestId('target-sum-weights').filter({ hasText: '合计 100%' }).waitFor();
    assert.equal((await preview).status(), 200);
    await page.waitForFunction(
      ([id, text]) => document.querySelector(`[data-testid="target-row-province-${id}"]`)?.textContent?.replace(/\s+/g, '') !== text.replace(/\s+/g, ''),
      [sichuanId, before],
    );
    // Nothing saved yet: the plan on the server is as it was.
    const unchanged = await readApi('director', `/target-plans/${planId}`);
    assert.equal(unchanged.version, plan.version);
    assert.deepEqual(unchanged.method.weights, plan.method.weights);
    await page.getByTestId('target-unsaved').waitFor();
    await screenshot('targets-what-if');
    assertNoPageProblems('the what-if tables');
  });

  step('saves the method and issues the plan (下达)', async () => {
    await page.getByTestId('target-save').click();
    await page.getByTestId('target-unsaved').waitFor({ state: 'detached' });
    const saved = await readApi('director', `/target-plans/${planId}`);
    assert.deepEqual(saved.method.weights, { last_month_sales: 20, market_capacity: 50, registrations: 30 });
    assert.equal(saved.method.market_capacity[String(zhejiangId)], 50000);
    await page.getByTestId('target-issue').click();
    await confirmBox();
    await page.getByTestId('target-status').filter({ hasText: '已下达' }).waitFor();
    await page.getByTestId('target-method-readonly').waitFor();
    assert.equal((await readApi('director', `/target-plans/${planId}`)).status, 'issued');
    await page.getByTestId('target-revise').waitFor();
    assertNoPageProblems('issuing');
  });

  step('the Sichuan area manager saves the suggested split and submits it', async () => {
    await switchUser('am_sichuan');
    await page.goto(`/targets/${planId}?tab=split`);
    await page.getByTestId('target-split').waitFor();
    await page.getByTestId('target-split-province').filter({ hasText: '四川省' }).waitFor();
    assert.equal(await page.getByTestId('target-split-mismatch').count(), 0, 'the suggested split adds up');
    await page.getByTestId('target-split-save').click();
    await page.getByTestId('target-split-status').filter({ hasText: '已保存' }).waitFor();
    await page.getByTestId('target-split-submit').click();
    await confirmBox();
    await page.getByTestId('target-split-status').filter({ hasText: '已提交' }).waitFor();
    const sheet = await readApi('am_sichuan', `/target-plans/${planId}/provinces/${sichuanId}/split`);
    assert.equal(sheet.status, 'submitted');
    await screenshot('targets-split-submitted');
    assertNoPageProblems('the province split');
  });

  step('四川省’s attainment grows after a delivery on a won opportunity', async () => {
    await switchUser('director');
    await page.goto(`/targets/${planId}?tab=attainment`);
    await page.getByTestId('target-attainment-table').waitFor();
    await page.getByTestId('target-attainment-level').click();
    await clickStill(page.getByRole('option', { name: '省区', exact: true }).locator('visible=true').first());
    const cell = page.getByTestId(`target-attainment-actual-${sichuanId}`).first();
    await cell.waitFor();
    const before = await sichuanActual();
    assert.equal(Number(await cell.innerText()), before);

    const list = await readApi('rep_chengdu', '/opportunities?stage=won&undelivered=true&limit=20');
    assert.ok(list.items.length > 0, 'the Chengdu dealer has a won opportunity not fully delivered');
    const opportunity = await readApi('rep_chengdu', `/opportunities/${list.items[0].id}`);
    const line = opportunity.lines[0];
    const created = await apiAs('rep_chengdu', 'POST', `/opportunities/${opportunity.id}/deliveries`, {
      body: { date: dayFromToday(0), quantity: 1, model: line.model || 'E2E', vehicle_type: line.vehicle_type, over_reason: 'e2e' },
    });
    assert.equal(created.status, 201, `the delivery is recorded: ${await created.text()}`);

    assert.equal(await sichuanActual(), before + 1, 'the API counts the delivery for 四川省');
    await page.reload();
    await page.getByTestId('target-attainment-level').click();
    await clickStill(page.getByRole('option', { name: '省区', exact: true }).locator('visible=true').first());
    await page.getByTestId(`target-attainment-actual-${sichuanId}`).first().filter({ hasText: String(before + 1) }).waitFor();
    await page.getByTestId('target-attainment-chart').waitFor();
    await screenshot('targets-attainment');
    assertNoPageProblems('attainment');
  });

  step('the plan page in English and in Chinese', async () => {
    await page.goto(`/targets/${planId}`);
    await page.evaluate(() => localStorage.setItem('fleetkam.locale', 'en'));
    await page.reload();
    await page.getByRole('tab', { name: 'Decomposition', exact: true }).waitFor();
    await page.getByRole('tab', { name: 'Attainment', exact: true }).waitFor();
    await page.getByTestId('target-status').filter({ hasText: 'Issued' }).waitFor();
    await screenshot('targets-plan-en');
    await page.evaluate(() => localStorage.setItem('fleetkam.locale', 'zh-CN'));
    await page.reload();
    await page.getByRole('tab', { name: '分解', exact: true }).waitFor();
    await page.getByRole('tab', { name: '达成', exact: true }).waitFor();
    await page.getByTestId('target-status').filter({ hasText: '已下达' }).waitFor();
    assertNoPageProblems('both languages');
  });

  step('a 390-px phone: the tables scroll inside their card, the page does not', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      for (const tab of ['', '?tab=attainment', '?tab=forecast']) {
        await page.goto(`/targets/${planId}${tab}`);
        await page.getByTestId('target-title').waitFor();
        await page.waitForLoadState('networkidle');
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(overflow <= 0, `${tab || 'decomposition'}: the page does not scroll sideways (${overflow}px)`);
      }
      await page.goto(`/targets/${planId}`);
      await page.getByTestId(`target-row-province-${sichuanId}`).waitFor();
      await screenshot('phone-targets-plan');
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
    }
    assertNoPageProblems('the phone');
  });
  step('HQ revises the issued plan: a new draft whose 差异 lists the cells a change moves', async () => {
    await page.goto(`/targets/${planId}`);
    await page.getByTestId('target-revise').click();
    await confirmBox();
    await page.waitForURL((url) => /\/targets\/\d+$/.test(url.pathname) && url.pathname !== `/targets/${planId}`);
    const revisionId = Number(new URL(page.url()).pathname.split('/').pop());
    await page.getByTestId('target-status').filter({ hasText: '草稿' }).waitFor();
    await page.getByTestId('target-facts').filter({ hasText: '第 2 版' }).waitFor();
    // Zhejiang's capacity weighs less again: units go back to Sichuan.
    await field('target-weight-market_capacity').fill('20');
    await field('target-weight-market_capacity').press('Tab');
    await field('target-weight-last_month_sales').fill('50');
    await field('target-weight-last_month_sales').press('Tab');
    await page.getByTestId('target-sum-weights').filter({ hasText: '合计 100%' }).waitFor();
    await page.getByTestId('target-save').click();
    await page.getByTestId('target-unsaved').waitFor({ state: 'detached' });
    const diff = await readApi('director', `/target-plans/${revisionId}/diff`);
    assert.equal(diff.base_id, planId);
    assert.ok(diff.items.length > 0, 'the revision differs from the plan it revises');
    await page.getByRole('tab', { name: '差异', exact: true }).click();
    // The table is there while the diff loads: wait for its last row before counting.
    await page.getByTestId('target-diff-table').locator('tbody tr').nth(diff.items.length - 1).waitFor();
    assert.equal(await page.getByTestId('target-diff-table').locator('tbody tr').count(), diff.items.length);
    await screenshot('targets-diff');
    assertNoPageProblems('a revision');
  });
});
