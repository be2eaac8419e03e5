// What the agreement pages offer to choose from (GET /agreements/options: the centres, owners,
// catalogue models, dealers and categories of the caller's scope), read once by a page, and the
// names they give: a model's or a dealer's name by id, a category in the UI language (a vehicle
// type's code named by the options or the directory, any other category as it is written). A
// help only: when the options cannot be read the pages still show what the agreement names.
import { computed, ref, shallowRef } from 'vue';
import { useI18n } from 'vue-i18n';
import { getAgreementOptions, type AgreementOptions } from '@/api/agreements';
import { useDirectoryStore } from '@/stores/directories';
import { useLocaleStore } from '@/stores/locale';
import { errorMessage } from '@/utils/error-message';
import { categoryChoice } from './agreements-format';

export function useAgreementOptions() {
  const { t, te } = useI18n();
  const directories = useDirectoryStore();
  const localeStore = useLocaleStore();
  const options = shallowRef<AgreementOptions | null>(null);
  const loading = ref(false);
  const failure = ref<string | null>(null);
  let pending: Promise<void> | null = null;

  function load(): Promise<void> {
    directories.load('vehicle_types').catch(() => undefined);
    pending ??= (async () => {
      loading.value = true;
      failure.value = null;
      try {
        options.value = await getAgreementOptions();
      } catch (error) {
        failure.value = errorMessage(error, { t, te });
        pending = null;
      } finally {
        loading.value = false;
      }
    })();
    return pending;
  }

  const models = computed(() => new Map((options.value?.models ?? []).map((m) => [m.id, m])));
  const dealers = computed(() => new Map((options.value?.dealers ?? []).map((d) => [d.id, d])));

  /** A catalogue model's name ("#id" when the options do not hold it). */
  const modelName = (id: number, known?: string | null) => known || models.value.get(id)?.name || `#${id}`;
  const dealerName = (id: number, known?: string | null) => known || dealers.value.get(id)?.name || `#${id}`;
  /** The categories to choose from: each vehicle type's code and name. */
  const categories = computed(() =>
    (options.value?.categories ?? []).map((option) =>
      typeof option === 'string' ? { code: option, label: directories.label('vehicle_types', option) } : categoryChoice(option, localeStore.locale),
    ),
  );
  /** A category in the UI language: a vehicle type's name, else as written. */
  const categoryLabel = (category: string) =>
    categories.value.find((c) => c.code === category)?.label ?? directories.label('vehicle_types', category);

  return { options, loading, failure, load, modelName, dealerName, categories, categoryLabel };
}

export type AgreementOptionsState = ReturnType<typeof useAgreementOptions>;
