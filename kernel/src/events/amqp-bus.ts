import type { EventEnvelope } from '@kits/plugin-sdk';
import { connect, type Channel, type ChannelModel, type ConfirmChannel, type ConsumeMessage } from 'amqplib';
import type { Logger } from 'pino';
import { isDatabaseUnavailable } from '../db/database-errors.ts';
import type { Database } from '../db/database.ts';
import type { KernelMetrics } from '../observability/metrics.ts';
import { TRACING_OFF, type Tracing } from '../observability/tracing.ts';
import { startRelaySpans, traceHandling } from '../observability/tracing-events.ts';
import { applyOnce, recordDeadLetter, registerSubscriber } from './apply-once.ts';
import type { EventBus, PendingDeliveries, Subscriber } from './event-bus.ts';
import { DEFAULT_RETRY, envelopeOf, retryDelayMs, writeToOutbox, type OutboxRow, type RetryPolicy } from './outbox.ts';

export interface AmqpBusDeps {
  readonly db: Database;
  readonly log: Logger;
  readonly metrics: KernelMetrics;
  readonly url: string;
  readonly handlerTimeoutMs: number;
  /** Topic exchange name; queues are named after it, so a test can use its own. */
  readonly exchange?: string;
  readonly pollMs?: number;
  readonly retry?: RetryPolicy;
  /** Spans for relaying and handling events of traced work (off by default). */
  readonly tracing?: Tracing;
}

const ATTEMPT_HEADER = 'x-kits-attempt';
/** How long an event waits before it is handed to its subscriber again while the database is away. */
const DATABASE_AWAY_RETRY_MS = 5_000;

/**
 * Delivery through RabbitMQ: the relay publishes committed outbox rows to a durable topic exchange
 * with publisher confirms and marks them relayed only once confirmed; each subscriber consumes a
 * durable quorum queue bound by its pattern. A failed handler is retried through a per-subscriber
 * retry queue (per-message TTL, dead-lettered back to the subscriber queue), then dead-lettered.
 * While the broker is away, events wait in the outbox and the bus reconnects with backoff.
 */
