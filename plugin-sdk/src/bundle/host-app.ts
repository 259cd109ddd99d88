import type { Plugin, Rollup } from 'vite';
import { vendorFile } from './index.ts';

/** Workspace packages resolve to their TypeScript sources through this condition, as in the tests. */
const SOURCE = '@kits/source';

/**
 * One shared module as one ES module file, whatever number of files it is made of (the money
 * module is several): a build of its own, in which the other shared modules stay imports that the
 * import map answers — so `preact/hooks` uses the one `preact`, never a copy of it.
 */
async function bundleShared(specifier: string, shared: readonly string[], root: string): Promise<string> {
  const { build, defaultClientConditions } = await import('vite');
  // The entry re-exports the module, so the module is resolved as an import, like a plugin's is.
  const entry = 'virtual:kits-shared-module';
  const result = await build({
    configFile: false,
    root,
    publicDir: false,
    logLevel: 'warn',
    resolve: { conditions: [SOURCE, ...defaultClientConditions] },
    oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
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
        external: shared.filter((other) => other !== specifier),
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

/**
 * The Vite plugin of a host app (the till, the office) that shares modules with the plugins'
 * bundles: one copy each (two copies of Preact break hooks), kept out of the app bundle, served
 * from `<base>vendor/` and found through an import map — so a plugin bundle can
 * `import { useState } from 'preact/hooks'` like the app does.
 */
export function sharedModules(options: { readonly base: string; readonly shared: readonly string[]; readonly root: string }): Plugin {
  const { base, shared, root } = options;
  return {
    name: 'kits-shared-modules',
    apply: 'build',
    config: () => ({ build: { rollupOptions: { external: [...shared] } } }),
    async buildStart() {
      const bundles = await Promise.all(shared.map((specifier) => bundleShared(specifier, shared, root)));
      shared.forEach((specifier, i) => this.emitFile({ type: 'asset', fileName: vendorFile(specifier), source: bundles[i]! }));
    },
    transformIndexHtml: () => [
      {
        tag: 'script',
        attrs: { type: 'importmap' },
        children: JSON.stringify({ imports: Object.fromEntries(shared.map((s) => [s, `${base}${vendorFile(s)}`])) }),
        injectTo: 'head-prepend',
      },
    ],
  };
}
