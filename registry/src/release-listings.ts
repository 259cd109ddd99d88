import type { PluginManifest } from '@kits/plugin-sdk';
import semver from 'semver';

// What the registry answers about publishers, releases and plugins, and how its rows become them.

export interface Publisher {
  readonly name: string;
  readonly displayName: string;
  readonly publicKey: string;
  readonly keyId: string;
  readonly createdAt: string;
}

export interface ReleaseSummary {
  readonly version: string;
  readonly integrity: string;
  readonly signature: string;
  readonly keyId: string;
  readonly sizeBytes: number;
  readonly publishedAt: string;
  readonly kernel: string;
  /** The permissions this release asks for. */
  readonly permissions: readonly string[];
  readonly yanked: boolean;
  readonly yankedAt: string | null;
  readonly yankReason: string | null;
}

export interface Release extends ReleaseSummary {
  readonly pluginId: string;
  readonly publisher: string;
  readonly packageName: string;
  readonly manifest: PluginManifest;
}

/** What the marketplace shows of a plugin: taken from its newest release that is not yanked. */
export interface PluginListing {
  readonly id: string;
  readonly publisher: string;
  readonly displayName: string;
  readonly description: string | null;
  readonly latest: string;
  readonly kernel: string;
  readonly permissions: readonly string[];
  readonly provides: readonly string[];
  readonly requires: Readonly<Record<string, string>>;
  /** Versions that can be installed, newest first. */
  readonly versions: readonly string[];
  readonly yankedVersions: readonly string[];
}

export interface PluginDetail extends PluginListing {
  readonly releases: readonly ReleaseSummary[];
}

/** A release as `RELEASE_COLUMNS` reads it: the release joined with its plugin's publisher. */
export interface ReleaseRow {
  plugin_id: string;
  version: string;
  package_name: string;
  manifest: PluginManifest;
  integrity: string;
  signature: string;
  key_id: string;
  size_bytes: number;
  published_at: Date | string;
  yanked_at: Date | string | null;
  yank_reason: string | null;
  publisher: string;
}

export const iso = (value: Date | string) => new Date(value).toISOString();
export const RELEASE_COLUMNS = `r.plugin_id, r.version, r.package_name, r.manifest, r.integrity, r.signature, r.key_id, r.size_bytes,
  r.published_at, r.yanked_at, r.yank_reason, p.publisher`;

export function summaryOf(row: ReleaseRow): ReleaseSummary {
  return {
    version: row.version,
    integrity: row.integrity,
    signature: row.signature,
    keyId: row.key_id,
    sizeBytes: row.size_bytes,
    publishedAt: iso(row.published_at),
    kernel: row.manifest.kernel,
    permissions: [...(row.manifest.permissions ?? [])],
    yanked: row.yanked_at !== null,
    yankedAt: row.yanked_at === null ? null : iso(row.yanked_at),
    yankReason: row.yank_reason,
  };
}

export function releaseOf(row: ReleaseRow): Release {
  return { ...summaryOf(row), pluginId: row.plugin_id, publisher: row.publisher, packageName: row.package_name, manifest: row.manifest };
}

/** One plugin's releases (any order) → its listing. */
export function listingOf(rows: readonly ReleaseRow[]): PluginDetail {
  const sorted = [...rows].sort((a, b) => semver.rcompare(a.version, b.version));
  const available = sorted.filter((row) => row.yanked_at === null);
  const shown = available[0] ?? sorted[0]!;
  const manifest = shown.manifest;
  return {
    id: shown.plugin_id,
    publisher: shown.publisher,
    displayName: manifest.displayName,
    description: manifest.description ?? null,
    latest: shown.version,
    kernel: manifest.kernel,
    permissions: [...(manifest.permissions ?? [])],
    provides: [...(manifest.provides ?? [])],
    requires: { ...(manifest.requires ?? {}) },
    versions: available.map((row) => row.version),
    yankedVersions: sorted.filter((row) => row.yanked_at !== null).map((row) => row.version),
    releases: sorted.map(summaryOf),
  };
}
