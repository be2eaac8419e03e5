// Vitest setup, run before each spec file. The specs share one worker and one happy-dom window
// (`isolate: false` in vitest.config.ts: importing Vue, Element Plus and happy-dom once per worker
// instead of once per file halves the CPU time of a run). What isolation gave each file for free,
// this file gives back at the end of every file, so no spec sees what an earlier one left:
// - every module of ours (and every vi.mock factory's result) is evaluated afresh for the next
//   file: stores, the router, i18n and module-level caches start new, and a vi.mock of one file
//   never answers in another (what `isolate: true` does between files, vitest's own code);
// - every component a spec mounted and left mounted is unmounted (its watchers, timers and
//   Element Plus's global stacks of open dialogs and poppers go with it), open messages and
//   message boxes are closed, and the document, storage, URL, globals, env and timers are reset.
// Node-loaded packages (Vue, Element Plus components, vue-router, pinia, vue-i18n) stay loaded:
// they keep no state of the app between files that a spec can see.
import { afterAll, vi } from 'vitest';
import { config, type VueWrapper } from '@vue/test-utils';
import { ElMessage, ElMessageBox } from 'element-plus';

interface ModuleNode {
  promise?: unknown;
  exports?: unknown;
  evaluated: boolean;
  importers: Set<string>;
}
interface WorkerState {
  evaluatedModules?: { idToModuleMap: Map<string, ModuleNode> };
}

// The worker's module graph; vitest ~4.1 keeps it on the worker state. Fail loudly, not silently
// share modules between files, should a vitest update move it.
const workerState = (globalThis as { __vitest_worker__?: WorkerState }).__vitest_worker__;
const moduleMap = workerState?.evaluatedModules?.idToModuleMap;
if (!moduleMap) throw new Error('tests/unit/setup.ts: vitest worker state not found (vitest updated?)');

// Root wrappers mounted in this worker, recorded once (test-utils' config lives as long as the worker).
const registry = globalThis as { __fleetkamMounted?: Set<VueWrapper> };
if (!registry.__fleetkamMounted) {
  const mounted = new Set<VueWrapper>();
  registry.__fleetkamMounted = mounted;
  config.plugins.VueWrapper.install((wrapper) => {
    if ((wrapper as unknown as { __app?: unknown }).__app) mounted.add(wrapper);
    return {};
  });
}
const mounted = registry.__fleetkamMounted;

const initialUrl = window.location.href;
const initialHtmlAttributes = [...document.documentElement.attributes].map(({ name, value }) => ({ name, value }));

afterAll(() => {
  for (const wrapper of mounted) {
    if (!wrapper.vm.$.isUnmounted) wrapper.unmount();
  }
  mounted.clear();
  ElMessageBox.close();
  ElMessage.closeAll();
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.unstubAllEnvs();
  document.head.replaceChildren();
  document.body.replaceChildren();
  for (const { name } of [...document.documentElement.attributes]) document.documentElement.removeAttribute(name);
  for (const { name, value } of initialHtmlAttributes) document.documentElement.setAttribute(name, value);
  localStorage.clear();
  sessionStorage.clear();
  window.history.replaceState(null, '', initialUrl);
  // Vitest's own per-file reset under isolation, mocks included (`vi.resetModules` keeps those).
  for (const [id, node] of moduleMap) {
    if (/\/vitest\/dist\/|vitest-virtual-\w+\/dist|@vitest\/dist/.test(id)) continue;
    node.promise = undefined;
    node.exports = undefined;
    node.evaluated = false;
    node.importers.clear();
  }
});
