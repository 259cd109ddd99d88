import type { EventEnvelope } from '@kits/plugin-sdk';
import type { Database } from '../db/database.ts';
import { deferredMark, dropDeferredAfter } from '../db/deferred-inserts.ts';
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

/** One subscriber's delivery of one event, as a batch holds it. */
export interface BatchItem {
  readonly subscriber: Subscriber;
  readonly event: EventEnvelope;
}

/** What became of each item of a batch (by `batchKey`): applied now, applied before, or the error its handler threw (undone, to retry). */
export type BatchOutcome = ReadonlyMap<string, 'applied' | 'duplicate' | Error>;

export const batchKey = (subscriberId: string, eventId: string): string => `${subscriberId}\u0000${eventId}`;

/** A handler outran its time limit inside a batch: the batch's transaction was given up (its statements may still be coming). */
export class BatchAbandonedError extends Error {
  readonly eventId: string;
  constructor(eventId: string, cause: unknown) {
    super(`a handler did not finish in time (event ${eventId}); the batch was rolled back`, { cause });
    this.name = 'BatchAbandonedError';
    this.eventId = eventId;
  }
}

/**
 * `applyOnce` for several deliveries of one tenant, in one transaction and in the order given:
 * each runs in a savepoint with its processed-event record, so a handler that throws undoes only its
 * own delivery (rows, events, audit entries) and the others commit together — one commit for the
 * batch instead of one per event. A handler that outruns its time limit throws `BatchAbandonedError`
 * (nothing commits): the caller delivers the batch's items one at a time instead.
 */
export async function applyBatchOnce(db: Database, items: readonly BatchItem[], timeoutMs: number): Promise<BatchOutcome> {
  const tenantId = items[0]?.event.tenantId;
  if (tenantId === undefined || items.some(({ event }) => event.tenantId !== tenantId))
    throw new Error('applyBatchOnce takes a non-empty batch of one tenant');
  return db.transaction({ tenantId }, async (tx) => {
    const outcome = new Map<string, 'applied' | 'duplicate' | Error>();
    for (const { subscriber, event } of items) {
      const key = batchKey(subscriber.id, event.id);
      const mark = deferredMark(tx);
      await tx.query('savepoint kits_delivery');
      try {
        const fresh = await tx.query(
          'insert into kernel.processed_events (tenant_id, subscriber, event_id) values ($1, $2, $3) on conflict do nothing returning 1',
          [tenantId, subscriber.id, event.id],
        );
        if (fresh.length > 0)
          await withTimeLimit(subscriber.handle(event, tx), timeoutMs, `Subscriber ${subscriber.id} handling ${event.type}`).catch(
            (error: unknown) => {
              throw isTimeLimit(error) ? new BatchAbandonedError(event.id, error) : error;
            },
          );
        await tx.query('release savepoint kits_delivery');
        outcome.set(key, fresh.length > 0 ? 'applied' : 'duplicate');
      } catch (error) {
        if (error instanceof BatchAbandonedError) throw error;
        await tx.query('rollback to savepoint kits_delivery');
        // The outbox and audit rows wait in memory until commit: those of the undone delivery go too.
        dropDeferredAfter(tx, mark);
        outcome.set(key, error instanceof Error ? error : new Error(String(error)));
      }
    }
    return outcome;
  });
}

const isTimeLimit = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'plugins.handler_timeout';

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
