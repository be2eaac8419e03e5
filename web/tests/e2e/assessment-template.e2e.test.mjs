// End-to-end test of the assessment templates (考核模板, issue 14) against the real fleetkam server
// with its demo data, in Debian's Chromium: HQ's KA director (director) opens 考核模板 from
// 月度考核 and reads the seed's table in force; changes a weight so the five make 105 and sees
// saving blocked; makes them 100 again and saves the template from next month on, which the page
// then lists (待生效) and shows; a second change made meanwhile through the API makes the next
// save a 409 (changed by someone else), after which the page has reloaded and the save goes
// through; a sales rep (rep_chengdu) on a 375-px phone reads the templates without an editor.
// The change applies from next month only, so this month's draft scores and last month's close
// (which assessment.e2e.test.mjs compiles, in a database of its own anyway) are untouched.
// Fails on any console error or Content-Security-Policy violation.
//
//   FLEETKAM_BIN   server binary (default ../build/fleetkam relative to web/)
//   CHROMIUM_BIN   browser (default /usr/bin/chromium)
import { before, describe } from 'node:test';
import assert from 'node:assert/strict';
import { clickStill, setUpE2e, signIn, signOut } from './support.mjs';

/** This month in China, YYYY-MM. */
function thisMonth(now = Date.now()) {
  const china = new Date(now + 8 * 3600_000);
  return `${china.getUTCFullYear()}-${String(china.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** `month` moved by `n` months. */
function addMonths(month, n) {
  const [year, m] = month.split('-').map(Number);
  const index = year * 12 + (m - 1) + n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

describe('the assessment templates: read, change from next month, conflict, read-only (考核模板)', { timeout: 180_000 }, () => {
  let served = null;
  const e2e = setUpE2e({
    name: 'assessment-template',
    demo: true,
    timezoneId: 'Asia/Shanghai',
    skipStep: () => (served === false ? 'the server does not answer /api/v1/assessment-templates' : null),
  });
  const { step, assertNoPageProblems, apiAs, expectHttpError, field } = e2e;
  let page;
  before(() => {
    page = e2e.page;
  });

  const month = thisMonth();
  const next = addMonths(month, 1);

  async function api(username, method, path, body) {
    const response = await apiAs(username, method, path, { body });
    const text = await response.text();
    assert.ok(response.status >= 200 && response.status < 300, `${method} ${path} as ${username}: ${response.status} ${text}`);
    return JSON.parse(text);
  }

  /** Types `value` into the el-input-number `testId` and leaves it (it takes the value on change). */
  async function setNumber(testId, value) {
    const input = field(testId);
    await input.fill(String(value));
    await input.blur();
  }

  const weights = (template) => Object.fromEntries(template.items.map((item) => [item.code, item.weight]));

  step('the server answers the template routes; no template is set yet: the seed’s table applies', async () => {
    const response = await apiAs('director', 'GET', '/assessment-templates');
    served = response.status !== 404;
    const text = await response.text();
    assert.equal(response.status, 200, text);
    const list = JSON.parse(text);
    assert.ok(list.items.every((t) => t.effective_month > next), 'the demo sets no template for this month or the next');
    assert.deepEqual(weights(list.default), { split: 5, monthly_stats: 5, registrations: 30, weekly_tracking: 30, monthly_summary: 30 });
  });

  step('the KA director opens 考核模板 from 月度考核: the seed’s table in force, its weights, criteria and rules', async () => {
    await signIn(page, 'director');
    await clickStill(page.getByTestId('menu-assessments'));
    await page.waitForURL('**/assessments');
    await page.getByTestId('assessment-templates-link').click();
    await page.waitForURL('**/assessments/templates');
    // the director's own menu entry, current on the page
    assert.equal(await page.getByTestId('menu-assessment-templates').getAttribute('aria-current'), 'page');
    await page.getByTestId('template-entry-default').filter({ hasText: '当前适用' }).waitFor();
    await page.getByTestId('template-view-title').filter({ hasText: '默认模板（规划表）' }).waitFor();
    for (const [code, weight] of [
      ['split', 5],
      ['monthly_stats', 5],
      ['registrations', 30],
      ['weekly_tracking', 30],
      ['monthly_summary', 30],
    ])
      assert.equal(await page.getByTestId(`template-weight-${code}`).innerText(), `权重 ${weight}%`);
    await page.getByTestId('template-criterion-monthly_summary-quality').filter({ hasText: '70%' }).waitFor();
    await page.getByTestId('template-deduction-value').filter({ hasText: '每迟交一天扣 20 分' }).waitFor();
    await page.getByTestId('template-empty-value').filter({ hasText: '不计入总分' }).waitFor();
    await page.getByTestId('template-pay-share-value').filter({ hasText: '30%' }).waitFor();
    assert.equal(await page.getByTestId('template-readonly').count(), 0, 'the director may change it');
    assertNoPageProblems('reading the templates');
  });

  step('weights making 105 block saving; made 100 again, the template saves from next month and shows', async () => {
    await page.getByTestId('template-edit').click();
    await page.getByTestId('template-editor').waitFor();
    assert.equal(await page.getByTestId('template-month').locator('input').inputValue(), next, 'next month by default');

    await setNumber('template-weight-input-registrations', 35);
    await page.getByTestId('template-weight-sum').filter({ hasText: '权重合计 105%' }).waitFor();
    await page.getByTestId('template-weight-sum').filter({ hasText: '现为 105%' }).waitFor();
    await page.getByTestId('template-blocked').waitFor();
    assert.ok(await page.getByTestId('template-save').isDisabled(), 'save is blocked while the weights make 105');
    await e2e.screenshot('assessment-template-blocked');

    await setNumber('template-weight-input-monthly_summary', 25);
    await page.getByTestId('template-weight-sum').filter({ hasText: '权重合计 100%' }).waitFor();
    await page.getByTestId('template-blocked').waitFor({ state: 'detached' });
    assert.ok(await page.getByTestId('template-save').isEnabled());
    await setNumber('template-deduction', 10);
    await page.getByTestId('template-empty-rule-zero').click();
    await page.getByTestId('template-note').fill('报备质量权重上调');

    const saved = page.waitForResponse((r) => r.request().method() === 'PUT' && new URL(r.url()).pathname === `/api/v1/assessment-templates/${next}`);
    await page.getByTestId('template-save').click();
    assert.equal((await saved).status(), 200);
    await page.locator('.el-message--success').filter({ hasText: `已保存：自 ${next} 起按新模板计分` }).waitFor();
    await page.getByTestId('template-view-title').filter({ hasText: `${next} 起生效` }).waitFor();
    assert.equal(await page.getByTestId('template-weight-registrations').innerText(), '权重 35%');
    assert.equal(await page.getByTestId('template-weight-monthly_summary').innerText(), '权重 25%');
    await page.getByTestId('template-deduction-value').filter({ hasText: '每迟交一天扣 10 分' }).waitFor();
    await page.getByTestId('template-empty-value').filter({ hasText: '计 0 分' }).waitFor();
    await page.getByTestId(`template-entry-${next}`).filter({ hasText: '待生效' }).waitFor();
    await page.getByTestId(`template-entry-${next}`).filter({ hasText: '报备质量权重上调' }).waitFor();
    // this month is still scored with the seed's table
    await page.getByTestId('template-entry-default').filter({ hasText: '当前适用' }).waitFor();

    const stored = await api('director', 'GET', `/assessment-templates/${next}`);
    assert.equal(stored.effective_month, next);
    assert.deepEqual(weights(stored), { split: 5, monthly_stats: 5, registrations: 35, weekly_tracking: 30, monthly_summary: 25 });
    assert.equal(stored.deduction_per_day, 10);
    assert.equal(stored.empty_registrations, 'zero');
    const now = await api('director', 'GET', `/assessment-templates/${month}`);
    assert.equal(now.id, null, 'this month keeps the seed’s table');
    assertNoPageProblems('saving a template');
  });

  step('changed by someone else meanwhile: the save is refused (409) with the page reloaded, then goes through', async () => {
    // another change of next month's template through the API, which the page has not read
    const current = await api('director', 'GET', `/assessment-templates/${next}`);
    const { items, deduction_per_day, empty_registrations } = current;
    await api('director', 'PUT', `/assessment-templates/${next}`, {
      items,
      deduction_per_day,
      empty_registrations,
      performance_pay_share: 35,
      version: current.version,
    });

    await page.getByTestId('template-edit').click();
    await page.getByTestId('template-replaces').filter({ hasText: `${next} 起已有模板` }).waitFor();
    await setNumber('template-pay-share', 40);
    const conflict = expectHttpError(`/api/v1/assessment-templates/${next}`, 409);
    await page.getByTestId('template-save').click();
    await page.getByTestId('template-error').filter({ hasText: '该模板刚被他人修改' }).waitFor();
    assert.ok(conflict.seen, 'the 409 was logged by the browser');
    // the editor holds the other change now
    assert.equal(await field('template-pay-share').inputValue(), '35');
    await setNumber('template-pay-share', 40);
    await page.getByTestId('template-save').click();
    await page.getByTestId('template-pay-share-value').filter({ hasText: '40%' }).waitFor();
    const stored = await api('director', 'GET', `/assessment-templates/${next}`);
    assert.equal(stored.performance_pay_share, 40);
    assert.equal(stored.version, current.version + 2);
    assertNoPageProblems('a version conflict');
    await signOut(page);
  });

  step('a sales rep on a 375-px phone reads the templates from 月度考核, without an editor', async () => {
    await page.setViewportSize({ width: 375, height: 812 });
    await signIn(page, 'rep_chengdu');
    await page.goto(`${e2e.baseUrl}/assessments`);
    await page.getByTestId('assessment-templates-link').click();
    await page.waitForURL('**/assessments/templates');
    await page.getByTestId('template-readonly').waitFor();
    await page.getByTestId('template-entry-default').filter({ hasText: '当前适用' }).waitFor();
    assert.equal(await page.getByTestId('template-edit').count(), 0, 'no editor for a sales rep');
    await page.getByTestId(`template-entry-${next}`).click();
    await page.getByTestId('template-view-title').filter({ hasText: `${next} 起生效` }).waitFor();
    assert.equal(await page.getByTestId('template-weight-registrations').innerText(), '权重 35%');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `nothing wider than the phone (${overflow} px too wide)`);
    await e2e.screenshot('assessment-templates-phone');
    // the menu has no 考核模板 entry for a rep, and the server refuses their change
    await page.getByTestId('menu-toggle').click();
    await page.locator('.el-drawer').getByTestId('menu-assessments').waitFor();
    assert.equal(await page.locator('.el-drawer').getByTestId('menu-assessment-templates').count(), 0);
    await page.keyboard.press('Escape');
    const refused = await apiAs('rep_chengdu', 'PUT', `/assessment-templates/${next}`, { body: { items: [] } });
    assert.equal(refused.status, 403);
    assertNoPageProblems('a rep reading the templates');
  });
});
