import { notFound } from '@kits/plugin-sdk';
import semver from 'semver';
import type { PluginHost, TenantInstall } from './plugin-host.ts';
import type { RegistryClient, RegistryListing } from './registry-client.ts';
import { secretPaths, secretsHeld, withoutSecrets } from './plugin-settings.ts';

export interface MarketplaceDeps {
  readonly host: PluginHost;
  readonly registry: RegistryClient;
  /** Publishers whose releases this kernel installs (TRUSTED_PUBLISHERS and its own local key). */
  readonly trustedPublishers: ReadonlySet<string>;
  readonly kernelVersion: string;
}

/** A tenant's install as anyone signed in may see it. */
export interface InstallSummary {
  readonly pluginId: string;
  readonly versionRange: string;
  readonly version: string;
  readonly enabled: boolean;
  /** What the kernel did to the install on its own (a yanked release moved or disabled), or null. */
  readonly notice: string | null;
}

/** A tenant's install as those who manage plugins see it: settings without any secret, and which secrets are set. */
export interface InstallView extends InstallSummary {
  readonly settings: Record<string, unknown>;
  readonly secretsSet: string[];
}

export interface MarketplaceListing {
  readonly id: string;
  readonly displayName: string;
  readonly description?: string;
  readonly publisher: string;
  readonly trustedPublisher: boolean;
  readonly latest: string;
  readonly kernel: string;
  readonly kernelCompatible: boolean;
  readonly versions: readonly string[];
  readonly provides: readonly string[];
  readonly requires: Readonly<Record<string, string>>;
  readonly permissions: readonly string[];
  readonly install: InstallSummary | null;
}

export interface MarketplaceRelease {
  readonly version: string;
  readonly publishedAt: string;
  readonly kernel: string;
  readonly kernelCompatible: boolean;
  readonly permissions: readonly string[];
  readonly yanked: boolean;
  readonly yankReason: string | null;
}

export interface MarketplaceDetail extends Omit<MarketplaceListing, 'install'> {
  readonly publisherName: string;
  readonly releases: readonly MarketplaceRelease[];
  /** The settings' JSON Schema of the version the tenant runs (of the latest release when not installed). */
  readonly settingsSchema: Record<string, unknown> | null;
  readonly settingsVersion: string;
  readonly install: InstallSummary | InstallView | null;
}

export const installSummary = (install: TenantInstall): InstallSummary => ({
  pluginId: install.pluginId,
  versionRange: install.versionRange,
  version: install.version,
  enabled: install.enabled,
  notice: install.notice,
});

/** The install as the API answers it: never a secret's value, whatever the stored settings hold. */
export function installView(install: TenantInstall, schema: Readonly<Record<string, unknown>> | undefined): InstallView {
  const secrets = [...new Set([...install.secretsSet, ...secretsHeld(schema, install.settings)])];
  return {
    ...installSummary(install),
    settings: withoutSecrets(install.settings, [...secrets, ...secretPaths(schema)]),
    secretsSet: secrets,
  };
}

/**
 * What the marketplace screen shows: the registry's plugins (its search, its listings and
 * releases), each with whether this kernel can run it and the tenant's install.
 */
export class Marketplace {
  readonly #deps: MarketplaceDeps;

  constructor(deps: MarketplaceDeps) {
    this.#deps = deps;
  }

  async search(
    tenantId: string,
    options: { query?: string; cursor?: string; limit: number },
  ): Promise<{ items: MarketplaceListing[]; nextCursor: string | null }> {
    const [page, installs] = await Promise.all([this.#deps.registry.search(options), this.#deps.host.installsOf(tenantId)]);
    return {
      items: page.items.map((listing) => {
        const install = installs.get(listing.id);
        return { ...this.#listing(listing), install: install ? installSummary(install) : null };
      }),
      nextCursor: page.nextCursor,
    };
  }

  async detail(tenantId: string, pluginId: string, canManage: boolean): Promise<MarketplaceDetail> {
    const [plugin, installs] = await Promise.all([this.#deps.registry.plugin(pluginId), this.#deps.host.installsOf(tenantId)]);
    if (!plugin) {
      throw notFound('plugins.unknown', `There is no plugin "${pluginId}" in the registry. GET /api/v1/plugins?q=… searches it.`);
    }
    const install = installs.get(pluginId);
    const settingsVersion = install?.version ?? plugin.latest;
    // The verified package when this kernel has it; otherwise the registry's copy of the manifest.
    const pkg = this.#deps.host.catalog.get(pluginId, settingsVersion);
    const manifest = pkg?.manifest ?? (await this.#deps.registry.release(pluginId, settingsVersion))?.manifest;
    const publisher = await this.#deps.registry.publisher(plugin.publisher);
    const schema = manifest?.settings;
    return {
      ...this.#listing(plugin),
      publisherName: publisher?.displayName ?? plugin.publisher,
      releases: plugin.releases.map((release) => ({
        version: release.version,
        publishedAt: release.publishedAt,
        kernel: release.kernel,
        kernelCompatible: this.#runsOnThisKernel(release.kernel),
        permissions: [...(release.permissions ?? [])],
        yanked: release.yanked,
        yankReason: release.yankReason,
      })),
      settingsSchema: schema ? { ...schema } : null,
      settingsVersion,
      install: install ? (canManage ? installView(install, schema) : installSummary(install)) : null,
    };
  }

  #listing(listing: RegistryListing): Omit<MarketplaceListing, 'install'> {
    return {
      id: listing.id,
      displayName: listing.displayName,
      ...(listing.description ? { description: listing.description } : {}),
      publisher: listing.publisher,
      trustedPublisher: this.#deps.trustedPublishers.has(listing.publisher),
      latest: listing.latest,
      kernel: listing.kernel,
      kernelCompatible: this.#runsOnThisKernel(listing.kernel),
      versions: [...listing.versions],
      provides: [...listing.provides],
      requires: { ...listing.requires },
      permissions: [...listing.permissions],
    };
  }

  #runsOnThisKernel(range: string): boolean {
    return semver.validRange(range) !== null && semver.satisfies(this.#deps.kernelVersion, range);
  }
}
