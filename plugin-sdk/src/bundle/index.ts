/**
 * How a plugin's till and office bundles are built (`@kits/plugin-sdk/bundle`): one minified ES
 * module per side, with the modules the host app shares left as imports its import map answers —
 * one copy of Preact, of the context and of the UI kit for every plugin. A plugin's
 * `vite.office.config.ts` is `export default pluginBundleConfig('office', import.meta.dirname)`.
 */

/** What the till's import map answers for every plugin's till bundle. */
export const TILL_SHARED_MODULES: readonly string[] = [
  'preact',
  'preact/hooks',
  'preact/jsx-runtime',
  '@kits/plugin-sdk/till',
  '@kits/plugin-sdk/money',
  '@kits/ui-kit',
];

/** What the office's import map answers for every plugin's office bundle. */
export const OFFICE_SHARED_MODULES: readonly string[] = [
  'preact',
  'preact/hooks',
  'preact/jsx-runtime',
  '@kits/plugin-sdk/office',
  '@kits/plugin-sdk/money',
  '@kits/ui-kit',
];

export type BundleSide = 'till' | 'office';

/** The file a host serves a shared module from, below its `vendor/` folder: `@kits/ui-kit` → `vendor/kits-ui-kit.js`. */
export const vendorFile = (specifier: string): string => `vendor/${specifier.replace(/^@/, '').replaceAll('/', '-')}.js`;

/**
 * A Vite configuration (a plain object, so the SDK need not depend on Vite) that builds
 * `src/<side>.ts` of the plugin in `root` into `dist/<side>-bundle/<side>.js` — the file the
 * manifest's `till` or `office` entry names.
 */
export function pluginBundleConfig(side: BundleSide, root: string): Record<string, unknown> {
  const shared = side === 'till' ? TILL_SHARED_MODULES : OFFICE_SHARED_MODULES;
  return {
    root,
    publicDir: false,
    logLevel: 'warn',
    oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
    build: {
      outDir: `dist/${side}-bundle`,
      emptyOutDir: true,
      target: 'es2022',
      minify: true,
      sourcemap: true,
      lib: { entry: `src/${side}.ts`, formats: ['es'], fileName: () => `${side}.js` },
      // Lib builds keep ES output readable by default; a browser downloads it, so it is minified in full.
      rollupOptions: { external: [...shared], output: { minify: true } },
    },
  };
}
export { sharedModules } from './host-app.ts';
