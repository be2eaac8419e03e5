// What the end-to-end tests in this folder share (a module, not a test: node --test runs only
// *.test.mjs). It offers:
//
//   setUpE2e(options)   called inside a describe(): its before hook starts `$FLEETKAM_BIN serve`
//                       on a free port with a fresh SQLite database (with or without the demo
//                       data: a copy of one made once per run) and the built web app, waits for /healthz, launches Chromium and
//                       opens a page that records console errors and CSP violations; its after
//                       hook stops them. It returns the session: page, context, baseUrl and
//                       scriptUrls once started, and step, expectHttpError, assertNoPageProblems,
//                       apiAs, screenshot, field, choose, typeDate and pickDivision for its page.
//   signIn, signOut     signing in (from /login) and out (through the user menu) of a page;
//   submitLogin, openUserMenuItem   the parts of those, for tests of the form and the menu.
//   sleep, dayFromToday, serverHasTestHooks, ADMIN_PASSWORD, DEMO_PASSWORD, serverBin, distDir.
//
//   FLEETKAM_BIN   server binary (default ../build/fleetkam relative to web/)
//   CHROMIUM_BIN   browser (default /usr/bin/chromium)
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const webDir = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const distDir = join(webDir, 'dist');
export const serverBin = resolve(webDir, process.env.FLEETKAM_BIN ?? '../build/fleetkam');
const chromiumBin = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';
const screenshotDir = join(webDir, 'test-results', 'screenshots');
const failureDir = join(webDir, 'test-results', 'failures');
export const ADMIN_PASSWORD = 'E2e-Str0ng-Passphrase!';
/** The password of every demo user (`serve --demo`). */
export const DEMO_PASSWORD = 'Demo-pass-2026';

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A day `days` from today in Asia/Shanghai, YYYY-MM-DD. */
export function dayFromToday(days) {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(new Date(Date.now() + days * 24 * 60 * 60 * 1000));
  const part = (type) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** Whether the server binary takes `serve --test-hooks` (it refuses an option it does not know). */
export function serverHasTestHooks() {
  if (!existsSync(serverBin)) return false;
  const help = spawnSync(serverBin, ['serve', '--help'], { encoding: 'utf8' });
  return `${help.stdout}${help.stderr}`.includes('--test-hooks');
}

/** A free TCP port on the loopback interface. */
function freePort() {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolvePort(port));
    });
  });
}

async function waitForHealth(baseUrl, server, log) {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`server exited with ${server.exitCode}:\n${log.join('')}`);
    try {
      const response = await fetch(`${baseUrl}/healthz`);
      if (response.status === 200) return;
    } catch {
      /* not listening yet */
    }
    await sleep(100);
  }
  throw new Error(`server did not answer /healthz within 30 s:\n${log.join('')}`);
}

/** The environment every server of these tests runs with. */
function serverEnv(demo) {
  return {
    ...process.env,
    FLEETKAM_ADMIN_PASSWORD: ADMIN_PASSWORD,
    ...(demo ? { FLEETKAM_DEMO_PASSWORD: DEMO_PASSWORD } : {}),
    // As the API suites do: password hashes at their cheapest. At the production cost each
    // sign-in (dozens per file, and every demo user created) takes about a second on the
    // sanitizer build; the cost itself is the password unit tests' business.
    FLEETKAM_PASSWORD_COST: 'minimum',
  };
}

/**
 * The database `serve --demo` makes, made once per server binary and China day (in the system's
 * temp dir) and copied for each test file that asks for the demo: loading the demo takes the
 * sanitizer build 3.6 s, starting from a copy 0.6 s. The server is stopped before the copy is
 * taken, so SQLite has checkpointed its log into the file.
 */
