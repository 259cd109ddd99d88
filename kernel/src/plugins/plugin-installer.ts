import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { conflict, DomainError, notFound } from '@kits/plugin-sdk';
import { integrityHex, integrityOf, isIntegrity, unpackTarball, verifyStatement } from '@kits/plugin-sdk/release';
import type { Logger } from 'pino';
import semver from 'semver';
import { readPluginPackage, type PluginCatalog, type PluginPackage } from './discovery.ts';
import type { RegistryClient } from './registry-client.ts';

export interface TrustedPublisher {
  readonly name: string;
  readonly publicKey: string;
}

export interface PluginInstallerDeps {
  readonly client: RegistryClient;
  /** Only releases signed by one of these keys, under the publisher's own name, are installed. */
  readonly trusted: readonly TrustedPublisher[];
  /** Releases are unpacked into `<cacheDir>/<sha512 hex>/`. */
  readonly cacheDir: string;
  readonly catalog: PluginCatalog;
  readonly log: Logger;
}

/**
 * Installs plugin versions from a registry (DESIGN §5): downloads the release, checks its sha512
 * against the release's integrity and the publisher's ed25519 signature of that integrity against
 * the keys this kernel trusts, unpacks it into a content-addressed cache, and adds it to the
 * catalog. A yanked release, an untrusted publisher, bytes that do not match or a bad signature
 * are refused and logged. First-party plugins come this way too.
 */
export class PluginInstaller {
  readonly #deps: PluginInstallerDeps;
  readonly #installing = new Map<string, Promise<PluginPackage>>();

  constructor(deps: PluginInstallerDeps) {
    this.#deps = deps;
  }

  /** The newest installable release matching `range`, installed. 404/409 problems name what to fix. */
  async resolve(pluginId: string, range: string): Promise<PluginPackage> {
    const plugin = await this.#deps.client.plugin(pluginId);
    if (!plugin) {
      throw notFound(
        'plugins.unknown',
        `There is no plugin "${pluginId}" in the registry. GET /api/v1/plugins lists the plugins you can enable.`,
      );
    }
    const version = semver.maxSatisfying([...plugin.versions], range);
    if (!version) {
      const yanked = semver.maxSatisfying([...plugin.yankedVersions], range);
      if (yanked) {
        this.#deps.log.error(
          { plugin: pluginId, version: yanked, range, code: 'plugins.release_yanked' },
          'plugin release refused: yanked',
        );
        throw conflict(
          'plugins.release_yanked',
          `${pluginId}@${yanked} matches "${range}" but was yanked by its publisher; choose another version (available: ${plugin.versions.join(', ') || 'none'}).`,
        );
      }
      throw notFound(
        'plugins.no_matching_version',
        `No version of "${pluginId}" matches "${range}"; known versions: ${plugin.versions.join(', ') || 'none'}.`,
        {
          versions: plugin.versions,
        },
      );
    }
    return this.install(pluginId, version);
  }

  /** Installs one exact version (once per process; a version already in the catalog is not fetched again). */
  install(pluginId: string, version: string): Promise<PluginPackage> {
    const known = this.#deps.catalog.get(pluginId, version);
    if (known) return Promise.resolve(known);
    const key = `${pluginId}@${version}`;
    let installing = this.#installing.get(key);
    if (!installing) {
      installing = this.#install(pluginId, version).finally(() => this.#installing.delete(key));
      this.#installing.set(key, installing);
    }
    return installing;
  }

  async #install(pluginId: string, version: string): Promise<PluginPackage> {
    const { client, log } = this.#deps;
    const release = await client.release(pluginId, version);
    if (!release) throw notFound('plugins.no_matching_version', `The registry has no release ${pluginId}@${version}.`);
    const refuse = (code: string, detail: string): never => {
      log.error({ plugin: pluginId, version, publisher: release.publisher, code }, `plugin release refused: ${detail}`);
      throw new DomainError(code, 409, detail, { plugin: pluginId, version });
    };
    if (release.yanked) {
      refuse(
        'plugins.release_yanked',
        `${pluginId}@${version} was yanked by its publisher${release.yankReason ? ` (${release.yankReason})` : ''}; choose another version.`,
      );
    }
    const keys = this.#deps.trusted.filter((publisher) => publisher.name === release.publisher);
    if (keys.length === 0) {
      refuse(
        'plugins.untrusted_publisher',
        `${pluginId}@${version} is published by "${release.publisher}", whom this kernel does not trust; an operator adds the publisher's key to TRUSTED_PUBLISHERS to allow it.`,
      );
    }
    if (!isIntegrity(release.integrity))
      refuse('plugins.integrity_mismatch', `The registry gave ${pluginId}@${version} no valid sha512 integrity.`);
    if (!keys.some((publisher) => verifyStatement(publisher.publicKey, release.integrity, release.signature))) {
      refuse('plugins.bad_signature', `${pluginId}@${version} is not signed by a key this kernel trusts for "${release.publisher}".`);
    }
    // The cache is content-addressed: a folder named by this integrity was unpacked from bytes that
    // had it, so a release already there is not downloaded again.
    const dir = join(this.#deps.cacheDir, 'unpacked', integrityHex(release.integrity));
    if (!existsSync(join(dir, 'package.json'))) {
      const tarball = await client.tarball(pluginId, version);
      const actual = integrityOf(tarball);
      if (actual !== release.integrity) {
        refuse(
          'plugins.integrity_mismatch',
          `The tarball of ${pluginId}@${version} is not the one released (its sha512 is ${actual}, the release says ${release.integrity}); it was changed on the registry or on the way.`,
        );
      }
      await unpackTarball(tarball, dir);
    }
    const pkg = readPluginPackage(dir);
    if (!pkg || pkg.id !== pluginId || pkg.version !== version) {
      refuse('plugins.release_mismatch', `The tarball of ${pluginId}@${version} holds ${pkg ? `${pkg.id}@${pkg.version}` : 'no plugin'}.`);
    }
    this.#deps.catalog.add(pkg!);
    log.info({ plugin: pluginId, version, publisher: release.publisher }, 'plugin installed from the registry');
    return pkg!;
  }
}