export function createAmqpEventBus(deps: AmqpBusDeps): EventBus {
  const { db, log, metrics } = deps;
  const exchange = deps.exchange ?? 'kits.events';
  const deadQueue = `${exchange}.dead`;
  const subscribers = new Map<string, Subscriber>();
  const queueOf = (subscriberId: string) => `${exchange}.sub.${subscriberId}`;
  const pollMs = deps.pollMs ?? 250;
  const retry = deps.retry ?? DEFAULT_RETRY;
  const tracing = deps.tracing ?? TRACING_OFF;

  let connection: ChannelModel | undefined;
  let publisher: ConfirmChannel | undefined;
  let consumer: Channel | undefined;
  let stopped = true;
  let reconnectAttempt = 0;
  let reconnectTimer: NodeJS.Timeout | undefined;
  let relayTimer: NodeJS.Timeout | undefined;
  let relaying: Promise<void> | undefined;
  let relayAgain = false;

  async function declareSubscriber(subscriber: Subscriber): Promise<void> {
    if (!publisher || !consumer) return;
    const queue = queueOf(subscriber.id);
    await consumer.assertQueue(queue, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
    await consumer.bindQueue(queue, exchange, subscriber.pattern);
    await consumer.assertQueue(`${queue}.retry`, {
      durable: true,
      arguments: { 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': queue },
    });
    await consumer.consume(queue, (message) => {
      if (message) void handleMessage(subscriber, message);
    });
  }

  async function setUp(): Promise<void> {
    connection = await connect(deps.url);
    connection.on('error', (error: Error) => log.warn({ err: error }, 'RabbitMQ connection error'));
    connection.on('close', () => {
      connection = undefined;
      publisher = undefined;
      consumer = undefined;
      if (!stopped) scheduleReconnect();
    });
    publisher = await connection.createConfirmChannel();
    consumer = await connection.createChannel();
    await consumer.prefetch(16);
    await publisher.assertExchange(exchange, 'topic', { durable: true });
    await publisher.assertQueue(deadQueue, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
    for (const subscriber of subscribers.values()) await declareSubscriber(subscriber);
    reconnectAttempt = 0;
    log.info({ exchange }, 'connected to RabbitMQ');
    runRelay();
  }

  function scheduleReconnect(): void {
    if (stopped || reconnectTimer) return;
    reconnectAttempt += 1;
    // At most 5 s apart, so events flow again within seconds of the broker's return.
    const delay = Math.min(5_000, 200 * 2 ** Math.min(reconnectAttempt, 5));
    log.warn({ attempt: reconnectAttempt, retryInMs: delay }, 'RabbitMQ unavailable; events wait in the outbox');
    reconnectTimer = setTimeout(() => {
      reconnectTimer = undefined;
      setUp().catch((error: unknown) => {
        log.warn({ err: error }, 'RabbitMQ reconnect failed');
        void connection?.close().catch(() => undefined);
        connection = undefined;
        scheduleReconnect();
      });
    }, delay);
    reconnectTimer.unref();
  }

  async function publishConfirmed(
    channel: ConfirmChannel,
    target: string,
    routingKey: string,
    body: Buffer,
    options: Parameters<Channel['publish']>[3],
  ): Promise<void> {
    channel.publish(target, routingKey, body, { persistent: true, contentType: 'application/json', ...options });
    await channel.waitForConfirms();
  }

  async function relay(): Promise<number> {
    const channel = publisher;
    if (!channel) return 0;
    return db.transaction({}, async (tx) => {
      const rows = await tx.query<OutboxRow>(
        `select tenant_id, event_id, type, version, source, payload, occurred_at, traceparent from kernel.outbox
          where relayed_at is null order by position limit 200 for update skip locked`,
      );
      if (rows.length === 0) return 0;
      const envelopes = rows.map(envelopeOf);
      const spans = startRelaySpans(tracing, envelopes, { system: 'rabbitmq', destination: exchange });
      for (const envelope of envelopes) {
        channel.publish(exchange, envelope.type, Buffer.from(JSON.stringify(envelope)), {
          persistent: true,
          contentType: 'application/json',
          messageId: envelope.id,
          headers: { 'x-kits-tenant': envelope.tenantId },
        });
      }
      // Marked relayed only after the broker confirmed every message; a failure rolls back and the
      // events are published again later (subscribers dedupe by event id).
      await channel.waitForConfirms().catch((error: unknown) => {
        spans?.end(error);
        throw error;
      });
      spans?.end();
      await tx.query(
        'update kernel.outbox set relayed_at = now() where (tenant_id, event_id) in (select * from unnest($1::uuid[], $2::uuid[]))',
        [rows.map((r) => r.tenant_id), rows.map((r) => r.event_id)],
      );
      metrics.eventsRelayed.inc(rows.length);
      return rows.length;
    });
  }

  function runRelay(): void {
    if (stopped || !publisher) return;
    if (relaying) {
      relayAgain = true;
      return;
    }
    relaying = (async () => {
      do {
        relayAgain = false;
        if ((await relay()) > 0) relayAgain = true;
      } while (relayAgain && !stopped && publisher);
    })()
      .catch((error: unknown) => log.warn({ err: error }, 'event relay to RabbitMQ failed; events stay in the outbox'))
      .finally(() => {
        relaying = undefined;
      });
  }

  /**
   * Settles a message on its channel. A channel that closed meanwhile (the bus stopping, the broker
   * going away) cannot take it: the broker redelivers the message anyway, so that is not an error.
   */
  function settle(channel: NonNullable<typeof consumer>, settleIt: (channel: NonNullable<typeof consumer>) => void): void {
    try {
      settleIt(channel);
    } catch (error) {
      log.debug({ err: error }, 'the channel closed before the message was settled; the broker redelivers it');
    }
  }

  async function handleMessage(subscriber: Subscriber, message: ConsumeMessage): Promise<void> {
    const channel = consumer;
    const confirm = publisher;
    if (!channel || !confirm) return;
    let event: EventEnvelope;
    try {
      event = JSON.parse(message.content.toString('utf8')) as EventEnvelope;
    } catch (error) {
      log.error({ err: error, subscriber: subscriber.id }, 'unreadable message; moved to the dead-letter queue');
      await publishConfirmed(confirm, '', deadQueue, message.content, { headers: { 'x-kits-subscriber': subscriber.id } }).catch(
        () => undefined,
      );
      settle(channel, (c) => c.ack(message));
      return;
    }
    const attempt = Number(message.properties.headers?.[ATTEMPT_HEADER] ?? 0) + 1;
    try {
      await applyOnce(db, subscriber, event, deps.handlerTimeoutMs);
      metrics.eventsDelivered.inc({ subscriber: subscriber.id });
      settle(channel, (c) => c.ack(message));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      // The database being away is not the handler failing: the attempt does not count, and the
      // event waits a few seconds — it is never dead-lettered for an outage, however long.
      const databaseAway = isDatabaseUnavailable(error);
      try {
        if (attempt >= retry.maxAttempts && !databaseAway) {
          await recordDeadLetter(db, subscriber.id, event, attempt, reason);
          await publishConfirmed(confirm, '', deadQueue, message.content, {
            messageId: event.id,
            headers: { 'x-kits-subscriber': subscriber.id, 'x-kits-error': reason.slice(0, 500) },
          });
          metrics.eventsDeadLettered.inc({ subscriber: subscriber.id });
          log.error({ err: error, subscriber: subscriber.id, eventId: event.id }, 'event dead-lettered after the last attempt');
        } else {
          const delay = databaseAway ? DATABASE_AWAY_RETRY_MS : retryDelayMs(attempt, retry);
          await publishConfirmed(confirm, '', `${queueOf(subscriber.id)}.retry`, message.content, {
            messageId: event.id,
            expiration: String(delay),
            headers: { ...message.properties.headers, [ATTEMPT_HEADER]: databaseAway ? attempt - 1 : attempt },
          });
          metrics.eventsRetried.inc({ subscriber: subscriber.id });
          log.warn(
            { err: error, subscriber: subscriber.id, eventId: event.id, attempt, retryInMs: delay },
            databaseAway ? 'the database is away; the event waits' : 'event handler failed; will retry',
          );
        }
        settle(channel, (c) => c.ack(message));
      } catch (republishError) {
        // Could not park it for a retry: let the broker redeliver it.
        log.warn({ err: republishError }, 'could not schedule a retry; returning the message to its queue');
        settle(channel, (c) => c.nack(message, false, true));
      }
    }
  }

  return {
    publish: (tx, tenantId, source, event) => writeToOutbox(tx, tenantId, source, event, tracing.traceparent()),
    async subscribe(untraced) {
      const subscriber = traceHandling(untraced, tracing);
      subscribers.set(subscriber.id, subscriber);
      await registerSubscriber(db, subscriber);
      await declareSubscriber(subscriber);
    },
    async unsubscribe(subscriberId) {
      subscribers.delete(subscriberId);
    },
    async start() {
      stopped = false;
      try {
        await setUp();
      } catch (error) {
        log.warn({ err: error }, 'RabbitMQ is not reachable at start; the kernel serves and events wait in the outbox');
        scheduleReconnect();
      }
      relayTimer = setInterval(runRelay, pollMs);
      relayTimer.unref();
    },
    // The relay a commit wakes is no part of that request's trace: it runs outside it.
    nudge: () => tracing.outside(() => setImmediate(runRelay)),
    async stop() {
      stopped = true;
      if (relayTimer) clearInterval(relayTimer);
      if (reconnectTimer) clearTimeout(reconnectTimer);
      await relaying;
      await connection?.close().catch(() => undefined);
      connection = undefined;
    },
    async check() {
      if (!connection || !publisher) throw new Error('RabbitMQ is not connected');
    },
    async pendingDeliveries() {
      if (!connection) throw new Error('RabbitMQ is not connected');
      // A channel of its own: a queue check that fails closes its channel, and that must not be the consumer's.
      const channel = await connection.createChannel();
      channel.on('error', () => undefined);
      try {
        const pending: PendingDeliveries[] = [];
        for (const id of subscribers.keys()) {
          pending.push({ subscriber: id, state: 'waiting', messages: (await channel.checkQueue(queueOf(id))).messageCount });
          pending.push({ subscriber: id, state: 'retrying', messages: (await channel.checkQueue(`${queueOf(id)}.retry`)).messageCount });
        }
        return pending;
      } finally {
        await channel.close().catch(() => undefined);
      }
    },
  };
}
