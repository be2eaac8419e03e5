// The first screens in Debian's Chromium with a cold cache (issue 16: under 1.5 s): a server
// already running on the national data (bench/boards.sh's database, `serve` with the built web
// app) is opened in a new browser context each run (no cache, no cookies): the sign-in page's
// performance timing (first contentful paint, DOMContentLoaded, load), then, as each user given
// signs in through the form, the time from the click until the home page's figures (a to-do count
// and the 业绩看板 card) are on screen. Prints a line per run and the medians.
//
// Each run's second line says where the sign-in page's time went: `html` the document's
// responseEnd, `entry` the last script or style sheet the document names (the entry and its
// modulepreloads) arrived, `js` the last script of all before the first paint arrived (the route's
// chunks included), `app` the first element in #app (the app mounted), `long` the main thread's
// long tasks (over 50 ms) before the first paint, `api` any API call before it. The third says
// where signing in went, from the click: the login call, /me, how many chunks were still to load,
// the home page's GET /home and the 业绩看板 card's attainment board (it asks once /home answered). With
// FIRST_PAINT_TIMELINE=1 the first run of each user also lists every request (start → responseEnd,
// bytes on the wire) up to the first paint, then those after the click up to the home page's figures.
// Usage: node bench/first-paint.mjs http://127.0.0.1:PORT [runs, default 5] [users, default director,am_sichuan,rep_chengdu]
import { createRequire } from 'node:module';

const require = createRequire(new URL('../web/package.json', import.meta.url));
const { chromium } = require('playwright-core');

