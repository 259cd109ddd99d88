import type { EventEnvelope } from '@kits/plugin-sdk';
import type { Database } from '../db/database.ts';
import { deferredMark, dropDeferredAfter } from '../db/deferred-inserts.ts';
import { withTimeLimit } from '../time-limit.ts';
import { announceDeadLetter } from './dead-letter-event.ts';
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
 * batch instead of one per event. Consecutive deliveries of subscribers that share a `batch` go to
 * their `handleMany` in one call and one savepoint; when it throws, that run is undone and its
 * deliveries go one at a time (D-185). A handler that outruns its time limit throws
 * `BatchAbandonedError` (nothing commits): the caller delivers the batch's items one at a time instead.
 */
export async function applyBatchOnce(db: Database, items: readonly BatchItem[], timeoutMs: number): Promise<BatchOutcome> {
  const tenantId = items[0]?.event.tenantId;
  if (tenantId === undefined || items.some(({ event }) => event.tenantId !== tenantId))
    throw new Error('applyBatchOnce takes a non-empty batch of one tenant');
  return db.transaction({ tenantId }, async (tx) => {
    const outcome = new Map<string, 'applied' | 'duplicate' | Error>();

    /** Runs `work` in a savepoint; a throw (other than a timeout, which abandons the batch) undoes it and is answered. */
    async function inSavepoint(work: () => Promise<void>): Promise<Error | undefined> {
      const mark = deferredMark(tx);
      await tx.query('savepoint kits_delivery');
      try {
        await work();
        await tx.query('release savepoint kits_delivery');
        return undefined;
      } catch (error) {
        if (error instanceof BatchAbandonedError) throw error;
        await tx.query('rollback to savepoint kits_delivery');
        // The outbox and audit rows wait in memory until commit: those of the undone delivery go too.
        dropDeferredAfter(tx, mark);
        return error instanceof Error ? error : new Error(String(error));
      }
    }
    const limited = (work: Promise<void>, what: string, eventId: string) =>
      withTimeLimit(work, timeoutMs, what).catch((error: unknown) => {
        throw isTimeLimit(error) ? new BatchAbandonedError(eventId, error) : error;
      });

    async function applyOne({ subscriber, event }: BatchItem): Promise<void> {
      let fresh = false;
      const error = await inSavepoint(async () => {
        fresh =
          (
            await tx.query(
              'insert into kernel.processed_events (tenant_id, subscriber, event_id) values ($1, $2, $3) on conflict do nothing returning 1',
              [tenantId, subscriber.id, event.id],
            )
          ).length > 0;
        if (fresh) await limited(subscriber.handle(event, tx), `Subscriber ${subscriber.id} handling ${event.type}`, event.id);
      });
      outcome.set(batchKey(subscriber.id, event.id), error ?? (fresh ? 'applied' : 'duplicate'));
    }

    async function applyMany(run: readonly BatchItem[]): Promise<void> {
      const fresh = new Set<string>();
      const error = await inSavepoint(async () => {
        const rows = await tx.query<{ subscriber: string; event_id: string }>(
          `insert into kernel.processed_events (tenant_id, subscriber, event_id)
           select $1, * from unnest($2::text[], $3::uuid[]) on conflict do nothing returning subscriber, event_id`,
          [tenantId, run.map((i) => i.subscriber.id), run.map((i) => i.event.id)],
        );
        for (const row of rows) fresh.add(batchKey(row.subscriber, row.event_id));
        const todo = run.filter((i) => fresh.has(batchKey(i.subscriber.id, i.event.id)));
        if (todo.length > 0)
          await limited(
            run[0]!.subscriber.handleMany!(
              todo.map((i) => ({ pattern: i.subscriber.pattern, event: i.event })),
              tx,
            ),
            `Subscriber batch ${run[0]!.subscriber.batch} handling ${todo.length} events`,
            todo[0]!.event.id,
          );
      });
      if (error) {
        // Told apart one at a time: only the delivery that fails is retried.
        for (const item of run) await applyOne(item);
        return;
      }
      for (const { subscriber, event } of run) {
        const key = batchKey(subscriber.id, event.id);
        outcome.set(key, fresh.has(key) ? 'applied' : 'duplicate');
      }
    }

    for (let start = 0; start < items.length;) {
      const batch = items[start]!.subscriber.handleMany ? items[start]!.subscriber.batch : undefined;
      let end = start + 1;
      if (batch !== undefined)
        while (end < items.length && items[end]!.subscriber.batch === batch && items[end]!.subscriber.handleMany) end++;
      if (end - start > 1) await applyMany(items.slice(start, end));
      else await applyOne(items[start]!);
      start = end;
    }
    return outcome;
  });
}

const isTimeLimit = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'plugins.handler_timeout';

/** Records an event a subscriber gave up on, for an operator to inspect and replay, and tells the tenant (`kernel.event.dead_lettered`). */
export async function recordDeadLetter(
  db: Database,
  subscriberId: string,
  event: EventEnvelope,
  attempts: number,
  error: string,
): Promise<void> {
  await db.transaction({ tenantId: event.tenantId }, async (tx) => {
    await tx.query(
      `insert into kernel.dead_letters (tenant_id, event_id, subscriber, attempts, error, envelope) values ($1, $2, $3, $4, $5, $6)
       on conflict (tenant_id, event_id, subscriber) do update set attempts = excluded.attempts, error = excluded.error, failed_at = now()`,
      [event.tenantId, event.id, subscriberId, attempts, error.slice(0, 2000), JSON.stringify(event)],
    );
    await announceDeadLetter(tx, subscriberId, event, attempts, error);
  });
}

export async function registerSubscriber(db: Database, subscriber: Pick<Subscriber, 'id' | 'pattern'>): Promise<void> {
  await db.query(
    'insert into kernel.event_subscribers (subscriber, pattern) values ($1, $2) on conflict (subscriber) do update set pattern = excluded.pattern',
    [subscriber.id, subscriber.pattern],
  );
}
