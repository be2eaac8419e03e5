// One record loaded for its page: `useRecord(load, { key, title, message })` reads it when the
// key (the id in the address) changes, and gives what KitRecordPage shows — `loading`, `failure`
// (in words, with 重试 calling `reload`), `missing` (the server said 404: not there, or outside
// the caller's scope) — and `record`. A newer load aborts the older. A reload that fails keeps the
// record it had (the page stays; `failure` is for a page with nothing to show). `title` names
// the browser tab after the record. `place` says where the record lives (its list, the words of
// the way back and of 不存在), for KitRecordPage to take from `state`.
import { computed, ref, shallowRef, watch, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import type { RouteLocationRaw } from 'vue-router';
import { ApiError } from '@/api/client';
import { errorMessage } from '@/utils/error-message';

export interface RecordOptions<T> {
  /** What the record is (its id): a change reads it again. */
  key: () => unknown;
  /** The browser tab's title for the record (the app's name is added). */
  title?: (record: T) => string | null | undefined;
  /** A failure in words; the app's error wording by default. */
  message?: (error: unknown) => string;
  /** Where the record lives: the page's way back and its words for 不存在. */
  place?: RecordPlace;
}

export interface RecordPlace {
  /** The record's list. */
  back: RouteLocationRaw;
  /** The i18n key of the way back's words (← 返回客户列表). */
  backLabel: string;
  /** Where the words for 不存在 are: `<missingKey>.missing` and `.missingHint`. */
  missingKey?: string;
}

export interface RecordState<T> {
  record: Ref<T | null>;
  loading: Ref<boolean>;
  failure: Readonly<Ref<string | null>>;
  missing: Ref<boolean>;
  reload: () => Promise<void>;
  place?: RecordPlace;
}

/** What KitRecordPage's `state` takes from a record: the same for any kind of record. */
export type RecordPageState = Pick<RecordState<unknown>, 'loading' | 'failure' | 'missing' | 'reload' | 'place'>;

export function useRecord<T>(load: (signal: AbortSignal) => Promise<T>, options: RecordOptions<T>): RecordState<T> {
  const { t, te } = useI18n();
  const record = shallowRef<T | null>(null) as Ref<T | null>;
  const loading = ref(false);
  const error = ref<string | null>(null);
  const missing = ref(false);
  let current: AbortController | null = null;

  async function reload(): Promise<void> {
    current?.abort();
    const controller = new AbortController();
    current = controller;
    loading.value = true;
    error.value = null;
    missing.value = false;
    try {
      const loaded = await load(controller.signal);
      if (controller.signal.aborted) return;
      record.value = loaded;
    } catch (caught) {
      if (controller.signal.aborted) return;
      if (caught instanceof ApiError && caught.status === 404) {
        missing.value = true;
        record.value = null;
      } else {
        error.value = options.message ? options.message(caught) : errorMessage(caught, { t, te });
      }
    } finally {
      if (current === controller) loading.value = false;
    }
  }

  watch(options.key, () => {
    record.value = null;
    void reload();
  }, { immediate: true });

  if (options.title) {
    const named = options.title;
    watch(
      () => (record.value ? named(record.value) : null),
      (name) => {
        if (name) document.title = `${name} · ${t('common.appName')}`;
      },
    );
  }

  const failure = computed(() => (record.value ? null : error.value));
  return { record, loading, failure, missing, reload, place: options.place };
}
