// Every label in the locale files is used somewhere in web/src: a key nothing reaches is a
// leftover that translators keep paying for. A key counts as used when the source names it
// (`t('org.title')`, `label: 'menu.org'`), or builds it in a way the app does:
//   - a template literal's fixed head: t(`org.kinds.${kind}`) uses every key under org.kinds;
//   - a quoted group handed on (labels="accounts.grades", label('opportunities.quotes.statuses', x),
//     named('registrations.statuses')) uses the group, except on a line that checks a permission
//     (can('registrations.review') names a permission, not labels);
//   - a kit piece's prefix: <KitDateRange texts="x"> uses x.from, x.to, x.rangeSeparator;
//     missingKey 'x' / missing-key="x" uses x.missing and x.missingHint.
// A key built any other way goes to DYNAMIC below, with where it is built.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadMessages } from '@/locales';

type Tree = { [key: string]: string | Tree };

/** Keys built in a way the rules above do not see: prefixes, each with where it is built. */
const DYNAMIC: Record<string, string> = {};

/**
 * Unused when this spec was written (issue 11): left over from pages since moved onto the kit.
 * Take a key off when it is removed from the locale files or used again; never add one.
 */
const KNOWN_UNUSED = new Set([
  'accounts.analysis.leave',
  'accounts.analysis.leaveUnsaved',
  'accounts.filters.all',
  'accounts.filters.status',
  'accounts.history.by',
  'accounts.history.changedTo',
  'accounts.history.empty',
  'accounts.history.system',
  'accounts.searchLabel',
  'accounts.shown',
  'catalogue.choose',
  'catalogue.searchLabel',
  'common.actions.create',
  'common.language',
  'home.scope',
  'home.title',
  'home.username',
  'kit.filters.more',
  'kit.filters.reset',
  'opportunities.backToBoard',
  'opportunities.board.moveToStage',
  'opportunities.competitors.title',
  'opportunities.convert.open',
  'opportunities.deliveries.title',
  'opportunities.detail.assessment',
  'opportunities.detail.closedNotice',
  'opportunities.fields.closedAt',
  'opportunities.fields.createdAt',
  'opportunities.fields.deliveredUnits',
  'opportunities.fields.lostTo',
  'opportunities.fields.outcomeReason',
  'opportunities.fields.requirements',
  'opportunities.fields.updatedAt',
  'opportunities.fields.wonUnits',
  'opportunities.form.choose',
  'opportunities.form.needLine',
  'opportunities.history.title',
  'opportunities.lines.guidePrice',
  'opportunities.list.searchLabel',
  'opportunities.list.shown',
  'opportunities.quotes.createdAt',
  'opportunities.quotes.status',
  'opportunities.quotes.title',
  'opportunities.tenders.lotCount',
  'opportunities.tenders.title',
  'opportunities.title',
  'opportunities.transition.closed',
  'quotes.fields.account',
  'quotes.fields.createdAt',
  'quotes.fields.dealer',
  'quotes.fields.opportunity',
  'quotes.fields.quantity',
  'quotes.fields.step',
  'quotes.inbox.waited',
  'registrations.list.searchLabel',
  'registrations.list.shown',
  'registrations.list.statusFilter',
  'users.shown',
]);

function keys(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'string' ? [`${prefix}${key}`] : keys(value, `${prefix}${key}.`),
  );
}

const KEY = String.raw`[a-zA-Z][\w-]*(?:\.[\w-]+)+`;

/** The keys of `all` that `source` neither names nor builds (rules at the top of this file). */
export function unusedKeys(all: string[], source: string, dynamic: Record<string, string> = {}): string[] {
  const named = new Set<string>();
  const prefixes = new Set<string>(Object.keys(dynamic));
  for (const line of source.split('\n')) {
    const permission = /\bcan\(|anyOf|permission/i.test(line);
    for (const [, key] of line.matchAll(new RegExp(`['"\`](${KEY})['"\`]`, 'g'))) {
      named.add(key!);
      if (!permission && !/\btexts=|missing-?[kK]ey/.test(line)) prefixes.add(`${key}.`);
    }
    for (const [, head] of line.matchAll(new RegExp(`\`(${KEY}\\.|[a-zA-Z]\\w*\\.)\\$\\{`, 'g'))) prefixes.add(head!);
    for (const [, group] of line.matchAll(new RegExp(`\\btexts="(${KEY}|\\w+)"`, 'g')))
      for (const end of ['from', 'to', 'rangeSeparator']) named.add(`${group}.${end}`);
    for (const [, group] of line.matchAll(new RegExp(`\\bmissing-?[kK]ey(?:="|: ')(${KEY})['"]`, 'g')))
      for (const end of ['missing', 'missingHint']) named.add(`${group}.${end}`);
  }
  return all.filter((key) => !named.has(key) && ![...prefixes].some((prefix) => key.startsWith(prefix)));
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'locales' ? [] : sourceFiles(path);
    return /\.(ts|vue)$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

describe('locale keys in use', () => {
  it('finds a key that nothing names and honours each way a key is built', () => {
    const all = ['org.title', 'org.kinds.hq', 'org.manage.hint', 'accounts.grades.key', 'x.range.from', 'x.range.to', 'y.detail.missing', 'z.a.b'];
    const source = [
      "t('org.title')",
      't(`org.kinds.${kind}`)',
      '<FormChoiceRadio labels="accounts.grades" />',
      '<KitDateRange texts="x.range" />',
      "place: { missingKey: 'y.detail' }",
      "auth.can('org.manage') // a permission, not a group of labels",
    ].join('\n');
    expect(unusedKeys(all, source)).toEqual(['org.manage.hint', 'z.a.b']);
    expect(unusedKeys(all, source, { 'z.a.': 'built in z.ts' })).toEqual(['org.manage.hint']);
    expect(unusedKeys(['x.range.other'], '<KitDateRange texts="x.range" />')).toEqual(['x.range.other']);
  });

  it('has no key that web/src does not use, beyond the known leftovers', () => {
    const source = sourceFiles(resolve(__dirname, '../../src'))
      .map((file) => readFileSync(file, 'utf8'))
      .join('\n');
    const all = keys(loadMessages()['zh-CN']);
    expect(all.length).toBeGreaterThan(1000);
    const unused = unusedKeys(all, source, DYNAMIC);
    expect(unused.filter((key) => !KNOWN_UNUSED.has(key)), 'keys no source uses: remove them, or list how they are built in DYNAMIC').toEqual([]);
  });
});
