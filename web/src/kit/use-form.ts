// A form's state in one place: the model, the saving flag, whether it changed since it was
// filled (for the leave guard), and the server's field errors — a problem+json `errors[].field`
// (or a code that names one field) lands beside that field, the rest above the form. Pages
// write `submit`; <KitForm>/<KitField> (or <KitFormDialog>) show the rest.
import { computed, reactive, ref, shallowRef, type ComputedRef, type Ref } from 'vue';
import type { FormInstance, FormRules } from 'element-plus';
import { useI18n } from 'vue-i18n';
import { mapFormErrors, type FieldErrors } from '@/utils/form-errors';

export interface KitFormOptions<M extends object, R> {
  /** The model's values when the form is (re)filled; called again by `reset()`. */
  initial: () => M;
  /**
   * A last check after the el-form's rules, before saving: false keeps the form as it is, unsaved
   * and without a message (the fields say what is missing).
   */
  check?: (model: M) => boolean;
  /** Saves the model; a thrown ApiError's field errors go beside the fields. */
  submit: (model: M) => Promise<R>;
  /**
   * The names errors may be shown beside (default: the model's keys). A server field that is
   * not here is shown above the form.
   */
  fields?: readonly string[];
  /** The el-form's client-side rules, from the model (recomputed as it and the locale change). */
  rules?: (model: M) => FormRules;
  /**
   * The form-level message for an error, when the page words some codes its own way (e.g. a
   * conflict that names the other dealer). Return undefined to keep the shared wording.
   */
  message?: (error: unknown) => string | undefined;
  /**
   * After a refused save, once its errors are shown (the form is still saving while it runs):
   * what the page does besides, e.g. read the record again after a version conflict.
   */
  failed?: (error: unknown) => void | Promise<void>;
  /**
   * Also say a refused save in a message at the top of the screen: the form-level message, or,
   * when everything went beside the fields, this text (without it, nothing is said then).
   */
  notify?: boolean | (() => string);
}

export interface KitForm<M extends object, R = unknown> {
  model: M;
  /** Field name → message, for el-form-item `:error`. */
  errors: FieldErrors;
  /** What could not be put beside a field (null when nothing). */
  rest: Ref<string | null>;
  saving: Ref<boolean>;
  /** The model differs from what it was filled with. */
  dirty: Readonly<Ref<boolean>>;
  /** The client-side rules given (bound by <KitForm>). */
  rules: ComputedRef<FormRules | undefined>;
  /** el-form's instance, for client-side rules (bound by <KitForm>). */
  formRef: Ref<FormInstance | undefined>;
  /** Refills the model (from `initial()`, or these values) and forgets the errors. */
  reset: (values?: Partial<M>) => void;
  /** Validates, saves, maps errors. Resolves to true when it saved (`submit` returned). */
  submit: () => Promise<boolean>;
  /** What the last successful `submit` returned. */
  result: Ref<R | undefined>;
  /** Shows an error thrown elsewhere (e.g. a second request of the same save). */
  showError: (error: unknown) => void;
  clearErrors: () => void;
  /** Marks the current model as the saved state (no longer dirty). */
  markClean: () => void;
}

const snapshot = (value: unknown) => JSON.stringify(value);

export function useKitForm<M extends object, R = unknown>(options: KitFormOptions<M, R>): KitForm<M, R> {
  const { t, te } = useI18n();
  const model = reactive(options.initial()) as M;
  const errors = reactive<FieldErrors>({});
  const rest = ref<string | null>(null);
  const saving = ref(false);
  const clean = shallowRef(snapshot(model));
  const formRef = ref<FormInstance>();
  const result = shallowRef<R>();
  const fields = () => options.fields ?? Object.keys(model);

  function clearErrors(): void {
    for (const key of Object.keys(errors)) delete errors[key];
    rest.value = null;
  }

  function showError(error: unknown): void {
    clearErrors();
    const mapped = mapFormErrors(error, fields(), { t, te });
    Object.assign(errors, mapped.fields);
    rest.value = mapped.rest === null ? null : (options.message?.(error) ?? mapped.rest);
  }

  return {
    model,
    errors,
    rest,
    saving,
    dirty: computed(() => snapshot(model) !== clean.value),
    rules: computed(() => options.rules?.(model)),
    formRef,
    reset(values) {
      Object.assign(model, options.initial(), values ?? {});
      clean.value = snapshot(model);
      clearErrors();
      formRef.value?.clearValidate();
    },
    result,
    async submit() {
      if (saving.value) return false;
      if (formRef.value) {
        const valid = await formRef.value.validate().catch(() => false);
        if (!valid) return false;
      }
      if (options.check && !options.check(model)) return false;
      saving.value = true;
      clearErrors();
      try {
        result.value = await options.submit(model);
        clean.value = snapshot(model);
        return true;
      } catch (error) {
        showError(error);
        const notice = rest.value ?? (typeof options.notify === 'function' ? options.notify() : null);
        if (options.notify && notice) ElMessage.error(notice);
        await options.failed?.(error);
        return false;
      } finally {
        saving.value = false;
      }
    },
    showError,
    clearErrors,
    markClean() {
      clean.value = snapshot(model);
    },
  };
}
