import { join } from 'node:path';
import { pluginSchemaName } from '@kits/plugin-sdk';
import type { Logger } from 'pino';
import type { Database } from '../db/database.ts';
import { migrateSchema, readMigrations } from '../db/migrations.ts';
import type { PluginCatalog, PluginPackage } from './discovery.ts';
import { grantDeclaredProviders, roleOf } from './plugin-roles.ts';
import { recordSchemaRelease } from './schema-compat.ts';

/**
 * Brings a plugin version's schema up to date when the kernel loads it: its migrations (as its own
 * role), the schema release it needs recorded (schema-compat.ts), and the grants that let the
 * plugins it declares as providers be called without switching roles.
 */
export async function migratePluginSchema(
  deps: { readonly db: Database; readonly catalog: PluginCatalog; readonly log: Logger },
  pkg: PluginPackage,
): Promise<void> {
  const schema = pluginSchemaName(pkg.manifest);
  const applied = await migrateSchema(deps.db, schema, readMigrations(join(pkg.dir, 'migrations')), { role: roleOf(pkg) });
  if (applied.length > 0) deps.log.info({ plugin: pkg.id, version: pkg.version, applied }, 'plugin migrations applied');
  await recordSchemaRelease(deps.db, pkg);
  try {
    await grantDeclaredProviders(deps.db, deps.catalog, pkg);
  } catch (error) {
    // Another process granting at the same moment: its grant stands; services then switch roles.
    deps.log.warn({ err: error, plugin: pkg.id }, 'granting plugin roles failed; cross-plugin calls switch roles instead');
  }
}
