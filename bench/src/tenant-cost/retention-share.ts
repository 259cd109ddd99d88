import type pg from 'pg';
import type { TableShare } from './tenant-sizes.ts';

/**
 * The rows of a tenant that event retention (kernel/src/events/retention.ts) deletes once they are
 * EVENT_RETENTION_DAYS old — the same conditions, without the age: outbox events relayed with no
 * delivery left to run, and every record of an event a subscriber applied. Dead letters, the
 * audit log and the till's sync answers are kept for good. Index bytes are the tables' index size
 * times these rows' share of the table, as everywhere in this bench.
 */
export async function prunedByRetention(client: pg.Client, tenantId: string): Promise<TableShare[]> {
  const shareOf = async (table: string, condition: string): Promise<TableShare> => {
    const { rows } = await client.query<{ rows: string; row_bytes: string; all_rows: string; index_bytes: string }>(
      `select count(*) filter (where ${condition}) as rows,
              coalesce(sum(pg_column_size(t.*)) filter (where ${condition}), 0) as row_bytes,
              count(*) as all_rows,
              pg_indexes_size('${table}'::regclass) as index_bytes
         from ${table} t`,
      [tenantId],
    );
    const row = rows[0]!;
    const share = Number(row.all_rows) === 0 ? 0 : Number(row.rows) / Number(row.all_rows);
    return { table, rows: Number(row.rows), rowBytes: Number(row.row_bytes), indexBytes: Math.round(Number(row.index_bytes) * share) };
  };
  return [
    await shareOf(
      'kernel.outbox',
      `t.tenant_id = $1 and t.relayed_at is not null
       and not exists (select 1 from kernel.event_deliveries d where d.tenant_id = t.tenant_id and d.event_id = t.event_id)`,
    ),
    await shareOf('kernel.processed_events', 't.tenant_id = $1'),
  ];
}

/** A tenant's records of applied events, per subscriber (`plugin:pattern`), most first. */
export async function processedBySubscriber(client: pg.Client, tenantId: string): Promise<Array<{ subscriber: string; rows: number }>> {
  const { rows } = await client.query<{ subscriber: string; rows: string }>(
    'select subscriber, count(*) as rows from kernel.processed_events where tenant_id = $1 group by 1 order by 2 desc, 1',
    [tenantId],
  );
  return rows.map((row) => ({ subscriber: row.subscriber, rows: Number(row.rows) }));
}
