import type { EventEnvelope, TenantTransaction } from '@kits/plugin-sdk';
import { v7 as uuidv7 } from 'uuid';
import { subscribesTo } from '../../shared/event-patterns.ts';

/** What a receiver gets: the Standard Webhooks payload shape (`type`, `timestamp`, `data`) with the event's envelope fields. */
export function deliveryBody(
  event: Pick<EventEnvelope, 'id' | 'type' | 'version' | 'occurredAt' | 'source' | 'tenantId' | 'payload'>,
): string {
  return JSON.stringify({
    id: event.id,
    type: event.type,
    timestamp: event.occurredAt,
    version: event.version,
    source: event.source,
    tenantId: event.tenantId,
    data: event.payload,
  });
}

/**
 * Records, set-based and in the event handler's transaction, one delivery per event and enabled
 * endpoint subscribed to its type — nothing waits on HTTP here: the sender worker takes them from
 * the table. An event handed over again (at least once) is not recorded twice (deliveries_once).
 */
export async function recordDeliveries(tx: TenantTransaction, events: readonly EventEnvelope[]): Promise<number> {
  const endpoints = await tx.query<{ endpoint_id: string; event_types: string[] }>(
    'select endpoint_id, event_types from webhooks.endpoints where enabled order by endpoint_id',
  );
  if (endpoints.length === 0) return 0;
  const ids: string[] = [];
  const endpointIds: string[] = [];
  const eventIds: string[] = [];
  const types: string[] = [];
  const bodies: string[] = [];
  const occurred: string[] = [];
  for (const event of events) {
    let body: string | undefined;
    for (const endpoint of endpoints) {
      if (!subscribesTo(endpoint.event_types, event.type)) continue;
      ids.push(uuidv7());
      endpointIds.push(endpoint.endpoint_id);
      eventIds.push(event.id);
      types.push(event.type);
      bodies.push((body ??= deliveryBody(event)));
      occurred.push(event.occurredAt);
    }
  }
  if (endpointIds.length === 0) return 0;
  // `with ordinality` keeps the events' commit order in `seq` (the order ordered endpoints follow).
  const rows = await tx.query(
    `insert into webhooks.deliveries (tenant_id, delivery_id, endpoint_id, event_id, event_type, body, occurred_at)
     select $1, d.delivery_id, d.endpoint_id, d.event_id, d.event_type, d.body::jsonb, d.occurred_at
       from unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::timestamptz[]) with ordinality
            as d(delivery_id, endpoint_id, event_id, event_type, body, occurred_at, n)
      order by d.n
     on conflict (tenant_id, endpoint_id, event_id) where replay_of is null do nothing
     returning delivery_id`,
    [tx.tenantId, ids, endpointIds, eventIds, types, bodies, occurred],
  );
  return rows.length;
}
