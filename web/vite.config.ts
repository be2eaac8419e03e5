// Vite build for the fleetkam web UI. Element Plus is imported on demand (components and
// ElMessage & co.), vue-i18n uses its esm-bundler build, whose message compiler works
// without eval/new Function, so the app runs under the server's `script-src 'self'` CSP.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath, URL } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import vue from '@vitejs/plugin-vue';
import AutoImport from 'unplugin-auto-import/vite';
import Components from 'unplugin-vue-components/vite';
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers';

const apiTarget = process.env.FLEETKAM_API ?? 'http://127.0.0.1:8080';
const elementPlus = ElementPlusResolver({ importStyle: process.env.VITEST ? false : 'css' });

/**
 * The resolvers import Element Plus's components (and ElMessage & co.) from its barrel,
 * 'element-plus/es', which reaches every component: to Rolldown all of Element Plus that any page
 * uses then hangs off the entry (app.vue's ElConfigProvider), and the first page's code is spread
 * over some fifteen shared chunks, one of them Element Plus's message box. The build imports each
 * from its own module instead (`components/<dir>/index.mjs`, found by reading their exports), so
 * the first page gets exactly what it uses (see `$initial` below). The generated .d.ts files and
 * the tests keep the barrel: the same bindings.
 */
function elementPlusDirectImports(): Plugin {
  const components = fileURLToPath(new URL('./node_modules/element-plus/es/components/', import.meta.url));
  const moduleOf = new Map<string, string>();
  for (const dir of readdirSync(components)) {
    let source: string;
    try {
      source = readFileSync(`${components}${dir}/index.mjs`, 'utf8');
    } catch {
      continue; // not a component (index.d.ts, …)
    }
    for (const [, list] of source.matchAll(/export\s*\{([^}]*)\}/g)) {
      for (const specifier of list!.split(',')) {
        const name = specifier.trim().split(/\s+as\s+/).pop();
        if (name && name !== 'default' && !moduleOf.has(name)) moduleOf.set(name, `element-plus/es/components/${dir}/index.mjs`);
      }
    }
  }
  const barrelImport = /import\s*\{([^}]*)\}\s*from\s*(['"])element-plus\/es\2;?/g;
  return {
    name: 'fleetkam:element-plus-direct-imports',
    apply: 'build',
    enforce: 'post',
    transform(code) {
      if (!code.includes('element-plus/es')) return null;
      // one import per binding, on the statement's line
      return code.replace(barrelImport, (statement, list: string) => {
        const specifiers = list.split(',').map((part) => part.trim()).filter(Boolean);
        const from = specifiers.map((specifier) => moduleOf.get(specifier.split(/\s+as\s+/)[0]!));
        if (from.some((module) => module === undefined)) return statement;
        return specifiers.map((specifier, i) => `import { ${specifier} } from '${from[i]}';`).join(' ');
      });
    },
  };
}

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
    elementPlusDirectImports(),
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
        // Everything the first page needs in one chunk with the entry (over HTTP/1.1 the browser
        // fetched its fifteen files six at a time): `$initial` is what the entry imports statically.
        codeSplitting: { groups: [{ name: 'initial', tags: ['$initial'] }] },
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
