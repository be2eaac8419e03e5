// While the sign-in page is up, the code of the page signing in leads to (the `redirect`, else
// home: the layout and the page, with the chunks they import) loads once the sign-in page has
// painted and the browser is idle, so that signing in waits for the server only. The router's own
// import() of those chunks later finds the same modules, already evaluated.
import type { RouteLocationRaw, Router } from 'vue-router';
import { safeRedirect } from './guards';

type Loader = () => Promise<unknown>;

/** vue-router's lazy route component, `() => import(...)` (a component is an object, or a function with these). */
function isLoader(component: unknown): component is Loader {
  return (
    typeof component === 'function' && !('__vccOpts' in component) && !('props' in component) && !('displayName' in component)
  );
}

/** The lazy components of the route `target` resolves to (none when they are loaded already or it names no route). */
export function routeLoaders(router: Router, target: RouteLocationRaw): Loader[] {
  try {
    return router
      .resolve(target)
      .matched.flatMap((record) => Object.values(record.components ?? {}))
      .filter(isLoader);
  } catch {
    return [];
  }
}

/** After the next paint, when the browser is idle (or after a second at the latest). */
function afterPaintWhenIdle(run: () => void): void {
  requestAnimationFrame(() =>
    setTimeout(() => {
      if (typeof requestIdleCallback === 'function') requestIdleCallback(run, { timeout: 1000 });
      else run();
    }),
  );
}

export function preloadAfterSignIn(router: Router): void {
  router.afterEach((to, _from, failure) => {
    if (failure || to.name !== 'login') return;
    const target = safeRedirect(to.query.redirect) ?? { name: 'home' };
    afterPaintWhenIdle(() => {
      // Nothing to report here: the navigation after signing in loads (and reports) for itself.
      for (const load of routeLoaders(router, target)) load().catch(() => undefined);
    });
  });
}
