import { pluginRole, type TestKernel, type TestTenant } from '@kits/kernel/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstPartyKernel, openShop } from './support/shop.ts';

// kernel/test/rls-covers-every-tenant-table.test.ts proves the policy exists on every table and
// holds for a fixture plugin. This proves it holds, in SQL, for every table of the kernel and the
// first-party plugins, with rows in them: a transaction of tenant B, in the role that owns the table,
// neither reads, changes, deletes nor inserts tenant A's rows.

interface Table {
  readonly name: string;
  /** Columns an insert may name (not generated). */
  readonly columns: string[];
}

describe.each(['postgres', 'pglite'] as const)('row-level security of every tenant table on %s', (db) => {
  let kit: TestKernel;
  let tenantB: TestTenant;
  let tables: Table[];

  beforeAll(async () => {
    kit = await firstPartyKernel(db);
    await openShop(kit);
    tenantB = await kit.createTenant();
    await openShop(kit, tenantB);
    const rows = await kit.kernel.db.query<{ name: string; columns: string[] }>(
      `select n.nspname || '.' || c.relname as name,
              array_agg(a.attname::text order by a.attnum) filter (where a.attgenerated = '') as columns
         from pg_class c
         join pg_namespace n on n.oid = c.relnamespace
         join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
        where c.relkind in ('r', 'p') and n.nspname not in ('pg_catalog', 'information_schema')
          and exists (select 1 from pg_attribute t where t.attrelid = c.oid and t.attname = 'tenant_id' and not t.attisdropped)
        group by 1 order by 1`,
    );
    tables = rows;
  });
  afterAll(async () => kit?.close());

  // Each table is reached as the role that owns it in a tenant transaction: the kernel's tables as
  // the tenant role, a plugin's as that plugin's role (no other role reaches them at all).
  const asTenant = <T>(
    tenantId: string,
    table: string,
    fn: (query: (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]>) => Promise<T>,
  ) => {
    const schema = table.split('.')[0]!;
    const role = schema === 'kernel' ? 'kits_tenant' : pluginRole(schema);
    return kit.kernel.db.transaction({ tenantId }, (tx) => fn((sql, params) => tx.queryAs(role, sql, params)));
  };

  it('covers the kernel, inventory and sales schemas, and tenant A has rows in most of their tables', async () => {
    const schemas = new Set(tables.map((t) => t.name.split('.')[0]));
    expect([...schemas].sort()).toEqual(['inventory', 'kernel', 'sales']);
    let populated = 0;
    for (const { name } of tables) {
      const [row] = await kit.kernel.db.query<{ n: number }>(`select count(*)::int as n from ${name} where tenant_id = $1`, [
        kit.tenant.id,
      ]);
      if (row!.n > 0) populated += 1;
    }
    // The shop fills the tables a tenant uses day to day (not dead letters, lots, serials, …).
    expect(populated).toBeGreaterThanOrEqual(25);
  });

  it("tenant B's transaction reads none of A's rows and counts only its own, in every table", async () => {
    const wrong: string[] = [];
    for (const { name } of tables) {
      const [owned] = await kit.kernel.db.query<{ a: number; b: number }>(
        `select count(*) filter (where tenant_id = $1)::int as a, count(*) filter (where tenant_id = $2)::int as b from ${name}`,
        [kit.tenant.id, tenantB.id],
      );
      const [seen] = await asTenant(tenantB.id, name, (query) =>
        query(`select count(*) filter (where tenant_id = $1)::int as a, count(*)::int as total from ${name}`, [kit.tenant.id]),
      );
      if (seen!.a !== 0 || seen!.total !== owned!.b) wrong.push(`${name}: B saw ${JSON.stringify(seen)}, B owns ${owned!.b}`);
    }
    expect(wrong).toEqual([]);
  });

  it("tenant B's transaction changes and deletes none of A's rows, in every table", async () => {
    const wrong: string[] = [];
    for (const { name } of tables) {
      const before = await kit.kernel.db.query(`select count(*)::int as n from ${name} where tenant_id = $1`, [kit.tenant.id]);
      const changed = await asTenant(tenantB.id, name, async (query) => {
        const updated = await query(`update ${name} set tenant_id = tenant_id where tenant_id = $1 returning 1`, [kit.tenant.id]);
        const deleted = await query(`delete from ${name} where tenant_id = $1 returning 1`, [kit.tenant.id]);
        return updated.length + deleted.length;
      });
      const after = await kit.kernel.db.query(`select count(*)::int as n from ${name} where tenant_id = $1`, [kit.tenant.id]);
      if (changed !== 0 || JSON.stringify(before) !== JSON.stringify(after)) wrong.push(`${name}: ${changed} rows of A's touched`);
    }
    expect(wrong).toEqual([]);
  });

  it("tenant B's transaction cannot insert a row for A, nor move its own row to A, in any table", async () => {
    const wrong: string[] = [];
    let tried = 0;
    for (const { name, columns } of tables) {
      // One of B's own rows, copied with A's tenant id: refused by the policy's check.
      const [row] = await kit.kernel.db.query<{ row: Record<string, unknown> }>(
        `select to_jsonb(t) as row from ${name} t where tenant_id = $1 limit 1`,
        [tenantB.id],
      );
      if (!row) continue;
      tried += 1;
      const list = columns.map((c) => `"${c}"`).join(', ');
      const insert = () =>
        asTenant(tenantB.id, name, (query) =>
          query(`insert into ${name} (${list}) overriding system value select ${list} from jsonb_populate_record(null::${name}, $1)`, [
            { ...row.row, tenant_id: kit.tenant.id },
          ]),
        );
      const move = () =>
        asTenant(tenantB.id, name, (query) =>
          query(`update ${name} set tenant_id = $1 where ctid = (select ctid from ${name} limit 1)`, [kit.tenant.id]),
        );
      for (const [what, attempt] of [
        ['insert', insert],
        ['move', move],
      ] as const) {
        const outcome = await attempt().then(
          () => 'succeeded',
          (error: Error) => error.message,
        );
        if (!/row-level security/.test(outcome)) wrong.push(`${name} ${what}: ${outcome}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(tried).toBeGreaterThanOrEqual(25);
  });
});
