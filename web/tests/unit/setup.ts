// Runs before every spec file. The suite runs with `isolate: false` (vitest.config.ts): the files
// of one worker share its module registry, its one happy-dom window and the packages Node loaded
// (Vue, Pinia, Element Plus, test-utils), so each file ends by putting back what it may have
// changed, and the next file starts as if it were alone in the worker.
import { afterAll, vi } from 'vitest';
import { config, type VueWrapper } from '@vue/test-utils';
import { setActivePinia } from 'pinia';
import type { App } from 'vue';

/** A wrapper and, for one that mount() returned, the app it owns (test-utils keeps it private). */
type Mounted = { wrapper: VueWrapper; app: App | null };

/** Every wrapper test-utils makes in this worker (its config lives as long as the worker, so once). */
function trackWrappers(): Mounted[] {
  const mounted: Mounted[] = [];
  config.plugins.VueWrapper.install((wrapper) => {
    mounted.push({ wrapper, app: (wrapper as unknown as { __app: App | null }).__app });
    return {};
  });
  return mounted;
}
const TRACKED = Symbol.for('fleetkam.tests.wrappers');
const worker = globalThis as typeof globalThis & { [TRACKED]?: Mounted[] };
const mounted = (worker[TRACKED] ??= trackWrappers());

afterAll(() => {
  try {
    // Apps a spec left mounted would go on reacting: listeners on the shared window (a dirty
    // form's beforeunload), timers, watchers.
    for (const { wrapper, app } of mounted.splice(0)) {
      const root = app?._instance;
      if (root && !root.isUnmounted) wrapper.unmount();
    }
  } finally {
    vi.useRealTimers();
    vi.unstubAllGlobals();
    vi.unstubAllEnvs();
    document.body.innerHTML = '';
    document.title = '';
    document.documentElement.removeAttribute('lang');
    localStorage.clear();
    sessionStorage.clear();
    setActivePinia(undefined);
    // The app's modules are evaluated again for the next file: a page evaluated here is bound to
    // the modules this file replaced with vi.mock, and its stores, i18n and caches hold this
    // file's state. (Packages Node loaded stay, hence the resets above.)
    vi.resetModules();
  }
});
