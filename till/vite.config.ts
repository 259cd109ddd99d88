import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

// The till app: built into dist-app, served by the kernel at /till.
export default defineConfig({
  base: '/till/',
  plugins: [preact()],
  build: { outDir: 'dist-app', emptyOutDir: true, target: 'es2022', sourcemap: true },
  resolve: { conditions: ['@kits/source'] },
});
