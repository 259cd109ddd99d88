import { createHash, randomUUID } from 'node:crypto';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pluginSchemaName } from '@kits/plugin-sdk';
import { withPostgresAdmin } from '@kits/plugin-sdk/test-kit';
import { REGISTRY_MIGRATIONS, REGISTRY_SCHEMA } from '@kits/registry';
import pino from 'pino';
import { openDatabase, type Database } from '../db/database.ts';
import { migrateSchema, readMigrations, type MigrateOptions } from '../db/migrations.ts';
import type { PluginPackage } from '../plugins/discovery.ts';
import { roleOf } from '../plugins/plugin-roles.ts';

/**
 * Databases that test kernels start from with every migration a kernel would run at its start
 * already applied: the kernel's, the embedded registry's and those of the plugins under test, in
 * the order the kernel applies them. A kernel started on one runs `migrateSchema` as on any
 * restart — each migration is found applied (its checksum checked), the roles and grants are set
 * again — and goes on from there, so what a test sees is what a restarted kernel sees. Migrating
 * from scratch costs 2–11 s a kernel on a busy machine (PGlite runs its SQL in WASM); copying a
 * template costs a fraction of a second.
 *
 * A template is named by a hash of what it holds (the migration files, the plugins' schemas and
 * roles), so an edited or added migration makes a new one. `npm test` removes every template
 * before it starts (testing/prerequisites/remove-stale-templates.ts, which knows the names below), so
 * a change elsewhere (migrateSchema itself) never runs against a stale one in CI.
 */

const KERNEL_MIGRATIONS = fileURLToPath(new URL('../../migrations', import.meta.url));
const TEMPLATE_FOLDER = join(tmpdir(), 'kits-pglite-templates');
const TEMPLATE_FILE_PREFIX = 'migrated-';
const POSTGRES_TEMPLATE_PREFIX = 'kits_tpl_';

interface SchemaStep {
  readonly schema: string;
  readonly folder: string;
  readonly options: MigrateOptions;
}

/**
 * The schemas a kernel with these plugins migrates at its start, in its order. A schema that two
 * versions of one plugin share is left to the kernel: which of their migrations run depends on the
 * versions tenants pin, which a test is about.
 */
function stepsFor(packages: readonly PluginPackage[]): SchemaStep[] {
  const schemaOf = (pkg: PluginPackage) => pluginSchemaName(pkg.manifest);
  const alone = packages.filter((pkg) => packages.filter((other) => schemaOf(other) === schemaOf(pkg)).length === 1);
  return [
    { schema: 'kernel', folder: KERNEL_MIGRATIONS, options: {} },
    { schema: REGISTRY_SCHEMA, folder: REGISTRY_MIGRATIONS, options: { tenantAccess: false } },
    ...alone.map((pkg) => ({ schema: schemaOf(pkg), folder: join(pkg.dir, 'migrations'), options: { role: roleOf(pkg) } })),
  ];
}

/** A hash of everything the template holds: each step's schema, options and migration files. */
function templateKey(steps: readonly SchemaStep[], engine: string): string {
  const hash = createHash('sha256').update(engine);
  for (const step of steps) {
    hash.update(`\0${step.schema}\0${JSON.stringify(step.options)}`);
    for (const migration of readMigrations(step.folder)) hash.update(`\0${migration.name}\0${migration.sql}`);
  }
  return hash.digest('hex').slice(0, 24);
}

async function migrateAll(db: Database, steps: readonly SchemaStep[]): Promise<void> {
  for (const step of steps) await migrateSchema(db, step.schema, readMigrations(step.folder), step.options);
}

const silent = pino({ level: 'silent' });

/** How long a process waits for another to make a template before making it itself. */
const BUILD_WAIT_MS = 180_000;

/**
 * A PGlite data folder (`dumpDataDir()` tarball) with the migrations of a kernel with these plugins
 * applied. Kept in the temporary folder for every test process of the run; made once, by the
 * process that creates its lock file (the others wait for the file; a lock older than
 * BUILD_WAIT_MS is a process that died and is taken over).
 */
