import { DomainError, isValidEventType, type EventEnvelope, type NewEvent } from '@kits/plugin-sdk';
import { v7 as uuidv7 } from 'uuid';
import type { Transaction } from '../db/database.ts';
import { deferOutboxRow } from '../db/deferred-inserts.ts';

/**
 * Writes an event to kernel.outbox in the caller's transaction (at its end, with the rest); it is
 * relayed after commit. `traceparent` is the trace context of the work publishing it, when traced
 * (observability/tracing-events.ts): its handlers continue that trace.
 */
export async function writeToOutbox<Payload>(
  tx: Transaction,
  tenantId: string,
  source: string,
  event: NewEvent<Payload>,
  traceparent?: string,
): Promise<EventEnvelope<Payload>> {
  if (!isValidEventType(event.type)) {
    throw new DomainError(
      'events.invalid_type',
      500,
      `"${event.type}" is not an event type: name events <plugin>.<entity>.<verb>, like sales.sale.completed.`,
    );
  }
  const envelope: EventEnvelope<Payload> = {
    id: uuidv7(),
    tenantId,
    type: event.type,
    version: event.version ?? 1,
    occurredAt: new Date().toISOString(),
    source,
    payload: event.payload,
    ...(traceparent ? { traceparent } : {}),
  };
  deferOutboxRow(tx, {
    tenant_id: tenantId,
    event_id: envelope.id,
    type: envelope.type,
    version: envelope.version,
    source,
    payload: envelope.payload ?? null,
    occurred_at: envelope.occurredAt,
    traceparent,
  });
  return envelope;
}

export interface OutboxRow {
  readonly tenant_id: string;
  readonly event_id: string;
  readonly type: string;
  readonly version: number;
  readonly source: string;
  readonly payload: unknown;
  readonly occurred_at: Date | string;
  /** Null on events of untraced work (and on those stored before traces were carried). */
  readonly traceparent?: string | null;
}

export function envelopeOf(row: OutboxRow): EventEnvelope {
  return {
    id: row.event_id,
    tenantId: row.tenant_id,
    type: row.type,
    version: row.version,
    occurredAt: new Date(row.occurred_at).toISOString(),
    source: row.source,
    payload: row.payload,
    ...(row.traceparent ? { traceparent: row.traceparent } : {}),
  };
}

/** Topic matching as RabbitMQ does it: `*` is one dot-separated word, `#` zero or more. */
export function matchesPattern(pattern: string, type: string): boolean {
  const p = pattern.split('.');
  const t = type.split('.');
  const match = (i: number, j: number): boolean => {
    if (i === p.length) return j === t.length;
    if (p[i] === '#') return match(i + 1, j) || (j < t.length && match(i, j + 1));
    if (j === t.length) return false;
    return (p[i] === '*' || p[i] === t[j]) && match(i + 1, j + 1);
  };
  return match(0, 0);
}

/** How often and how patiently a failing subscriber is retried before its event is dead-lettered. */
export interface RetryPolicy {
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 8, baseDelayMs: 200 };

/** Delay before retry `attempt` (1-based): the base doubling, capped at 60 s, with jitter. */
export function retryDelayMs(attempt: number, policy: RetryPolicy = DEFAULT_RETRY): number {
  const base = Math.min(60_000, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(base / 2 + (Math.random() * base) / 2);
}
