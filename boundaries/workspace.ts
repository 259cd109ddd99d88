import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** A plugin package of the repository: its folder, npm name and the Postgres schema it owns. */
export interface PluginPackageInfo {
  readonly folder: string;
  readonly name: string;
  readonly schema: string | undefined;
}

/** The plugins under `plugins/`, read from their package.json (the `kits` manifest names the schema). */
export function pluginPackages(root: string): PluginPackageInfo[] {
  const folder = join(root, 'plugins');
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .map((name) => join(folder, name))
    .filter((dir) => existsSync(join(dir, 'package.json')))
    .map((dir) => {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name: string; kits?: { schema?: string } };
      return { folder: relative(root, dir).split(sep).join('/'), name: pkg.name, schema: pkg.kits?.schema };
    });
}

const SOURCE = /\.(ts|tsx|mts)$/;
const SKIPPED = new Set(['node_modules', 'dist', 'dist-app', 'test', 'templates', 'fixtures']);

/** The TypeScript sources under `folder` (relative to `root`), tests and builds left out. */
export function sourceFiles(root: string, folder: string): string[] {
  const start = join(root, folder);
  if (!existsSync(start)) return [];
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      if (SKIPPED.has(name)) continue;
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (SOURCE.test(name) && !/\.test\.tsx?$/.test(name)) found.push(relative(root, path).split(sep).join('/'));
    }
  };
  walk(start);
  return found.sort();
}
