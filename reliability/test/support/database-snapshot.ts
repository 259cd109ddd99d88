import type { TestKernel } from '@kits/kernel/test-kit';

/**
 * Bookkeeping a request may legitimately leave behind even when it is refused, or that background
 * work changes at any time. Everything else in a table with a tenant_id column is snapshotted.
 *
 * - kernel.idempotency_keys: the answer to a request sent with an Idempotency-Key, a 4xx too
 *   (the same key must get the same answer) — that is its job.
 * - kernel.event_deliveries, kernel.processed_events, kernel.dead_letters: delivery state of
 *   events that accepted requests published, worked through by the bus after the answer.
 * - kernel.event_subscribers: which subscribers exist (per process, not per request).
 */
export const UNSNAPSHOTTED_TABLES = [
  'kernel.idempotency_keys',
  'kernel.event_deliveries',
  'kernel.processed_events',
  'kernel.dead_letters',
  'kernel.event_subscribers',
];

/**
 * Columns left out of their table's hash: set by reading or by background work, not by a write.
 * - kernel.outbox.relayed_at: the bus marks an event relayed after commit (the event itself,
 *   its id, type and payload, is hashed: a refused request must publish nothing).
 * - kernel.api_keys.last_used_at: set whenever a key authenticates.
 * - kernel.users.pin_failures, pin_locked_at: a wrong PIN is refused *and* counted (the lockout).
 * - kernel.second_factors.failures, locked_until: a wrong authenticator code is refused and counted
 *   too (D-225).
 * - kernel.devices.last_seen_at, pending_events, pending_reported_at: a till is heard from whenever
 *   its token authenticates, refused request or not (device-presence.ts, at most every 30 s).
 */
export const UNSNAPSHOTTED_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  'kernel.outbox': ['relayed_at'],
  'kernel.api_keys': ['last_used_at'],
  'kernel.devices': ['last_seen_at', 'pending_events', 'pending_reported_at'],
  'kernel.users': ['pin_failures', 'pin_locked_at'],
  'kernel.second_factors': ['failures', 'locked_until'],
};

export type Snapshot = Record<string, { rows: number; hash: string }>;

/** Row count and a hash of every row of every tenant table (all tenants, or one), in one statement. */
export async function databaseSnapshotter(kit: TestKernel, tenantId?: string): Promise<() => Promise<Snapshot>> {
  const tables = (
    await kit.kernel.db.query<{ name: string }>(
      `select n.nspname || '.' || c.relname as name
         from pg_class c
         join pg_namespace n on n.oid = c.relnamespace
         join pg_attribute a on a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped
        where c.relkind in ('r', 'p') and n.nspname not in ('pg_catalog', 'information_schema')
        order by 1`,
    )
  )
    .map((row) => row.name)
    .filter((name) => !UNSNAPSHOTTED_TABLES.includes(name));
  const sql = tables
    .map((table) => {
      const skipped = UNSNAPSHOTTED_COLUMNS[table] ?? [];
      const row = skipped.length > 0 ? `to_jsonb(t) - array[${skipped.map((c) => `'${c}'`).join(', ')}]` : 'to_jsonb(t)';
      return `select '${table}' as name, count(*)::int as rows, coalesce(md5(string_agg(r, E'\\n' order by r)), '') as hash
                from (select (${row})::text as r from ${table} t${tenantId ? ' where t.tenant_id = $1' : ''}) s`;
    })
    .join('\nunion all\n');
  return async () => {
    const rows = await kit.kernel.db.query<{ name: string; rows: number; hash: string }>(sql, tenantId ? [tenantId] : []);
    return Object.fromEntries(rows.map((row) => [row.name, { rows: row.rows, hash: row.hash }]));
  };
}

/** Tables whose rows differ between two snapshots, with their counts. */
export function changedTables(before: Snapshot, after: Snapshot): string[] {
  return Object.keys(after)
    .filter((table) => before[table]?.hash !== after[table]!.hash)
    .map((table) => `${table} (${before[table]?.rows ?? 0} → ${after[table]!.rows} rows)`);
}
