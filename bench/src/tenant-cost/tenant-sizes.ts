import type pg from 'pg';

/** One table's share of one set of tenants: rows, the bytes of those rows, and their estimated index share. */
export interface TableShare {
  readonly table: string;
  readonly rows: number;
  /** `sum(pg_column_size(t.*))` over the tenants' rows: each tuple with its header, after compression and TOAST. */
  readonly rowBytes: number;
  /** The table's index size × the tenants' share of its rows (an estimate: indexes are not split by tenant). */
  readonly indexBytes: number;
}

/** A snapshot: per table, the rows and bytes of the tenants asked about. */
export type TenantSizes = ReadonlyMap<string, TableShare>;

interface TenantTable {
  readonly schema: string;
  readonly name: string;
}

const quoted = (identifier: string) => `"${identifier.replaceAll('"', '""')}"`;

/** Every ordinary table (not a partition, not a view) with a `tenant_id` column, in any schema. */
async function tenantTables(client: pg.Client): Promise<TenantTable[]> {
  const { rows } = await client.query<TenantTable>(
    `select n.nspname as schema, c.relname as name
       from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
      where a.attname = 'tenant_id' and not a.attisdropped and c.relkind in ('r', 'p') and not c.relispartition
        and n.nspname not in ('pg_catalog', 'information_schema')
      order by 1, 2`,
  );
  return rows;
}

/**
 * Measures what `tenantIds` hold in every tenant table of the database `client` is connected to (as
 * a superuser, so row-level security does not hide rows): their rows, the bytes of those rows
 * (`pg_column_size` of each whole row), and the indexes' share, estimated as the table's index size
 * times the tenants' fraction of its rows. Partitioned tables are read through their parent, their
 * indexes summed over their partitions.
 */
export async function measureTenants(client: pg.Client, tenantIds: readonly string[]): Promise<TenantSizes> {
  const sizes = new Map<string, TableShare>();
  for (const { schema, name } of await tenantTables(client)) {
    const table = `${quoted(schema)}.${quoted(name)}`;
    const { rows } = await client.query<{ rows: string; row_bytes: string; all_rows: string; index_bytes: string }>(
      `select count(*) filter (where t.tenant_id = any($1::uuid[])) as rows,
              coalesce(sum(pg_column_size(t.*)) filter (where t.tenant_id = any($1::uuid[])), 0) as row_bytes,
              count(*) as all_rows,
              pg_indexes_size($2::regclass)
                + coalesce((select sum(pg_indexes_size(p.relid)) from pg_partition_tree($2::regclass) p where p.isleaf and p.relid <> $2::regclass), 0)
                as index_bytes
         from ${table} t`,
      [tenantIds, table],
    );
    const row = rows[0]!;
    const allRows = Number(row.all_rows);
    const share = allRows === 0 ? 0 : Number(row.rows) / allRows;
    sizes.set(`${schema}.${name}`, {
      table: `${schema}.${name}`,
      rows: Number(row.rows),
      rowBytes: Number(row.row_bytes),
      indexBytes: Math.round(Number(row.index_bytes) * share),
    });
  }
  return sizes;
}

/** What changed between two snapshots of the same tenants, per table (tables with no change left out). */
export function grownBetween(before: TenantSizes, after: TenantSizes): TableShare[] {
  const grown: TableShare[] = [];
  for (const [table, now] of after) {
    const then = before.get(table);
    const rows = now.rows - (then?.rows ?? 0);
    const rowBytes = now.rowBytes - (then?.rowBytes ?? 0);
    const indexBytes = now.indexBytes - (then?.indexBytes ?? 0);
    if (rows !== 0 || rowBytes !== 0) grown.push({ table, rows, rowBytes, indexBytes });
  }
  return grown.sort((a, b) => b.rowBytes + b.indexBytes - (a.rowBytes + a.indexBytes));
}

/** The sum of a list of table shares. */
export function totalOf(shares: Iterable<TableShare>): { rows: number; rowBytes: number; indexBytes: number } {
  let rows = 0;
  let rowBytes = 0;
  let indexBytes = 0;
  for (const share of shares) {
    rows += share.rows;
    rowBytes += share.rowBytes;
    indexBytes += share.indexBytes;
  }
  return { rows, rowBytes, indexBytes };
}

/** The database's whole size on disk (tables, indexes, TOAST, free space in pages, dead rows). */
export async function databaseBytes(client: pg.Client): Promise<number> {
  const { rows } = await client.query<{ bytes: string }>('select pg_database_size(current_database()) as bytes');
  return Number(rows[0]!.bytes);
}
