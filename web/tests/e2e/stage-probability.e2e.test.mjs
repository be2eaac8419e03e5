// End-to-end test of 赢单概率设置 (the win probability each stage gives an open opportunity whose
// owner set none) against the real fleetkam server with its demo data, in Debian's Chromium:
// the KA director (总部, settings.manage) changes 接触客户's default on the page, it is saved (read
// back through the API and shown again after a reload), and a new opportunity a Chengdu rep
// opens at that stage shows it on its page; the rep finds no menu entry, is refused the page,
// and the server refuses the rep's PUT (403) and keeps the table.
// Fails on any console error or Content-Security-Policy violation in the page.
//
// It starts `$FLEETKAM_BIN serve --demo` on a free port with a fresh SQLite database and the
// built web app (web/dist: run `npm run build` first).
//
//   FLEETKAM_BIN   server binary (default ../build/fleetkam relative to web/)
//   CHROMIUM_BIN   browser (default /usr/bin/chromium)
import { before, describe } from 'node:test';
import assert from 'node:assert/strict';
import { dayFromToday, setUpE2e, signIn, signOut } from './support.mjs';

const STAGE = 'contact';
const STAGE_LABEL = '接触客户';
const PAGE = '/opportunities/stage-probabilities';

describe('win probability by stage (赢单概率设置)', { timeout: 240_000 }, () => {
  const e2e = setUpE2e({ name: 'stage-probability', demo: true, timezoneId: 'Asia/Shanghai' });
  const { step, assertNoPageProblems, apiAs, screenshot, field } = e2e;
  let page;
  before(() => {
    page = e2e.page;
  });
  /** The stage's default before and after the director's change. */
  let before_ = -1;
  let changed = -1;
  let opportunityId = 0;

  async function readTable(username) {
    const response = await apiAs(username, 'GET', '/opportunity-stage-probabilities');
    assert.equal(response.status, 200, `${username} reads the table`);
    const { items } = await response.json();
    return Object.fromEntries(items.map((row) => [row.stage, row.probability]));
  }

  step('the KA director changes 接触客户 on the page, and it is saved', async () => {
    before_ = (await readTable('director'))[STAGE];
    changed = before_ === 35 ? 45 : 35;
    await signIn(page, 'director');
    await page.getByTestId('menu-stage-probabilities').click();
    await page.waitForURL((url) => url.pathname === PAGE);
    const row = page.getByTestId(`stage-probability-${STAGE}`);
    await row.filter({ hasText: STAGE_LABEL }).waitFor();
    const save = page.getByTestId('stage-probabilities-save');
    assert.equal(await save.isDisabled(), true, 'nothing to save before a change');
    // 赢取订单 and 输单 are fixed: read, not edited.
    assert.equal(await page.getByTestId('stage-probability-input-won').count(), 0);
    await page.getByTestId('stage-probability-won').filter({ hasText: '100%' }).waitFor();

    const input = field(`stage-probability-input-${STAGE}`);
    await input.fill(String(changed));
    await input.blur();
    await save.click();
    await page.locator('.el-message--success').first().waitFor();
    assert.equal((await readTable('director'))[STAGE], changed, 'the server keeps the new default');
    await screenshot('stage-probabilities');

    await page.reload();
    await page.getByTestId(`stage-probability-${STAGE}`).waitFor();
    assert.equal(await field(`stage-probability-input-${STAGE}`).inputValue(), String(changed), 'shown again after a reload');
    assertNoPageProblems('the stage-probability page');
  });

  step('a new opportunity at that stage shows the new default on its page', async () => {
    const accounts = await (await apiAs('rep_chengdu', 'GET', '/accounts?limit=1&active=true')).json();
    const vehicleTypes = await (await apiAs('rep_chengdu', 'GET', '/directories/vehicle_types')).json();
    const account = accounts.items[0];
    const vehicleType = vehicleTypes.items.find((entry) => entry.active).code;
    const response = await apiAs('rep_chengdu', 'POST', '/opportunities', {
      body: {
        account_id: account.id,
        stage: STAGE,
        title: `${account.name} 赢单概率 ${String(Date.now()).slice(-5)}`,
        lines: [{ vehicle_type: vehicleType, quantity: 2 }],
        expected_date: dayFromToday(90),
        procurement_method: account.procurement_method,
        usage_area: 'in_province',
      },
    });
    const text = await response.text();
    assert.equal(response.status, 201, `the rep opens an opportunity at ${STAGE}: ${text}`);
    const created = JSON.parse(text);
    opportunityId = created.id;
    assert.equal(created.probability, changed, 'the server gives it the stage default');

    await signOut(page);
    await signIn(page, 'rep_chengdu');
    await page.goto(`/opportunities/${opportunityId}`);
    await page.getByTestId('opp-probability-value').filter({ hasText: `${changed}%` }).waitFor();
    assertNoPageProblems('the opportunity page');
  });

  step('a dealer rep cannot edit the table: no menu entry, no page, and the server refuses', async () => {
    await page.goto('/');
    await page.locator('[data-testid^="menu-"]').first().waitFor();
    assert.equal(await page.getByTestId('menu-stage-probabilities').count(), 0, 'no menu entry for a rep');
    await page.goto(PAGE);
    await page.getByText('没有权限').first().waitFor();
    assert.equal(await page.getByTestId('stage-probabilities-save').count(), 0, 'no save for a rep');
    assert.equal(await page.locator('[data-testid^="stage-probability-input-"]').count(), 0, 'no inputs for a rep');

    const refused = await apiAs('rep_chengdu', 'PUT', '/opportunity-stage-probabilities', {
      body: { items: [{ stage: STAGE, probability: 90 }] },
    });
    assert.equal(refused.status, 403, 'the server refuses a rep');
    assert.equal((await readTable('rep_chengdu'))[STAGE], changed, 'the table is unchanged');
    assertNoPageProblems('the refused page');
  });
});
