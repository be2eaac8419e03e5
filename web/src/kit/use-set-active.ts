// Deactivating or reactivating a record from a list (a user, a unit, a directory entry, a vehicle
// model): ask first when deactivating (if the page gives the question), save, say it worked, or
// show the failure and let the page reload. One flow, so every list says and does the same.
import { useI18n } from 'vue-i18n';
import { errorMessage } from '@/utils/error-message';

export interface SetActiveStep<T> {
  /** Saves the new state; the saved record. */
  save: () => Promise<T>;
  /** The message once saved. */
  done: (saved: T) => string;
  /** Asked before deactivating; no question when missing. */
  confirm?: { message: string; title: string; button: string };
  /** After a failure (e.g. reload the list, the record may have changed). */
  failed?: () => unknown;
}

/** `setActive(active, step)`: true once saved, false when cancelled or failed. */
export function useSetActive() {
  const { t, te } = useI18n();
  return async function setActive<T>(active: boolean, step: SetActiveStep<T>): Promise<boolean> {
    if (!active && step.confirm) {
      try {
        await ElMessageBox.confirm(step.confirm.message, step.confirm.title, {
          type: 'warning',
          confirmButtonText: step.confirm.button,
          cancelButtonText: t('common.actions.cancel'),
        });
      } catch {
        return false; // cancelled
      }
    }
    try {
      const saved = await step.save();
      ElMessage.success(step.done(saved));
      return true;
    } catch (error) {
      ElMessage.error(errorMessage(error, { t, te }));
      await step.failed?.();
      return false;
    }
  };
}
