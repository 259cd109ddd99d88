import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  operatorTokenAuthorizer,
  PluginRegistry,
  REGISTRY_MIGRATIONS,
  REGISTRY_SCHEMA,
  registryRoutes,
  ReleaseFiles,
} from '@kits/registry';
import { integrityOf, packPlugin, signStatement, type PublisherKeyPair } from '@kits/plugin-sdk/release';
import { pino } from 'pino';
import { openDatabase, type Database } from '../../src/db/database.ts';
import { migrateSchema, readMigrations } from '../../src/db/migrations.ts';
import { createHttpApp } from '../../src/http/app.ts';

/**
 * A registry of its own (as `npm run registry` serves it) on a port, for kernels started with
 * REGISTRY_URL — and a registry that can be made to lie: serve other bytes than it released, or
 * rewrite a release's integrity along with its file.
 */
export interface RegistryServer {
  readonly url: string;
  readonly registry: PluginRegistry;
  readonly db: Database;
  register(name: string, keys: PublisherKeyPair): Promise<void>;
  /**
   * Writes a plugin package (a /hello route answering its id and version), packs, signs and publishes it;
   * `manifest` adds to its `kits` manifest (provides, requires).
   */
  publish(
    id: string,
    version: string,
    publisher: string,
    keys: PublisherKeyPair,
    manifest?: Record<string, unknown>,
  ): Promise<{ integrity: string }>;
  /** From now on the tarball of `id@version` is served with a byte flipped. */
  serveTampered(id: string, version: string): void;
  /** Replaces a release's file and its recorded integrity by other bytes (the signature stays). */
  rewriteRelease(id: string, version: string): Promise<void>;
  close(): Promise<void>;
}

export async function startRegistryServer(): Promise<RegistryServer> {
  const log = pino({ level: 'silent' });
  const db = await openDatabase({ databaseUrl: undefined, dataDir: 'memory://' }, [], log);
  await migrateSchema(db, REGISTRY_SCHEMA, readMigrations(REGISTRY_MIGRATIONS), { tenantAccess: false });
  const work = mkdtempSync(join(tmpdir(), 'kits-registry-server-'));
  const files = new ReleaseFiles(join(work, 'files'));
  const registry = new PluginRegistry({ db, files, log });
  const app = await createHttpApp({ bodyLimitBytes: 1024 * 1024 }, log, () => ({}));
  const tampered = new Set<string>();
  app.addHook('onSend', async (request, _reply, payload) => {
    const match = /^\/v1\/plugins\/([^/]+)\/versions\/([^/]+)\/tarball$/.exec(request.url);
    if (!match || !tampered.has(`${match[1]}@${match[2]}`) || !Buffer.isBuffer(payload)) return payload;
    const copy = Buffer.from(payload);
    copy[copy.length - 12]! ^= 0xff;
    return copy;
  });
  await app.register(registryRoutes, { registry, authorizeOperator: operatorTokenAuthorizer('x'.repeat(32)) });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  let made = 0;
  return {
    url,
    registry,
    db,
    async register(name, keys) {
      await registry.registerPublisher({ name, publicKey: keys.publicKey });
    },
    async publish(id, version, publisher, keys, manifest = {}) {
      const dir = join(work, `plugin-${(made += 1)}`);
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      writeFileSync(
        join(dir, 'package.json'),
        JSON.stringify({
          name: `@${publisher}/${id}`,
          version,
          type: 'module',
          kits: { id, displayName: id, kernel: '^1.0.0', server: './server.js', ...manifest },
        }),
      );
      writeFileSync(
        join(dir, 'server.js'),
        // A worker that says when it stops: the test of yanked releases sees a version unloaded.
        `import { definePlugin } from '@kits/plugin-sdk';\nexport default definePlugin({ register({ routes, workers }) {\n` +
          `  routes.get('/hello', { handler: async () => ({ hello: '${id}', version: '${version}' }) });\n` +
          `  workers.run('idle', (context) => new Promise((resolve) => context.signal.addEventListener('abort', () => { context.log.info('${id}@${version} worker stopped'); resolve(); }, { once: true })));\n` +
          `} });\n`,
      );
      const { tarball, integrity } = await packPlugin(dir);
      await registry.publish({ tarball, integrity, publisher, signature: signStatement(keys.privateKeyPem, integrity) });
      return { integrity };
    },
    serveTampered(id, version) {
      tampered.add(`${id}@${version}`);
    },
    async rewriteRelease(id, version) {
      const { bytes } = await registry.tarball(id, version);
      const other = Buffer.concat([bytes, Buffer.alloc(0)]);
      other[other.length - 12]! ^= 0xff;
      const integrity = integrityOf(other);
      files.put(integrity, other);
      await db.query('update registry.releases set integrity = $3 where plugin_id = $1 and version = $2', [id, version, integrity]);
    },
    async close() {
      await app.close();
      await db.close();
      rmSync(work, { recursive: true, force: true });
    },
  };
}
