// A keyset-paged list (`{ items, next_cursor }` answers): the first page, "load more" with the
// cursor, a page size, loading, an error to show with a retry, the empty state, refresh. A newer
// load aborts the one in flight, so a quick filter change never shows an older answer.
import { computed, getCurrentInstance, onBeforeUnmount, ref, shallowRef, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { errorMessage } from '@/utils/error-message';

export interface KeysetPage<T> {
  items: T[];
  next_cursor: string | null;
}

export interface PageRequest {
  limit: number;
  cursor: string | undefined;
  signal: AbortSignal;
}

export interface KeysetListOptions<T> {
  /** Fetches one page; `cursor` is undefined for the first. */
  fetch: (page: PageRequest) => Promise<KeysetPage<T>>;
  /** Rows a page (default 50). */
  pageSize?: number;
}

export interface KeysetList<T> {
  items: Ref<T[]>;
  nextCursor: Ref<string | null>;
  pageSize: number;
  loading: Ref<boolean>;
  /** True once a first page has arrived (until then the empty text is "loading"). */
  loaded: Ref<boolean>;
  /** The last failure, for the user; null when the last load went well. */
  error: Ref<string | null>;
  empty: Readonly<Ref<boolean>>;
  hasMore: Readonly<Ref<boolean>>;
  /** Loads the first page again (after a filter change or a save). */
  refresh: () => Promise<void>;
  loadMore: () => Promise<void>;
  /** Repeats what failed: the next page when paging failed, else the first. */
  retry: () => Promise<void>;
  /** Replaces one row in place (after an edit), by a key. */
  replace: (row: T, same: (a: T, b: T) => boolean) => void;
}

const isAbort = (error: unknown) => error instanceof DOMException && error.name === 'AbortError';

export function useKeysetList<T>(options: KeysetListOptions<T>): KeysetList<T> {
  const { t, te } = useI18n();
  const pageSize = options.pageSize ?? 50;
  const items = shallowRef<T[]>([]) as Ref<T[]>;
  const nextCursor = ref<string | null>(null);
  const loading = ref(false);
  const loaded = ref(false);
  const error = ref<string | null>(null);
  let failedMore = false;
  let inFlight: AbortController | null = null;

  async function load(more: boolean): Promise<void> {
    inFlight?.abort();
    const controller = new AbortController();
    inFlight = controller;
    loading.value = true;
    error.value = null;
    try {
      const page = await options.fetch({
        limit: pageSize,
        cursor: more ? (nextCursor.value ?? undefined) : undefined,
        signal: controller.signal,
      });
      if (controller.signal.aborted) return;
      items.value = more ? [...items.value, ...page.items] : page.items;
      nextCursor.value = page.next_cursor;
      loaded.value = true;
      failedMore = false;
    } catch (caught) {
      if (isAbort(caught) || controller.signal.aborted) return;
      error.value = errorMessage(caught, { t, te });
      failedMore = more;
    } finally {
      if (inFlight === controller) {
        loading.value = false;
        inFlight = null;
      }
    }
  }

  if (getCurrentInstance()) onBeforeUnmount(() => inFlight?.abort());

  return {
    items,
    nextCursor,
    pageSize,
    loading,
    loaded,
    error,
    empty: computed(() => loaded.value && !error.value && items.value.length === 0),
    hasMore: computed(() => nextCursor.value !== null),
    refresh: () => load(false),
    loadMore: () => (nextCursor.value ? load(true) : Promise.resolve()),
    retry: () => load(failedMore && nextCursor.value !== null),
    replace(row, same) {
      items.value = items.value.map((existing) => (same(existing, row) ? row : existing));
    },
  };
}
