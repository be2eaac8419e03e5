// Who is signed in: the user, their organisation unit and permissions (GET /me). The session
// is the HttpOnly cookie; the CSRF token from the login answer sits in sessionStorage so a
// reload keeps it. Without that token we are signed out, whatever cookie may remain.
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import * as authApi from '@/api/auth';
import { ApiError, csrfToken } from '@/api/client';
import type { Me } from '@/api/types';
import { isAllowed } from '@/utils/permissions';

export const useAuthStore = defineStore('auth', () => {
  const me = ref<Me | null>(null);
  /** Whether we already asked the server who we are during this page's life. */
  const checked = ref(false);
  /** Set when the session ended under the user (a 401), to explain the sign-in page. */
  const sessionExpired = ref(false);
  let pendingCheck: Promise<void> | null = null;

  const user = computed(() => me.value?.user ?? null);
  const orgUnit = computed(() => me.value?.org_unit ?? null);
  const permissions = computed<ReadonlySet<string>>(() => new Set(me.value?.permissions ?? []));
  const isSignedIn = computed(() => me.value !== null);

  function can(...anyOf: string[]): boolean {
    return isAllowed(anyOf, permissions.value);
  }

  function clearSession(): void {
    me.value = null;
    csrfToken.clear();
  }

  async function refresh(quiet = false): Promise<void> {
    me.value = await authApi.getMe({ quiet });
  }

  /** Finds out once whether a session exists (after a reload); never throws. */
  function ensureChecked(): Promise<void> {
    if (checked.value) return Promise.resolve();
    pendingCheck ??= (async () => {
      try {
        if (!csrfToken.get()) {
          clearSession();
          return;
        }
        await refresh(true);
      } catch {
        // 401 or the server is unreachable: treat as signed out, the sign-in page says why.
        clearSession();
      } finally {
        checked.value = true;
        pendingCheck = null;
      }
    })();
    return pendingCheck;
  }

  async function login(username: string, password: string): Promise<void> {
    const answer = await authApi.login({ username, password });
    csrfToken.set(answer.csrf_token);
    try {
      await refresh(true);
    } catch (error) {
      clearSession();
      throw error;
    }
    checked.value = true;
    sessionExpired.value = false;
  }

  async function logout(): Promise<void> {
    try {
      await authApi.logout();
    } catch (error) {
      // Already signed out on the server (401) is fine; anything else still ends it here.
      if (!(error instanceof ApiError)) throw error;
    } finally {
      clearSession();
      sessionExpired.value = false;
    }
  }

  /** Any 401 from the API: the session is gone. */
  function handleUnauthorized(): void {
    if (me.value !== null) sessionExpired.value = true;
    clearSession();
    checked.value = true;
  }

  return {
    me,
    user,
    orgUnit,
    permissions,
    isSignedIn,
    checked,
    sessionExpired,
    can,
    ensureChecked,
    refresh,
    login,
    logout,
    handleUnauthorized,
    clearSession,
  };
});
