import { pluginBundleConfig } from '@kits/plugin-sdk/bundle';
import { defineConfig } from 'vite';

/** webhooks' office bundle: src/office.ts and what it imports, one minified ES module (dist/office-bundle/office.js) the office loads. */
export default defineConfig(pluginBundleConfig('office', import.meta.dirname));
