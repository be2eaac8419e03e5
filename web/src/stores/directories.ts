// The directories (industries, vehicle types, source channels), loaded once per page life
// with their inactive entries too, so that an account whose industry was retired still shows
// its name. Names follow the UI language.
import { defineStore } from 'pinia';
import { reactive } from 'vue';
import { listDirectory } from '@/api/directories';
import type { DirectoryEntry, DirectoryName } from '@/api/types';
import type { AppLocale } from '@/locales';
import { useLocaleStore } from './locale';

/** An entry's name in the UI language. */
export function entryName(entry: Pick<DirectoryEntry, 'name_zh' | 'name_en'>, locale: AppLocale): string {
  return locale === 'en' ? entry.name_en || entry.name_zh : entry.name_zh || entry.name_en;
}

export const useDirectoryStore = defineStore('directories', () => {
  const entries = reactive<Record<DirectoryName, DirectoryEntry[]>>({
    industries: [],
    vehicle_types: [],
    source_channels: [],
  });
  const pending = new Map<DirectoryName, Promise<void>>();
  const localeStore = useLocaleStore();

  function load(name: DirectoryName, force = false): Promise<void> {
    let found = force ? undefined : pending.get(name);
    if (!found) {
      found = listDirectory(name, true).then(
        (items) => {
          entries[name] = items;
        },
        (error: unknown) => {
          pending.delete(name);
          throw error;
        },
      );
      pending.set(name, found);
    }
    return found;
  }

  /** Active entries, for choosing in a form (plus `keep`, the value a record already has). */
  function choices(name: DirectoryName, keep?: string | null): DirectoryEntry[] {
    return entries[name].filter((entry) => entry.active || entry.code === keep);
  }

  function label(name: DirectoryName, code: string | null | undefined): string {
    if (!code) return '';
    const entry = entries[name].find((candidate) => candidate.code === code);
    return entry ? entryName(entry, localeStore.locale) : code;
  }

  /** Replaces (or adds) an entry after a create or update. */
  function upsert(name: DirectoryName, entry: DirectoryEntry): void {
    const list = entries[name];
    const index = list.findIndex((existing) => existing.code === entry.code);
    if (index >= 0) list.splice(index, 1, entry);
    else list.push(entry);
  }

  return { entries, load, choices, label, upsert };
});
