import type { TenantTransaction } from '@kits/plugin-sdk';
import type { FactColumn, FactTable } from './fact-tables.ts';

/** Rows read per statement: a busy day (hundreds of thousands of lines) is never held whole. */
export const FACT_PAGE_ROWS = 10_000;

/** A column's values as the Parquet writer takes them (int64 and timestamps as bigint, exact). */
export type ColumnValues = Array<string | number | bigint | null>;

/** One page of a fact table: its values column by column, in `table.columns` order. */
export interface FactPage {
  readonly rows: number;
  readonly columns: readonly ColumnValues[];
}

/** The instants a local day covers: [from, to) as timestamptz text PostgreSQL reads back exactly. */
export interface DayBounds {
  readonly from: string;
  readonly to: string;
}

// int64 and timestamps travel as text so no value passes through a float on the way.
const selectExpression = ({ name, type }: FactColumn): string => {
  if (type === 'int64') return `${name}::text as ${name}`;
  if (type === 'timestamp') return `(extract(epoch from ${name}) * 1000000)::bigint::text as ${name}`;
  if (type === 'string') return `${name}::text as ${name}`;
  return name;
};

const toValue = (type: FactColumn['type'], value: unknown): string | number | bigint | null => {
  if (value === null || value === undefined) return null;
  if (type === 'int64' || type === 'timestamp') return BigInt(value as string);
  if (type === 'int32') return Number(value);
  return String(value);
};

/**
 * The day's rows of one fact table, page after page in `(occurred_at, order key)` order: a
 * keyset walk on the table's (tenant_id, occurred_at) index, so each page costs the same.
 */
export async function* factPages(tx: TenantTransaction, table: FactTable, bounds: DayBounds): AsyncGenerator<FactPage> {
  const keys = table.orderKey;
  const selected = [...table.columns.map(selectExpression), ...keys.map((k) => `${k.column}::text as page_${k.column}`)];
  // Qualified: in ORDER BY a bare name would be the output column (its text), not the table's.
  const order = ['f.occurred_at', ...keys.map((k) => `f.${k.column}`)];
  // $1 tenant, $2 the day's start and $3 its end. After the first page the walk starts at the last
  // row read: $2 is then its occurred_at in microseconds since the epoch (whole seconds plus the
  // microseconds left: exact, where one float of microseconds could be off by one) and $4… its order key.
  const lastAt = `(to_timestamp($2::bigint / 1000000) + ($2::bigint % 1000000) * interval '1 microsecond')`;
  const after = `(${order.join(', ')}) > (${lastAt}, ${keys.map((k, i) => `$${i + 4}::${k.sqlType}`).join(', ')})`;
  const sql = (continued: boolean) =>
    `select ${selected.join(', ')} from reports.${table.name} f
      where f.tenant_id = $1 and f.occurred_at >= ${continued ? lastAt : '$2::timestamptz'} and f.occurred_at < $3::timestamptz${
        continued ? ` and ${after}` : ''
      }
      order by ${order.join(', ')} limit ${FACT_PAGE_ROWS}`;
  let last: Record<string, unknown> | undefined;
  for (;;) {
    const params: unknown[] = last
      ? [tx.tenantId, last.occurred_at, bounds.to, ...keys.map((k) => last![`page_${k.column}`])]
      : [tx.tenantId, bounds.from, bounds.to];
    const rows = await tx.query(sql(last !== undefined), params);
    if (rows.length === 0) return;
    yield {
      rows: rows.length,
      columns: table.columns.map((c) => rows.map((row) => toValue(c.type, row[c.name]))),
    };
    if (rows.length < FACT_PAGE_ROWS) return;
    last = rows.at(-1);
  }
}
