import type { EventEnvelope } from '@kits/plugin-sdk';
import type { Database } from '../db/database.ts';
import { withTimeLimit } from '../time-limit.ts';
import type { Subscriber } from './event-bus.ts';

/**
 * Runs a subscriber's handler for one event in a tenant transaction that also records the event as
 * processed for that subscriber: a repeated delivery finds the record and does nothing.
 */
export async function applyOnce(
  db: Database,
  subscriber: Subscriber,
  event: EventEnvelope,
  timeoutMs: number,
): Promise<'applied' | 'duplicate'> {
  return db.transaction({ tenantId: event.tenantId }, async (tx) => {
    const fresh = await tx.query(
      'insert into kernel.processed_events (tenant_id, subscriber, event_id) values ($1, $2, $3) on conflict do nothing returning 1',
      [event.tenantId, subscriber.id, event.id],
    );
    if (fresh.length === 0) return 'duplicate';
    await withTimeLimit(subscriber.handle(event, tx), timeoutMs, `Subscriber ${subscriber.id} handling ${event.type}`);
    return 'applied';
  });
}

/** Records an event a subscriber gave up on, for an operator to inspect and replay. */
export async function recordDeadLetter(
  db: Database,
  subscriberId: string,
  event: EventEnvelope,
  attempts: number,
  error: string,
): Promise<void> {
  await db.query(
    `insert into kernel.dead_letters (tenant_id, event_id, subscriber, attempts, error, envelope) values ($1, $2, $3, $4, $5, $6)
     on conflict (tenant_id, event_id, subscriber) do update set attempts = excluded.attempts, error = excluded.error, failed_at = now()`,
    [event.tenantId, event.id, subscriberId, attempts, error.slice(0, 2000), JSON.stringify(event)],
  );
}

export async function registerSubscriber(db: Database, subscriber: Pick<Subscriber, 'id' | 'pattern'>): Promise<void> {
  await db.query(
    'insert into kernel.event_subscribers (subscriber, pattern) values ($1, $2) on conflict (subscriber) do update set pattern = excluded.pattern',
    [subscriber.id, subscriber.pattern],
  );
}
