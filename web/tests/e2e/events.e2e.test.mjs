// End-to-end test of exhibitions and promotion events (展销会、推广会) against the real fleetkam
// server with its demo data, in Debian's Chromium — "an exhibition from plan to results": the
// Sichuan area manager (am_sichuan, 刘洋) plans next month's exhibition in the form (two catalogue
// models and one typed in) and finds it in 即将举行; the sales rep of 成都鑫达 (rep_chengdu, 杨帆)
// opens it, the invite dialog opens on decision makers, the decision layer and evaluators, he
// invites three decision makers and the guest list shows them (登记线索 opens the registration
// form with the event as the lead's source); on a 390-px phone he opens today's 推介会's check-in
// page, checks a guest in — the counter goes up — and checking the same guest again keeps one
// attendance, with no sideways scrolling; last the provincial exhibition held three weeks ago
// shows its results (attendees by buying role, the cost, '—' per unit with no unit won), equal to
// the API's. The pages are checked against the API at each step. Fails on any console error or
// Content-Security-Policy violation.
//
// It starts `$FLEETKAM_BIN serve --demo` on a free port with a fresh SQLite database and the
// built web app (web/dist: run `npm run build` first).
import { before, describe } from 'node:test';
import assert from 'node:assert/strict';
import { clickStill, dayFromToday, setUpE2e, signIn, signOut, untilStill } from './support.mjs';

const TITLE = '川西片区公务用车巡展（雅安站）';
const PLACE = '雅安市会展中心';
const VEHICLES = ['江铃 JX5030XZF 执法车', '江铃 JX5040XZH 指挥车'];
const TYPED_VEHICLE = '江铃 新款执法车样车';
const HELD = '四川省公务及行业用车展销会';
const TODAY = '江铃新款执法车推介会';

