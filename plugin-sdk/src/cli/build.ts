import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { validateManifest } from '../manifest/manifest.ts';

/** The TypeScript compiler the plugin depends on, or the one beside the SDK. */
function tscOf(dir: string): string {
  for (const from of [join(dir, 'package.json'), import.meta.url]) {
    try {
      return createRequire(from).resolve('typescript/bin/tsc');
    } catch {
      // not installed there
    }
  }
  throw new Error('TypeScript is not installed: npm install --save-dev typescript');
}

/** Compiles the plugin (`tsc -p tsconfig.json`) and checks that the manifest's entries exist. */
export function buildPlugin(folder = '.'): string[] {
  const dir = resolve(folder);
  const file = join(dir, 'package.json');
  if (!existsSync(file)) throw new Error(`${dir} has no package.json; run kits-plugin build in a plugin folder`);
  const manifest = validateManifest((JSON.parse(readFileSync(file, 'utf8')) as { kits?: unknown }).kits, file);
  if (existsSync(join(dir, 'tsconfig.json'))) {
    execFileSync(process.execPath, [tscOf(dir), '-p', join(dir, 'tsconfig.json')], { cwd: dir, stdio: 'inherit' });
  }
  const entries = [manifest.server, manifest.till, manifest.office].filter((entry): entry is string => entry !== undefined);
  const missing = entries.filter((entry) => !existsSync(join(dir, entry)));
  if (missing.length > 0) throw new Error(`The build did not make ${missing.join(' and ')}, which the manifest names`);
  return entries;
}
