import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { create } from 'tar';
import { validateManifest, type PluginManifest } from '../manifest/manifest.ts';
import { integrityOf } from './integrity.ts';

/** A plugin folder packed into a release tarball (npm's layout: every file under `package/`). */
export interface PackedPlugin {
  readonly id: string;
  readonly version: string;
  readonly packageName: string;
  readonly manifest: PluginManifest;
  readonly tarball: Buffer;
  readonly integrity: string;
  /** Paths inside the package, sorted. */
  readonly files: readonly string[];
}

export class PackError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PackError';
  }
}

// Never packed: installed dependencies, VCS data, build bookkeeping, earlier packs.
const SKIPPED = (name: string) => name === 'node_modules' || name.startsWith('.') || name.endsWith('.tsbuildinfo') || name.endsWith('.tgz');
// Always packed when present, as npm does.
const ALWAYS = /^(package\.json|readme(\..*)?|license(\..*)?|licence(\..*)?|changelog(\..*)?)$/i;
// Fixed so the same files always give the same tarball, hence the same integrity.
const MTIME = new Date('1985-10-26T08:15:00Z');

function walk(dir: string, root: string, into: string[]): void {
  for (const name of readdirSync(dir)) {
    if (SKIPPED(name)) continue;
    const path = join(dir, name);
    const stat = statSync(path);
    if (stat.isDirectory()) walk(path, root, into);
    else if (stat.isFile()) into.push(relative(root, path).split(sep).join('/'));
  }
}

interface PackageJson {
  name?: string;
  version?: string;
  files?: unknown;
  kits?: unknown;
}

function readPackageJson(dir: string): PackageJson {
  const file = join(dir, 'package.json');
  if (!existsSync(file)) throw new PackError(`${dir} has no package.json; a plugin is an npm package with a "kits" manifest.`);
  return JSON.parse(readFileSync(file, 'utf8')) as PackageJson;
}

/**
 * The files a plugin release holds: the package.json `files` list when there is one (plus
 * package.json, README, LICENSE), every file otherwise; never node_modules or dot-files.
 */
export function pluginFiles(dir: string): string[] {
  const pkg = readPackageJson(dir);
  const found: string[] = [];
  if (Array.isArray(pkg.files)) {
    for (const name of readdirSync(dir)) if (ALWAYS.test(name) && statSync(join(dir, name)).isFile()) found.push(name);
    for (const entry of pkg.files) {
      if (typeof entry !== 'string') continue;
      const path = join(dir, entry.replace(/^\.\//, '').replace(/\/$/, ''));
      if (!existsSync(path)) continue;
      if (statSync(path).isDirectory()) walk(path, dir, found);
      else found.push(relative(dir, path).split(sep).join('/'));
    }
  } else {
    walk(dir, dir, found);
  }
  return [...new Set(found)].sort();
}

/** A hash of the files a pack would hold (names and contents): an unchanged plugin has the same one. */
export function contentHashOf(dir: string, files: readonly string[] = pluginFiles(dir)): string {
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(file).update('\0');
    hash.update(readFileSync(join(dir, file))).update('\0');
  }
  return hash.digest('hex');
}

/** Checks the manifest and that its entries are in the pack, then packs the plugin folder. */
export async function packPlugin(dir: string, files: readonly string[] = pluginFiles(dir)): Promise<PackedPlugin> {
  const pkg = readPackageJson(dir);
  if (pkg.kits === undefined) throw new PackError(`${join(dir, 'package.json')} has no "kits" manifest; this is not a plugin.`);
  const manifest = validateManifest(pkg.kits, join(dir, 'package.json'));
  if (!pkg.version) throw new PackError(`${join(dir, 'package.json')} needs a "version".`);
  for (const entry of [manifest.server, manifest.till, manifest.office]) {
    if (entry === undefined) continue;
    const path = entry.replace(/^\.\//, '');
    if (!files.includes(path)) {
      throw new PackError(
        `The manifest names ${entry}, which is not in the package: build the plugin first (kits-plugin build), and list its folder in "files".`,
      );
    }
  }
  const chunks: Buffer[] = [];
  const stream = create({ cwd: dir, gzip: { level: 9 }, portable: true, mtime: MTIME, prefix: 'package' }, [...files]);
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  const tarball = Buffer.concat(chunks);
  return {
    id: manifest.id,
    version: pkg.version,
    packageName: pkg.name ?? manifest.id,
    manifest,
    tarball,
    integrity: integrityOf(tarball),
    files,
  };
}