describe('an exhibition from plan to results (展销会、推广会)', { timeout: 300_000 }, () => {
  let served = null;
  const e2e = setUpE2e({
    name: 'events',
    demo: true,
    timezoneId: 'Asia/Shanghai',
    skipStep: () => (served === false ? 'the server does not answer /api/v1/events' : null),
  });
  const { step, assertNoPageProblems, apiAs, screenshot } = e2e;
  let page;
  /** The exhibition planned in the first step. */
  let id = 0;
  const starts = dayFromToday(30);
  const ends = dayFromToday(31);
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
  async function eventNamed(username, title) {
    const list = await api(username, 'GET', '/events?limit=100');
    const found = list.items.find((e) => e.title === title);
    assert.ok(found, `${username} sees “${title}”`);
    return found;
  }
  const isChecked = async (testId) => /is-checked/.test((await page.getByTestId(testId).getAttribute('class')) ?? '');

  step('the server answers the events routes', async () => {
    const response = await apiAs('am_sichuan', 'GET', '/events?limit=1');
    served = response.status !== 404;
    assert.equal(response.status, 200, await response.text());
  });

  step('the area manager plans next month’s exhibition and finds it in 即将举行', async () => {
    await signIn(page, 'am_sichuan');
    await clickStill(page.getByTestId('menu-events'));
    await page.waitForURL((url) => url.pathname === '/events' && url.search === '');
    assert.match((await page.getByTestId('event-tab-upcoming').getAttribute('class')) ?? '', /is-active/, '即将举行 is the page’s own tab');
    await page.getByTestId('event-create').click();
    await page.waitForURL('**/events/new');
    // the caller's province (el-tree-select gives the test id to its dropdown's tree too)
    await page.locator('.el-select[data-testid="event-form-unit"]').filter({ hasText: '四川省' }).waitFor();
    assert.equal(await page.getByTestId('event-form-kind-exhibition').locator('input').isChecked(), true, '展销会 by default');
    await control('event-form-title').fill(TITLE);
    await control('event-form-place').fill(PLACE);
    await e2e.typeDate('event-form-starts', starts);
    await e2e.typeDate('event-form-ends', ends);
    await control('event-form-budget').fill('60000');
    await control('event-form-budget').press('Tab');
    // two of the catalogue's models, and one typed in
    await page.getByTestId('event-form-vehicles').click();
    for (const name of VEHICLES) {
      const option = page.getByRole('option', { name, exact: true }).locator('visible=true').first();
      await untilStill(option);
      await option.click();
    }
    await page.keyboard.type(TYPED_VEHICLE);
    await page.getByRole('option', { name: TYPED_VEHICLE, exact: true }).locator('visible=true').first().waitFor();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Escape');
    await control('event-form-description', 'textarea').fill('面向雅安、甘孜各执法单位的静态展示与试驾。');
    await screenshot('event-form');
    const created = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/events' && r.request().method() === 'POST');
    await page.getByTestId('event-submit').click();
    const answer = await created;
    assert.equal(answer.status(), 201, await answer.text());
    const event = await answer.json();
    id = event.id;
    assert.equal(event.kind, 'exhibition');
    assert.equal(event.unit_name, '四川省');
    assert.equal(event.budget_fen, 6_000_000, '60,000 元 sent in 分');
    assert.deepEqual(event.vehicles, [...VEHICLES, TYPED_VEHICLE]);
    assert.deepEqual([event.starts_on, event.ends_on], [starts, ends]);
    await page.waitForURL(`**/events/${id}`);
    await page.getByTestId('event-title').filter({ hasText: TITLE }).waitFor();
    await page.getByTestId('event-status').filter({ hasText: '计划中' }).waitFor();
    await page.getByTestId('event-timing').filter({ hasText: '还有 30 天' }).waitFor();
    assert.equal(await page.getByTestId('event-budget').innerText(), '60,000 元');
    // 即将举行 lists it
    await clickStill(page.getByTestId('menu-events'));
    await page.waitForURL((url) => url.pathname === '/events' && url.search === '');
    await page.getByTestId(`event-link-${id}`).filter({ hasText: TITLE }).waitFor();
    const upcoming = await api('am_sichuan', 'GET', '/events?upcoming=true&limit=100');
    assert.ok(upcoming.items.some((e) => e.id === id));
    assert.equal(await page.getByTestId('event-list-table').locator('tbody tr').count(), upcoming.items.length);
    await screenshot('event-list');
    assertNoPageProblems('planning');
    await signOut(page);
  });

  step('the sales rep invites decision makers, and the guest list shows them', async () => {
    await signIn(page, 'rep_chengdu');
    await clickStill(page.getByTestId('menu-events'));
    await page.getByTestId(`event-link-${id}`).click();
    await page.waitForURL(`**/events/${id}`);
    assert.equal(await page.getByTestId('event-edit').count(), 0, 'a sales rep does not manage the province’s event');
    const asked = page.waitForRequest((r) => new URL(r.url()).pathname === `/api/v1/events/${id}/candidates`);
    await page.getByTestId('event-invite').click();
    const dialog = page.getByTestId('event-invite-dialog');
    const query = new URL((await asked).url()).searchParams;
    assert.equal(query.get('buying_role'), 'decision_maker,decision_layer,evaluator', 'the dialog opens on the roles to invite first');
    for (const role of ['decision_maker', 'decision_layer', 'evaluator']) assert.ok(await isChecked(`event-invite-role-${role}`), `${role} is chosen`);
    for (const role of ['user', 'operator', 'finance']) assert.ok(!(await isChecked(`event-invite-role-${role}`)), `${role} is not`);
    const rows = dialog.getByTestId('event-invite-table').locator('tbody tr');
    await rows.first().waitFor();
    const candidates = await api('rep_chengdu', 'GET', `/events/${id}/candidates?buying_role=decision_maker,decision_layer,evaluator`);
    assert.equal(await rows.count(), candidates.items.length);
    assert.equal(candidates.items[0].buying_role, 'decision_maker', 'decision makers first');
    // the first three: decision makers of key accounts
    const chosen = candidates.items.slice(0, 3);
    assert.ok(chosen.every((c) => c.buying_role === 'decision_maker'));
    for (let i = 0; i < 3; i++) {
      await rows.nth(i).getByTestId(`event-candidate-${chosen[i].contact_id}`).waitFor();
      await rows.nth(i).locator('.el-checkbox').click();
    }
    await dialog.getByTestId('event-invite-chosen').filter({ hasText: '已选 3 位' }).waitFor();
    await screenshot('event-invite');
    const invited = page.waitForResponse((r) => new URL(r.url()).pathname === `/api/v1/events/${id}/invitations` && r.request().method() === 'POST');
    await dialog.getByTestId('event-invite-submit').click();
    const answer = await invited;
    assert.equal(answer.status(), 201, await answer.text());
    assert.deepEqual((await answer.json()).items.map((i) => i.contact_id).sort(), chosen.map((c) => c.contact_id).sort());
    await dialog.waitFor({ state: 'hidden' });
    const list = await api('rep_chengdu', 'GET', `/events/${id}/invitations`);
    assert.equal(list.items.length, 3);
    const table = page.getByTestId('event-invitations-table');
    for (const invitation of list.items) {
      await table.getByTestId(`event-invitation-${invitation.id}`).filter({ hasText: invitation.contact_name }).waitFor();
      assert.equal(await table.getByTestId(`event-role-${invitation.id}`).innerText(), '决策者');
      assert.equal(await table.getByTestId(`event-response-${invitation.id}`).innerText(), '待答复');
    }
    assert.equal(await table.locator('tbody tr').count(), 3);
    await page.getByTestId('event-guest-counts').filter({ hasText: '邀请 3' }).waitFor();
    await page.getByTestId('event-result-invited').filter({ hasText: /^3$/ }).waitFor();
    // 登记线索: the registration form with the event as the lead's source
    await page.getByTestId('event-register-lead').click();
    await page.waitForURL((url) => url.pathname === '/registrations/new' && url.searchParams.get('event_id') === String(id));
    assert.equal(new URL(page.url()).searchParams.get('source_channel'), 'exhibitions');
    await page.getByTestId('reg-source-channel').filter({ hasText: '展销会及推广会' }).waitFor();
    await page.getByTestId('reg-event').filter({ hasText: TITLE }).waitFor();
    assertNoPageProblems('inviting');
    await signOut(page);
  });

  step('at the door on a 390-px phone he checks a guest in, and twice is one attendance', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      await signIn(page, 'rep_chengdu');
      const event = await eventNamed('rep_chengdu', TODAY);
      assert.equal(event.open_today, true);
      await page.goto('/events');
      await page.getByTestId(`event-card-${event.id}`).filter({ hasText: TODAY }).click();
      await page.waitForURL(`**/events/${event.id}`);
      await page.getByTestId('event-check-in').click();
      await page.waitForURL(`**/events/${event.id}/check-in`);
      await page.getByTestId('checkin-attended').filter({ hasText: /^0$/ }).waitFor();
      assert.equal(await page.getByTestId('checkin-invited').innerText(), String(event.invited));
      assert.equal(await page.locator('[data-testid^="checkin-card-"]').count(), event.invited);
      await noSidewaysScroll('the check-in page');
      // the guest found by the search box
      const guests = await api('rep_chengdu', 'GET', `/events/${event.id}/invitations`);
      const guest = guests.items.find((g) => g.response === 'accepted');
      await control('checkin-q').fill(guest.contact_name);
      await page.waitForFunction(
        (name) => [...document.querySelectorAll('[data-testid^="checkin-card-"]')].every((card) => card.textContent.includes(name)),
        guest.contact_name,
      );
      const button = page.getByTestId(`checkin-button-${guest.id}`);
      await button.filter({ hasText: /^签到$/ }).click();
      await button.filter({ hasText: /^已签到 \d\d:\d\d$/ }).waitFor();
      await page.getByTestId('checkin-attended').filter({ hasText: /^1$/ }).waitFor();
      const first = (await api('rep_chengdu', 'GET', `/events/${event.id}/invitations?attended=true`)).items;
      assert.deepEqual(first.map((g) => g.id), [guest.id]);
      const time = await button.innerText();
      await screenshot('phone-event-check-in');
      // again: the server answers the first check-in, the counter stays
      const again = page.waitForResponse((r) => new URL(r.url()).pathname === `/api/v1/events/${event.id}/invitations/${guest.id}/check-in`);
      await button.click();
      const answer = await again;
      assert.equal(answer.status(), 200);
      assert.equal((await answer.json()).attended_at, first[0].attended_at, 'the first check-in stands');
      await page.locator('.el-message').filter({ hasText: '已于' }).first().waitFor();
      assert.equal(await button.innerText(), time);
      assert.equal(await page.getByTestId('checkin-attended').innerText(), '1');
      assert.equal((await api('rep_chengdu', 'GET', `/events/${event.id}`)).attended, 1);
      await noSidewaysScroll('the check-in page after checking in');
      assertNoPageProblems('checking in');
      await signOut(page);
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
    }
  });

  step('the held exhibition shows its results, as the API counts them', async () => {
    await signIn(page, 'am_sichuan');
    const event = await eventNamed('am_sichuan', HELD);
    const results = await api('am_sichuan', 'GET', `/events/${event.id}/results`);
    await page.goto('/events?show=held');
    assert.match((await page.getByTestId('event-tab-held').getAttribute('class')) ?? '', /is-active/);
    await page.getByTestId(`event-link-${event.id}`).click();
    await page.waitForURL(`**/events/${event.id}`);
    await page.getByTestId('event-status').filter({ hasText: '已举行' }).waitFor();
    const card = page.getByTestId('event-results');
    await card.getByTestId('event-result-attended').filter({ hasText: new RegExp(`^${results.attended}$`) }).waitFor();
    assert.equal(results.attended, 5, 'the demo’s five guests came');
    for (const name of ['invited', 'accepted', 'attended', 'registrations', 'opportunities', 'units_won', 'units_delivered']) {
      assert.equal(await card.getByTestId(`event-result-${name}`).innerText(), String(results[name]), name);
    }
    for (const [role, count] of Object.entries(results.attended_by_role)) {
      assert.equal(await card.getByTestId(`event-result-role-${role}`).innerText(), String(count), `attendees who are ${role}`);
    }
    const yuan = (fen) => `${new Intl.NumberFormat('en-US').format(fen / 100)} 元`;
    assert.equal(await card.getByTestId('event-result-cost').innerText(), yuan(results.cost_fen));
    assert.equal(results.cost_is_budget, false, 'held: its actual cost');
    assert.equal(await card.getByTestId('event-result-budget').count(), 0);
    assert.equal(
      await card.getByTestId('event-result-cost-per-unit').innerText(),
      results.cost_per_unit_won_fen === null ? '—' : yuan(results.cost_per_unit_won_fen),
    );
    const invitations = await api('am_sichuan', 'GET', `/events/${event.id}/invitations`);
    assert.equal(await page.getByTestId('event-invitations-table').locator('tbody tr').count(), invitations.items.length);
    assert.equal(await page.locator('[data-testid^="event-attended-"]').count(), results.attended);
    assert.equal(await page.getByTestId('event-hold').count(), 0, 'held: nothing to close');
    await screenshot('event-results');
    assertNoPageProblems('the results');
  });
});
