import { beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { createMemoryHistory, createRouter, type Router } from 'vue-router';
import { csrfToken, http, onUnauthorized } from '@/api/client';
import { installGuards, safeRedirect } from '@/router/guards';
import { routes } from '@/router/routes';
import { useAuthStore } from '@/stores/auth';
import { adminMe, mockFetch, problem, when } from './helpers';

const stub = { template: '<div />' };

/** The app's route table with stub components (the guard logic is what is tested). */
function makeRouter(): Router {
  const stubbed = routes.map((route) => ({
    ...route,
    component: stub,
    children: route.children?.map((child) => ({ ...child, component: stub })),
  }));
  const router = createRouter({ history: createMemoryHistory(), routes: stubbed as typeof routes });
  installGuards(router);
  return router;
}

const salesRepMe = {
  ...adminMe,
  user: { ...adminMe.user, id: 9, username: 'rep', role: 'sales_rep' as const, org_unit_id: 7 },
  permissions: ['org.read'],
};

describe('router guards', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    sessionStorage.clear();
    onUnauthorized(null);
  });

  it('sends a signed-out visitor to sign-in, remembering the page', async () => {
    mockFetch();
    const router = makeRouter();
    await router.push('/users?role=admin');
    expect(router.currentRoute.value.name).toBe('login');
    expect(router.currentRoute.value.query.redirect).toBe('/users?role=admin');
  });

  it('lets a signed-in admin in, and sends them away from the sign-in page to the redirect target', async () => {
    csrfToken.set('csrf');
    mockFetch(when('GET', '/api/v1/me', { status: 200, body: adminMe }));
    const router = makeRouter();
    await router.push('/users');
    expect(router.currentRoute.value.name).toBe('users');
    await router.push('/login?redirect=/org');
    expect(router.currentRoute.value.fullPath).toBe('/org');
  });

  it('refuses a page the role may not open', async () => {
    csrfToken.set('csrf');
    mockFetch(when('GET', '/api/v1/me', { status: 200, body: salesRepMe }));
    const router = makeRouter();
    await router.push('/users');
    expect(router.currentRoute.value.name).toBe('forbidden');
    await router.push('/org');
    expect(router.currentRoute.value.name).toBe('org');
  });

  it('goes back to sign-in with the current page when any request answers 401', async () => {
    csrfToken.set('csrf');
    mockFetch(
      when('GET', '/api/v1/me', { status: 200, body: adminMe }),
      when('GET', '/api/v1/org/units', { status: 401, body: problem(401, 'unauthenticated') }),
    );
    const router = makeRouter();
    await router.push('/org?show=all');
    expect(router.currentRoute.value.name).toBe('org');

    await http.get('/org/units').catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(router.currentRoute.value.name).toBe('login');
    expect(router.currentRoute.value.query.redirect).toBe('/org?show=all');
    expect(useAuthStore().sessionExpired).toBe(true);
  });
});

describe('safeRedirect', () => {
  it('accepts app paths and rejects other sites', () => {
    expect(safeRedirect('/users?q=x')).toBe('/users?q=x');
    expect(safeRedirect(['/org'])).toBe('/org');
    expect(safeRedirect('//evil.example/')).toBeNull();
    expect(safeRedirect('/\\evil.example')).toBeNull();
    expect(safeRedirect('https://evil.example/')).toBeNull();
    expect(safeRedirect('/login?redirect=/x')).toBeNull();
    expect(safeRedirect(undefined)).toBeNull();
  });
});
