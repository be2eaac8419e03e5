// A list page's filters bound to the address: each filter is declared once by its query name
// (`{ q: filter.text(), status: filter.choice(STATUSES, 'all') }`), read from the address when
// the page opens, and written back to it — as a new history entry — when the user changes it.
// So a filtered list is a link that can be shared, and the back button restores the filters the
// list had before. `onChange` runs whenever the filters in the address change (a user's change,
// back/forward, a link followed in the app); the page reloads its list there.
import { computed, getCurrentInstance, onBeforeUnmount, reactive, watch, type UnwrapRef } from 'vue';
import { useRoute, useRouter, type LocationQuery, type LocationQueryRaw } from 'vue-router';

export interface FilterDef<V> {
  /** The value when the address does not name one (and is then left out of the address). */
  fallback: V;
  parse: (raw: string) => V;
  serialize: (value: V) => string;
  /** Text typed letter by letter: written to the address after a pause. */
  debounce?: boolean;
  /** A choice's values, in order. */
  values?: readonly string[];
  /** A status: <KitFilterBar> shows it as buttons, one per value, worded by this. */
  statusLabel?: (value: string) => string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

function choice<V extends string>(values: readonly V[], fallback: V): FilterDef<V> {
  return {
    fallback,
    parse: (raw) => ((values as readonly string[]).includes(raw) ? (raw as V) : fallback),
    serialize: (v) => (v === fallback ? '' : v),
    values,
  };
}

/** The filter kinds; each is one line in a page's declaration. */
export const filter = {
  /** A search box: trimmed, written after a pause. */
  text: (): FilterDef<string> => ({ fallback: '', parse: (raw) => raw, serialize: (v) => v.trim(), debounce: true }),
  /** One of `values` (anything else in the address is `fallback`). */
  choice,
  /** A choice the list is split by (启用 / 已停用 / 全部, 待审核 …): the filter bar's buttons,
   * one per value in order, each worded `label(value)`. */
  status: <V extends string>(values: readonly V[], fallback: V, label: (value: V) => string): FilterDef<V> => ({
    ...choice(values, fallback),
    statusLabel: label as (value: string) => string,
  }),
  /** A code or name from a directory ('' for none). */
  code: (): FilterDef<string> => ({ fallback: '', parse: (raw) => raw, serialize: (v) => v }),
  /** A record id (null for none). */
  id: (): FilterDef<number | null> => ({
    fallback: null,
    parse: (raw) => (/^[1-9]\d*$/.test(raw) ? Number(raw) : null),
    serialize: (v) => (v === null ? '' : String(v)),
  }),
  /** A day, YYYY-MM-DD ('' for none). */
  date: (): FilterDef<string> => ({
    fallback: '',
    parse: (raw) => (DAY.test(raw) ? raw : ''),
    serialize: (v) => (DAY.test(v) ? v : ''),
  }),
  /** A month, YYYY-MM ('' for none). */
  month: (): FilterDef<string> => ({
    fallback: '',
    parse: (raw) => (MONTH.test(raw) ? raw : ''),
    serialize: (v) => (MONTH.test(v) ? v : ''),
  }),
  /** A switch: on is `1` in the address, off is left out. */
  flag: (): FilterDef<boolean> => ({ fallback: false, parse: (raw) => raw === '1', serialize: (v) => (v ? '1' : '') }),
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type FilterDefs = Record<string, FilterDef<any>>;
export type FilterValues<D extends FilterDefs> = { [K in keyof D]: D[K] extends FilterDef<infer V> ? V : never };

export interface UrlFilters<D extends FilterDefs> {
  /** The filters as the controls edit them (v-model). */
  values: UnwrapRef<FilterValues<D>>;
  /** The filters the list shows now (those in the address). */
  applied: Readonly<FilterValues<D>>;
  /** How many filters differ from their fallback (search text not counted). */
  activeCount: Readonly<{ value: number }>;
  /** Writes pending typed text to the address now (Enter in a search box). */
  flush: () => void;
  /** Back to every fallback. */
  reset: () => void;
  defs: D;
}

const SEARCH_DELAY_MS = 300;

function one(value: LocationQuery[string] | undefined): string {
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : '';
}

/** The filter part of an address, parsed. */
export function parseFilters<D extends FilterDefs>(defs: D, query: LocationQuery): FilterValues<D> {
  const values = {} as Record<string, unknown>;
  for (const [name, def] of Object.entries(defs)) values[name] = def.parse(one(query[name]));
  return values as FilterValues<D>;
}

/** The filters as query parameters: those at their fallback are left out. */
export function filterQuery<D extends FilterDefs>(defs: D, values: FilterValues<D>): Record<string, string> {
  const query: Record<string, string> = {};
  for (const [name, def] of Object.entries(defs)) {
    const text = def.serialize((values as Record<string, unknown>)[name]);
    if (text !== '') query[name] = text;
  }
  return query;
}

const sameQuery = (a: Record<string, string>, b: Record<string, string>) =>
  JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());

export function useUrlFilters<D extends FilterDefs>(
  defs: D,
  options: { onChange?: (applied: FilterValues<D>) => void } = {},
): UrlFilters<D> {
  const route = useRoute();
  const router = useRouter();
  const routeName = route.name;
  const initial = parseFilters(defs, route.query);
  const values = reactive({ ...initial }) as UnwrapRef<FilterValues<D>>;
  const applied = reactive({ ...initial }) as FilterValues<D>;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const fromAddress = () => filterQuery(defs, parseFilters(defs, route.query));
  const fromControls = () => filterQuery(defs, values as FilterValues<D>);

  function write(): void {
    clearTimeout(timer);
    timer = undefined;
    const next = fromControls();
    if (sameQuery(next, fromAddress())) return;
    const rest: LocationQueryRaw = {};
    for (const [key, value] of Object.entries(route.query)) if (!(key in defs)) rest[key] = value;
    void router.push({ query: { ...rest, ...next } });
  }

  // A control changed: typed text waits for a pause, anything else goes to the address at once.
  let previous = fromControls();
  watch(
    () => fromControls(),
    (next) => {
      const changed = Object.keys(defs).filter((name) => (next[name] ?? '') !== (previous[name] ?? ''));
      previous = next;
      if (!changed.length) return;
      if (changed.every((name) => defs[name]?.debounce)) {
        clearTimeout(timer);
        timer = setTimeout(write, SEARCH_DELAY_MS);
      } else write();
    },
  );

  // The address changed (our own write, back/forward, a link): the list follows it.
  watch(
    () => route.query,
    () => {
      if (route.name !== routeName) return; // leaving the page
      const parsed = parseFilters(defs, route.query);
      if (sameQuery(filterQuery(defs, parsed), filterQuery(defs, applied))) return;
      Object.assign(applied, parsed);
      if (!sameQuery(filterQuery(defs, parsed), fromControls())) {
        clearTimeout(timer);
        Object.assign(values as object, parsed);
        previous = filterQuery(defs, parsed);
      }
      options.onChange?.(parsed);
    },
  );

  // Leaving the page: typed text still waiting must not reach the address. The page unmounts only
  // once the next one's code has loaded, and a write in between is a navigation of its own that
  // cancels the one under way (a search typed, then 客户目录 clicked, came back to the list).
  if (getCurrentInstance()) {
    const stopGuard = router.beforeEach((to) => {
      if (to.name !== routeName) {
        clearTimeout(timer);
        timer = undefined;
      }
    });
    onBeforeUnmount(() => {
      clearTimeout(timer);
      stopGuard();
    });
  }

  const activeCount = computed(
    () =>
      Object.entries(defs).filter(
        ([name, def]) => !def.debounce && def.serialize((applied as Record<string, unknown>)[name]) !== '',
      ).length,
  );

  return {
    values,
    applied,
    activeCount,
    flush: write,
    reset() {
      for (const [name, def] of Object.entries(defs)) (values as Record<string, unknown>)[name] = def.fallback;
    },
    defs,
  };
}
