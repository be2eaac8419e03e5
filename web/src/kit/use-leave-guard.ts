// Asks before leaving a page with unsaved changes: a route change asks in the app (留在此页 /
// 放弃修改), closing or reloading the tab asks through the browser. `allow()` lets the next
// navigation through without asking (after a save that navigates away).
import { getCurrentInstance, onBeforeUnmount, type Ref } from 'vue';
import { onBeforeRouteLeave } from 'vue-router';
import { useI18n } from 'vue-i18n';

export type Confirm = (message: string, title: string, labels: { stay: string; leave: string }) => Promise<boolean>;

async function elementConfirm(message: string, title: string, labels: { stay: string; leave: string }): Promise<boolean> {
  const { ElMessageBox } = await import('element-plus');
  return ElMessageBox.confirm(message, title, {
    type: 'warning',
    confirmButtonText: labels.leave,
    cancelButtonText: labels.stay,
  }).then(
    () => true,
    () => false,
  );
}

export function useLeaveGuard(dirty: Readonly<Ref<boolean>> | (() => boolean), confirm: Confirm = elementConfirm) {
  const { t } = useI18n();
  const isDirty = () => (typeof dirty === 'function' ? dirty() : dirty.value);
  let allowed = false;

  onBeforeRouteLeave(async () => {
    if (allowed || !isDirty()) return true;
    return confirm(t('kit.leave.message'), t('kit.leave.title'), { stay: t('kit.leave.stay'), leave: t('kit.leave.leave') });
  });

  const onUnload = (event: BeforeUnloadEvent) => {
    if (allowed || !isDirty()) return;
    event.preventDefault();
    event.returnValue = '';
  };
  if (typeof window !== 'undefined') {
    window.addEventListener('beforeunload', onUnload);
    if (getCurrentInstance()) onBeforeUnmount(() => window.removeEventListener('beforeunload', onUnload));
  }

  return {
    /** The next navigation leaves without asking. */
    allow(): void {
      allowed = true;
    },
  };
}
