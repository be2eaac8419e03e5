// Administrative divisions (GB/T 2260) as the account pages need them: children loaded once
// per parent and cached, names by code, and the province → city → county path of a code
// (a municipality such as 北京市 has counties right under the province).
import { defineStore } from 'pinia';
import { reactive } from 'vue';
import { listDivisionChildren, listDivisions } from '@/api/divisions';
import type { Division } from '@/api/types';

/** The province a code belongs to: its first two digits and 0000. */
export function provinceOf(code: string): string {
  return `${code.slice(0, 2)}0000`;
}

/** The prefecture-level code a county code would sit under: its first four digits and 00. */
export function cityOf(code: string): string {
  return `${code.slice(0, 4)}00`;
}

export const useDivisionStore = defineStore('divisions', () => {
  /** Name of every division loaded so far. */
  const names = reactive(new Map<string, string>());
  /** Path (province first) of codes resolved so far. */
  const paths = reactive(new Map<string, readonly string[]>());
  const pending = new Map<string, Promise<Division[]>>();
  const ROOT = '';

  /** The divisions under `parentCode` (null: the provinces), from the server once. */
  function children(parentCode: string | null): Promise<Division[]> {
    const key = parentCode ?? ROOT;
    let found = pending.get(key);
    if (!found) {
      found = (parentCode === null ? listDivisions('province') : listDivisionChildren(parentCode)).then(
        (items) => {
          for (const item of items) names.set(item.code, item.name);
          return items;
        },
        (error: unknown) => {
          pending.delete(key); // let a later call try again
          throw error;
        },
      );
      pending.set(key, found);
    }
    return found;
  }

  /** The codes from the province down to `code` (loading what it needs), e.g. 510000 → 510100 → 510104. */
  async function pathOf(code: string): Promise<readonly string[]> {
    const known = paths.get(code);
    if (known) return known;
    const province = provinceOf(code);
    await children(null);
    let path: string[];
    if (code === province) {
      path = [province];
    } else {
      const underProvince = await children(province);
      if (underProvince.some((division) => division.code === code)) {
        path = [province, code];
      } else {
        const city = cityOf(code);
        if (underProvince.some((division) => division.code === city)) {
          await children(city);
          path = [province, city, code];
        } else {
          path = [province, code];
        }
      }
    }
    paths.set(code, path);
    return path;
  }

  /** Resolves the paths of many codes (for a page of accounts); never throws. */
  async function ensure(codes: Iterable<string>): Promise<void> {
    const unique = [...new Set(codes)].filter((code) => code && !paths.has(code));
    await Promise.all(unique.map((code) => pathOf(code).catch(() => undefined)));
  }

  /** "四川省 / 成都市 / 锦江区" once the path is known, else the code itself. */
  function label(code: string | null | undefined, separator = ' / '): string {
    if (!code) return '';
    const path = paths.get(code);
    if (!path) return names.get(code) ?? code;
    return path.map((part) => names.get(part) ?? part).join(separator);
  }

  return { names, paths, children, pathOf, ensure, label };
});
