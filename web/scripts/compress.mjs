#!/usr/bin/env node
// Post-build step: writes a gzip (zlib level 9) copy next to every .js/.css/.html/.svg/.json
// file in dist/, because the server serves pre-compressed files instead of compressing itself.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, extname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { constants, gzipSync } from 'node:zlib';

const dist = resolve(dirname(fileURLToPath(import.meta.url)), '..', process.argv[2] ?? 'dist');
const extensions = new Set(['.js', '.css', '.html', '.svg', '.json']);

function* walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else if (entry.isFile() && extensions.has(extname(entry.name))) yield path;
  }
}

let files = 0;
let raw = 0;
let packed = 0;
for (const path of walk(dist)) {
  const data = readFileSync(path);
  const gz = gzipSync(data, { level: constants.Z_BEST_COMPRESSION });
  writeFileSync(`${path}.gz`, gz);
  files += 1;
  raw += data.length;
  packed += gz.length;
}
const kb = (n) => `${(n / 1024).toFixed(1)} kB`;
console.log(`compress: ${files} files in ${relative(process.cwd(), dist) || '.'}: ${kb(raw)} -> ${kb(packed)} gzip`);
