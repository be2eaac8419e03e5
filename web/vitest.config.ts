import { availableParallelism } from 'node:os';
import { defineConfig, mergeConfig } from 'vitest/config';
import viteConfig from './vite.config.ts';

export default mergeConfig(
  viteConfig,
  defineConfig({
    test: {
      environment: 'happy-dom',
      // Every core (Vitest's default leaves one free: on CI's 2 cores one file at a time) in worker
      // threads, which start faster than forked processes. The files of a worker share it (isolate:
      // false), so Node loads Vue, Element Plus and ECharts once per worker instead of once per file:
      // `npx vitest run` on 2 idle cores took 150 s with isolated files and 57 s shared (71 spec
      // files). tests/unit/setup.ts ends each file as if it had run alone (what it left mounted is
      // unmounted, timers and globals restored, body, title and storage emptied, no active Pinia,
      // the module registry reset so that its vi.mock reaches no other file); the suite also passes
      // with --sequence.shuffle and with --maxWorkers=1 (every file through one worker).
      pool: 'threads',
      isolate: false,
      maxWorkers: availableParallelism(),
      include: ['tests/unit/**/*.spec.ts'],
      setupFiles: ['tests/unit/setup.ts'],
      restoreMocks: true,
      // Element Plus is loaded by Node (fast, shared by every spec file) rather than transformed
      // by Vite for each file. Only its entry and the form item go through Vite: Node hands the
      // form item async-validator's CommonJS exports object instead of its default export.
      server: { deps: { inline: [/element-plus\/es\/index\.mjs$/, /element-plus\/es\/components\/form(-item)?\/index\.mjs$/, /element-plus\/es\/components\/form\/src\/form-item/] } },
    },
  }),
);
