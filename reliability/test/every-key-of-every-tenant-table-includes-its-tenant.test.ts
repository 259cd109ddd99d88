import { readdirSync } from 'node:fs';
import { createTestKernel, type TestKernel } from '@kits/kernel/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isMigrationLedger, REFERENCE_TABLES } from '@kits/kernel';
import { firstPartyPlugin } from '../../testing/first-party-plugins.ts';

/**
 * Citus-ready (docs/scaling.md, D-232): the tables can be distributed by tenant. Every table of the
 * kernel and of every first-party plugin either names its tenant in each of its primary, unique and
 * foreign keys — so a tenant's rows and their constraints live on one node — or is one of the few
 * reference tables, replicated to every node, listed with their reasons in
 * kernel/src/db/reference-tables.ts (which restoring one shop leaves alone).
 */

interface Key {
  readonly table: string;
  readonly name: string;
  readonly kind: 'primary key' | 'unique key' | 'unique index' | 'foreign key';
  readonly definition: string;
  readonly namesTenant: boolean;
  readonly references: string | null;
  readonly referencedNamesTenant: boolean;
}

describe.each(['postgres', 'pglite'] as const)('every key of every tenant table includes its tenant, on %s', (db) => {
  let kit: TestKernel;
  let tables: Array<{ table: string; hasTenant: boolean }>;
  let keys: Key[];

  beforeAll(async () => {
    const plugins = readdirSync(firstPartyPlugin('.'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => firstPartyPlugin(entry.name));
    kit = await createTestKernel({ plugins, db, enable: false });
    tables = await kit.kernel.db.query<{ table: string; hasTenant: boolean }>(
      `select n.nspname || '.' || c.relname as "table",
              exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped) as "hasTenant"
         from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where c.relkind in ('r', 'p') and n.nspname not in ('pg_catalog', 'information_schema', 'pg_toast', 'public')
        order by 1`,
    );
    const tenantColumn = (relation: string) =>
      `(select a.attnum from pg_attribute a where a.attrelid = ${relation} and a.attname = 'tenant_id' and not a.attisdropped)`;
    keys = await kit.kernel.db.query<Key>(
      `select n.nspname || '.' || c.relname as "table", con.conname as name,
              case con.contype when 'p' then 'primary key' when 'u' then 'unique key' else 'foreign key' end as kind,
              pg_get_constraintdef(con.oid) as definition,
              coalesce(${tenantColumn('c.oid')} = any (con.conkey), false) as "namesTenant",
              case when con.contype = 'f' then (select rn.nspname || '.' || r.relname from pg_class r join pg_namespace rn on rn.oid = r.relnamespace where r.oid = con.confrelid) end as "references",
              coalesce(${tenantColumn('con.confrelid')} = any (con.confkey), false) as "referencedNamesTenant"
         from pg_constraint con
         join pg_class c on c.oid = con.conrelid join pg_namespace n on n.oid = c.relnamespace
        where con.contype in ('p', 'u', 'f') and n.nspname not in ('pg_catalog', 'information_schema', 'pg_toast', 'public')
       union all
       select n.nspname || '.' || c.relname, ic.relname, 'unique index', pg_get_indexdef(i.indexrelid),
              coalesce(${tenantColumn('c.oid')} = any (i.indkey::int2[]), false), null, false
         from pg_index i
         join pg_class ic on ic.oid = i.indexrelid
         join pg_class c on c.oid = i.indrelid join pg_namespace n on n.oid = c.relnamespace
        where i.indisunique and not exists (select 1 from pg_constraint con where con.conindid = i.indexrelid)
          and n.nspname not in ('pg_catalog', 'information_schema', 'pg_toast', 'public')
        order by 1, 2`,
    );
  }, 240_000);
  afterAll(async () => kit?.close());

  it('sees the kernel, the registry and every first-party plugin', () => {
    const schemas = new Set(tables.map((t) => t.table.split('.')[0]));
    for (const schema of ['kernel', 'registry', 'inventory', 'sales', 'reports', 'purchasing', 'accounting', 'shopify', 'stripe_pay'])
      expect(schemas, schema).toContain(schema);
    expect(tables.filter((t) => t.hasTenant).length).toBeGreaterThan(60);
  });

  it('a table without tenant_id is a declared reference table (or a migration ledger)', () => {
    const undeclared = tables
      .filter((t) => !t.hasTenant && !isMigrationLedger(t.table) && !(t.table in REFERENCE_TABLES))
      .map(
        (t) =>
          `${t.table} has no tenant_id: add one, or declare it a reference table in kernel/src/db/reference-tables.ts and docs/scaling.md`,
      );
    expect(undeclared).toEqual([]);
    // And the list holds no table that is gone.
    const known = new Set(tables.map((t) => t.table));
    expect(Object.keys(REFERENCE_TABLES).filter((table) => !known.has(table))).toEqual([]);
  });

  it('every primary key, unique key and unique index of a tenant table includes tenant_id', () => {
    const tenantTables = new Set(tables.filter((t) => t.hasTenant && !(t.table in REFERENCE_TABLES)).map((t) => t.table));
    const missing = keys
      .filter((key) => tenantTables.has(key.table) && key.kind !== 'foreign key' && !key.namesTenant)
      .map((key) => `${key.table}: ${key.kind} ${key.name} (${key.definition}) does not include tenant_id`);
    expect(missing).toEqual([]);
    // Each row is found by a key (a primary key, or a unique index over an expression), which names the tenant.
    const keyless = [...tenantTables].filter((table) => !keys.some((key) => key.table === table && key.kind !== 'foreign key'));
    expect(keyless).toEqual([]);
  });

  it('every foreign key between tenant tables joins on tenant_id; one to a reference table may not', () => {
    const tenantTables = new Set(tables.filter((t) => t.hasTenant && !(t.table in REFERENCE_TABLES)).map((t) => t.table));
    const foreign = keys.filter((key) => key.kind === 'foreign key' && tenantTables.has(key.table));
    expect(foreign.length).toBeGreaterThan(30);
    const crossing = foreign
      .filter((key) => tenantTables.has(key.references!) && !(key.namesTenant && key.referencedNamesTenant))
      .map((key) => `${key.table}: ${key.name} (${key.definition}) does not join on tenant_id`);
    expect(crossing).toEqual([]);
    // A reference table never points into a tenant table (it would need every node to hold every tenant).
    const intoTenants = keys
      .filter((key) => key.kind === 'foreign key' && key.table in REFERENCE_TABLES && tenantTables.has(key.references!))
      .map((key) => `${key.table}: ${key.name} points into the tenant table ${key.references}`);
    expect(intoTenants).toEqual([]);
  });
});
