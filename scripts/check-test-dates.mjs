#!/usr/bin/env node
// Fails when a test source (or the demo and gen data) holds a calendar date YYYY-MM-DD later
// than today: such a test passes now and fails on its own once the day has come (issue 21).
// Write dates relative to today instead (day_from_today in tests/api, dayFromToday in the e2e
// tests), or pass a fixed "now" to the function under test and keep both dates in the past.
//
//   node scripts/check-test-dates.mjs [--today YYYY-MM-DD] [PATH ...]
//        PATHs default to tests, web/tests, src/app/demo.cpp and src/app/gen.cpp
//   node scripts/check-test-dates.mjs --self-test
//        proves the check on planted files: a date of tomorrow fails, today and the past pass
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const DEFAULT_PATHS = ['tests', 'web/tests', 'src/app/demo.cpp', 'src/app/gen.cpp'];
// A date not glued to more digits; an impossible one (2027-02-30) counts too: it is compared as text.
const DATE = /(?<![0-9])([0-9]{4}-[0-9]{2}-[0-9]{2})(?![0-9])/g;

const dayOf = (date) => date.toISOString().slice(0, 10);

function filesUnder(path) {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .filter((name) => name !== 'node_modules' && !name.startsWith('.'))
    .flatMap((name) => filesUnder(join(path, name)));
}

/** Every date later than `today` in the files under `paths`: [{file, line, date}]. */
export function futureDates(paths, today) {
  const found = [];
  for (const file of paths.flatMap(filesUnder)) {
    const text = readFileSync(file);
    if (text.includes(0)) continue; // binary
    text
      .toString('utf8')
      .split('\n')
      .forEach((line, index) => {
        for (const [, date] of line.matchAll(DATE)) {
          if (date > today) found.push({ file, line: index + 1, date });
        }
      });
  }
  return found;
}

function selfTest() {
  const dir = mkdtempSync(join(tmpdir(), 'check-test-dates-'));
  try {
    const today = dayOf(new Date());
    const tomorrow = dayOf(new Date(Date.now() + 86_400_000));
    writeFileSync(join(dir, 'planted_test.cpp'), `ok("${today}");\nok("2020-01-31T00:00:00Z");\nbad("${tomorrow}");\n`);
    writeFileSync(join(dir, 'impossible.spec.ts'), "const d = '2999-02-30';\nconst id = 120000201012310;\n");
    const found = futureDates([dir], today).map((f) => `${relative(dir, f.file)}:${f.line}:${f.date}`);
    const expected = ['impossible.spec.ts:1:2999-02-30', `planted_test.cpp:3:${tomorrow}`];
    if (JSON.stringify(found.sort()) !== JSON.stringify(expected)) {
      console.error(`check-test-dates self-test failed: found ${JSON.stringify(found)}, expected ${JSON.stringify(expected)}`);
      process.exit(1);
    }
    console.log('check-test-dates self-test: a planted future date is found, today and the past are not');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const args = process.argv.slice(2);
if (args[0] === '--self-test') {
  selfTest();
} else {
  let today = dayOf(new Date());
  if (args[0] === '--today') {
    today = args[1];
    args.splice(0, 2);
  }
  const found = futureDates(args.length ? args : DEFAULT_PATHS, today);
  for (const f of found) {
    console.error(`${f.file}:${f.line}: ${f.date} is after today (${today}); use a date relative to today`);
  }
  if (found.length) process.exit(1);
}
