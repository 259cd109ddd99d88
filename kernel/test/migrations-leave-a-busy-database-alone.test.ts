import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../src/db/database.ts';
import { migrateSchema, readMigrations } from '../src/db/migrations.ts';
import { createScratchPostgres, type ScratchDatabase } from './support/databases.ts';

const KERNEL_MIGRATIONS = readMigrations(fileURLToPath(new URL('../migrations', import.meta.url)));

// Every kernel start migrates every schema. On a database other kernels are serving, a start with
// nothing to migrate must take no table lock: `alter table … row level security` on every tenant
// table queued behind their transactions, stalled everything behind it, and deadlocked with them
// (found by reliability/test/kernels-killed-under-load-lose-nothing.test.ts: a restarted kernel failed to start).
describe('migrating a schema that is up to date, on a database in use', () => {
  let scratch: ScratchDatabase;
  let db: Database;
  let busy: pg.Client;
  beforeAll(async () => {
    scratch = await createScratchPostgres();
    db = await openDatabase({ databaseUrl: scratch.url, dataDir: 'memory://' }, [], pino({ level: 'silent' }));
    await migrateSchema(db, 'kernel', KERNEL_MIGRATIONS);
    busy = new pg.Client({ connectionString: scratch.url });
    await busy.connect();
  });
  afterAll(async () => {
    await busy?.end();
    await db?.close();
    await scratch?.drop();
  });

  it('waits for no running transaction, and leaves row-level security and grants as they were', async () => {
    const secured = () =>
      busy.query<{ name: string; rls: boolean; forced: boolean }>(
        `select c.relname as name, c.relrowsecurity as rls, c.relforcerowsecurity as forced from pg_class c
           join pg_namespace n on n.oid = c.relnamespace join pg_attribute a on a.attrelid = c.oid and a.attname = 'tenant_id'
          where n.nspname = 'kernel' and c.relkind = 'r' order by 1`,
      );
    const before = (await secured()).rows;
    expect(before.length).toBeGreaterThan(5);
    expect(before.every((table) => table.rls && table.forced)).toBe(true);

    // Another kernel's transactions, holding their locks: one reading tenants, one writing the outbox.
    await busy.query('begin');
    await busy.query('select count(*) from kernel.tenants');
    await busy.query('lock table kernel.outbox in row exclusive mode');
    const migrated = migrateSchema(db, 'kernel', KERNEL_MIGRATIONS).then((ran) => ({ ran }));
    const stalled = new Promise((resolve) => setTimeout(() => resolve('still waiting after 10 s'), 10_000));
    expect(await Promise.race([migrated, stalled])).toEqual({ ran: [] });
    await busy.query('rollback');

    expect((await secured()).rows).toEqual(before);
    const [grant] = (
      await busy.query<{ ok: boolean }>(
        "select has_table_privilege('kits_tenant', 'kernel.outbox', 'insert') and has_schema_privilege('kits_tenant', 'kernel', 'usage') as ok",
      )
    ).rows;
    expect(grant!.ok).toBe(true);
  }, 30_000);
});
