// One board read for a card: read when the card mounts and again whenever its query changes (a
// newer query aborts the read in flight); loading and the failure in words (problem+json through
// the error helper) as every page shows them.
import { onMounted, shallowRef, watch, type ShallowRef } from 'vue';
import type { BoardQuery } from '@/api/boards';
import { useKitLoad } from '@/kit';

export function useBoard<T>(query: () => BoardQuery, read: (query: BoardQuery, signal: AbortSignal) => Promise<T>) {
  const data: ShallowRef<T | null> = shallowRef(null);
  const { loading, failure, load } = useKitLoad(async (signal) => {
    const answer = await read(query(), signal);
    if (!signal.aborted) data.value = answer;
  });
  onMounted(load);
  watch(
    () => JSON.stringify(query()),
    () => void load(),
  );
  return { data, loading, failure, load };
}
