// A <KitFormDialog> declared where its form is: `useFormDialog(open, form, { title, size, testid,
// saved })` in the script and `<KitFormDialog v-bind="dialog">` in the template. It binds the
// dialog's v-model to the page's own (`open`, its defineModel), hands it the form, and passes
// `opened` (the dialog's `open` event) and `saved` (what the page emits with the saved record).
// The other settings are <KitFormDialog>'s props; a getter or a ref follows its source. The
// words (`title`, `saveLabel`, `unavailable`) are given as the locale's key (a string: said in
// the current locale) or as the text itself (a getter or a ref, e.g. a title with the record's
// name).
import { computed, toValue, type ComputedRef, type MaybeRefOrGetter, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import type { FormRules } from 'element-plus';
import type { KitForm } from './use-form';

export type KitDialogSize = 'small' | 'default' | 'medium' | 'large' | 'huge';

/** A locale key (a string), or the text itself (a getter or a ref). */
export type DialogWords = string | Ref<string | undefined> | (() => string | undefined);

export interface FormDialogOptions<R> {
  title: DialogWords;
  testid: string;
  size?: KitDialogSize;
  fullscreen?: boolean | 'phone';
  testPrefix?: string;
  rules?: MaybeRefOrGetter<FormRules | undefined>;
  saveLabel?: DialogWords;
  canSave?: MaybeRefOrGetter<boolean>;
  unavailable?: DialogWords;
  unavailableTestid?: string;
  /** When the dialog opens (after the form is refilled). */
  opened?: () => void;
  /** Once it saved and closed, with what the form's `submit` returned. */
  saved?: (result: R) => void;
}

/** The props (and listeners) of one <KitFormDialog>, for `v-bind`. */
export interface FormDialogBinding<R> {
  modelValue: boolean;
  'onUpdate:modelValue': (value: boolean) => void;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  form: KitForm<any, R>;
  title: string;
  testid: string;
  size?: KitDialogSize;
  fullscreen?: boolean | 'phone';
  testPrefix?: string;
  rules?: FormRules;
  saveLabel?: string;
  canSave?: boolean;
  unavailable?: string;
  unavailableTestid?: string;
  onOpen?: () => void;
  onSaved?: (result: R) => void;
}

export function useFormDialog<R>(
  open: Ref<boolean>,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  form: KitForm<any, R>,
  options: FormDialogOptions<R>,
): ComputedRef<FormDialogBinding<R>> {
  const { title, rules, saveLabel, canSave, unavailable, opened, saved, ...fixed } = options;
  const { t } = useI18n();
  const say = (words: DialogWords | undefined) => (typeof words === 'string' ? t(words) : toValue(words));
  const setOpen = (value: boolean) => {
    open.value = value;
  };
  return computed(() => ({
    ...fixed,
    modelValue: open.value,
    'onUpdate:modelValue': setOpen,
    form,
    title: say(title) ?? '',
    rules: toValue(rules),
    saveLabel: say(saveLabel),
    canSave: canSave === undefined ? true : toValue(canSave),
    unavailable: say(unavailable),
    onOpen: opened,
    onSaved: saved,
  }));
}
