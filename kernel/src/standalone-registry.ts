// `npm run registry`: the registry as a service of its own, on PostgreSQL (DATABASE_URL) or PGlite.
// It lives with the kernel because it runs on the kernel's database layer and HTTP host: the
// registry package itself depends on the SDK only, and the kernel embeds it.
import {
  loadRegistryConfig,
  operatorTokenAuthorizer,
  PluginRegistry,
  REGISTRY_MIGRATIONS,
  REGISTRY_SCHEMA,
  RegistryConfigError,
  registryRoutes,
  ReleaseFiles,
} from '@kits/registry';
import { pino } from 'pino';
import { openDatabase } from './db/database.ts';
import { migrateSchema, readMigrations } from './db/migrations.ts';
import { createHttpApp } from './http/app.ts';

let config;
try {
  config = loadRegistryConfig();
} catch (error) {
  if (!(error instanceof RegistryConfigError)) throw error;
  process.stderr.write(`KiTS registry cannot start — ${error.message}\n`);
  process.exit(1);
}
const log = pino({ level: config.logLevel, base: { service: 'kits-registry' } });
const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }, [], log);
await migrateSchema(db, REGISTRY_SCHEMA, readMigrations(REGISTRY_MIGRATIONS), { tenantAccess: false });
const registry = new PluginRegistry({ db, files: new ReleaseFiles(config.filesDir), log, maxTarballBytes: config.maxTarballBytes });
const app = await createHttpApp({ bodyLimitBytes: 1024 * 1024 }, log, () => ({}), {
  title: 'KiTS plugin registry',
  description: 'Publishers, plugin releases (signed tarballs), yanking, search and downloads.',
});
app.get('/healthz', async () => ({ status: 'ok' }));
await app.register(registryRoutes, { registry, authorizeOperator: operatorTokenAuthorizer(config.operatorToken) });
const url = await app.listen({ host: config.host, port: config.port }).catch(async (error: NodeJS.ErrnoException) => {
  const at = `${config.host}:${config.port}`;
  const line =
    error.code === 'EADDRINUSE'
      ? `PORT: ${at} is in use by another program: stop it, or set PORT to a free port (PORT=0 picks one)`
      : `HOST, PORT: cannot listen on ${at} (${error.code ?? error.message}): use an address of this machine and a free port above 1023`;
  process.stderr.write(`KiTS registry cannot start — ${line}\n`);
  await db.close();
  process.exit(1);
});
process.stdout.write(
  [
    '',
    `KiTS plugin registry at ${url}  (${config.databaseUrl ? 'PostgreSQL' : `PGlite in ${config.dataDir}`}; files in ${config.filesDir})`,
    `  API docs        ${url}/docs`,
    `  search          ${url}/v1/plugins?q=…`,
    config.operatorTokenGenerated
      ? `  operator token  ${config.operatorToken}  (kept in ${config.dataDir}/operator-token; register publishers with it)`
      : '  operator token  from REGISTRY_OPERATOR_TOKEN',
    '',
  ].join('\n'),
);
const stop = async () => {
  await app.close();
  await db.close();
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
