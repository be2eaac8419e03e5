// Turns pinyin-pro's dictionary into the pinyin table the server embeds (src/platform/text/pinyin.cpp).
// Two kinds of line, both `key <TAB> value`, toneless lowercase ASCII pinyin with ü written v:
//   one character  <TAB> all its readings, most common first, comma-separated    行\txing,hang,heng
//   a phrase (2+)  <TAB> one reading per character in context, space-separated    银行\tyin hang
// Characters come first (by code point), then phrases. The phrases are pinyin-pro's word dictionaries
// (plus the words below it reads wrongly); the server segments a name with them to pick the reading in
// context (重庆 = chong qing, not zhong qing) for sorting and for the first search variant.
import { writeFileSync } from 'node:fs';
import { customPinyin, pinyin } from 'pinyin-pro';
import DICT2 from 'pinyin-pro/dist/esm/data/dict2.mjs';
import DICT3 from 'pinyin-pro/dist/esm/data/dict3.mjs';
import DICT4 from 'pinyin-pro/dist/esm/data/dict4.mjs';
import DICT5 from 'pinyin-pro/dist/esm/data/dict5.mjs';

const out = process.argv[2];
if (!out) throw new Error('usage: node gen-pinyin.mjs OUT.tsv');

// Words of organisation names that pinyin-pro 3.29 reads wrongly: county-level place names read as
// ordinary words, and a bank's branch (分行 is fēn háng here, not fēn xíng). Only the sort order and the
// first search variant depend on this: every reading of every character is indexed anyway.
const OVERRIDES = {
  分行: 'fēn háng',
  大埔: 'dà bù',
  筠连: 'jūn lián',
  歙县: 'shè xiàn',
  浚县: 'xùn xiàn',
  繁峙: 'fán shì',
  乐亭: 'lào tíng',
  乐清: 'yuè qīng',
  乐都: 'lè dū',
  郫都: 'pí dū',
  单县: 'shàn xiàn',
  洪洞: 'hóng tóng',
  尉犁: 'yù lí',
  蔚县: 'yù xiàn',
  泌阳: 'bì yáng',
};
customPinyin(OVERRIDES);

const toneless = { toneType: 'none', type: 'array', v: true };
const ASCII_READING = /^[a-z]+$/;

// CJK Unified Ideographs, Extension A, and the few Extension B characters pinyin-pro knows.
const ranges = [
  [0x3007, 0x3007], // 〇
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0x20000, 0x2a6df],
];
const lines = [];
const readingsOf = new Map();
for (const [lo, hi] of ranges) {
  for (let cp = lo; cp <= hi; cp++) {
    const ch = String.fromCodePoint(cp);
    // `multiple` returns every reading of a single character, the most common first.
    const readings = [...new Set(pinyin(ch, { ...toneless, multiple: true }))].filter((r) => ASCII_READING.test(r));
    if (readings.length === 0) continue;
    readingsOf.set(ch, readings);
    lines.push(`${ch}\t${readings.join(',')}`);
  }
}
const characters = lines.length;

const phrases = new Set([DICT2, DICT3, DICT4, DICT5, OVERRIDES].flatMap((d) => Object.keys(d)));
for (const phrase of [...phrases].sort()) {
  const chars = [...phrase];
  if (chars.length < 2 || !chars.every((c) => readingsOf.has(c))) continue;
  const readings = pinyin(phrase, toneless);
  if (readings.length !== chars.length) throw new Error(`unexpected reading for ${phrase}: ${readings}`);
  // A handful of classical idioms use a reading missing from the character's own list (阿房宫 e pang),
  // and one entry is broken (枝大于本 "zh"): the server relies on every phrase reading being one of the
  // character's readings, so those phrases are left out.
  if (!chars.every((c, i) => readingsOf.get(c).includes(readings[i]))) continue;
  lines.push(`${phrase}\t${readings.join(' ')}`);
}

// Sanity checks: the cases the server's unit tests rely on.
const expect = (key, value) => {
  if (!lines.includes(`${key}\t${value}`)) throw new Error(`pinyin table lacks ${key}\t${value}`);
};
expect('行', 'xing,hang,heng');
expect('重', 'zhong,chong');
expect('绿', 'lv,lu');
expect('银行', 'yin hang');
expect('重庆', 'chong qing');
expect('分行', 'fen hang');
if (characters < 20000) throw new Error(`only ${characters} characters`);

writeFileSync(out, lines.join('\n') + '\n');
