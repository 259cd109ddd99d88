import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import preact from '@preact/preset-vite';
import { defineConfig, type Plugin } from 'vite';

const BASE = '/till/';
const require = createRequire(import.meta.url);

/**
 * Modules the till shares with the plugins' till bundles: one copy each (two copies of Preact
 * break hooks), kept out of the app bundle, served from /till/vendor and found through an import
 * map — so a plugin bundle can `import { useState } from 'preact/hooks'` like the app does.
 */
const SHARED: Record<string, string> = {
  preact: 'preact',
  'preact/hooks': 'preact/hooks',
  'preact/jsx-runtime': 'preact/jsx-runtime',
  '@kits/plugin-sdk/till': '@kits/plugin-sdk/till',
};

const vendorFile = (specifier: string) => `vendor/${specifier.replace(/^@/, '').replaceAll('/', '-')}.js`;

function sharedModules(): Plugin {
  return {
    name: 'kits-shared-modules',
    apply: 'build',
    config: () => ({ build: { rollupOptions: { external: Object.keys(SHARED) } } }),
    generateBundle() {
      for (const [specifier, request] of Object.entries(SHARED)) {
        // The built JavaScript (not the TypeScript source the @kits/source condition would pick).
        const file = require.resolve(request);
        const source = readFileSync(file, 'utf8').replace(/^\/\/# sourceMappingURL=.*$/m, '');
        this.emitFile({ type: 'asset', fileName: vendorFile(specifier), source });
      }
    },
    transformIndexHtml: () => [
      {
        tag: 'script',
        attrs: { type: 'importmap' },
        children: JSON.stringify({ imports: Object.fromEntries(Object.keys(SHARED).map((s) => [s, `${BASE}${vendorFile(s)}`])) }),
        injectTo: 'head-prepend',
      },
    ],
  };
}

// The till app: built into dist-app, served by the kernel at /till.
export default defineConfig({
  base: BASE,
  plugins: [preact(), sharedModules()],
  build: {
    outDir: 'dist-app',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    rollupOptions: {
      input: { app: 'index.html', 'service-worker': 'app/service-worker.ts' },
      // The service worker keeps one name (its URL is what the browser registers); the rest are hashed.
      output: { entryFileNames: (chunk) => (chunk.name === 'service-worker' ? 'service-worker.js' : 'assets/[name]-[hash].js') },
    },
  },
  resolve: { conditions: ['@kits/source'] },
});
