// The first screens in Debian's Chromium with a cold cache (issue 16: under 1.5 s): a server
// already running on the national data (bench/boards.sh's database, `serve` with the built web
// app) is opened in a new browser context each run (no cache, no cookies): the sign-in page's
// performance timing (first contentful paint, DOMContentLoaded, load), then, as each user given
// signs in through the form, the time from the click until the home page's figures (a to-do count
// and the 业绩看板 card) are on screen. Prints a line per run and the medians.
// Usage: node bench/first-paint.mjs http://127.0.0.1:PORT [runs, default 5] [users, default director,am_sichuan,rep_chengdu]
import { createRequire } from 'node:module';

const require = createRequire(new URL('../web/package.json', import.meta.url));
const { chromium } = require('playwright-core');

const base = process.argv[2];
const runs = Number(process.argv[3] ?? 5);
const users = (process.argv[4] ?? 'director,am_sichuan,rep_chengdu').split(',');
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

for (const user of users) {
  const figures = [];
  for (let i = 0; i < runs; i += 1) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    const page = await context.newPage();
    // the first screen of a cold browser: the sign-in page
    await page.goto(`${base}/login`, { waitUntil: 'load' });
    await page.locator('[data-testid="login-submit"]').waitFor();
    const timing = await page.evaluate(
      () =>
        new Promise((resolve) => {
          const nav = performance.getEntriesByType('navigation')[0];
          const done = (fcp) => resolve({ fcp, dcl: nav.domContentLoadedEventEnd, load: nav.loadEventEnd });
          // paint entries may be delivered after load: observe them, buffered
          new PerformanceObserver((list) => {
            const fcp = list.getEntriesByName('first-contentful-paint')[0];
            if (fcp) done(fcp.startTime);
          }).observe({ type: 'paint', buffered: true });
          setTimeout(() => done(null), 3000);
        }),
    );
    // then signing in: from the click to the home page's figures on screen
    const field = (id) => page.locator(`input[data-testid="${id}"], [data-testid="${id}"] input`).first();
    await field('login-username').fill(user);
    await field('login-password').fill(process.env.FLEETKAM_DEMO_PASSWORD ?? 'Demo-pass-2026');
    const started = Date.now();
    await page.getByTestId('login-submit').click();
    await page.locator('[data-testid^="home-todo-count-"]').first().waitFor({ timeout: 60_000 });
    await page.getByTestId('home-boards-actual').waitFor({ timeout: 60_000 });
    const ready = Date.now() - started;
    figures.push({ ...timing, ready });
    console.log(
      `${user.padEnd(12)} run ${i + 1}: sign-in page first contentful paint ${timing.fcp?.toFixed(0)} ms, ` +
        `DOMContentLoaded ${timing.dcl.toFixed(0)} ms, load ${timing.load.toFixed(0)} ms; signed in → home ` +
        `figures on screen ${ready} ms`,
    );
    await context.close();
  }
  console.log(
    `${user.padEnd(12)} median: first contentful paint ${median(figures.map((f) => f.fcp ?? f.load)).toFixed(0)} ms, ` +
      `home figures on screen ${median(figures.map((f) => f.ready))} ms`,
  );
}
await browser.close();