async function demoDatabase() {
  const binary = statSync(serverBin);
  const dir = join(tmpdir(), `fleetkam-e2e-demo-${Math.round(binary.mtimeMs)}-${binary.size}-${dayFromToday(0)}`);
  const made = join(dir, 'demo.db');
  if (existsSync(made)) return made;
  mkdirSync(dir, { recursive: true });
  const building = join(dir, `building-${process.pid}.db`);
  const port = await freePort();
  const log = [];
  const child = spawn(serverBin, ['serve', '--demo', '--db', `sqlite:${building}`, '--listen', `127.0.0.1:${port}`], {
    env: serverEnv(true),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (chunk) => log.push(String(chunk)));
  child.stderr.on('data', (chunk) => log.push(String(chunk)));
  try {
    await waitForHealth(`http://127.0.0.1:${port}`, child, log);
  } finally {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await Promise.race([new Promise((r) => child.once('exit', r)), sleep(10_000)]);
    }
  }
  assert.ok(!existsSync(`${building}-wal`) || statSync(`${building}-wal`).size === 0, 'the demo server left its log unmerged');
  renameSync(building, made);
  return made;
}

/** The <input> of an Element Plus input: el-input puts data-testid on the input itself. */
function field(page, testId) {
  return page.locator(`input[data-testid="${testId}"], [data-testid="${testId}"] input`).first();
}

/**
 * Waits until the dropdown (el-popper) holding `item` stands still. A dropdown zooms in when it
 * opens; on a loaded machine Playwright may find an option stable while it still moves, press on
 * it and release on the row that has slid under the pointer, and the browser then sends the click
 * to what the two have in common: the list (nothing chosen) or, in a tree, the parent node (the
 * wrong unit chosen). Click options once the dropdown's transitions have ended.
 */
export async function untilStill(item) {
  await item.waitFor({ state: 'visible' });
  await item.evaluate((el) =>
    Promise.all((el.closest('.el-popper') ?? el).getAnimations({ subtree: true }).map((a) => a.finished.catch(() => null))),
  );
}

/** Clicks an item of a dropdown (menu, select, cascader) once its popper stands still: see untilStill. */
export async function clickStill(item) {
  await untilStill(item);
  await item.click();
}

/** Picks an option of an el-select by its visible name (a string: exactly; a RegExp: matching). */
async function choose(page, testId, optionName) {
  await page.getByTestId(testId).click();
  const option = page.getByRole('option', { name: optionName, exact: typeof optionName === 'string' }).locator('visible=true').first();
  await untilStill(option);
  await option.click();
}

/** Types a date into an el-date-picker and confirms it. */
async function typeDate(page, testId, value) {
  const input = field(page, testId);
  await input.click();
  await input.fill(value);
  await input.press('Enter');
  await page.keyboard.press('Escape');
  assert.equal(await input.inputValue(), value);
}

/**
 * Walks an el-cascader down by the labels of its levels and chooses the last one: a county by
 * its label, a province or city (which has levels below it) by its radio button.
 */
async function pickDivision(page, testId, labels, { byRadio = false } = {}) {
  await page.getByTestId(testId).click();
  for (const [index, label] of labels.entries()) {
    const node = page
      .locator('.el-cascader-panel .el-cascader-node')
      .filter({ has: page.locator('.el-cascader-node__label', { hasText: new RegExp(`^${label}$`) }) })
      .locator('visible=true')
      .first();
    if (byRadio && index === labels.length - 1) await node.locator('.el-radio').click();
    else await node.click();
  }
  await page.keyboard.press('Escape');
}

/** A full-page picture under test-results/screenshots/. */
async function screenshot(page, name) {
  await page.waitForLoadState('networkidle');
  // Let notifications fade out and transitions finish, so the picture shows the page.
  await page.locator('.el-message').first().waitFor({ state: 'detached', timeout: 10_000 }).catch(() => undefined);
  // From the top: a full-page picture taken while scrolled shows the sticky header mid-page.
  await page.evaluate(() => window.scrollTo(0, 0));
  await sleep(300);
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
}

