// End-to-end test of the home page (首页) against the real fleetkam server with its demo data, in
// Debian's Chromium: the KA director (总部), the Sichuan area manager (省区) and a Chengdu sales
// rep (经销商) each land on their to-dos, the pipeline of their scope and their deliveries; every
// to-do's count is the one GET /api/v1/home gives, its link carries exactly the filter of the
// API list, and that list returns as many records as the count says; HQ and the province see
// the units one level below ranked, the rep none. Then the same page in English, and on a
// 375-px phone without sideways scrolling. It asserts structure and that figures match the
// API, not the demo's particular values (the demo data changes). Fails on any console error or
// Content-Security-Policy violation in the page.
//
// It starts `$FLEETKAM_BIN serve --demo` on a free port with a fresh SQLite database and the
// built web app (web/dist: run `npm run build` first).
import { before, describe } from 'node:test';
import assert from 'node:assert/strict';
import { signIn, signOut, setUpE2e } from './support.mjs';

const ROLES = [
  { username: 'director', role: '大客户管理部门总监', unitsTitle: '各大区排名' },
  { username: 'am_sichuan', role: '区域经理', unitsTitle: '各经销商排名' },
  { username: 'rep_chengdu', role: '销售顾问', unitsTitle: null },
];

describe('the home page for three roles (首页)', { timeout: 300_000 }, () => {
  const e2e = setUpE2e({ name: 'home', demo: true, timezoneId: 'Asia/Shanghai' });
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

  /** The API list a to-do names, as many records as it returns (up to 500). */
  async function listed(username, todo) {
    const query = new URLSearchParams({ ...todo.list.query, limit: '500' });
    const path = `${todo.list.path.replace(/^\/api\/v1/, '')}?${query}`;
    return (await readApi(username, path)).items.length;
  }

  /** Checks the page against GET /home: to-dos (count, link, list), pipeline total, deliveries, units below. */
  async function checkHome(username, unitsTitle) {
    const home = await readApi(username, '/home');
    await page.getByTestId('home-card-todos').waitFor();
    assert.ok(home.todos.length > 0, `${username} has to-dos to look at`);
    for (const todo of home.todos) {
      assert.equal(typeof todo.count, 'number');
      const link = page.getByTestId(`home-todo-${todo.code}`);
      await link.waitFor();
      assert.equal((await page.getByTestId(`home-todo-count-${todo.code}`).innerText()).trim(), String(todo.count), todo.code);
      const href = new URL(await link.getAttribute('href'), 'http://x');
      assert.equal(href.pathname, todo.link.path, `${todo.code} links to its list`);
      assert.deepEqual(Object.fromEntries(href.searchParams), todo.link.query, `${todo.code} carries its filter`);
      // a list page's filter is the API list's (the quote inbox is the awaiting_me list itself; the
      // overdue board is the period's board, whose people list shows the missing ones; the months
      // awaiting the caller's step open on the assessment page, whose close card takes the step)
      const ownPage = ['/quotes/inbox', '/reports/board'].includes(todo.link.path) || todo.code === 'assessment_awaiting_me';
      if (!ownPage) assert.deepEqual(todo.link.query, todo.list.query, todo.code);
      assert.equal(await listed(username, todo), todo.count, `${username}: ${todo.code} counts what its list returns`);
    }
    const total = page.getByTestId('home-pipeline-total');
    await total.waitFor();
    assert.match(await total.innerText(), new RegExp(`\\b${home.pipeline.total.count}\\b`));
    assert.equal(await page.locator('[data-testid^="home-stage-"]').count(), home.pipeline.sales.length);
    assert.equal(
      (await page.getByTestId('home-delivered-this-month').innerText()).trim(),
      String(home.deliveries.this_month.units),
    );
    if (unitsTitle) {
      assert.ok(home.units_kind, `${username} has units below`);
      await page.getByTestId('home-card-units').getByRole('heading', { name: unitsTitle }).waitFor();
      assert.equal(await page.locator('[data-testid="home-units-table"] tbody tr').count(), home.units.length);
      const ranks = await page.locator('[data-testid="home-units-table"] tbody tr td:first-child').allInnerTexts();
      assert.deepEqual(ranks.map((r) => Number(r.trim())), home.units.map((u) => u.rank));
    } else {
      assert.equal(home.units_kind, null);
      assert.equal(await page.getByTestId('home-card-units').count(), 0, 'a dealer has no units below');
    }
    return home;
  }

  for (const { username, role, unitsTitle } of ROLES) {
    step(`${username} (${role}) lands on their to-dos and figures, each count the same as its list`, async () => {
      await signIn(page, username);
      await page.getByTestId('home-role').filter({ hasText: role }).waitFor();
      await checkHome(username, unitsTitle);
      await page.getByTestId('home-pipeline-procurement').click();
      await page.getByTestId('home-stage-deliberation').waitFor();
      await screenshot(`home-${username}`);
      assertNoPageProblems(`the home page of ${username}`);
    });

    step(`${username}'s page in English`, async () => {
      await page.evaluate(() => localStorage.setItem('fleetkam.locale', 'en'));
      await page.reload();
      await page.getByRole('heading', { name: 'To do' }).waitFor();
      await page.getByRole('heading', { name: 'Pipeline' }).waitFor();
      await checkHome(username, unitsTitle && unitsTitle.replace('各大区排名', 'Regions ranked').replace('各经销商排名', 'Dealers ranked'));
      assert.equal(await page.locator('html').getAttribute('lang'), 'en');
      await screenshot(`home-${username}-en`);
      await page.evaluate(() => localStorage.setItem('fleetkam.locale', 'zh-CN'));
      await page.reload();
      await page.getByRole('heading', { name: '待办' }).waitFor();
      assertNoPageProblems(`the English home page of ${username}`);
    });

    step(`${username}'s page on a 375-px phone, and a to-do opens its list`, async () => {
      await page.setViewportSize({ width: 375, height: 760 });
      try {
        await page.reload();
        await checkHome(username, unitsTitle);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(overflow <= 0, `the page does not scroll sideways (${overflow}px)`);
        const todos = await page.getByTestId('home-card-todos').boundingBox();
        const pipeline = await page.getByTestId('home-card-pipeline').boundingBox();
        assert.ok(todos && pipeline && pipeline.y >= todos.y + todos.height - 1, 'the cards stack on a phone');
        await screenshot(`phone-home-${username}`);
        const home = await readApi(username, '/home');
        const todo = home.todos.find((t) => t.code === 'opportunities_overdue') ?? home.todos[0];
        await page.getByTestId(`home-todo-${todo.code}`).click();
        await page.waitForURL((url) => url.pathname === todo.link.path);
        const url = new URL(page.url());
        assert.deepEqual(Object.fromEntries(url.searchParams), todo.link.query, 'the list opens with the to-do’s filter');
      } finally {
        await page.setViewportSize({ width: 1280, height: 800 });
      }
      await page.goto('/');
      await page.getByTestId('home-card-todos').waitFor();
      assertNoPageProblems(`the phone home page of ${username}`);
      await signOut(page);
    });
  }
});
