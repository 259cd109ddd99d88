import preact from '@preact/preset-vite';
import { sharedModules, TILL_SHARED_MODULES } from '@kits/plugin-sdk/bundle';
import { defineConfig } from 'vite';

const BASE = '/till/';

// The till app: built into dist-app, served by the kernel at /till. The modules it shares with the
// plugins' till bundles (Preact, the till context, money, the UI kit) are served once from /till/vendor.
export default defineConfig({
  base: BASE,
  plugins: [preact(), sharedModules({ base: BASE, shared: TILL_SHARED_MODULES, root: import.meta.dirname })],
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
