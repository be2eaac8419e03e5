// End-to-end test of the performance board (业绩看板) against the real fleetkam server with its demo
// data, in Debian's Chromium: the KA director (总部), the Sichuan area manager (省区) and a Chengdu
// sales rep (their own board) each open it from the side menu; its figures — 实销 and 目标 to date,
// 达成率, the first ranked unit — are the ones GET /api/v1/boards/attainment gives for the same
// query; a funnel stage opens the opportunity list of that stage in the board's scope, which lists
// as many as the board counts; a ranked row opens that unit's board, and the choice (unit and
// months) survives leaving the page and a reload; the home card shows the same 实销 as the board.
// Then the board in English on a 375-px phone without sideways scrolling. It asserts that figures
// match the API, not the demo's particular values. Fails on any console error or CSP violation.
//
// It starts `$FLEETKAM_BIN serve --demo` on a free port with a fresh SQLite database and the
// built web app (web/dist: run `npm run build` first).
import { before, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { clickStill, dayFromToday, signIn, signOut, setUpE2e } from './support.mjs';

const USERS = [
  { username: 'director', ranked: true },
  { username: 'am_sichuan', ranked: true },
  { username: 'rep_chengdu', ranked: false },
];

/** A figure as the page words it (zh-CN and en both group thousands with a comma). */
const units = (n) => (n === null ? '—' : new Intl.NumberFormat('en', { maximumFractionDigits: 1 }).format(Math.round(n * 10) / 10));
const rate = (r) => (r === null ? '—' : new Intl.NumberFormat('en', { style: 'percent', maximumFractionDigits: 1 }).format(r));

describe('the performance board for three roles (业绩看板)', { timeout: 240_000 }, () => {
  const e2e = setUpE2e({ name: 'boards', demo: true, timezoneId: 'Asia/Shanghai' });
  const { step, assertNoPageProblems, apiAs, screenshot } = e2e;
  let page;
  before(() => {
    page = e2e.page;
  });

  async function readApi(username, path) {
    const response = await apiAs(username, 'GET', path);
    const text = await response.text();
    assert.equal(response.status, 200, `GET ${path} as ${username}: ${text}`);
    return JSON.parse(text);
  }

  /** The board's query as the page's address has it. */
  const addressQuery = () => {
    const url = new URL(page.url());
    const query = new URLSearchParams();
    for (const key of ['unit_id', 'user_id', 'from', 'to', 'plan_id']) if (url.searchParams.get(key)) query.set(key, url.searchParams.get(key));
    return query.toString();
  };

  const text = async (testId) => (await page.getByTestId(testId).innerText()).trim();

  /** Waits until the figure `testId` on the board reads `n` (this query's), and answers it as a number. */
  async function figure(testId, n) {
    await page.getByTestId(testId).filter({ hasText: new RegExp(`^\\s*${n}\\s*$`) }).waitFor();
    return Number(await text(testId));
  }

  /** Waits until the list page shows `n` rows (its links `<prefix>-link-<id>`); at most a page of 50. */
  async function listRows(prefix, n) {
    assert.ok(n <= 50, `the demo's figure fits one page of the list (${n})`);
    await page.waitForFunction(([p, count]) => document.querySelectorAll(`[data-testid^="${p}-link-"]`).length === count, [prefix, n]);
    assert.equal(await page.locator(`[data-testid^="${prefix}-link-"]`).count(), n, `the list holds as many as the figure (${n})`);
  }

  /** Back from a list to the board, its figures drawn again. */
  async function backToBoard() {
    await page.goBack();
    await page.waitForURL(/\/boards\?/);
    await page.getByTestId('board-funnel-won').waitFor();
  }

  /** Checks the attainment figures and the first ranked row against the API; answers the board. */
  async function checkAttainment(username, ranked) {
    await page.getByTestId('board-attainment-actual').waitFor();
    const board = await readApi(username, `/boards/attainment?${addressQuery()}`);
    // the cards draw after the read: wait until the page shows this query's figure
    await page.waitForFunction(
      (expected) => document.querySelector('[data-testid="board-attainment-actual"]')?.textContent?.trim() === expected,
      units(board.to_date.actual),
    );
    assert.equal(await text('board-attainment-plan'), units(board.to_date.plan));
    assert.equal(await text('board-attainment-rate'), rate(board.to_date.rate));
    if (ranked) {
      assert.ok(board.units_kind && board.units.length > 0, `${username} has units below`);
      const first = board.units[0];
      const row = page.getByTestId(`board-rank-${first.user_id ? `u${first.user_id}` : first.unit_id}`);
      assert.match(await row.innerText(), new RegExp(first.name));
      assert.equal((await row.getByTestId('board-rank-actual').innerText()).trim(), units(first.actual));
      assert.equal((await row.getByTestId('board-rank-rate').innerText()).trim(), rate(first.rate));
      assert.equal(await page.getByTestId('board-ranking').locator('tbody tr').count(), board.units.length);
    } else {
      assert.equal(board.units_kind, null);
      assert.equal(await page.getByTestId('board-ranking').count(), 0, 'a rep has no ranking');
      assert.equal(await page.getByTestId('boards-unit').count(), 0, 'a rep has no unit picker');
    }
    return board;
  }

  for (const { username, ranked } of USERS) {
    step(`${username}: the board from the menu, its figures the API's, a funnel stage opens as many opportunities`, async () => {
      await signIn(page, username);
      await page.getByTestId('menu-boards').click();
      await page.waitForURL(/\/boards\?/);
      await page.getByRole('heading', { name: '业绩看板', level: 1 }).waitFor();
      const board = await checkAttainment(username, ranked);

      // the funnel: the stage with most open opportunities opens the list of that stage and scope
      const funnel = await readApi(username, `/boards/funnel?${addressQuery()}`);
      const stage = [...funnel.sales].sort((a, b) => b.count - a.count)[0];
      assert.ok(stage && stage.count > 0, `${username} has open opportunities`);
      await page.getByTestId(`board-stage-count-${stage.stage}`).filter({ hasText: String(stage.count) }).waitFor();
      await page.getByTestId('board-card-pyramid').getByTestId('board-pyramid-accounts').waitFor();
      await page.getByTestId('board-discipline-rate').waitFor();
      await screenshot(`boards-${username}`);
      assertNoPageProblems(`the board of ${username}`);

      await page.getByTestId(`board-stage-${stage.stage}`).click();
      await page.waitForURL(/\/opportunities\?/);
      const listQuery = new URL(page.url()).searchParams;
      assert.equal(listQuery.get('stage'), stage.stage);
      if (board.user) assert.equal(listQuery.get('owner_user_id'), String(board.user.id));
      else assert.equal(listQuery.get('owner_unit_id'), String(board.unit.id));
      const listed = await readApi(username, `/opportunities?${listQuery}&limit=500`);
      assert.equal(listed.items.length, stage.count, `the list has as many as the board's ${stage.stage}`);
      await page.waitForFunction(
        (n) => document.querySelectorAll('[data-testid^="opp-link-"]').length === n,
        Math.min(stage.count, 50),
      );
      assertNoPageProblems(`the list of ${stage.stage} from the board of ${username}`);
    });

    step(`${username}: the chosen unit and months survive leaving the page and a reload; the home card agrees`, async () => {
      await page.goBack();
      await page.getByTestId('board-attainment-actual').waitFor();
      let expected;
      if (ranked) {
        // a ranked row opens that unit's board
        const board = await readApi(username, `/boards/attainment?${addressQuery()}`);
        const first = board.units[0];
        await page.getByTestId(`board-rank-${first.unit_id}`).click();
        await page.waitForURL(new RegExp(`unit_id=${first.unit_id}`));
        await page.getByTestId('boards-who').filter({ hasText: first.name }).waitFor();
        await checkAttainment(username, true);
        expected = { unit_id: String(first.unit_id), from: board.from, to: board.to };
      } else {
        await page.goto('/boards?from=2026-03&to=2026-08');
        await checkAttainment(username, false);
        expected = { from: '2026-03', to: '2026-08' };
      }
      // away, and back without a choice in the address: the remembered one
      await page.getByTestId('menu-home').click();
      await page.getByTestId('home-boards-actual').waitFor();
      const own = await readApi(username, '/boards/attainment');
      assert.equal(await text('home-boards-actual'), units(own.to_date.actual), 'the home card shows the board’s 实销');
      assert.equal(await text('home-boards-rate'), rate(own.to_date.rate));
      await page.getByTestId('menu-boards').click();
      await page.waitForURL(/\/boards\?/);
      const restored = Object.fromEntries(new URL(page.url()).searchParams);
      assert.deepEqual(restored, expected, 'the last choice is restored');
      await page.reload();
      await checkAttainment(username, ranked);
      assert.deepEqual(Object.fromEntries(new URL(page.url()).searchParams), expected, 'and survives a reload');
      assertNoPageProblems(`the remembered board of ${username}`);
    });

    if (username !== 'director') {
      step(`${username}: 赢单, a procurement stage and a registration status open lists of their length; 导出; other months`, async () => {
        const year = dayFromToday(0).slice(0, 4);
        await page.goto(`/boards?from=${year}-01&to=${year}-12`);
        await checkAttainment(username, ranked);
        const funnel = await readApi(username, `/boards/funnel?${addressQuery()}`);
        const scope = funnel.user ? `${funnel.unit.name}|${funnel.user.name}` : funnel.unit.name;

        // 赢单: those won within the months, in this scope
        const won = await figure('board-funnel-won', funnel.won.count);
        assert.ok(won > 0, `${username} won something this year`);
        await page.getByTestId('board-won').click();
        await page.waitForURL(/\/opportunities\?/);
        let query = new URL(page.url()).searchParams;
        assert.equal(query.get('stage'), 'won');
        assert.equal(query.get('closed_from'), `${year}-01-01`);
        assert.equal(query.get('closed_to'), `${year}-12-31`);
        assert.equal(query.get('owner_unit_id'), String(funnel.unit.id));
        assert.equal(query.get('owner_user_id'), funnel.user ? String(funnel.user.id) : null);
        await listRows('opp', won);
        assert.equal(await text('opp-closed-filter'), `结束日期 ${year}-01-01 至 ${year}-12-31`, 'the days closed within, as a tag');
        await page.getByTestId('opp-unit-tag').filter({ hasText: funnel.unit.name }).waitFor();
        if (funnel.user) await page.getByTestId('opp-owner-tag').filter({ hasText: funnel.user.name }).waitFor();
        assertNoPageProblems(`the won opportunities of ${scope}`);
        await backToBoard();

        // the procurement stage with most open opportunities
        const stage = [...funnel.procurement].sort((a, b) => b.count - a.count)[0];
        const open = await figure(`board-procurement-count-${stage.stage}`, stage.count);
        assert.ok(open > 0);
        await page.getByTestId(`board-procurement-${stage.stage}`).click();
        await page.waitForURL(/procurement_stage=/);
        query = new URL(page.url()).searchParams;
        assert.equal(query.get('procurement_stage'), stage.stage);
        assert.equal(query.get('stage'), 'discover,contact,analyze,position,bid');
        await listRows('opp', open);
        assert.match(await text('opp-procurement-filter'), /^采购阶段：\S+$/);
        assert.equal(await page.getByTestId('opp-closed-filter').count(), 0);
        assertNoPageProblems(`the opportunities at ${stage.stage} of ${scope}`);
        await backToBoard();

        // the registration status with most registrations made in the months
        const registrations = await readApi(username, `/boards/registrations?${addressQuery()}`);
        const status = ['pending', 'conflict', 'approved', 'rejected', 'lapsed', 'converted'].sort((a, b) => registrations.total[b] - registrations.total[a])[0];
        const made = await figure(`board-registrations-total-${status}`, registrations.total[status]);
        assert.ok(made > 0);
        await page.getByTestId(`board-registrations-total-${status}`).click();
        await page.waitForURL(/\/registrations\?/);
        query = new URL(page.url()).searchParams;
        assert.equal(query.get('status'), status);
        assert.equal(query.get('unit_id'), String(registrations.unit.id));
        assert.equal(query.get('registered_by'), registrations.user ? String(registrations.user.id) : null);
        await listRows('reg', made);
        // the status button counts with the same filters: the board's figure again
        await page.getByTestId(`reg-status-${status}`).filter({ hasText: new RegExp(`\\s${made}\\s*$`) }).waitFor();
        assert.equal(await text('reg-created-filter'), `登记日期 ${year}-01-01 至 ${year}-12-31`);
        await page.getByTestId('reg-unit-filter').filter({ hasText: registrations.unit.name }).waitFor();
        if (registrations.user) await page.getByTestId('reg-person-filter').filter({ hasText: registrations.user.name }).waitFor();
        assertNoPageProblems(`the registrations ${status} of ${scope}`);
        await backToBoard();

        // 导出: the funnel as an .xlsx
        const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('board-export-funnel').click()]);
        assert.match(download.suggestedFilename(), /\.xlsx$/);
        assert.equal(await download.failure(), null);
        assert.equal(readFileSync(await download.path()).subarray(0, 2).toString('latin1'), 'PK', 'an .xlsx file is a zip file');

        // a target plan chosen: in the address, the attainment board measured against it
        const plans = await readApi(username, '/target-plans');
        const issued = plans.items.find((p) => p.status === 'issued' && !p.superseded_by);
        assert.ok(issued, 'the demo has an issued plan');
        await page.getByTestId('boards-plan').click();
        await clickStill(page.getByTestId(`boards-plan-${issued.id}`));
        await page.waitForURL((url) => url.searchParams.get('plan_id') === String(issued.id));
        await page.getByTestId('board-attainment-plan-name').filter({ hasText: issued.name }).waitFor();
        await checkAttainment(username, ranked);

        // other months: typed into the picker, into the address, the figures read again
        const read = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/boards/funnel' && new URL(r.url()).searchParams.get('to') === `${year}-06`);
        const inputs = page.locator('.boards__filters input.el-range-input');
        await inputs.nth(0).fill(`${year}-02`);
        await inputs.nth(1).fill(`${year}-06`);
        await inputs.nth(1).press('Enter');
        await page.waitForURL((url) => url.searchParams.get('from') === `${year}-02` && url.searchParams.get('to') === `${year}-06`);
        assert.equal(new URL(page.url()).searchParams.get('plan_id'), String(issued.id), 'the plan stays chosen');
        assert.equal((await read).status(), 200);
        const half = await readApi(username, `/boards/funnel?${addressQuery()}`);
        assert.equal(half.from, `${year}-02`);
        await figure('board-funnel-won', half.won.count);
        const link = new URL(await page.getByTestId('board-won').getAttribute('href'), page.url()).searchParams;
        assert.equal(link.get('closed_from'), `${year}-02-01`);
        assert.equal(link.get('closed_to'), `${year}-06-30`);
        assertNoPageProblems(`the board of ${username} over other months`);
      });
    }

    step(`${username}: the board in English on a 375-px phone`, async () => {
      await page.evaluate(() => localStorage.setItem('fleetkam.locale', 'en'));
      await page.setViewportSize({ width: 375, height: 760 });
      try {
        await page.reload();
        await page.getByRole('heading', { name: 'Performance board', level: 1 }).waitFor();
        await checkAttainment(username, ranked);
        await page.getByRole('heading', { name: 'Pipeline funnel' }).waitFor();
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(overflow <= 0, `the page does not scroll sideways (${overflow}px)`);
        const attainment = await page.getByTestId('board-card-attainment').boundingBox();
        const funnel = await page.getByTestId('board-card-funnel').boundingBox();
        assert.ok(attainment && funnel && funnel.y >= attainment.y + attainment.height - 1, 'the cards stack on a phone');
        assert.ok(attainment.width <= 375, 'a card is as wide as the phone at most');
        await screenshot(`boards-${username}-en-phone`);
        assertNoPageProblems(`the English phone board of ${username}`);
      } finally {
        await page.setViewportSize({ width: 1280, height: 800 });
        await page.evaluate(() => localStorage.setItem('fleetkam.locale', 'zh-CN'));
      }
      await signOut(page);
    });
  }
});
