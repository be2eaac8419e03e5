// Maps a problem+json answer onto form fields: each `errors[]` entry goes beside its field
// (translated by `errors.fieldCode.<field>.<code>` when a field has its own wording, else by its
// per-field `code`, else the server's message); codes that name one field
// without an `errors[]` entry (e.g. `user.username_taken`) go beside that field too.
import { reactive } from 'vue';
import { ApiError } from '@/api/client';
import { errorMessage, type Translator } from './error-message';

export type FieldErrors = Record<string, string>;

/** Error codes that concern a single, known field. */
export const CODE_FIELDS: Readonly<Record<string, string>> = {
  'user.username_taken': 'username',
  'password.too_weak': 'password',
  'org.invalid_parent': 'parent_id',
  'org.division_taken': 'division_code',
  'org.name_taken': 'name',
  'directory.code_taken': 'code',
};

function fieldMessage(field: string, code: string | undefined, message: string, translator: Translator): string {
  if (!code) return message;
  const specific = `errors.fieldCode.${field}.${code}`;
  if (translator.te(specific)) return translator.t(specific);
  if (translator.te(`errors.field.${code}`)) return translator.t(`errors.field.${code}`);
  return message;
}

/**
 * Field errors for the fields a form shows. Returns `{ fields, rest }`: `rest` is the message
 * to show at form level when something could not be placed beside a field (or null).
 */
export function mapFormErrors(
  error: unknown,
  formFields: readonly string[],
  translator: Translator,
): { fields: FieldErrors; rest: string | null } {
  const fields: FieldErrors = {};
  if (!(error instanceof ApiError)) return { fields, rest: errorMessage(error, translator) };
  let unplaced = false;
  for (const fieldError of error.fieldErrors) {
    const key = fieldError.field;
    if (!formFields.includes(key)) {
      unplaced = true;
      continue;
    }
    const translated = fieldMessage(key, fieldError.code, fieldError.message, translator);
    fields[key] = fields[key] ? `${fields[key]}; ${translated}` : translated;
  }
  const code = error.code;
  const codeField = code ? CODE_FIELDS[code] : undefined;
  if (codeField && formFields.includes(codeField) && !fields[codeField]) {
    fields[codeField] = errorMessage(error, translator);
    return { fields, rest: null };
  }
  const placedAny = Object.keys(fields).length > 0;
  return { fields, rest: placedAny && !unplaced ? null : errorMessage(error, translator) };
}

/** Reactive field errors for one form: bind `errors.fields.<name>` to el-form-item `:error`. */
export function useFormErrors(formFields: readonly string[], translator: Translator) {
  const state = reactive<{ fields: FieldErrors; rest: string | null }>({ fields: {}, rest: null });
  return {
    state,
    /** Shows a thrown error; returns the form-level message (null when all went beside fields). */
    show(error: unknown): string | null {
      const mapped = mapFormErrors(error, formFields, translator);
      state.fields = mapped.fields;
      state.rest = mapped.rest;
      return mapped.rest;
    },
    clear(): void {
      state.fields = {};
      state.rest = null;
    },
  };
}
