import { defineConfig, mergeConfig } from 'vitest/config';
import viteConfig from './vite.config.ts';

export default mergeConfig(
  viteConfig,
  defineConfig({
    test: {
      environment: 'happy-dom',
      include: ['tests/unit/**/*.spec.ts'],
      restoreMocks: true,
      // Element Plus is loaded by Node (fast, shared by every spec file) rather than transformed
      // by Vite for each file. Only its entry and the form item go through Vite: Node hands the
      // form item async-validator's CommonJS exports object instead of its default export.
      server: { deps: { inline: [/element-plus\/es\/index\.mjs$/, /element-plus\/es\/components\/form(-item)?\/index\.mjs$/, /element-plus\/es\/components\/form\/src\/form-item/] } },
    },
  }),
);
