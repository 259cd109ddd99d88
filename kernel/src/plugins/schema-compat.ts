import { conflict, pluginSchemaName } from '@kits/plugin-sdk';
import semver from 'semver';
import type { Sql } from '../db/database.ts';
import type { PluginPackage } from './discovery.ts';

/** The release that last migrated a plugin's schema, and the code versions that schema works with. */
export interface SchemaRelease {
  readonly version: string;
  readonly schemaCompat: string | undefined;
}

/** The release recorded as having last migrated `pkg`'s schema; undefined before any did. */
export async function migratedSchemaRelease(sql: Sql, pkg: PluginPackage): Promise<SchemaRelease | undefined> {
  const [row] = await sql.query<{ version: string; schema_compat: string | null }>(
    'select version, schema_compat from kernel.plugin_schemas where schema_name = $1',
    [pluginSchemaName(pkg.manifest)],
  );
  return row ? { version: row.version, schemaCompat: row.schema_compat ?? undefined } : undefined;
}

/**
 * Records that `pkg` migrated its schema, when it is newer than the release recorded (migrations
 * never go back: an older release running them applies nothing new).
 */
export async function recordSchemaRelease(sql: Sql, pkg: PluginPackage): Promise<void> {
  const recorded = await migratedSchemaRelease(sql, pkg);
  if (recorded && !semver.gt(pkg.version, recorded.version)) return;
  await sql.query(
    `insert into kernel.plugin_schemas (schema_name, plugin_id, version, schema_compat) values ($1, $2, $3, $4)
     on conflict (schema_name) do update
       set plugin_id = excluded.plugin_id, version = excluded.version, schema_compat = excluded.schema_compat, migrated_at = now()
       where kernel.plugin_schemas.version = $5`,
    [pluginSchemaName(pkg.manifest), pkg.id, pkg.version, pkg.manifest.schemaCompat ?? null, recorded?.version ?? null],
  );
}

/**
 * Refuses (409 `plugins.schema_incompatible`) a tenant's move to `pkg` that would break: `pkg`
 * older than what the migrated schema works with, or `pkg` migrating the schema past a version
 * other tenants run (`others`: the versions other tenants have enabled). DESIGN.md section 4:
 * schema evolution is expand/contract, and `schemaCompat` names the oldest code that still works.
 */
export function assertSchemaCompatible(pkg: PluginPackage, migrated: SchemaRelease | undefined, others: readonly string[]): void {
  const after: SchemaRelease =
    !migrated || semver.gt(pkg.version, migrated.version) ? { version: pkg.version, schemaCompat: pkg.manifest.schemaCompat } : migrated;
  if (!after.schemaCompat) return;
  if (!semver.satisfies(pkg.version, after.schemaCompat)) {
    throw conflict(
      'plugins.schema_incompatible',
      `${pkg.id}'s database schema was migrated by ${after.version}, which works with versions ${after.schemaCompat} only; ${pkg.version} would break on it. Choose a version matching ${after.schemaCompat}.`,
      { schemaVersion: after.version, schemaCompat: after.schemaCompat },
    );
  }
  const breaking = [...new Set(others.filter((version) => !semver.satisfies(version, after.schemaCompat!)))].sort(semver.compare);
  if (breaking.length > 0) {
    throw conflict(
      'plugins.schema_incompatible',
      `${pkg.id}@${pkg.version} migrates its database schema to one that works with versions ${after.schemaCompat} only, and other tenants run ${breaking.join(', ')}; they would break. An operator moves them to a version matching ${after.schemaCompat} first.`,
      { schemaVersion: after.version, schemaCompat: after.schemaCompat, breaking },
    );
  }
}
