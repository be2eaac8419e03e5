import { defineConfig, mergeConfig } from 'vitest/config';
import viteConfig from './vite.config.ts';

export default mergeConfig(
  viteConfig,
  defineConfig({
    test: {
      environment: 'happy-dom',
      include: ['tests/unit/**/*.spec.ts'],
      restoreMocks: true,
      // One worker loads Vue, Element Plus and happy-dom once for all spec files rather than once
      // per file; tests/unit/setup.ts resets what a file could leave to the next.
      isolate: false,
      setupFiles: ['tests/unit/setup.ts'],
      // Element Plus is loaded by Node (fast, shared by every spec file) rather than transformed
      // by Vite for each file. Only its entry and the form item go through Vite: Node hands the
      // form item async-validator's CommonJS exports object instead of its default export.
      server: { deps: { inline: [/element-plus\/es\/index\.mjs$/, /element-plus\/es\/components\/form(-item)?\/index\.mjs$/, /element-plus\/es\/components\/form\/src\/form-item/] } },
    },
  }),
);
