import preact from '@preact/preset-vite';
import { OFFICE_SHARED_MODULES, sharedModules } from '@kits/plugin-sdk/bundle';
import { defineConfig } from 'vite';

const BASE = '/office/';

// The back office: built into dist-app, served by the kernel at /office. The modules it shares with
// the plugins' office bundles (Preact, the office context, money, the UI kit) are served once from /office/vendor.
export default defineConfig({
  base: BASE,
  plugins: [preact(), sharedModules({ base: BASE, shared: OFFICE_SHARED_MODULES, root: import.meta.dirname })],
  build: {
    outDir: 'dist-app',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    rollupOptions: { output: { entryFileNames: 'assets/[name]-[hash].js' } },
  },
  resolve: { conditions: ['@kits/source'] },
});
