// A page's one load at a time (a report, a board): `run(work)` aborts the load in flight, shows
// `loading`, and puts a failure in words into `failure` (an aborted load is no failure). The
// work gets the signal to pass to the API and to check before it writes what it fetched.
import { getCurrentInstance, onBeforeUnmount, ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { errorMessage } from '@/utils/error-message';

export function useLatestLoad(describe?: (error: unknown) => string) {
  const { t, te } = useI18n();
  const loading = ref(false);
  const failure = ref<string | null>(null);
  let inFlight: AbortController | null = null;

  async function run(work: (signal: AbortSignal) => Promise<void>): Promise<void> {
    inFlight?.abort();
    const controller = new AbortController();
    inFlight = controller;
    loading.value = true;
    failure.value = null;
    try {
      await work(controller.signal);
    } catch (error) {
      if (controller.signal.aborted || (error instanceof DOMException && error.name === 'AbortError')) return;
      failure.value = describe ? describe(error) : errorMessage(error, { t, te });
    } finally {
      if (inFlight === controller) {
        loading.value = false;
        inFlight = null;
      }
    }
  }

  if (getCurrentInstance()) onBeforeUnmount(() => inFlight?.abort());
  return { loading, failure, run };
}
