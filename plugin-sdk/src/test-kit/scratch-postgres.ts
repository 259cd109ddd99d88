import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The PostgreSQL server tests use; each test kernel gets an empty database of its own on it. */
export const POSTGRES_ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface ScratchDatabase {
  readonly url: string;
  drop(): Promise<void>;
}

/** Runs `fn` with a client connected to the server's admin database, closed after. */
export async function withPostgresAdmin<T>(adminUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * Creates an empty PostgreSQL database on the server of `adminUrl` (default TEST_POSTGRES_URL), or
 * a copy of the database `template` (which nobody may be connected to); `drop` removes it
 * (closing any connection left).
 */
export async function createScratchPostgres(adminUrl = POSTGRES_ADMIN_URL, template?: string): Promise<ScratchDatabase> {
  const name = `kits_test_${randomBytes(6).toString('hex')}`;
  if (template !== undefined && !/^[a-z_][a-z0-9_]*$/.test(template))
    throw new Error(`"${template}" is not a database name a template may have`);
  await withPostgresAdmin(adminUrl, (client) => client.query(`create database ${name}${template ? ` template ${template}` : ''}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => withPostgresAdmin(adminUrl, (client) => client.query(`drop database if exists ${name} with (force)`)).then(() => undefined),
  };
}