/** Fills the sign-in form on the page as it is and submits it; where that leads is the caller's to check. */
export async function submitLogin(page, username, password) {
  await field(page, 'login-username').fill(username);
  await field(page, 'login-password').fill(password);
  await page.getByTestId('login-submit').click();
}

/** Opens /login, signs in (a demo user unless a password is given) and waits for the home page. */
export async function signIn(page, username, password = DEMO_PASSWORD) {
  await page.goto('/login');
  const home = new URL('/', page.url()).href;
  await submitLogin(page, username, password);
  await page.waitForURL(home);
}

/** Opens the user menu in the header and clicks its item `testId`; answers the item. */
export async function openUserMenuItem(page, testId) {
  await page.getByTestId('user-menu').click();
  const item = page.getByTestId(testId);
  // The menu zooms in: click once its transitions have ended, never on a target still moving.
  await clickStill(item);
  return item;
}

/** 退出登录 from the user menu (one click, once the menu stands still): the session ends, the login page shows. */
export async function signOut(page) {
  await page.evaluate(() => window.scrollTo(0, 0));
  const loggedOut = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/auth/logout');
  await openUserMenuItem(page, 'sign-out');
  assert.equal((await loggedOut).status(), 204, 'POST /api/v1/auth/logout');
  await page.waitForURL(/\/login$/);
}

/**
 * Sets up a test's server and browser (call it inside the describe()) and answers the session.
 *
 *   name        the test's short name: in the temp dir's name and the failure screenshots' names
 *   demo        start the server with its demo data (`serve --demo`, demo users' password DEMO_PASSWORD)
 *   timezoneId  the browser's time zone (default: the machine's)
 *   skipStep    () => a reason to skip every step (e.g. the server lacks the API under test), or null
 *   serverArgs  more arguments for `serve` (e.g. ['--test-hooks'])
 */
