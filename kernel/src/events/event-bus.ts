import type { EventEnvelope, NewEvent } from '@kits/plugin-sdk';
import type { Transaction } from '../db/database.ts';

/** A consumer of events. `id` is stable across restarts and processes: it names its queue. */
export interface Subscriber {
  readonly id: string;
  /** Exact type or pattern with `*` for one dot-separated segment and `#` for any rest. */
  readonly pattern: string;
  /**
   * Subscribers of one lane (a plugin's, say) are delivered one delivery at a time, in the order
   * their events were committed, and may share a transaction: one plugin's handlers never race each
   * other for its own rows. Without one, the subscriber is its own lane.
   */
  readonly lane?: string;
  /**
   * Handles one event inside a tenant transaction that also records the event as processed for
   * this subscriber, so a repeated delivery is a no-op. Throwing rolls back and schedules a retry.
   */
  handle(event: EventEnvelope, tx: Transaction): Promise<void>;
  /**
   * Subscribers that name the same `batch` take consecutive deliveries of one tenant together:
   * `handleMany` gets their new events (in commit order) in one call, inside the delivery's
   * transaction; when it throws, the kernel undoes it and hands the events over one at a time (D-185).
   */
  readonly batch?: string;
  handleMany?(deliveries: ReadonlyArray<{ readonly pattern: string; readonly event: EventEnvelope }>, tx: Transaction): Promise<void>;
}

/** Deliveries one subscriber has not had yet (`kits_event_queue_messages`). */
export interface PendingDeliveries {
  readonly subscriber: string;
  /** `waiting`: never tried yet; `retrying`: failed before and waits for its next attempt. */
  readonly state: 'waiting' | 'retrying';
  readonly messages: number;
}

export interface EventBusStats {
  readonly delivered: number;
  readonly retried: number;
  readonly deadLettered: number;
}

/**
 * Domain events: written to the outbox in the caller's transaction, relayed after commit, delivered
 * at least once to every matching subscriber and applied once per subscriber (processed_events).
 * In process by default; through a RabbitMQ topic exchange when AMQP_URL is set.
 */
export interface EventBus {
  /** Inserts the event into `kernel.outbox` in `tx`; returns the envelope. */
  publish<Payload>(tx: Transaction, tenantId: string, source: string, event: NewEvent<Payload>): Promise<EventEnvelope<Payload>>;
  subscribe(subscriber: Subscriber): Promise<void>;
  unsubscribe(subscriberId: string): Promise<void>;
  /** Starts relaying and consuming. */
  start(): Promise<void>;
  /** Relays now (called after a commit that published), instead of waiting for the poll. */
  nudge(): void;
  stop(): Promise<void>;
  /** For /readyz: throws when the broker is unreachable. */
  check(): Promise<void>;
  /** For /metrics: each subscriber's pending deliveries; throws when they cannot be read (broker away). */
  pendingDeliveries(): Promise<PendingDeliveries[]>;
}
