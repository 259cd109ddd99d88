import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { validateManifest, type PluginManifest } from '@kits/plugin-sdk';
import semver from 'semver';

/** One version of one plugin, found on disk: its package folder and validated manifest. */
export interface PluginPackage {
  readonly id: string;
  readonly version: string;
  readonly packageName: string;
  readonly dir: string;
  readonly manifest: PluginManifest;
}

export class PluginDiscoveryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PluginDiscoveryError';
  }
}

/** Reads one package folder; undefined when it is not a plugin (no `kits` key). */
export function readPluginPackage(dir: string): PluginPackage | undefined {
  const file = join(dir, 'package.json');
  if (!existsSync(file)) return undefined;
  const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string; kits?: unknown };
  if (pkg.kits === undefined) return undefined;
  const manifest = validateManifest(pkg.kits, file);
  if (!pkg.version || !semver.valid(pkg.version)) {
    throw new PluginDiscoveryError(`${file}: plugin "${manifest.id}" needs a semver "version" in package.json`);
  }
  return { id: manifest.id, version: pkg.version, packageName: pkg.name ?? manifest.id, dir, manifest };
}

/** Finds plugin packages in the children of each folder (workspace `plugins/*`, a cache, a test fixture folder). */
export function discoverPlugins(folders: readonly string[]): PluginPackage[] {
  const found: PluginPackage[] = [];
  for (const folder of folders) {
    if (!existsSync(folder)) continue;
    const own = readPluginPackage(folder);
    if (own) {
      found.push(own);
      continue;
    }
    for (const child of readdirSync(folder).sort()) {
      const dir = join(folder, child);
      if (!statSync(dir).isDirectory()) continue;
      const plugin = readPluginPackage(dir);
      if (plugin) found.push(plugin);
    }
  }
  return found;
}

/** Every known version of every plugin. */
export class PluginCatalog {
  readonly #byId = new Map<string, PluginPackage[]>();

  constructor(packages: readonly PluginPackage[] = []) {
    for (const pkg of packages) this.add(pkg);
  }

  add(pkg: PluginPackage): void {
    const versions = this.#byId.get(pkg.id) ?? [];
    if (versions.some((known) => known.version === pkg.version)) {
      const other = versions.find((known) => known.version === pkg.version)!;
      if (other.dir !== pkg.dir)
        throw new PluginDiscoveryError(`Plugin ${pkg.id}@${pkg.version} is found twice: ${other.dir} and ${pkg.dir}`);
      return;
    }
    versions.push(pkg);
    versions.sort((a, b) => semver.rcompare(a.version, b.version));
    this.#byId.set(pkg.id, versions);
  }

  ids(): string[] {
    return [...this.#byId.keys()].sort();
  }

  /** Newest first. */
  versions(id: string): readonly PluginPackage[] {
    return this.#byId.get(id) ?? [];
  }

  get(id: string, version: string): PluginPackage | undefined {
    return this.versions(id).find((pkg) => pkg.version === version);
  }

  /** The newest version matching `range`. */
  resolve(id: string, range: string): PluginPackage | undefined {
    return this.versions(id).find((pkg) => semver.satisfies(pkg.version, range));
  }

  all(): PluginPackage[] {
    return [...this.#byId.values()].flat();
  }
}