export function setUpE2e({ name, demo = false, timezoneId = undefined, skipStep = () => null, serverArgs = [] }) {
  let tmp;
  let server;
  /** The step that failed: the ones after it build on it and are skipped. */
  let failedStep = null;
  /** HTTP error answers the current step expects; their console lines are not problems. */
  const expectedHttpErrors = [];

  const session = {
    /** Set by the before hook. */
    page: undefined,
    context: undefined,
    baseUrl: undefined,
    serverLog: [],
    /** Console errors and CSP violations seen in the page. */
    pageProblems: [],
    /** The paths of every script the page loaded. */
    scriptUrls: new Set(),

    /** Says that `status` from `path` (a string or a RegExp) is expected; `.seen` tells whether it came. */
    expectHttpError(path, status) {
      const entry = { path, status, seen: false };
      expectedHttpErrors.push(entry);
      return entry;
    },

    assertNoPageProblems(step) {
      assert.deepEqual(session.pageProblems, [], `console errors or CSP violations during ${step}`);
    },

    /**
     * Like `it`, skipped when skipStep() gives a reason or an earlier step failed (the steps build
     * on each other), and on failure saves a screenshot under test-results/failures/.
     */
    step(stepName, fn) {
      it(stepName, async (t) => {
        const reason = skipStep();
        if (reason) {
          t.skip(reason);
          return;
        }
        if (failedStep !== null) {
          t.skip(`builds on “${failedStep}”, which failed`);
          return;
        }
        try {
          await fn(t);
        } catch (error) {
          failedStep = stepName;
          mkdirSync(failureDir, { recursive: true });
          const file = `${name}-${stepName.replace(/[^\p{L}\p{N}]+/gu, '-').slice(0, 60)}`;
          await session.page?.screenshot({ path: join(failureDir, `${file}.png`), fullPage: true }).catch(() => undefined);
          throw error;
        }
      });
    },

    /** Signs `username` in through the API and answers `method path` as them (Bearer token), for checks beside the page. */
    async apiAs(username, method, path, { password = DEMO_PASSWORD, body = undefined } = {}) {
      const login = await fetch(`${session.baseUrl}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username, password }),
      });
      assert.equal(login.status, 200, `${username} signs in through the API`);
      const { token } = await login.json();
      const headers = { Authorization: `Bearer ${token}` };
      if (body !== undefined) headers['Content-Type'] = 'application/json';
      return fetch(`${session.baseUrl}/api/v1${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    },

    screenshot: (shotName) => screenshot(session.page, shotName),
    field: (testId) => field(session.page, testId),
    choose: (testId, optionName) => choose(session.page, testId, optionName),
    typeDate: (testId, value) => typeDate(session.page, testId, value),
    pickDivision: (testId, labels, options) => pickDivision(session.page, testId, labels, options),
  };

  function isExpectedResourceError(text, url) {
    const match = /status of (\d{3})/.exec(text);
    if (!match || !url) return false;
    const status = Number(match[1]);
    const path = new URL(url).pathname;
    const entry = expectedHttpErrors.find(
      (e) => e.status === status && (e.path instanceof RegExp ? e.path.test(path) : e.path === path),
    );
    if (entry) entry.seen = true;
    return Boolean(entry);
  }

  before(async () => {
    assert.ok(existsSync(serverBin), `server binary not found at ${serverBin} (build it, or set FLEETKAM_BIN)`);
    assert.ok(existsSync(join(distDir, 'index.html')), `no web build in ${distDir}: run \`npm run build\` first`);
    assert.ok(existsSync(chromiumBin), `Chromium not found at ${chromiumBin}`);
    mkdirSync(screenshotDir, { recursive: true });

    tmp = mkdtempSync(join(tmpdir(), `fleetkam-e2e-${name}-`));
    if (demo) copyFileSync(await demoDatabase(), join(tmp, 'e2e.db'));
    const port = await freePort();
    session.baseUrl = `http://127.0.0.1:${port}`;
    server = spawn(
      serverBin,
      [
        'serve',
        ...(demo ? ['--demo'] : []),
        '--db',
        `sqlite:${join(tmp, 'e2e.db')}`,
        '--listen',
        `127.0.0.1:${port}`,
        '--web-root',
        distDir,
        ...serverArgs,
      ],
      {
        env: serverEnv(demo),
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    server.stdout.on('data', (chunk) => session.serverLog.push(String(chunk)));
    server.stderr.on('data', (chunk) => session.serverLog.push(String(chunk)));
    await waitForHealth(session.baseUrl, server, session.serverLog);

    // A fresh profile in a temp dir: nothing remembered from earlier runs.
    session.context = await chromium.launchPersistentContext(join(tmp, 'chromium-profile'), {
      executablePath: chromiumBin,
      headless: true,
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
      baseURL: session.baseUrl,
      viewport: { width: 1280, height: 800 },
      locale: 'zh-CN',
      ...(timezoneId ? { timezoneId } : {}),
    });
    // Report CSP violations as console errors too (Chromium also logs them itself).
    await session.context.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) => {
        console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI}`);
      });
    });
    const page = session.context.pages()[0] ?? (await session.context.newPage());
    session.page = page;
    page.setDefaultTimeout(15_000);
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      const text = message.text();
      if (isExpectedResourceError(text, message.location().url)) return;
      session.pageProblems.push(`console.error: ${text} (${message.location().url})`);
    });
    page.on('pageerror', (error) => session.pageProblems.push(`uncaught: ${error.message}`));
    page.on('response', (response) => {
      if (response.request().resourceType() === 'script') session.scriptUrls.add(new URL(response.url()).pathname);
    });
  });

  after(async () => {
    await session.context?.close().catch(() => undefined);
    if (server && server.exitCode === null) {
      server.kill('SIGTERM');
      await Promise.race([new Promise((r) => server.once('exit', r)), sleep(5000)]);
      if (server.exitCode === null) server.kill('SIGKILL');
    }
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  return session;
}
