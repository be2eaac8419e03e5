// Reading what a page shows, in one place, one read at a time: `load()` aborts the read in
// flight (a newer filter wins), shows `loading` while it is read, and puts the failure in words
// into `failure` when it could not be (an alert with the reason; `load()` again retries; an
// aborted read is no failure). The read gets the signal to pass to the API and to check before
// it writes what it fetched; leaving the page aborts it too. `load` resolves to whether it was read.
import { getCurrentInstance, onBeforeUnmount, ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { errorMessage } from '@/utils/error-message';

export function useKitLoad(read: (signal: AbortSignal) => Promise<unknown>, describe?: (error: unknown) => string) {
  const { t, te } = useI18n();
  const loading = ref(false);
  const failure = ref<string | null>(null);
  let inFlight: AbortController | null = null;

  async function load(): Promise<boolean> {
    inFlight?.abort();
    const controller = new AbortController();
    inFlight = controller;
    loading.value = true;
    failure.value = null;
    try {
      await read(controller.signal);
      return !controller.signal.aborted;
    } catch (error) {
      if (controller.signal.aborted || (error instanceof DOMException && error.name === 'AbortError')) return false;
      failure.value = describe ? describe(error) : errorMessage(error, { t, te });
      return false;
    } finally {
      if (inFlight === controller) {
        loading.value = false;
        inFlight = null;
      }
    }
  }

  if (getCurrentInstance()) onBeforeUnmount(() => inFlight?.abort());
  return { loading, failure, load };
}
