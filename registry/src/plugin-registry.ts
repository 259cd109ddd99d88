import { badRequest, conflict, DomainError, forbidden, notFound } from '@kits/plugin-sdk';
import { integrityOf, isPublicKey, keyIdOf, verifyStatement, yankStatement } from '@kits/plugin-sdk/release';
import type { RegistryDatabase, RegistrySql } from './database.ts';
import { checkRelease } from './release-checks.ts';
import type { ReleaseFiles } from './release-files.ts';
import {
  iso,
  listingOf,
  RELEASE_COLUMNS,
  releaseOf,
  type PluginDetail,
  type PluginListing,
  type Publisher,
  type Release,
  type ReleaseRow,
} from './release-listings.ts';

export interface PublishInput {
  readonly tarball: Buffer;
  /** The integrity the publisher computed; must equal the tarball's. */
  readonly integrity: string;
  readonly publisher: string;
  /** The publisher's ed25519 signature of `integrity`, base64. */
  readonly signature: string;
}

export interface RegistryLog {
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
}

const PUBLISHER_NAME = /^[a-z][a-z0-9-]{1,39}$/;

/**
 * The registry: publishers and their keys, plugin releases (manifest, tarball, integrity,
 * signature), yanking, search. Every check runs before anything is written; a rejected publish
 * stores nothing.
 */
export class PluginRegistry {
  readonly #db: RegistryDatabase;
  readonly #files: ReleaseFiles;
  readonly #log: RegistryLog;
  readonly maxTarballBytes: number;

  constructor(options: { db: RegistryDatabase; files: ReleaseFiles; log: RegistryLog; maxTarballBytes?: number }) {
    this.#db = options.db;
    this.#files = options.files;
    this.#log = options.log;
    this.maxTarballBytes = options.maxTarballBytes ?? 20 * 1024 * 1024;
  }

