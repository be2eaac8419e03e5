// Live duplicate hints (可能重复) while an account's name, credit code and division are typed:
// after a pause the server is asked whether the organisation is already an account; a newer
// question aborts the older one, and a failure shows no hints (they are a help only). Used by
// the account dialog and 新建报备's new account.
import { onBeforeUnmount, ref } from 'vue';
import { findDuplicates } from '@/api/accounts';
import type { DuplicateCandidate } from '@/api/types';

export interface DuplicateQuery {
  name?: string;
  division_code?: string;
  credit_code?: string;
}

export function useDuplicateHints(delayMs: number) {
  const hints = ref<DuplicateCandidate[]>([]);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let request: AbortController | null = null;

  function stop(): void {
    clearTimeout(timer);
    request?.abort();
  }

  /** Asks after the pause (null: nothing worth asking, no hints); `keep` filters the answer. */
  function ask(query: DuplicateQuery | null, keep: (candidate: DuplicateCandidate) => boolean = () => true): void {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      if (!query) {
        hints.value = [];
        return;
      }
      request?.abort();
      const controller = new AbortController();
      request = controller;
      try {
        hints.value = (await findDuplicates(query, controller.signal)).filter(keep);
      } catch {
        /* hints are a help only: a failure shows none */
      }
    }, delayMs);
  }

  /** No hints, and none coming. */
  function clear(): void {
    stop();
    hints.value = [];
  }

  onBeforeUnmount(stop);
  return { hints, ask, clear, stop };
}
