// End-to-end test of the bell (消息通知, issue 13) against the real fleetkam server with its demo
// data, started with `--test-hooks`, in Debian's Chromium: the reminder sweep runs
// (POST /api/v1/test/run-jobs) and finds the demo's quote waiting for HQ's approval; the KA
// director's bell shows the unread count the API gives and the reminder; clicking it opens the
// opportunity on its quotes tab and the count drops by one, in the page and in the API. The full
// list filters unread / all in the address, and works on a 390-px phone. No console errors, also
// after signing out.
//
// It starts `$FLEETKAM_BIN serve --demo --test-hooks` on a free port with a fresh SQLite database
// and the built web app (web/dist: run `npm run build` first).
import { before, describe } from 'node:test';
import assert from 'node:assert/strict';
import { signIn, signOut, setUpE2e, sleep } from './support.mjs';

describe('the bell shows the reminders (消息通知)', { timeout: 300_000 }, () => {
  const e2e = setUpE2e({ name: 'notifications', demo: true, timezoneId: 'Asia/Shanghai', serverArgs: ['--test-hooks'] });
  const { step, assertNoPageProblems, apiAs } = e2e;
  let page;
  let reminder;
  let unread = 0;
  before(() => {
    page = e2e.page;
  });

  async function readApi(path) {
    const response = await apiAs('director', 'GET', path);
    const text = await response.text();
    assert.equal(response.status, 200, `GET ${path}: ${text}`);
    return JSON.parse(text);
  }

  /**
   * The badge's number (0 when it is hidden), read in one step inside the page: checking that the
   * <sup> is visible and then reading it in a second call raced with Vue replacing it (a cold CI run
   * waited 15 s for a <sup> that had gone in between).
   */
  async function badge() {
    return page.getByTestId('bell-count').evaluate((element) => {
      const sup = element.querySelector('sup');
      if (!sup || sup.getClientRects().length === 0 || getComputedStyle(sup).display === 'none') return 0;
      return Number(sup.textContent.trim());
    });
  }

  step('the sweep finds the quote waiting for HQ in the demo data', async () => {
    const ran = await fetch(`${e2e.baseUrl}/api/v1/test/run-jobs`, { method: 'POST' });
    assert.equal(ran.status, 200, await ran.clone().text());
    const answer = await ran.json();
    assert.ok(answer.sweep.reminders > 0, JSON.stringify(answer));
    // a second run stores nothing new
    const again = await (await fetch(`${e2e.baseUrl}/api/v1/test/run-jobs`, { method: 'POST' })).json();
    assert.equal(again.sweep.created, 0);
    const list = await readApi('/notifications?unread=true');
    reminder = list.items.find((item) => item.kind === 'quote_to_approve');
    assert.ok(reminder, `the director has a quote to approve: ${JSON.stringify(list.items)}`);
    assert.match(reminder.title, /^报价待总部审批：/);
    assert.match(reminder.link, /^\/opportunities\/\d+\?tab=quotes$/);
    unread = list.unread_count;
    assert.ok(unread > 0);
  });

  step('the bell shows the count and the reminder', async () => {
    await signIn(page, 'director');
    await page.getByTestId('bell').waitFor();
    for (let i = 0; i < 150 && (await badge()) !== unread; i += 1) await sleep(100);
    assert.equal(await badge(), Math.min(unread, 99));
    await page.getByTestId('bell').click();
    const item = page.getByTestId('bell-item').filter({ hasText: reminder.title }).first();
    await item.waitFor();
    assert.match(await item.innerText(), /分钟前|刚刚|小时前|天前/);
  });

  step('clicking it opens the record and the count drops', async () => {
    const read = page.waitForResponse((r) => new URL(r.url()).pathname === `/api/v1/notifications/${reminder.id}/read`);
    await page.getByTestId('bell-item').filter({ hasText: reminder.title }).first().click();
    assert.equal((await read).status(), 204);
    const [path, query] = reminder.link.split('?');
    await page.waitForURL((url) => url.pathname === path && url.search === `?${query}`);
    for (let i = 0; i < 150 && (await badge()) !== unread - 1; i += 1) await sleep(100);
    assert.equal(await badge(), Math.min(unread - 1, 99));
    assert.equal((await readApi('/notifications/unread-count')).unread, unread - 1);
    assertNoPageProblems('opening a reminder');
  });

  step('the list shows unread or all, as the address says', async () => {
    await page.goto('/notifications');
    await page.getByTestId('notifications-table').waitFor();
    assert.equal(await page.getByTestId('notifications-table').getByText(reminder.title, { exact: true }).count(), 0, 'read: not among the unread');
    await page.getByTestId('notifications-status-all').click();
    await page.waitForURL(/show=all/);
    await page.getByTestId('notifications-table').getByText(reminder.title, { exact: true }).first().waitFor();
    await page.reload();
    await page.getByTestId('notifications-table').getByText(reminder.title, { exact: true }).first().waitFor();
    assertNoPageProblems('the notification list');
  });

  step('on a 390-px phone the bell and the list fit the screen', async () => {
    await page.setViewportSize({ width: 390, height: 800 });
    await page.goto('/notifications?show=all');
    await page.getByTestId('notifications-cards').waitFor();
    await page.getByTestId('bell').click();
    await page.getByTestId('bell-panel').waitFor();
    const panel = await page.getByTestId('bell-panel').boundingBox();
    assert.ok(panel && panel.x >= 0 && panel.x + panel.width <= 390, `the panel fits: ${JSON.stringify(panel)}`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `no sideways scrolling (${overflow}px)`);
    await page.keyboard.press('Escape');
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  step('signed out, nothing asks for notifications and nothing fails', async () => {
    await page.goto('/');
    await signOut(page);
    const asked = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname.startsWith('/api/v1/notifications')) asked.push(request.url());
    });
    await sleep(1500);
    assert.deepEqual(asked, []);
    assertNoPageProblems('signing out');
  });
});
