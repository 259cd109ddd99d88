import { pluginBundleConfig } from '@kits/plugin-sdk/bundle';
import { defineConfig } from 'vite';

/**
 * core-sales' till bundle: src/till.ts and everything it imports (the sale screen, the shared
 * pricing) as one minified ES module, dist/till-bundle/till.js — what the kernel serves to tills.
 * The modules the till shares with every plugin stay imports, answered by the till's import map.
 * (tsconfig.till.json type-checks the same files; `npm run build` runs both.)
 */
export default defineConfig(pluginBundleConfig('till', import.meta.dirname));
