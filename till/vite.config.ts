import preact from '@preact/preset-vite';
import { build, defaultClientConditions, defineConfig, type Plugin, type Rollup } from 'vite';

const BASE = '/till/';
/** Workspace packages resolve to their TypeScript sources through this condition, as in the tests. */
const SOURCE = '@kits/source';

/**
 * Modules the till shares with the plugins' till bundles: one copy each (two copies of Preact
 * break hooks), kept out of the app bundle, served from /till/vendor and found through an import
 * map — so a plugin bundle can `import { useState } from 'preact/hooks'` like the app does.
 */
const SHARED: readonly string[] = ['preact', 'preact/hooks', 'preact/jsx-runtime', '@kits/plugin-sdk/till', '@kits/plugin-sdk/money'];

const vendorFile = (specifier: string) => `vendor/${specifier.replace(/^@/, '').replaceAll('/', '-')}.js`;

/**
 * One shared module as one ES module file, whatever number of files it is made of (the money
 * module is several): a build of its own, in which the other shared modules stay imports that the
 * import map answers — so `preact/hooks` uses the one `preact`, never a copy of it.
 */
async function bundleShared(specifier: string): Promise<string> {
  // The entry re-exports the module, so the module is resolved as an import, like a plugin's is.
  const entry = 'virtual:kits-shared-module';
  const result = await build({
    configFile: false,
    root: import.meta.dirname,
    publicDir: false,
    logLevel: 'warn',
    resolve: { conditions: [SOURCE, ...defaultClientConditions] },
    plugins: [
      {
        name: 'kits-shared-module-entry',
        resolveId: (id) => (id === entry ? `\0${entry}` : undefined),
        load: (id) => (id === `\0${entry}` ? `export * from ${JSON.stringify(specifier)};` : undefined),
      },
    ],
    build: {
      write: false,
      target: 'es2022',
      minify: true,
      rollupOptions: {
        input: entry,
        preserveEntrySignatures: 'strict',
        external: SHARED.filter((other) => other !== specifier),
        output: { format: 'es' },
      },
    },
  });
  const chunks = (Array.isArray(result) ? result : [result as Rollup.RollupOutput]).flatMap((output) =>
    output.output.filter((file): file is Rollup.OutputChunk => file.type === 'chunk'),
  );
  if (chunks.length !== 1)
    throw new Error(`${specifier} bundled into ${chunks.length} files; a shared module must be one (no dynamic imports)`);
  return chunks[0]!.code;
}

function sharedModules(): Plugin {
  return {
    name: 'kits-shared-modules',
    apply: 'build',
    config: () => ({ build: { rollupOptions: { external: [...SHARED] } } }),
    async buildStart() {
      const bundles = await Promise.all(SHARED.map(bundleShared));
      SHARED.forEach((specifier, i) => this.emitFile({ type: 'asset', fileName: vendorFile(specifier), source: bundles[i]! }));
    },
    transformIndexHtml: () => [
      {
        tag: 'script',
        attrs: { type: 'importmap' },
        children: JSON.stringify({ imports: Object.fromEntries(SHARED.map((s) => [s, `${BASE}${vendorFile(s)}`])) }),
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
  resolve: { conditions: [SOURCE] },
});
