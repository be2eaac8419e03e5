// The home page's first screen in Debian's Chromium with a cold cache (issue 16: under 1.5 s): a
// server already running on the national data (bench/boards.sh's database, `serve` with the built
// web app) is opened as each user given, each time in a new browser context (no cache, no
// cookies): sign in through the API, then load / and read the browser's performance timing —
// first contentful paint, DOMContentLoaded, load — and the time until the home page's figures
// (its to-dos and the 业绩看板 card) are on screen. Prints a line per run and the median.
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
    const signedIn = await context.request.post(`${base}/api/v1/auth/login`, {
      data: { username: user, password: process.env.FLEETKAM_DEMO_PASSWORD ?? 'Demo-pass-2026' },
    });
    if (!signedIn.ok()) throw new Error(`sign-in of ${user}: ${signedIn.status()}`);
    const page = await context.newPage();
    const started = Date.now();
    await page.goto(`${base}/`, { waitUntil: 'load' });
    await page.getByTestId('home-cards').waitFor();
    await page.locator('[data-testid^="home-todo-count-"]').first().waitFor();
    await page.getByTestId('home-boards-actual').waitFor();
    const ready = Date.now() - started;
    const timing = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0];
      const fcp = performance.getEntriesByName('first-contentful-paint')[0];
      return {
        fcp: fcp ? fcp.startTime : null,
        dcl: nav.domContentLoadedEventEnd,
        load: nav.loadEventEnd,
      };
    });
    figures.push({ ...timing, ready });
    console.log(
      `${user.padEnd(12)} run ${i + 1}: first contentful paint ${timing.fcp?.toFixed(0)} ms, DOMContentLoaded ` +
        `${timing.dcl.toFixed(0)} ms, load ${timing.load.toFixed(0)} ms, home figures on screen ${ready} ms`,
    );
    await context.close();
  }
  console.log(
    `${user.padEnd(12)} median: first contentful paint ${median(figures.map((f) => f.fcp)).toFixed(0)} ms, ` +
      `home figures on screen ${median(figures.map((f) => f.ready))} ms`,
  );
}
await browser.close();