export async function embeddedMigratedTemplate(packages: readonly PluginPackage[]): Promise<Blob> {
  const steps = stepsFor(packages);
  const file = join(TEMPLATE_FOLDER, `${TEMPLATE_FILE_PREFIX}${templateKey(steps, `pglite ${pgliteVersion()}`)}.tar`);
  const lock = `${file}.lock`;
  mkdirSync(TEMPLATE_FOLDER, { recursive: true });
  for (;;) {
    try {
      return new Blob([readFileSync(file)]);
    } catch {
      // Not made yet.
    }
    try {
      closeSync(openSync(lock, 'wx'));
      break;
    } catch {
      // Another process makes it: wait, unless its lock is stale.
      const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > BUILD_WAIT_MS) rmSync(lock, { force: true });
      else await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  try {
    // Made by another process between the look above and the lock.
    return new Blob([readFileSync(file)]);
  } catch {
    // Still not made: made here.
  }
  try {
    return await buildEmbeddedTemplate(steps, file);
  } finally {
    rmSync(lock, { force: true });
  }
}

async function buildEmbeddedTemplate(steps: readonly SchemaStep[], file: string): Promise<Blob> {
  const folder = mkdtempSync(join(tmpdir(), 'kits-template-'));
  try {
    const db = await openDatabase({ databaseUrl: undefined, dataDir: folder }, [], silent);
    try {
      await migrateAll(db, steps);
    } finally {
      await db.close();
    }
    const { PGlite } = await import('@electric-sql/pglite');
    const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
    const migrated = await PGlite.create({ dataDir: join(folder, 'pglite'), extensions: { pg_trgm } });
    let tarball: Blob;
    try {
      tarball = await migrated.dumpDataDir('none');
    } finally {
      await migrated.close();
    }
    const partial = `${file}.${randomUUID()}.partial`;
    writeFileSync(partial, Buffer.from(await tarball.arrayBuffer()));
    try {
      renameSync(partial, file);
    } finally {
      rmSync(partial, { force: true });
    }
    return tarball;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/**
 * The name of a PostgreSQL database on the admin URL's server with the migrations of a kernel with
 * these plugins applied, for `create database … template`. Made once under an advisory lock (the
 * other test processes wait for it), under a temporary name renamed when complete.
 */
export async function postgresMigratedTemplate(packages: readonly PluginPackage[], adminUrl: string): Promise<string> {
  const steps = stepsFor(packages);
  const name = `${POSTGRES_TEMPLATE_PREFIX}${templateKey(steps, 'postgres')}`;
  return withPostgresAdmin(adminUrl, async (admin) => {
    await admin.query('select pg_advisory_lock(hashtext($1))', [name]);
    try {
      const exists = await admin.query('select 1 from pg_database where datname = $1', [name]);
      if (exists.rowCount) return name;
      const building = `${name}_building`;
      await admin.query(`drop database if exists ${building} with (force)`);
      await admin.query(`create database ${building}`);
      const url = new URL(adminUrl);
      url.pathname = `/${building}`;
      const db = await openDatabase({ databaseUrl: url.toString(), dataDir: 'memory://' }, [], silent, { maxConnections: 2 });
      try {
        await migrateAll(db, steps);
      } finally {
        await db.close();
      }
      await admin.query(`alter database ${building} rename to ${name}`);
      return name;
    } finally {
      await admin.query('select pg_advisory_unlock(hashtext($1))', [name]);
    }
  });
}

/** The installed PGlite's version (its package.json is not among its exports: found from its entry). */
function pgliteVersion(): string {
  const entry = fileURLToPath(import.meta.resolve('@electric-sql/pglite'));
  const marker = `${join('@electric-sql', 'pglite')}/`;
  const root = entry.slice(0, entry.lastIndexOf(marker) + marker.length);
  return (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
}
