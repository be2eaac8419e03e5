// Vite build for the fleetkam web UI. Element Plus is imported on demand (components and
// ElMessage & co.), vue-i18n uses its esm-bundler build, whose message compiler works
// without eval/new Function, so the app runs under the server's `script-src 'self'` CSP.
import { fileURLToPath, URL } from 'node:url';
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import AutoImport from 'unplugin-auto-import/vite';
import Components from 'unplugin-vue-components/vite';
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers';

const apiTarget = process.env.FLEETKAM_API ?? 'http://127.0.0.1:8080';
const elementPlus = ElementPlusResolver({ importStyle: process.env.VITEST ? false : 'css' });

export default defineConfig({
  plugins: [
    vue(),
    AutoImport({
      resolvers: [elementPlus],
      dts: 'src/auto-imports.d.ts',
    }),
    Components({
      resolvers: [elementPlus],
      dts: 'src/components.d.ts',
      // Our own components are imported explicitly; only Element Plus is resolved.
      dirs: [],
    }),
  ],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  json: { stringify: true, namedExports: false },
  define: {
    __VUE_OPTIONS_API__: 'true',
    __VUE_PROD_DEVTOOLS__: 'false',
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
    __VUE_I18N_FULL_INSTALL__: 'false',
    __VUE_I18N_LEGACY_API__: 'false',
    __INTLIFY_PROD_DEVTOOLS__: 'false',
  },
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 600,
    rolldownOptions: {
      output: {
        // Shared chunks of on-demand Element Plus parts would all be called "css"; name
        // them after the first component they hold instead.
        chunkFileNames: (chunk) => {
          if (chunk.name !== 'css') return 'assets/[name]-[hash].js';
          const component = chunk.moduleIds
            .map((id) => /element-plus\/es\/components\/([^/]+)\//.exec(id)?.[1])
            .find((name) => name !== undefined);
          return `assets/el-${component ?? 'shared'}-[hash].js`;
        },
      },
    },
  },
  server: {
    proxy: {
      '/api': { target: apiTarget, changeOrigin: false },
      '/healthz': { target: apiTarget },
    },
  },
});
