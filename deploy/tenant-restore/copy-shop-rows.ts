import pg from 'pg';
import { copiedColumns, type TenantTable } from './shop-tables.ts';

/** PostgreSQL takes at most 65,535 parameters in one statement; a batch stays well under it. */
const MAX_PARAMETERS = 60_000;
const MAX_ROWS_PER_BATCH = 500;

/**
 * Every value as PostgreSQL prints it, untouched: the text COPY would carry. Parsing into
 * JavaScript (a timestamp into a Date) would lose what the database keeps (microseconds), and
 * the target parses the same text back into the column's type.
 */
const AS_TEXT: pg.CustomTypesConfig = { getTypeParser: () => (value: string) => value };

const quoted = (table: TenantTable) => `${pg.escapeIdentifier(table.schema)}.${pg.escapeIdentifier(table.table)}`;

/** How many rows of the shop the table holds. */
export async function countShopRows(client: pg.ClientBase, table: TenantTable, tenantId: string): Promise<number> {
  const { rows } = await client.query<{ n: string }>(`select count(*) as n from ${quoted(table)} where tenant_id = $1`, [tenantId]);
  return Number(rows[0]!.n);
}

/** Deletes the shop's rows of the table; how many. */
export async function deleteShopRows(client: pg.ClientBase, table: TenantTable, tenantId: string): Promise<number> {
  const result = await client.query(`delete from ${quoted(table)} where tenant_id = $1`, [tenantId]);
  return result.rowCount ?? 0;
}

/**
 * Copies the shop's rows of the table from `source` (inside a transaction there: the cursor lives
 * in it) into `target`, a batch of multi-row inserts at a time, keeping identity values
 * (`overriding system value`) and leaving generated columns to the target. How many rows.
 */
export async function copyShopRows(source: pg.ClientBase, target: pg.ClientBase, table: TenantTable, tenantId: string): Promise<number> {
  const columns = copiedColumns(table);
  const columnList = columns.map((column) => pg.escapeIdentifier(column)).join(', ');
  const batchRows = Math.max(1, Math.min(MAX_ROWS_PER_BATCH, Math.floor(MAX_PARAMETERS / columns.length)));
  await source.query(`declare shop_rows no scroll cursor for select ${columnList} from ${quoted(table)} where tenant_id = $1`, [tenantId]);
  let copied = 0;
  try {
    for (;;) {
      const batch = await source.query<unknown[]>({ text: `fetch forward ${batchRows} from shop_rows`, rowMode: 'array', types: AS_TEXT });
      if (batch.rows.length === 0) break;
      const values = batch.rows
        .map((_, row) => `(${columns.map((_column, column) => `$${row * columns.length + column + 1}`).join(', ')})`)
        .join(', ');
      await target.query(`insert into ${quoted(table)} (${columnList}) overriding system value values ${values}`, batch.rows.flat());
      copied += batch.rows.length;
    }
  } finally {
    await source.query('close shop_rows');
  }
  return copied;
}

/**
 * Moves each identity or serial sequence of the table past the highest value it now holds, so a
 * row inserted later never takes a restored row's value (a backup from another server's history
 * may hold values the live sequence has not reached). A sequence already past is left alone.
 */
export async function advanceSequences(client: pg.ClientBase, table: TenantTable): Promise<string[]> {
  const advanced: string[] = [];
  for (const column of table.columns) {
    const { rows } = await client.query<{ sequence: string | null }>('select pg_get_serial_sequence($1, $2) as sequence', [
      quoted(table),
      column.name,
    ]);
    const sequence = rows[0]?.sequence;
    if (!sequence) continue;
    const { rows: moved } = await client.query<{ value: string }>(
      `select setval($1, m.top) as value
         from (select max(${pg.escapeIdentifier(column.name)}) as top from ${quoted(table)}) m
        where m.top > coalesce(pg_sequence_last_value($1::regclass), 0)`,
      [sequence],
    );
    if (moved.length > 0) advanced.push(`${sequence} → ${moved[0]!.value}`);
  }
  return advanced;
}
