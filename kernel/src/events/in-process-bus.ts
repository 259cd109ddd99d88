import type { Logger } from 'pino';
import type { Database } from '../db/database.ts';
import type { KernelMetrics } from '../observability/metrics.ts';
import { TRACING_OFF, type Tracing } from '../observability/tracing.ts';
import { startRelaySpans, traceHandling, type RelayedEvent } from '../observability/tracing-events.ts';
import { applyBatchOnce, applyOnce, BatchAbandonedError, batchKey, recordDeadLetter, registerSubscriber } from './apply-once.ts';
import type { EventBus, PendingDeliveries, Subscriber } from './event-bus.ts';
import { DEFAULT_RETRY, envelopeOf, retryDelayMs, writeToOutbox, type OutboxRow, type RetryPolicy } from './outbox.ts';

export interface InProcessBusDeps {
  readonly db: Database;
  readonly log: Logger;
  readonly metrics: KernelMetrics;
  readonly handlerTimeoutMs: number;
  readonly pollMs?: number;
  readonly retry?: RetryPolicy;
  /** Spans for relaying and handling events of traced work (off by default). */
  readonly tracing?: Tracing;
}

/** Outbox events fanned out per relay, and deliveries taken per claim: a full batch means more wait. */
const RELAY_BATCH = 1000;
const CLAIM_BATCH = 1000;
/** A lane's consecutive deliveries of one tenant applied in one transaction (one commit for all). */
const DELIVERY_BATCH = 50;
/**
 * The same for subscribers that take their events together (`subscribeBatch`): their work per call
 * is a few set-based statements whatever its size, so a busy shop's events go in large batches —
 * under load a lane is bound by its round trips to the database, not by the rows they carry.
 */
const MANY_BATCH = 500;

interface ClaimedDelivery extends OutboxRow {
  readonly subscriber: string;
  readonly attempts: number;
  readonly position: string;
}

/**
 * Delivery without a broker: the relay fans each committed outbox event out into
 * kernel.event_deliveries (one row per registered subscriber whose pattern matches) and a worker
 * runs due deliveries, retrying with backoff and dead-lettering after the last attempt. Safe with
 * several processes on one PostgreSQL (`for update skip locked`, leases).
 */
