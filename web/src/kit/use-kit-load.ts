// Reading what a page shows, in one place: `loading` while it is read, `failure` in words when it
// could not be (an alert with the reason; `load()` again retries). `load` resolves to whether it
// was read.
import { ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { errorMessage } from '@/utils/error-message';

export function useKitLoad(read: () => Promise<unknown>) {
  const { t, te } = useI18n();
  const loading = ref(false);
  const failure = ref<string | null>(null);

  async function load(): Promise<boolean> {
    loading.value = true;
    failure.value = null;
    try {
      await read();
      return true;
    } catch (error) {
      failure.value = errorMessage(error, { t, te });
      return false;
    } finally {
      loading.value = false;
    }
  }

  return { loading, failure, load };
}
