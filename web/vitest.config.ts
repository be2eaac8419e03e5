import { defineConfig, mergeConfig } from 'vitest/config';
import viteConfig from './vite.config.ts';

export default mergeConfig(
  viteConfig,
  defineConfig({
    test: {
      environment: 'happy-dom',
      include: ['tests/unit/**/*.spec.ts'],
      restoreMocks: true,
      server: { deps: { inline: [/element-plus\/es\/index\.mjs$/, /element-plus\/es\/components\/form(-item)?\/index\.mjs$/, /element-plus\/es\/components\/form\/src\/form-item/] } },
    },
  }),
);
