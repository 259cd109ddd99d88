import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createScratchPostgres, type ScratchDatabase } from '@kits/plugin-sdk/test-kit';
import { integrityOf, packPlugin, signStatement, type PackedPlugin, type PublisherKeyPair } from '@kits/plugin-sdk/release';
import type { FastifyInstance } from 'fastify';
import { create } from 'tar';
import { pino } from 'pino';
import {
  operatorTokenAuthorizer,
  PluginRegistry,
  REGISTRY_MIGRATIONS,
  REGISTRY_SCHEMA,
  registryRoutes,
  ReleaseFiles,
} from '@kits/registry';
import { openDatabase, type Database } from '../../src/db/database.ts';
import { migrateSchema, readMigrations } from '../../src/db/migrations.ts';
import { createHttpApp } from '../../src/http/app.ts';

export const DATABASE_KINDS = ['pglite', 'postgres'] as const;

export interface RegistryHarness {
  readonly app: FastifyInstance;
  readonly db: Database;
  readonly registry: PluginRegistry;
  readonly filesDir: string;
  readonly operatorToken: string;
  /** Every row of the registry's tables and every stored file: what "nothing was written" compares. */
  snapshot(): Promise<unknown>;
  close(): Promise<void>;
}

/** A standalone registry (the same wiring as `npm run registry`, kernel/src/standalone-registry.ts) on PGlite or a scratch PostgreSQL database. */
export async function startRegistry(kind: (typeof DATABASE_KINDS)[number]): Promise<RegistryHarness> {
  const log = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  let scratch: ScratchDatabase | undefined;
  if (kind === 'postgres') scratch = await createScratchPostgres();
  const db = await openDatabase({ databaseUrl: scratch?.url, dataDir: 'memory://' }, [], log);
  await migrateSchema(db, REGISTRY_SCHEMA, readMigrations(REGISTRY_MIGRATIONS), { tenantAccess: false });
  const filesDir = mkdtempSync(join(tmpdir(), 'kits-registry-files-'));
  const registry = new PluginRegistry({ db, files: new ReleaseFiles(filesDir), log, maxTarballBytes: 64 * 1024 });
  const operatorToken = randomBytes(32).toString('base64url');
  const app = await createHttpApp({ bodyLimitBytes: 1024 * 1024 }, log, () => ({}));
  await app.register(registryRoutes, { registry, authorizeOperator: operatorTokenAuthorizer(operatorToken) });
  await app.ready();
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? files(join(dir, name)) : [join(dir, name)]));
  return {
    app,
    db,
    registry,
    filesDir,
    operatorToken,
    async snapshot() {
      return {
        publishers: await db.query('select * from registry.publishers order by name'),
        plugins: await db.query('select * from registry.plugins order by plugin_id'),
        releases: await db.query('select * from registry.releases order by plugin_id, version'),
        files: files(filesDir).sort(),
      };
    },
    async close() {
      await app.close();
      await db.close();
      await scratch?.drop();
      rmSync(filesDir, { recursive: true, force: true });
    },
  };
}

export interface PluginSource {
  readonly id: string;
  readonly version?: string;
  readonly displayName?: string;
  readonly description?: string;
  readonly permissions?: readonly string[];
  /** Replaces the whole manifest (to publish a broken one). */
  readonly manifest?: unknown;
  readonly server?: string;
}

/** Writes a small plugin package into a new folder under `root` and returns the folder. */
export function writePlugin(root: string, source: PluginSource): string {
  const dir = join(root, `${source.id}-${source.version ?? '1.0.0'}-${randomBytes(3).toString('hex')}`);
  mkdirSync(dir, { recursive: true });
  const manifest = source.manifest ?? {
    id: source.id,
    displayName: source.displayName ?? source.id,
    ...(source.description ? { description: source.description } : {}),
    kernel: '^1.0.0',
    permissions: source.permissions ?? [],
    server: './server.js',
  };
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: `@acme/${source.id}`, version: source.version ?? '1.0.0', type: 'module', kits: manifest }, null, 2),
  );
  writeFileSync(
    join(dir, 'server.js'),
    source.server ??
      `import { definePlugin } from '@kits/plugin-sdk';\nexport default definePlugin({ register({ routes }) { routes.get('/hello', { handler: async () => ({ hello: '${source.id}' }) }); } });\n`,
  );
  return dir;
}

export async function pack(dir: string): Promise<PackedPlugin> {
  return packPlugin(dir);
}

/** A tarball of the folder made without the SDK's checks (a broken manifest reaches the registry). */
export async function rawTarball(dir: string, prefix = 'package'): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of create({ cwd: dir, gzip: true, portable: true, prefix }, readdirSync(dir))) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The headers `kits-plugin publish` sends. */
export function signedHeaders(tarball: Buffer, publisher: string, keys: PublisherKeyPair): Record<string, string> {
  const integrity = integrityOf(tarball);
  return {
    'content-type': 'application/gzip',
    'kits-publisher': publisher,
    'kits-integrity': integrity,
    'kits-signature': signStatement(keys.privateKeyPem, integrity),
  };
}