const base = process.argv[2];
const runs = Number(process.argv[3] ?? 5);
const users = (process.argv[4] ?? 'director,am_sichuan,rep_chengdu').split(',');
const timeline = process.env.FIRST_PAINT_TIMELINE === '1';
if (!base) {
  console.error('usage: node bench/first-paint.mjs http://127.0.0.1:PORT [runs] [users]');
  process.exit(2);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_BIN ?? '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const ms = (value) => (value == null ? '-' : value.toFixed(0));

/**
 * Runs in the page before its own scripts: notes long tasks, the scripts and style sheets the
 * document itself names (once parsed, before any module runs) and when #app first holds an element.
 */
function observeStart() {
  window.__firstPaint = { longTasks: [], appAt: null, named: [] };
  try {
    new PerformanceObserver((list) => {
      for (const task of list.getEntries()) window.__firstPaint.longTasks.push([task.startTime, task.duration]);
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    /* no long task timing */
  }
  const watch = () => {
    window.__firstPaint.named = [...document.querySelectorAll('script[src], link[rel="modulepreload"], link[rel="stylesheet"]')].map(
      (node) => new URL(node.getAttribute('src') ?? node.getAttribute('href'), location.href).href,
    );
    const app = document.getElementById('app');
    if (!app) return;
    const seen = () => {
      if (window.__firstPaint.appAt === null && app.firstElementChild) window.__firstPaint.appAt = performance.now();
    };
    seen();
    new MutationObserver(seen).observe(app, { childList: true });
  };
  // 'interactive': the document is parsed and its module scripts have not run yet
  if (document.readyState === 'loading') {
    document.addEventListener('readystatechange', () => document.readyState === 'interactive' && watch(), { once: true });
  } else watch();
}

/** The resource entries as [path, start, responseEnd, bytes] (after `since` when given). */
function resources(since) {
  return performance
    .getEntriesByType('resource')
    .filter((entry) => entry.startTime >= since)
    .map((entry) => [entry.name.replace(location.origin, ''), entry.startTime, entry.responseEnd, entry.transferSize, entry.initiatorType]);
}

const printTimeline = (title, entries, origin = 0) => {
  console.log(`  ${title}`);
  for (const [path, start, end, bytes] of entries) {
    console.log(`    ${ms(start - origin).padStart(6)} → ${ms(end - origin).padStart(6)} ms  ${String(bytes).padStart(7)} B  ${path}`);
  }
};

for (const user of users) {
  const figures = [];
  for (let i = 0; i < runs; i += 1) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    const page = await context.newPage();
    await page.addInitScript(observeStart);
    // the first screen of a cold browser: the sign-in page
    await page.goto(`${base}/login`, { waitUntil: 'load' });
    await page.locator('[data-testid="login-submit"]').waitFor();
    const timing = await page.evaluate(
      () =>
        new Promise((resolve) => {
          const nav = performance.getEntriesByType('navigation')[0];
          const done = (fcp) => {
            const until = fcp ?? nav.loadEventEnd;
            const named = new Set(window.__firstPaint.named);
            const entries = performance.getEntriesByType('resource').filter((entry) => entry.startTime <= until);
            const last = (list) => list.reduce((latest, entry) => Math.max(latest, entry.responseEnd), 0);
            resolve({
              fcp,
              dcl: nav.domContentLoadedEventEnd,
              load: nav.loadEventEnd,
              html: nav.responseEnd,
              entry: last(entries.filter((entry) => named.has(entry.name))),
              js: last(entries.filter((entry) => entry.name.endsWith('.js'))),
              app: window.__firstPaint.appAt,
              long: window.__firstPaint.longTasks
                .filter(([start]) => start < until)
                .reduce((sum, [, duration]) => sum + duration, 0),
              api: entries.filter((entry) => entry.name.includes('/api/')).map((entry) => entry.name.replace(location.origin, '')),
              requests: entries.length,
            });
          };
          // paint entries may be delivered after load: observe them, buffered
          new PerformanceObserver((list) => {
            const fcp = list.getEntriesByName('first-contentful-paint')[0];
            if (fcp) done(fcp.startTime);
          }).observe({ type: 'paint', buffered: true });
          setTimeout(() => done(null), 3000);
        }),
    );
    const showTimeline = timeline && i === 0;
    if (showTimeline) printTimeline(`${user} run 1, requests up to the first paint:`, await page.evaluate(resources, 0).then((all) => all.filter(([, start]) => start <= (timing.fcp ?? timing.load))));
    // then signing in: from the click to the home page's figures on screen
    const field = (id) => page.locator(`input[data-testid="${id}"], [data-testid="${id}"] input`).first();
    await field('login-username').fill(user);
    await field('login-password').fill(process.env.FLEETKAM_DEMO_PASSWORD ?? 'Demo-pass-2026');
    const clickedAt = await page.evaluate(() => performance.now());
    const started = Date.now();
    await page.getByTestId('login-submit').click();
    await page.locator('[data-testid^="home-todo-count-"]').first().waitFor({ timeout: 60_000 });
    await page.getByTestId('home-boards-actual').waitFor({ timeout: 60_000 });
    const ready = Date.now() - started;
    figures.push({ ...timing, ready });
    console.log(
      `${user.padEnd(12)} run ${i + 1}: sign-in page first contentful paint ${ms(timing.fcp)} ms, ` +
        `DOMContentLoaded ${ms(timing.dcl)} ms, load ${ms(timing.load)} ms; signed in → home ` +
        `figures on screen ${ready} ms`,
    );
    console.log(
      `${' '.repeat(12)}        html ${ms(timing.html)}, entry ${ms(timing.entry)}, js ${ms(timing.js)}, ` +
        `app ${ms(timing.app)} ms; long tasks ${ms(timing.long)} ms; ${timing.requests} requests; ` +
        `api ${timing.api.length ? timing.api.join(' ') : 'none'}`,
    );
    // where the sign-in's time went: the login call (Argon2id on the server), then the code and
    // the home page's own calls (ms from the click)
    const after = await page.evaluate(resources, clickedAt);
    const call = (path) => after.find(([name]) => name.startsWith(path));
    const at = (entry, index) => (entry ? ms(entry[index] - clickedAt) : '-');
    const [login, me, home, attainment] = ['/api/v1/auth/login', '/api/v1/me', '/api/v1/home', '/api/v1/boards/attainment'].map(call);
    const chunks = after.filter(([name]) => name.startsWith('/assets/'));
    console.log(
      `${' '.repeat(12)}        login call ${at(login, 1)} → ${at(login, 2)}, /me → ${at(me, 2)}, ` +
        `${chunks.length} chunks loaded after the click, /home ${at(home, 1)} → ${at(home, 2)}, ` +
        `attainment ${at(attainment, 1)} → ${at(attainment, 2)} ms`,
    );
    if (showTimeline) printTimeline('requests after the click (ms from the click):', after, clickedAt);
    await context.close();
  }
  console.log(
    `${user.padEnd(12)} median: first contentful paint ${median(figures.map((f) => f.fcp ?? f.load)).toFixed(0)} ms, ` +
      `home figures on screen ${median(figures.map((f) => f.ready))} ms`,
  );
}
await browser.close();
