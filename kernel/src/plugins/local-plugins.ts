import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PluginRegistry } from '@kits/registry';
import { contentHashOf, integrityOf, packPlugin, pluginFiles, publicKeyOf, signStatement } from '@kits/plugin-sdk/release';
import type { Logger } from 'pino';
import type { PluginPackage } from './discovery.ts';
import type { PluginInstaller } from './plugin-installer.ts';

/** The publisher name the kernel signs the plugins of its own folders with, in its embedded registry. */
export const LOCAL_PUBLISHER = 'local';

export interface LocalPluginsDeps {
  readonly registry: PluginRegistry;
  readonly installer: PluginInstaller;
  /** The kernel's local publisher key (PEM). */
  readonly privateKeyPem: string;
  /** Packed tarballs are kept in `<cacheDir>/packed/<content hash>.tgz`. */
  readonly cacheDir: string;
  readonly log: Logger;
}

/** The plugin's tarball: packed once per content (file names and bytes), then read back. */
async function tarballOf(dir: string, cacheDir: string): Promise<Buffer> {
  const files = pluginFiles(dir);
  const path = join(cacheDir, 'packed', `${contentHashOf(dir, files)}.tgz`);
  if (existsSync(path)) return readFileSync(path);
  const { tarball } = await packPlugin(dir, files);
  mkdirSync(join(cacheDir, 'packed'), { recursive: true });
  const temporary = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  writeFileSync(temporary, tarball);
  renameSync(temporary, path);
  return tarball;
}

/**
 * Publishes the plugins of the kernel's own folders (PLUGIN_DIRS, and those the test kit names)
 * to its embedded registry, signed with the kernel's local key, then installs each from the
 * registry like any other release — no side door. An unchanged plugin is packed once (cached by
 * content hash); publishing a release the registry already holds is a no-op.
 */
export async function publishLocalPlugins(packages: readonly PluginPackage[], deps: LocalPluginsDeps): Promise<PluginPackage[]> {
  const { registry, installer, privateKeyPem } = deps;
  const publicKey = publicKeyOf(privateKeyPem);
  const publisher = await registry.publisher(LOCAL_PUBLISHER);
  if (!publisher) {
    await registry
      .registerPublisher({ name: LOCAL_PUBLISHER, displayName: 'This installation', publicKey })
      .catch(async (error: unknown) => {
        // Another kernel process registered it at the same moment; the key check below still holds.
        if ((await registry.publisher(LOCAL_PUBLISHER)) === undefined) throw error;
      });
  } else if (publisher.publicKey !== publicKey) {
    throw new Error(
      `The embedded registry knows the publisher "${LOCAL_PUBLISHER}" with another key than this kernel's (derived from LOCAL_PUBLISHER_SECRET, or JWT_SECRET when unset). After changing JWT_SECRET, set LOCAL_PUBLISHER_SECRET to the JWT_SECRET this database was made with (docs/operations.md); or start with a fresh data folder.`,
    );
  }
  const installed: PluginPackage[] = [];
  for (const pkg of packages) {
    const tarball = await tarballOf(pkg.dir, deps.cacheDir);
    const integrity = integrityOf(tarball);
    // Unchanged since the registry got it: nothing to publish (the usual restart).
    if ((await registry.release(pkg.id, pkg.version))?.integrity !== integrity) {
      await registry.publish(
        { tarball, integrity, publisher: LOCAL_PUBLISHER, signature: signStatement(privateKeyPem, integrity) },
        { seeding: true },
      );
    }
    try {
      installed.push(await installer.install(pkg.id, pkg.version));
    } catch (error) {
      // A yanked local release stays out (the installer logged why); the kernel starts without it.
      if ((error as { code?: string }).code !== 'plugins.release_yanked') throw error;
    }
  }
  return installed;
}
