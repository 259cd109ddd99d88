import { defineConfig } from 'vite';

/**
 * core-sales' till bundle: src/till.ts and everything it imports (the sale screen, the shared
 * pricing) as one minified ES module, dist/till-bundle/till.js — what the kernel serves to tills.
 * The modules the till shares with every plugin stay imports, answered by the till's import map.
 * (tsconfig.till.json type-checks the same files; `npm run build` runs both.)
 */
const SHARED = ['preact', 'preact/hooks', 'preact/jsx-runtime', '@kits/plugin-sdk/till', '@kits/plugin-sdk/money'];

export default defineConfig({
  root: import.meta.dirname,
  publicDir: false,
  logLevel: 'warn',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist/till-bundle',
    emptyOutDir: true,
    target: 'es2022',
    minify: true,
    sourcemap: true,
    lib: { entry: 'src/till.ts', formats: ['es'], fileName: () => 'till.js' },
    // Lib builds keep ES output readable by default; a till downloads it, so it is minified in full.
    rollupOptions: { external: SHARED, output: { minify: true } },
  },
});
