import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { BENCH_POSTGRES_URL } from '../postgres-url.ts';
import type { ReportsScale } from './scale.ts';

/**
 * The reports bench's own database, one per scale (a quick small run leaves the full one alone):
 * kept between runs, because generating 2 years of history is slow.
 */
export const databaseName = (scale: ReportsScale['name']): string => `kits_bench_reports_${scale}`;

/** What changes the generated data: a database made under another value is generated again. */
export const GENERATOR_VERSION = 2;

/** The bench database's URL: the bench server's, another database. */
export function benchDatabaseUrl(scale: ReportsScale['name']): string {
  const url = new URL(BENCH_POSTGRES_URL);
  url.pathname = `/${databaseName(scale)}`;
  return url.toString();
}

/**
 * What the bench database holds, written when its history was generated (table
 * bench_reports.marker): a run with BENCH_REPORTS_REUSE=1 uses the database again only when this
 * matches what it would generate now.
 */
export interface BenchMarker {
  readonly scale: ReportsScale['name'];
  readonly seed: number;
  readonly generatorVersion: number;
  /** Of the plugins' migrations (reports, core-inventory, core-sales): a changed schema needs a new database. */
  readonly schemaHash: string;
  /** How the shop was set up (tenants, stores, tills, staff, catalog): bench/src/reports/shop-setup.ts. */
  readonly shops: unknown;
  /** Sales that arrived before this instant are generated (a reuse generates those since). */
  readonly generatedThrough: string;
  /** How long generating took, in seconds, per part. */
  readonly took: Readonly<Record<string, number>>;
}

const SCHEMA_PLUGINS = ['core-inventory', 'core-sales', 'reports'] as const;

/** Each plugin's migrations, in name order, with their text. */
function migrationsOf(): ReadonlyArray<ReadonlyArray<{ readonly name: string; readonly text: Buffer }>> {
  return SCHEMA_PLUGINS.map((plugin) => {
    const folder = fileURLToPath(new URL(`../../../plugins/${plugin}/migrations/`, import.meta.url));
    return readdirSync(folder)
      .sort()
      .map((file) => ({ name: `${plugin}/${file}`, text: readFileSync(`${folder}${file}`) }));
  });
}

const hashOf = (migrations: ReadonlyArray<ReadonlyArray<{ readonly name: string; readonly text: Buffer }>>): string => {
  const hash = createHash('sha256');
  for (const plugin of migrations) for (const migration of plugin) hash.update(`${migration.name}\n`).update(migration.text);
  return hash.digest('hex').slice(0, 16);
};

/** A hash of every migration of the plugins the bench runs, in name order. */
export function schemaHash(): string {
  return hashOf(migrationsOf());
}

/**
 * The migrations added since a database of schema `hash` was made, when its migrations are the
 * first ones of each plugin's today (expand only, as every migration is: the kernel applies the
 * new ones when it starts, and the generated rows stay valid); undefined when it is no such schema.
 */
export function migrationsAddedSince(hash: string): string[] | undefined {
  const plugins = migrationsOf();
  const prefixes = (index: number): number[][] =>
    index === plugins.length
      ? [[]]
      : prefixes(index + 1).flatMap((rest) => Array.from({ length: plugins[index]!.length + 1 }, (_, kept) => [kept, ...rest]));
  for (const kept of prefixes(0)) {
    if (hashOf(plugins.map((plugin, i) => plugin.slice(0, kept[i]))) === hash)
      return plugins.flatMap((plugin, i) => plugin.slice(kept[i]).map((migration) => migration.name));
  }
  return undefined;
}

const adminClient = async <T>(work: (client: pg.Client) => Promise<T>): Promise<T> => {
  const client = new pg.Client({ connectionString: BENCH_POSTGRES_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
};

/**
 * The marker of the bench database and the migrations added since it was generated, or why it
 * cannot be reused (no database, no marker, another scale, seed or generator, a schema that is not
 * an earlier one of today's).
 */
export async function reusableMarker(
  scale: ReportsScale,
  seed: number,
): Promise<{ marker: BenchMarker; addedMigrations: string[] } | { reason: string }> {
  const name = databaseName(scale.name);
  const exists = await adminClient((client) => client.query('select 1 from pg_database where datname = $1', [name]));
  if (exists.rowCount === 0) return { reason: `there is no database ${name} yet` };
  const client = new pg.Client({ connectionString: benchDatabaseUrl(scale.name) });
  await client.connect();
  try {
    const table = await client.query("select to_regclass('bench_reports.marker') is not null as present");
    if (!table.rows[0].present) return { reason: `${name} has no marker (its generation never finished)` };
    const { rows } = await client.query<{ marker: BenchMarker }>('select marker from bench_reports.marker');
    const marker = rows[0]?.marker;
    if (!marker) return { reason: `${name} has no marker (its generation never finished)` };
    const expected = { scale: scale.name, seed, generatorVersion: GENERATOR_VERSION };
    for (const [key, value] of Object.entries(expected))
      if (marker[key as keyof typeof expected] !== value)
        return { reason: `its ${key} is ${String(marker[key as keyof BenchMarker])}, this run's ${String(value)}` };
    const addedMigrations = migrationsAddedSince(marker.schemaHash);
    if (!addedMigrations) return { reason: `its schema ${marker.schemaHash} is not an earlier one of this run's ${schemaHash()}` };
    return { marker, addedMigrations };
  } finally {
    await client.end();
  }
}

/** Drops the scale's bench database (closing its connections) and creates it empty. */
export async function recreateBenchDatabase(scale: ReportsScale['name']): Promise<void> {
  await adminClient(async (client) => {
    await client.query(`drop database if exists ${databaseName(scale)} with (force)`);
    await client.query(`create database ${databaseName(scale)}`);
  });
}

/**
 * A connection to the bench database for generating and measuring: UTC as its time zone, and no
 * JIT (PostgreSQL compiled each big generation statement for seconds before running it for
 * milliseconds; the kernel turns JIT off in its transactions for the same reason).
 */
export async function openBenchClient(scale: ReportsScale['name']): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: benchDatabaseUrl(scale) });
  await client.connect();
  await client.query("set timezone = 'UTC'");
  await client.query('set jit = off');
  return client;
}

/** Writes the marker: the database holds a finished generation. */
export async function writeMarker(db: pg.Client, marker: BenchMarker): Promise<void> {
  await db.query('create table if not exists bench_reports.marker (marker jsonb not null)');
  await db.query('delete from bench_reports.marker');
  await db.query('insert into bench_reports.marker (marker) values ($1)', [JSON.stringify(marker)]);
}
