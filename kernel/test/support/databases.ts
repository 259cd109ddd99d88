import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** Both databases the storage tests run on. */
export const DATABASE_KINDS = ['pglite', 'postgres'] as const;
export type DatabaseKindUnderTest = (typeof DATABASE_KINDS)[number];

/** The PostgreSQL server the tests use; each test file gets a database of its own on it. */
export const POSTGRES_ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const AMQP_URL = process.env.TEST_AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';

export interface ScratchDatabase {
  readonly url: string;
  drop(): Promise<void>;
}

/** Creates an empty PostgreSQL database for one test file; `drop` removes it. */
export async function createScratchPostgres(): Promise<ScratchDatabase> {
  const name = `kits_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}
