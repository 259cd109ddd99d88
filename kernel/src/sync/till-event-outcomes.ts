import type { TillEventOutcomes } from '@kits/plugin-sdk';

interface Statements {
  query<Row extends object = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
}

/**
 * `tx.directory.tillEventOutcomes(since)`: the till events received since `since`, per location of
 * the till that pushed them, accepted and denied (kernel.sync_events keeps every answer). Read as
 * the kernel's tenant role in the plugin's transaction; only the counts leave it.
 */
export async function tillEventOutcomes(kernel: Statements, tenantId: string, since: string): Promise<TillEventOutcomes[]> {
  const rows = await kernel.query<{ location_id: string; accepted: number; denied: number }>(
    `select d.location_id, count(*) filter (where e.status = 'accepted')::int as accepted, count(*) filter (where e.status = 'denied')::int as denied
       from kernel.sync_events e join kernel.devices d on d.tenant_id = e.tenant_id and d.device_id = e.device_id
      where e.tenant_id = $1 and e.received_at >= $2::timestamptz
      group by d.location_id order by d.location_id`,
    [tenantId, since],
  );
  return rows.map((row) => ({ locationId: row.location_id, accepted: row.accepted, denied: row.denied }));
}
