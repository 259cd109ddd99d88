import { createTestKernel, type TestKernel } from '@kits/kernel/test-kit';
import { pluginRole } from '../src/db/database.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from './support/databases.ts';
import { fixturePlugin } from './support/fixtures.ts';

describe.each(DATABASE_KINDS)('row-level security on %s', (db) => {
  let kit: TestKernel;
  beforeAll(async () => {
    kit = await createTestKernel({ plugins: [fixturePlugin('notes')], db });
  });
  afterAll(async () => kit?.close());

  it('every table with a tenant_id column, in any schema, has RLS forced and a policy', async () => {
    const tables = await kit.kernel.db.query<{ schema: string; table: string; rls: boolean; forced: boolean; policies: number }>(
      `select n.nspname as schema, c.relname as table, c.relrowsecurity as rls, c.relforcerowsecurity as forced,
              (select count(*)::int from pg_policies p where p.schemaname = n.nspname and p.tablename = c.relname) as policies
         from pg_class c
         join pg_namespace n on n.oid = c.relnamespace
         join pg_attribute a on a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped
        where c.relkind in ('r', 'p') and n.nspname not in ('pg_catalog', 'information_schema')
        order by 1, 2`,
    );
    expect(tables.length).toBeGreaterThan(10);
    expect(tables.map((t) => t.schema)).toContain('notes');
    const unprotected = tables.filter((t) => !t.rls || !t.forced || t.policies === 0).map((t) => `${t.schema}.${t.table}`);
    expect(unprotected).toEqual([]);
    expect(await kit.tablesWithoutTenantIsolation()).toEqual([]);
  });

  it('a tenant transaction sees only its own rows, and cannot write another tenant’s', async () => {
    const other = await kit.createTenant();
    const notesRole = pluginRole('notes');
    const seen = await kit.kernel.db.transaction({ tenantId: kit.tenant.id }, (tx) =>
      tx.query<{ tenant_id: string }>('select tenant_id from kernel.tenants'),
    );
    expect(seen.map((row) => row.tenant_id)).toEqual([kit.tenant.id]);
    const notes = await kit.kernel.db.transaction({ tenantId: other.id }, (tx) =>
      tx.queryAs<{ tenant_id: string }>(notesRole, 'select tenant_id from notes.notes'),
    );
    expect(new Set(notes.map((row) => row.tenant_id))).toEqual(new Set([other.id]));
    await expect(
      kit.kernel.db.transaction({ tenantId: other.id }, (tx) =>
        tx.queryAs(notesRole, 'insert into notes.notes (tenant_id, body) values ($1, $2)', [kit.tenant.id, 'sneaky']),
      ),
    ).rejects.toThrow(/row-level security/);
    const sneaky = await kit.kernel.db.query("select * from notes.notes where body = 'sneaky'");
    expect(sneaky).toEqual([]);
  });
});
