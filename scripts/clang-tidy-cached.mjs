#!/usr/bin/env node
// clang-tidy over the given sources, JOBS at a time, remembering which translation units passed.
//   node scripts/clang-tidy-cached.mjs <build dir> <jobs> <file.cpp>...
// A file is checked again unless this very input passed before: the key is a hash of clang-tidy's
// version, .clang-tidy, the file's compile command and its preprocessed text (the file and every
// header it includes, system headers too, as clang preprocesses them, comments and so NOLINTs
// kept; the checkout's path is replaced by a placeholder, so a new clone reuses what an earlier
// one learnt). Only passes are remembered, so a finding is reported on every run. Like ccache, the cache lives outside the clone:
// $FLEETKAM_TIDY_CACHE, else $XDG_CACHE_HOME/fleetkam-clang-tidy, else ~/.cache/fleetkam-clang-tidy;
// FLEETKAM_TIDY_CACHE=off checks every file. Prints clang-tidy's findings; exits 1 on any.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const [buildDir, jobsArg, ...files] = process.argv.slice(2);
if (!buildDir || !jobsArg || files.length === 0) {
  console.error('usage: clang-tidy-cached.mjs <build dir> <jobs> <file.cpp>...');
  process.exit(2);
}
const jobs = Math.max(1, Number.parseInt(jobsArg, 10) || 1);
const cacheSetting = process.env.FLEETKAM_TIDY_CACHE;
const cacheDir =
  cacheSetting === 'off'
    ? null
    : cacheSetting || join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'fleetkam-clang-tidy');
if (cacheDir) mkdirSync(cacheDir, { recursive: true });

const commands = new Map(
  JSON.parse(readFileSync(join(buildDir, 'compile_commands.json'), 'utf8')).map((entry) => [resolve(entry.directory, entry.file), entry]),
);
// A unity build (FLEETKAM_UNITY: the sanitizer build) compiles the core's sources inside batch
// files, so most of them have no command of their own: they take a batch's (one target, one set
// of flags) with the batch file replaced by them.
const batch = [...commands.values()].find((entry) => entry.file.includes('fleetkam_core.dir/Unity/'));
function commandOf(path) {
  const entry = commands.get(path);
  if (entry || !batch) return entry ? { entry, own: true } : null;
  const args = (batch.arguments ?? batch.command.split(/\s+/)).map((arg) =>
    resolve(batch.directory, arg) === resolve(batch.directory, batch.file) ? path : arg,
  );
  return { entry: { directory: batch.directory, file: path, arguments: args }, own: false };
}
/** The compile command's arguments (split as CMake writes them: no quoted spaces), minus compiler, output and source. */
function flagsOf(file, entry) {
  const args = (entry.arguments ?? entry.command.split(/\s+/)).slice(1);
  const flags = [];
  for (let i = 0; i < args.length; i += 1) {
    if (args[i] === '-o') i += 1;
    else if (args[i] !== '-c' && resolve(entry.directory, args[i]) !== file) flags.push(args[i]);
  }
  return flags;
}
const tidyVersion = spawnSync('clang-tidy', ['--version'], { encoding: 'utf8' }).stdout;
const tidyConfig = readFileSync(join(root, '.clang-tidy'), 'utf8');
const neutral = (text) => text.split(root).join('<root>');
// The clang that clang-tidy is built on (Debian: clang-tidy-N needs clang-N, whose clang++ sits beside
// it in /usr/lib/llvm-N/bin; a plain `clang++` is another package).
const tidyPath = spawnSync('sh', ['-c', 'readlink -f "$(command -v clang-tidy)"'], { encoding: 'utf8' }).stdout.trim();
const clangxx = existsSync(join(dirname(tidyPath), 'clang++')) ? join(dirname(tidyPath), 'clang++') : 'clang++';

