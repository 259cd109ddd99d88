import type pg from 'pg';

/** A column of a table with a tenant_id column, as the catalog describes it. */
export interface TableColumn {
  readonly name: string;
  /** `format_type`: `text`, `numeric(12,2)`, `timestamp with time zone`, `uuid[]`, … */
  readonly type: string;
  /** A generated column (`generated always as (…) stored`): computed on insert, never copied. */
  readonly generated: boolean;
}

/** A table with a tenant_id column, its columns in their order. */
export interface TenantTable {
  /** `schema.table`. */
  readonly name: string;
  readonly schema: string;
  readonly table: string;
  readonly columns: readonly TableColumn[];
}

/**
 * Every ordinary or partitioned table with a tenant_id column, in any schema but the system's, by
 * name. Partitions are left out: their parent reads and writes their rows.
 */
export async function readTenantTables(client: pg.ClientBase): Promise<Map<string, TenantTable>> {
  const { rows } = await client.query<{ schema: string; table: string; column: string; type: string; generated: boolean }>(
    `select n.nspname as schema, c.relname as table, a.attname as column,
            format_type(a.atttypid, a.atttypmod) as type, a.attgenerated <> '' as generated
       from pg_class c
       join pg_namespace n on n.oid = c.relnamespace
       join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
      where c.relkind in ('r', 'p') and not c.relispartition
        and n.nspname not in ('pg_catalog', 'information_schema', 'pg_toast')
        and exists (select 1 from pg_attribute t where t.attrelid = c.oid and t.attname = 'tenant_id' and not t.attisdropped)
      order by n.nspname, c.relname, a.attnum`,
  );
  const tables = new Map<string, { name: string; schema: string; table: string; columns: TableColumn[] }>();
  for (const row of rows) {
    const name = `${row.schema}.${row.table}`;
    let table = tables.get(name);
    if (!table) tables.set(name, (table = { name, schema: row.schema, table: row.table, columns: [] }));
    table.columns.push({ name: row.column, type: row.type, generated: row.generated });
  }
  return tables;
}

/**
 * What differs between the tenant tables of the backup and of the live database: a table or a
 * column in one and not the other, or a column of another type or generated in one only. Empty
 * when a shop's rows can be copied from one to the other column for column.
 */
export function schemaDifferences(backup: ReadonlyMap<string, TenantTable>, live: ReadonlyMap<string, TenantTable>): string[] {
  const differences: string[] = [];
  const names = [...new Set([...backup.keys(), ...live.keys()])].sort();
  for (const name of names) {
    const inBackup = backup.get(name);
    const inLive = live.get(name);
    if (!inBackup || !inLive) {
      differences.push(`${name} has a tenant_id column in the ${inBackup ? 'backup' : 'live database'} only`);
      continue;
    }
    const liveColumns = new Map(inLive.columns.map((column) => [column.name, column]));
    for (const column of inBackup.columns) {
      const other = liveColumns.get(column.name);
      liveColumns.delete(column.name);
      if (!other) differences.push(`${name}.${column.name} (${column.type}) is in the backup only`);
      else if (other.type !== column.type)
        differences.push(`${name}.${column.name} is ${column.type} in the backup and ${other.type} in the live database`);
      else if (other.generated !== column.generated)
        differences.push(`${name}.${column.name} is generated in the ${column.generated ? 'backup' : 'live database'} only`);
    }
    for (const column of liveColumns.values()) differences.push(`${name}.${column.name} (${column.type}) is in the live database only`);
  }
  return differences;
}

/** The columns a restore writes: every one but the generated, which the target computes itself. */
export const copiedColumns = (table: TenantTable): string[] =>
  table.columns.filter((column) => !column.generated).map((column) => column.name);
