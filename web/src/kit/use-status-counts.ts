// The counts beside a list's status buttons (待审核 12): the server's figures for the caller's
// scope and the list's other filters, fetched again only when those change (choosing a status
// does not change the counts). A failed count is not an error of the page: the buttons then show
// no figure. A newer fetch aborts the older.
import { getCurrentInstance, onBeforeUnmount, ref, type Ref } from 'vue';

export interface StatusCounts {
  /** Per status value (the page's "all" included if it names one); missing ones show no figure. */
  counts: Ref<Partial<Record<string, number>>>;
  /** Fetches the counts for `key` (the other filters, as text) unless they are already for it. */
  refresh: (key: string) => Promise<void>;
}

export function useStatusCounts(fetch: (signal: AbortSignal) => Promise<Partial<Record<string, number>>>): StatusCounts {
  const counts = ref<Partial<Record<string, number>>>({});
  let controller: AbortController | undefined;
  let current: string | undefined;

  async function refresh(key: string): Promise<void> {
    if (key === current) return;
    current = key;
    controller?.abort();
    const mine = new AbortController();
    controller = mine;
    try {
      const result = await fetch(mine.signal);
      if (controller === mine) counts.value = result;
    } catch {
      if (controller !== mine) return;
      counts.value = {};
      current = undefined; // the next change tries again
    }
  }

  if (getCurrentInstance()) onBeforeUnmount(() => controller?.abort());
  return { counts, refresh };
}