/** Runs a command; resolves to its exit status and output (stdout and stderr as they came). */
function run(command, args, options = {}) {
  return new Promise((done) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    const err = [];
    child.stdout.on('data', (chunk) => out.push(chunk));
    child.stderr.on('data', (chunk) => err.push(chunk));
    child.on('error', (error) => done({ status: -1, stdout: Buffer.alloc(0), stderr: Buffer.from(String(error)) }));
    child.on('close', (status) => done({ status, stdout: Buffer.concat(out), stderr: Buffer.concat(err) }));
  });
}

/** The cache key of a file, or null when its preprocessing fails (clang-tidy will then say why). */
async function key(file, entry) {
  // The compile command's flags, then -E: what clang-tidy parses, preprocessed by the clang it is built on.
  const flags = flagsOf(file, entry);
  const pre = await run(clangxx, [...flags, '-Wno-unknown-warning-option', '-E', '-C', file, '-o', '-'], { cwd: entry.directory });
  if (pre.status !== 0) return null;
  const hash = createHash('sha256');
  for (const part of [tidyVersion, tidyConfig, neutral(flags.join(' ')), neutral(file)]) hash.update(part).update('\0');
  hash.update(neutral(pre.stdout.toString('latin1')));
  return hash.digest('hex');
}

// In a unity build the batch files themselves are checked, each once for the sources it includes:
// the headers they share are parsed once per batch instead of once per source (CI's cold check of
// src/ took 306 s file by file; a batch of 8 takes a third of its sources' time). Findings in the
// included sources are reported with their own paths (.clang-tidy's HeaderFilterRegex covers src/).
// A source no batch includes (SKIP_UNITY_BUILD_INCLUSION) is checked alone with its own command.
const batches = [...commands.values()].filter((entry) => entry.file.includes('/Unity/unity_'));
const wanted = new Set(files.map((file) => resolve(file)));
const units = [];
const covered = new Set();
for (const entry of batches) {
  const batchFile = resolve(entry.directory, entry.file);
  if (!existsSync(batchFile)) continue;
  const included = [...readFileSync(batchFile, 'utf8').matchAll(/#include "([^"]+)"/g)].map((m) => resolve(m[1]));
  if (!included.some((file) => wanted.has(file))) continue;
  included.forEach((file) => covered.add(file));
  units.push(batchFile);
}
for (const file of files) if (!covered.has(resolve(file))) units.push(file);
const isBatch = (file) => file.includes('/Unity/unity_');

let failed = false;
let cached = 0;
// The longest files first, so that no long one is left to run alone at the end.
const size = (file) => (isBatch(file) ? 1e9 : existsSync(file) ? statSync(file).size : 0);
const queue = [...units].sort((a, b) => size(b) - size(a));
async function worker() {
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    const path = resolve(file);
    const found = commandOf(path);
    const entry = found?.entry;
    const hit = cacheDir && entry ? await key(path, entry) : null;
    if (hit && existsSync(join(cacheDir, hit))) {
      cached += 1;
      continue;
    }
    // a batch #includes .cpp files by design: that one check does not apply to it
    const batchArgs = isBatch(path) ? ['--checks=-bugprone-suspicious-include'] : [];
    const tidy =
      found && !found.own
        ? await run('clang-tidy', ['--quiet', ...batchArgs, path, '--', ...flagsOf(path, entry)], { cwd: entry.directory })
        : await run('clang-tidy', ['-p', buildDir, '--quiet', ...batchArgs, file]);
    const output = `${tidy.stdout}${tidy.stderr}`;
    const status = tidy.status;
    const findings = output.split('\n').filter((line) => /(warning|error):/.test(line));
    if (status !== 0 || findings.length > 0) {
      failed = true;
      process.stdout.write(findings.length > 0 ? `${findings.join('\n')}\n` : `${file}: clang-tidy failed\n${output}`);
    } else if (hit) writeFileSync(join(cacheDir, hit), `${file}\n`);
  }
}
await Promise.all(Array.from({ length: jobs }, worker));
console.log(
  cacheDir
    ? `clang-tidy: ${files.length} files in ${units.length} translation units, ${cached} unchanged since a clean run (cache ${cacheDir})`
    : `clang-tidy: ${files.length} files in ${units.length} translation units, every one checked (no cache)`,
);
process.exit(failed ? 1 : 0);
