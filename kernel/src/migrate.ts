// `node --conditions=@kits/source kernel/src/migrate.ts`: brings the database up to date and exits —
// the kernel's schema, the embedded registry's (without REGISTRY_URL), and the schema of every
// plugin version a tenant has enabled. Deployments run it once per release, before new kernels
// start (the Helm chart's pre-install/pre-upgrade Job, the compose file's `migrate` service), so a
// rollout's kernels find their schema ready instead of queueing on the migration lock. Kernels
// still migrate at start as before: this adds an entry, it changes nothing they do.
import { fileURLToPath } from 'node:url';
import { REGISTRY_MIGRATIONS, REGISTRY_SCHEMA } from '@kits/registry';
import { loadConfig, type KernelConfig } from './config/config.ts';
import { openDatabase, untilDatabaseAnswers, type Database } from './db/database.ts';
import { migrateSchema, readMigrations } from './db/migrations.ts';
import { createLogger } from './logger.ts';
import { discoverPlugins, PluginCatalog, type PluginPackage } from './plugins/discovery.ts';
import { PluginInstaller } from './plugins/plugin-installer.ts';
import { migratePluginSchema } from './plugins/plugin-schema-migration.ts';
import { httpTransport, RegistryClient } from './plugins/registry-client.ts';
import { startFailureLine } from './start-failure.ts';

const KERNEL_MIGRATIONS = fileURLToPath(new URL('../migrations', import.meta.url));

/**
 * Where an enabled plugin version's files come from: the registry (REGISTRY_URL), verified like
 * any install; or, on the embedded registry, the kernel's own plugin folders it publishes from.
 */
function pluginSource(config: KernelConfig, catalog: PluginCatalog, log: ReturnType<typeof createLogger>) {
  if (!config.registryUrl) {
    for (const pkg of discoverPlugins(config.pluginDirs)) catalog.add(pkg);
    return async (id: string, version: string): Promise<PluginPackage | undefined> => catalog.get(id, version);
  }
  const installer = new PluginInstaller({
    client: new RegistryClient(httpTransport(config.registryUrl)),
    trusted: config.trustedPublishers,
    cacheDir: config.pluginCacheDir,
    catalog,
    log,
  });
  return (id: string, version: string): Promise<PluginPackage | undefined> => installer.install(id, version);
}

async function migrateEverything(config: KernelConfig, db: Database, log: ReturnType<typeof createLogger>): Promise<void> {
  await untilDatabaseAnswers(db, log, config.databaseWaitSeconds * 1000);
  const kernel = await migrateSchema(db, 'kernel', readMigrations(KERNEL_MIGRATIONS));
  log.info({ schema: 'kernel', applied: kernel }, 'kernel migrations done');
  if (!config.registryUrl) await migrateSchema(db, REGISTRY_SCHEMA, readMigrations(REGISTRY_MIGRATIONS), { tenantAccess: false });
  const catalog = new PluginCatalog();
  const packageOf = pluginSource(config, catalog, log);
  const enabled = await db.query<{ plugin_id: string; resolved_version: string }>(
    'select distinct plugin_id, resolved_version from kernel.plugin_installs where enabled order by 1, 2',
  );
  const migrated: string[] = [];
  for (const { plugin_id: id, resolved_version: version } of enabled) {
    const pkg = await packageOf(id, version).catch((error: unknown) => error as Error);
    // As at kernel start: one release that cannot be installed (yanked, untrusted) does not hold up the others.
    if (!pkg || pkg instanceof Error) {
      log.error(
        { err: pkg, plugin: id, version },
        'a tenant has a plugin version enabled that cannot be installed; its schema was not migrated',
      );
      continue;
    }
    await migratePluginSchema({ db, catalog, log }, pkg);
    migrated.push(`${id}@${version}`);
  }
  log.info({ plugins: migrated }, 'plugin migrations done');
}

let config: KernelConfig | undefined;
let db: Database | undefined;
try {
  config = loadConfig();
  const log = createLogger(config);
  db = await openDatabase(config, [], log, { maxConnections: 2 });
  await migrateEverything(config, db, log);
  await db.close();
  process.exit(0);
} catch (error) {
  process.stderr.write(`KiTS migrations failed — ${startFailureLine(error, config)}\n`);
  await db?.close().catch(() => undefined);
  process.exit(1);
}
