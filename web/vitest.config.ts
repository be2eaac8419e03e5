import { availableParallelism } from 'node:os';
import { defineConfig, mergeConfig } from 'vitest/config';
import viteConfig from './vite.config.ts';

export default mergeConfig(
  viteConfig,
  defineConfig({
    test: {
      environment: 'happy-dom',
      // Every core (Vitest's default leaves one free: on CI's 2 cores one file at a time, 256 s for
      // the suite; 155 s with both) in worker threads, which start faster than forked processes.
      // Files stay isolated: without it the suite takes a minute, but one file's vi.mock leaks into others.
      pool: 'threads',
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
