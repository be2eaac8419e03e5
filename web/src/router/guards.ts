// Navigation rules: sign-in first (remembering where the user was going), then permissions;
// and any 401 from the API sends the current page back to sign-in with `redirect`.
import type { RouteLocationNormalized, RouteLocationRaw, Router } from 'vue-router';
import { onUnauthorized } from '@/api/client';
import { useAuthStore } from '@/stores/auth';
import { useOrgStore } from '@/stores/org';
import { isAllowed } from '@/utils/permissions';

/** Only same-app paths are accepted as a redirect target (no `//evil.example`). */
export function safeRedirect(value: unknown): string | null {
  const candidate = Array.isArray(value) ? value[0] : value;
  if (typeof candidate !== 'string') return null;
  if (!candidate.startsWith('/') || candidate.startsWith('//') || candidate.startsWith('/\\')) return null;
  if (candidate.startsWith('/login')) return null;
  return candidate;
}

export function loginLocation(target: RouteLocationNormalized | null): RouteLocationRaw {
  if (!target || target.meta.public || target.fullPath === '/') return { name: 'login' };
  return { name: 'login', query: { redirect: target.fullPath } };
}

export async function authGuard(to: RouteLocationNormalized): Promise<true | RouteLocationRaw> {
  const auth = useAuthStore();
  await auth.ensureChecked();
  if (to.meta.public) {
    if (to.name === 'login' && auth.isSignedIn) return safeRedirect(to.query.redirect) ?? { name: 'home' };
    return true;
  }
  if (!auth.isSignedIn) return loginLocation(to);
  if (!isAllowed(to.meta.anyOf, auth.permissions)) return { name: 'forbidden' };
  return true;
}

export function installGuards(router: Router): void {
  router.beforeEach(authGuard);
  onUnauthorized(() => {
    const auth = useAuthStore();
    auth.handleUnauthorized();
    useOrgStore().reset(); // the next user may see another subtree
    const current = router.currentRoute.value;
    if (!current.meta.public) void router.replace(loginLocation(current));
  });
}
