// Display names of users by id, for "by whom" lines (history, analysis versions, owners). The
// system (an import, a lapse, the first start) acts as user 0 or null: it is named 系统 / System
// and never looked up. Others are fetched once each (GET /users/{id}) by those who may read
// users; an id outside the caller's scope stays "#id".
import { defineStore } from 'pinia';
import { reactive } from 'vue';
import { getUser } from '@/api/users';
import { i18n } from '@/locales';
import { useAuthStore } from '@/stores/auth';

/** True for the system's own changes (no person did them). */
export function isSystemActor(userId: number | null | undefined): boolean {
  return userId === null || userId === undefined || userId <= 0;
}

export const useUserNames = defineStore('kit-user-names', () => {
  const names = reactive(new Map<number, string>());
  const asked = new Set<number>();

  async function ensure(ids: readonly (number | null | undefined)[]): Promise<void> {
    const auth = useAuthStore();
    if (auth.user) names.set(auth.user.id, auth.user.display_name);
    if (!auth.can('users.read', 'users.manage')) return;
    const wanted = [...new Set(ids)].filter(
      (id): id is number => typeof id === 'number' && !isSystemActor(id) && !names.has(id) && !asked.has(id),
    );
    await Promise.all(
      wanted.map(async (id) => {
        asked.add(id);
        try {
          names.set(id, (await getUser(id)).display_name);
        } catch {
          /* outside the caller's scope or gone: shown as #id */
        }
      }),
    );
  }

  /** The name to show; the system (`systemLabel`, default in the app's language) for 0/null. */
  function name(userId: number | null | undefined, systemLabel?: string): string {
    if (isSystemActor(userId)) return systemLabel ?? i18n.global.t('kit.history.system');
    return names.get(userId as number) ?? `#${userId}`;
  }

  function remember(id: number, displayName: string): void {
    names.set(id, displayName);
  }

  return { names, ensure, name, remember };
});