export function createInProcessEventBus(deps: InProcessBusDeps): EventBus {
  const { db, log, metrics } = deps;
  const subscribers = new Map<string, Subscriber>();
  const pollMs = deps.pollMs ?? 250;
  const retry = deps.retry ?? DEFAULT_RETRY;
  const tracing = deps.tracing ?? TRACING_OFF;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = true;

  /**
   * Fans committed outbox events out to the deliveries of every registered subscriber whose pattern
   * matches (`pattern_regex`, migration 0010), and marks them relayed — one statement, so a relay
   * round costs one round trip however many events and subscribers it handles.
   */
  async function relay(): Promise<number> {
    const startTime = tracing.enabled ? Date.now() : undefined;
    const [row] = await db.query<{ relayed: number; traced: RelayedEvent[] | null }>(
      `with picked as (
         select tenant_id, event_id, type, traceparent from kernel.outbox
          where relayed_at is null order by position limit ${RELAY_BATCH} for update skip locked),
       fanned as (
         insert into kernel.event_deliveries (tenant_id, event_id, subscriber)
         select p.tenant_id, p.event_id, s.subscriber
           from picked p join kernel.event_subscribers s on ('.' || p.type) ~ s.pattern_regex
         on conflict do nothing),
       marked as (
         update kernel.outbox o set relayed_at = now() from picked p
          where o.tenant_id = p.tenant_id and o.event_id = p.event_id returning 1)
       select count(*)::int as relayed,
              (select json_agg(json_build_object('id', event_id, 'tenantId', tenant_id, 'type', type, 'traceparent', traceparent))
                 from picked where traceparent is not null) as traced
         from marked`,
    );
    // Fanned out into the deliveries is this bus's publish: a span per event of a traced request.
    if (row?.traced)
      startRelaySpans(tracing, row.traced, { system: 'kits-in-process', destination: 'kernel.event_deliveries' }, startTime)?.end();
    const relayed = row?.relayed ?? 0;
    if (relayed > 0) metrics.eventsRelayed.inc(relayed);
    return relayed;
  }

  /** Takes due deliveries of this process's subscribers, leasing them so no other process runs them meanwhile. */
  async function claim(): Promise<ClaimedDelivery[]> {
    if (subscribers.size === 0) return [];
    // A claim outlives its handler limit by a little: a dead process's claims are taken over soon after.
    const leaseSeconds = Math.ceil(deps.handlerTimeoutMs / 1000) + 5;
    return db
      .query<ClaimedDelivery>(
        `with due as (
         select tenant_id, event_id, subscriber from kernel.event_deliveries
          where next_attempt_at <= now() and subscriber = any($1)
          order by next_attempt_at limit ${CLAIM_BATCH} for update skip locked)
       update kernel.event_deliveries d set attempts = d.attempts + 1, next_attempt_at = now() + make_interval(secs => $2)
         from due, kernel.outbox o
        where d.tenant_id = due.tenant_id and d.event_id = due.event_id and d.subscriber = due.subscriber
          and o.tenant_id = d.tenant_id and o.event_id = d.event_id
       returning d.subscriber, d.attempts, o.tenant_id, o.event_id, o.type, o.version, o.source, o.payload, o.occurred_at, o.position, o.traceparent`,
        [[...subscribers.keys()], leaseSeconds],
      )
      .then((rows) => rows.sort((a, b) => Number(a.position) - Number(b.position)));
  }

  const keyOf = (delivery: ClaimedDelivery) => [delivery.tenant_id, delivery.event_id, delivery.subscriber];

  /** Deliveries done with (applied, applied before, or dead-lettered): their rows go, in one statement. */
  async function forget(deliveries: readonly ClaimedDelivery[]): Promise<void> {
    if (deliveries.length === 0) return;
    await db.query(
      `delete from kernel.event_deliveries
        where (tenant_id, event_id, subscriber) in (select * from unnest($1::uuid[], $2::uuid[], $3::text[]))`,
      [deliveries.map((d) => d.tenant_id), deliveries.map((d) => d.event_id), deliveries.map((d) => d.subscriber)],
    );
  }

  /** A handler threw: retry later with backoff, or dead-letter after the last attempt. Answers whether the delivery is done with. */
  async function failed(subscriber: Subscriber, delivery: ClaimedDelivery, error: unknown): Promise<boolean> {
    const event = envelopeOf(delivery);
    const message = error instanceof Error ? error.message : String(error);
    if (delivery.attempts >= retry.maxAttempts) {
      await recordDeadLetter(db, subscriber.id, event, delivery.attempts, message);
      metrics.eventsDeadLettered.inc({ subscriber: subscriber.id });
      log.error(
        { err: error, subscriber: subscriber.id, eventId: event.id, type: event.type },
        'event dead-lettered after the last attempt',
      );
      return true;
    }
    const delay = retryDelayMs(delivery.attempts, retry);
    await db.query(
      'update kernel.event_deliveries set next_attempt_at = now() + make_interval(secs => $4), last_error = $5 where tenant_id = $1 and event_id = $2 and subscriber = $3',
      [...keyOf(delivery), delay / 1000, message.slice(0, 2000)],
    );
    metrics.eventsRetried.inc({ subscriber: subscriber.id });
    log.warn(
      { err: error, subscriber: subscriber.id, eventId: event.id, attempt: delivery.attempts, retryInMs: delay },
      'event handler failed; will retry',
    );
    return false;
  }

  /** One delivery in its own transaction. */
  async function deliver(subscriber: Subscriber, delivery: ClaimedDelivery): Promise<void> {
    try {
      await applyOnce(db, subscriber, envelopeOf(delivery), deps.handlerTimeoutMs);
      metrics.eventsDelivered.inc({ subscriber: subscriber.id });
      await forget([delivery]);
    } catch (error) {
      if (await failed(subscriber, delivery, error)) await forget([delivery]);
    }
  }

  /**
   * Several deliveries of one lane and tenant in one transaction, in commit order (each in a
   * savepoint: a failing handler undoes only its delivery). A handler that outruns its limit gives
   * the batch up: its deliveries run one at a time, so the slow one is told apart.
   */
  async function deliverBatch(batch: ReadonlyArray<{ subscriber: Subscriber; delivery: ClaimedDelivery }>): Promise<void> {
    let outcome;
    try {
      outcome = await applyBatchOnce(
        db,
        batch.map(({ subscriber, delivery }) => ({ subscriber, event: envelopeOf(delivery) })),
        deps.handlerTimeoutMs,
      );
    } catch (error) {
      if (!(error instanceof BatchAbandonedError))
        log.warn({ err: error, deliveries: batch.length }, 'a batch of deliveries failed; delivering them one at a time');
      for (const { subscriber, delivery } of batch) await deliver(subscriber, delivery);
      return;
    }
    const done: ClaimedDelivery[] = [];
    for (const { subscriber, delivery } of batch) {
      const result = outcome.get(batchKey(subscriber.id, delivery.event_id));
      if (result instanceof Error) {
        if (await failed(subscriber, delivery, result)) done.push(delivery);
      } else {
        if (result === 'applied') metrics.eventsDelivered.inc({ subscriber: subscriber.id });
        done.push(delivery);
      }
    }
    await forget(done);
  }

  /** A lane's claimed deliveries in commit order, cut into runs of one tenant of at most DELIVERY_BATCH (MANY_BATCH for batch subscribers). */
  async function deliverLane(lane: readonly ClaimedDelivery[]): Promise<void> {
    const items = lane.flatMap((delivery) => {
      const subscriber = subscribers.get(delivery.subscriber);
      return subscriber ? [{ subscriber, delivery }] : [];
    });
    for (let start = 0; start < items.length;) {
      const tenant = items[start]!.delivery.tenant_id;
      let end = start + 1;
      const limit = items[start]!.subscriber.handleMany ? MANY_BATCH : DELIVERY_BATCH;
      while (end < items.length && end - start < limit && items[end]!.delivery.tenant_id === tenant) end++;
      const run = items.slice(start, end);
      if (run.length === 1) await deliver(run[0]!.subscriber, run[0]!.delivery);
      else await deliverBatch(run);
      start = end;
    }
  }

  async function pump(): Promise<void> {
    do {
      again = false;
      const relayed = await relay();
      const claimed = await claim();
      // One lane per subscriber, or per the lane it names (a plugin's): a slow or failing lane does not
      // hold up the others; within a lane, deliveries go in commit order (claimed sorted by position).
      const lanes = new Map<string, ClaimedDelivery[]>();
      for (const delivery of claimed) {
        const lane = subscribers.get(delivery.subscriber)?.lane ?? delivery.subscriber;
        lanes.set(lane, [...(lanes.get(lane) ?? []), delivery]);
      }
      await Promise.all([...lanes.values()].map(deliverLane));
      // A full batch leaves more behind; anything committed meanwhile nudged (`again`), and what
      // other processes commit is found by the poll.
      if (relayed === RELAY_BATCH || claimed.length === CLAIM_BATCH) again = true;
    } while (again && !stopped);
  }

  function run(): void {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = pump()
      .catch((error: unknown) => log.error({ err: error }, 'event relay failed; retrying at the next poll'))
      .finally(() => {
        running = undefined;
        // A nudge that came as the last round ended is not left for the next poll.
        if (again) run();
      });
  }

  return {
    publish: (tx, tenantId, source, event) => writeToOutbox(tx, tenantId, source, event, tracing.traceparent()),
    async subscribe(subscriber) {
      subscribers.set(subscriber.id, traceHandling(subscriber, tracing));
      await registerSubscriber(db, subscriber);
    },
    async unsubscribe(subscriberId) {
      subscribers.delete(subscriberId);
    },
    async start() {
      stopped = false;
      timer = setInterval(run, pollMs);
      timer.unref();
      run();
    },
    // The relay a commit wakes is no part of that request's trace: it runs outside it.
    nudge: () => tracing.outside(() => setImmediate(run)),
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      await running;
    },
    check: async () => undefined,
    async pendingDeliveries() {
      // Every process's subscribers share the table; a known subscriber with none pending reads 0.
      const rows = await db.query<{ subscriber: string; retrying: boolean; messages: number }>(
        'select subscriber, last_error is not null as retrying, count(*)::int as messages from kernel.event_deliveries group by 1, 2',
      );
      const pending = new Map<string, PendingDeliveries>();
      for (const id of subscribers.keys())
        for (const state of ['waiting', 'retrying'] as const) pending.set(`${id} ${state}`, { subscriber: id, state, messages: 0 });
      for (const row of rows) {
        const state = row.retrying ? 'retrying' : 'waiting';
        pending.set(`${row.subscriber} ${state}`, { subscriber: row.subscriber, state, messages: row.messages });
      }
      return [...pending.values()];
    },
  };
}