  async registerPublisher(input: { name: string; displayName?: string; publicKey: string }): Promise<Publisher> {
    if (!PUBLISHER_NAME.test(input.name)) {
      throw badRequest(
        'registry.invalid_publisher_name',
        `"${input.name}" cannot be a publisher name: use 2–40 lower-case letters, digits and dashes, starting with a letter.`,
      );
    }
    if (!isPublicKey(input.publicKey)) {
      throw badRequest(
        'registry.invalid_public_key',
        'publicKey must be an ed25519 key written ed25519:<43 base64url characters>, as `kits-plugin keygen` prints it.',
      );
    }
    const keyId = keyIdOf(input.publicKey);
    const rows = await this.#db.query<{ name: string; display_name: string; created_at: Date }>(
      `insert into registry.publishers (name, display_name, public_key, key_id) values ($1, $2, $3, $4)
       on conflict do nothing returning name, display_name, created_at`,
      [input.name, input.displayName ?? input.name, input.publicKey, keyId],
    );
    if (rows.length === 0) {
      throw conflict('registry.publisher_exists', `A publisher named "${input.name}", or one with this public key, is already registered.`);
    }
    this.#log.info({ publisher: input.name, keyId }, 'publisher registered');
    return { name: input.name, displayName: rows[0]!.display_name, publicKey: input.publicKey, keyId, createdAt: iso(rows[0]!.created_at) };
  }

  async publisher(name: string): Promise<Publisher | undefined> {
    const [row] = await this.#db.query<{ name: string; display_name: string; public_key: string; key_id: string; created_at: Date }>(
      'select name, display_name, public_key, key_id, created_at from registry.publishers where name = $1',
      [name],
    );
    return (
      row && { name: row.name, displayName: row.display_name, publicKey: row.public_key, keyId: row.key_id, createdAt: iso(row.created_at) }
    );
  }

  /**
   * Publishes a release after checking, in order: size, the declared integrity against the
   * tarball, the tarball's shape, the manifest, the publisher and its signature, who owns the
   * plugin id, and that the version is new. `seeding` (the embedded registry seeded from a working
   * tree, never over HTTP) takes an identical release as done, and lets the same publisher replace
   * a version whose files changed without a version bump.
   */
  async publish(input: PublishInput, options: { seeding?: boolean } = {}): Promise<{ release: Release; created: boolean }> {
    const { integrity, manifest, version, packageName } = await checkRelease(input, this.maxTarballBytes);
    const publisher = await this.publisher(input.publisher);
    if (!publisher) {
      throw forbidden(
        'registry.unknown_publisher',
        `There is no publisher "${input.publisher}" here. Ask the registry's operator to register your public key first.`,
      );
    }
    if (!verifyStatement(publisher.publicKey, integrity, input.signature)) {
      throw forbidden(
        'registry.bad_signature',
        `Kits-Signature is not ${publisher.name}'s signature of the tarball's integrity: sign it with the private key whose public key is registered (kits-plugin publish does).`,
      );
    }

    return this.#db
      .transaction({}, async (tx) => {
        // Serialises publishes of one plugin id (two publishers racing for a new id, or one version twice).
        await tx.query(`select pg_advisory_xact_lock(hashtext('kits.registry.' || $1))`, [manifest.id]);
        const [owner] = await tx.query<{ publisher: string }>('select publisher from registry.plugins where plugin_id = $1', [manifest.id]);
        if (owner && owner.publisher !== publisher.name) {
          throw forbidden(
            'registry.not_owner',
            `The plugin id "${manifest.id}" belongs to the publisher "${owner.publisher}"; choose another id.`,
          );
        }
        const [existing] = await this.#releaseRows(tx, manifest.id, version);
        if (existing) {
          if (!options.seeding) {
            throw conflict(
              'registry.version_exists',
              `${manifest.id}@${version} is already published. Releases never change: bump the version in package.json and publish again.`,
            );
          }
          if (existing.integrity === integrity) return { release: releaseOf(existing), created: false };
        }
        if (!owner) await tx.query('insert into registry.plugins (plugin_id, publisher) values ($1, $2)', [manifest.id, publisher.name]);
        const values = [
          manifest.id,
          version,
          packageName,
          JSON.stringify(manifest),
          integrity,
          input.signature,
          publisher.keyId,
          input.tarball.length,
        ];
        if (existing) {
          await tx.query(
            `update registry.releases set package_name = $3, manifest = $4, integrity = $5, signature = $6, key_id = $7, size_bytes = $8,
             published_at = now(), yanked_at = null, yank_reason = null
           where plugin_id = $1 and version = $2`,
            values,
          );
          this.#log.warn(
            { plugin: manifest.id, version, was: existing.integrity, now: integrity },
            'release replaced by its working tree (embedded registry)',
          );
        } else {
          await tx.query(
            `insert into registry.releases (plugin_id, version, package_name, manifest, integrity, signature, key_id, size_bytes)
           values ($1, $2, $3, $4, $5, $6, $7, $8)`,
            values,
          );
        }
        // Inside the transaction: a file that cannot be written rolls the release back.
        this.#files.put(integrity, input.tarball);
        const [row] = await this.#releaseRows(tx, manifest.id, version);
        return { release: releaseOf(row!), created: true };
      })
      .then(({ release, created }) => {
        if (created)
          this.#log.info({ plugin: release.pluginId, version: release.version, publisher: release.publisher }, 'release published');
        return { release, created };
      });
  }

  /** Yanks a release: kernels refuse to install it; it stays listed as yanked. Idempotent. */
  async yank(
    pluginId: string,
    version: string,
    reason: string,
    authority: { readonly operator: true } | { readonly signature: string },
  ): Promise<Release> {
    const [row] = await this.#releaseRows(this.#db, pluginId, version);
    if (!row) throw notFound('registry.release_not_found', `There is no release ${pluginId}@${version}.`);
    if (!('operator' in authority)) {
      const publisher = (await this.publisher(row.publisher))!;
      if (!verifyStatement(publisher.publicKey, yankStatement(pluginId, version), authority.signature)) {
        throw forbidden(
          'registry.bad_signature',
          `Kits-Signature is not ${publisher.name}'s signature of "${yankStatement(pluginId, version)}" (kits-plugin yank signs it).`,
        );
      }
    }
    if (row.yanked_at !== null) return releaseOf(row);
    await this.#db.query('update registry.releases set yanked_at = now(), yank_reason = $3 where plugin_id = $1 and version = $2', [
      pluginId,
      version,
      reason,
    ]);
    this.#log.warn({ plugin: pluginId, version, reason }, 'release yanked');
    return (await this.release(pluginId, version))!;
  }

  async release(pluginId: string, version: string): Promise<Release | undefined> {
    const [row] = await this.#releaseRows(this.#db, pluginId, version);
    return row && releaseOf(row);
  }

  async plugin(pluginId: string): Promise<PluginDetail | undefined> {
    const rows = await this.#releaseRows(this.#db, pluginId);
    return rows.length === 0 ? undefined : listingOf(rows);
  }

  /** The release's tarball, checked against its integrity as it is read from disk. */
  async tarball(pluginId: string, version: string): Promise<{ release: Release; bytes: Buffer }> {
    const release = await this.release(pluginId, version);
    if (!release) throw notFound('registry.release_not_found', `There is no release ${pluginId}@${version}.`);
    const bytes = this.#files.read(release.integrity);
    if (!bytes || integrityOf(bytes) !== release.integrity) {
      throw new DomainError(
        'registry.file_missing',
        503,
        `The file of ${pluginId}@${version} is missing or damaged on this registry's storage; its operator must restore it.`,
      );
    }
    return { release, bytes };
  }

  /**
   * Plugins whose id, display name or description contains `query` (every plugin without one),
   * ordered by id; `after` is the last id of the previous page.
   */
  async search(options: { query?: string; after?: string; limit: number }): Promise<{ items: PluginListing[]; nextCursor: string | null }> {
    const pattern = options.query ? `%${options.query.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
    const ids = await this.#db.query<{ plugin_id: string }>(
      `select p.plugin_id from registry.plugins p
        where ($1::text is null or p.plugin_id > $1)
          and ($2::text is null or exists (
                select 1 from registry.releases r
                 where r.plugin_id = p.plugin_id
                   and (r.plugin_id ilike $2 or r.manifest->>'displayName' ilike $2 or r.manifest->>'description' ilike $2)))
        order by p.plugin_id limit $3`,
      [options.after ?? null, pattern, options.limit + 1],
    );
    const page = ids.slice(0, options.limit).map((row) => row.plugin_id);
    if (page.length === 0) return { items: [], nextCursor: null };
    const rows = await this.#db.query<ReleaseRow>(
      `select ${RELEASE_COLUMNS} from registry.releases r join registry.plugins p using (plugin_id) where r.plugin_id = any($1::text[])`,
      [page],
    );
    const items = page.map((id) => {
      const listing: { -readonly [Key in keyof PluginDetail]?: PluginDetail[Key] } = listingOf(rows.filter((row) => row.plugin_id === id));
      delete listing.releases;
      return listing as PluginListing;
    });
    return { items, nextCursor: ids.length > options.limit ? page.at(-1)! : null };
  }

  #releaseRows(sql: RegistrySql, pluginId: string, version?: string): Promise<ReleaseRow[]> {
    return sql.query<ReleaseRow>(
      `select ${RELEASE_COLUMNS} from registry.releases r join registry.plugins p using (plugin_id)
        where r.plugin_id = $1 and ($2::text is null or r.version = $2)`,
      [pluginId, version ?? null],
    );
  }
}
