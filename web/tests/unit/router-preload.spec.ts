// The sign-in page loads the code of the page signing in leads to once it has painted
// (router/preload.ts): the `redirect` if there is one, else home; nothing that is loaded already.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { createMemoryHistory, createRouter, type RouteRecordRaw } from 'vue-router';
import { installGuards } from '@/router/guards';
import { preloadAfterSignIn, routeLoaders } from '@/router/preload';
import { routes } from '@/router/routes';

const stub = { template: '<div />' };
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

/** The app's routes with every lazy page a spy that loads the stub. */
function spiedRoutes() {
  const loaders = new Map<string, ReturnType<typeof vi.fn>>();
  const spy = (record: RouteRecordRaw, key: string): RouteRecordRaw => {
    const component = (record as { component?: unknown }).component;
    if (typeof component !== 'function') return record;
    const load = vi.fn(async () => stub);
    loaders.set(key, load);
    return { ...record, component: load } as RouteRecordRaw;
  };
  const spied = routes.map((route) => ({
    ...spy(route, String(route.name ?? route.path)),
    children: route.children?.map((child) => spy(child, String(child.name))),
  })) as RouteRecordRaw[];
  return { spied, loaders };
}

describe('loading the next page behind the sign-in page', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    // the frame and the idle time come at once here
    vi.stubGlobal('requestAnimationFrame', (run: FrameRequestCallback) => setTimeout(() => run(0), 0));
    vi.stubGlobal('requestIdleCallback', (run: IdleRequestCallback) => setTimeout(() => run({} as IdleDeadline), 0));
  });

  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it("finds a route's lazy components (the layout and the page), none for the sign-in page or an unknown one", () => {
    const router = createRouter({ history: createMemoryHistory(), routes });
    expect(routeLoaders(router, { name: 'home' })).toHaveLength(2);
    expect(routeLoaders(router, '/org')).toHaveLength(2);
    expect(routeLoaders(router, { name: 'login' })).toEqual([]);
    expect(routeLoaders(router, { name: 'no-such-page' })).toEqual([]);
  });

  it('loads home and its layout once the sign-in page is shown, and nothing else', async () => {
    const { spied, loaders } = spiedRoutes();
    const router = createRouter({ history: createMemoryHistory(), routes: spied });
    installGuards(router);
    preloadAfterSignIn(router);
    await router.push('/login');
    for (let i = 0; i < 4; i += 1) await flush();
    const called = [...loaders].filter(([, load]) => load.mock.calls.length > 0).map(([name]) => name);
    expect(called.sort()).toEqual(['/', 'home']);
  });

  it('loads the page the `redirect` names instead', async () => {
    const { spied, loaders } = spiedRoutes();
    const router = createRouter({ history: createMemoryHistory(), routes: spied });
    installGuards(router);
    preloadAfterSignIn(router);
    await router.push({ name: 'login', query: { redirect: '/org' } });
    for (let i = 0; i < 4; i += 1) await flush();
    const called = [...loaders].filter(([, load]) => load.mock.calls.length > 0).map(([name]) => name);
    expect(called.sort()).toEqual(['/', 'org']);
  });
});
