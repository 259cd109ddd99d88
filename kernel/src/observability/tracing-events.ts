import { SpanKind, trace, type Attributes, type Link, type Span } from '@opentelemetry/api';
import type { EventEnvelope } from '@kits/plugin-sdk';
import type { Subscriber } from '../events/event-bus.ts';
import { failed, type Tracing } from './tracing.ts';

/**
 * How an event's trace crosses the broker (docs/observability.md): the envelope carries the W3C
 * `traceparent` of the work that published it (outbox.ts), so relaying it and handling it — in
 * this process or another, through RabbitMQ or the in-process bus — are spans of the same trace.
 */

/** What a relay span needs of an event: the outbox row or envelope it relays. */
export type RelayedEvent = Pick<EventEnvelope, 'id' | 'tenantId' | 'type' | 'traceparent'>;

/** Which bus relays: RabbitMQ (to an exchange) or the in-process bus (into kernel.event_deliveries). */
export interface RelayTarget {
  readonly system: 'rabbitmq' | 'kits-in-process';
  readonly destination: string;
}

export interface RelaySpans {
  /** Ends every span, marked failed when `error` is given (the broker refused or went away). */
  end(error?: unknown): void;
}

/**
 * A `publish <type>` span per relayed event that carries a trace context, each the child of that
 * context; undefined when none does (tracing off, or events of untraced work), costing nothing.
 */
export function startRelaySpans(
  tracing: Tracing,
  events: readonly RelayedEvent[],
  target: RelayTarget,
  startTime?: number,
): RelaySpans | undefined {
  if (!tracing.enabled) return undefined;
  const spans: Span[] = [];
  for (const event of events) {
    if (!event.traceparent) continue;
    const attributes: Attributes = {
      'messaging.system': target.system,
      'messaging.operation.type': 'send',
      'messaging.operation.name': 'publish',
      'messaging.destination.name': target.destination,
      'messaging.message.id': event.id,
      'kits.event.type': event.type,
      'kits.tenant.id': event.tenantId,
      ...(target.system === 'rabbitmq' ? { 'messaging.rabbitmq.destination.routing_key': event.type } : {}),
    };
    const options = { kind: SpanKind.PRODUCER, attributes, ...(startTime !== undefined ? { startTime } : {}) };
    spans.push(tracing.tracer.startSpan(`publish ${event.type}`, options, tracing.contextOf(event.traceparent)));
  }
  if (spans.length === 0) return undefined;
  return {
    end(error) {
      for (const span of spans) {
        if (error !== undefined) failed(span, error);
        span.end();
      }
    },
  };
}

const handlingAttributes = (subscriber: Subscriber, events: readonly EventEnvelope[]): Attributes => ({
  'messaging.operation.type': 'process',
  'messaging.operation.name': 'process',
  'messaging.consumer.group.name': subscriber.id,
  'kits.subscriber': subscriber.id,
  'kits.tenant.id': events[0]!.tenantId,
  ...(events.length === 1
    ? { 'messaging.message.id': events[0]!.id, 'kits.event.type': events[0]!.type }
    : { 'messaging.batch.message_count': events.length }),
});

/**
 * The subscriber with a `process <type>` span around each handling: the child of the context its
 * event's envelope carries (a root span for an event of untraced work), active while the handler
 * runs so the events it publishes continue the trace. A batch (`handleMany`) is one span, the
 * child of its first traced event, linked to the others'. With tracing off, the subscriber as it is.
 */
export function traceHandling(subscriber: Subscriber, tracing: Tracing): Subscriber {
  if (!tracing.enabled) return subscriber;
  const { handleMany } = subscriber;
  return {
    ...subscriber,
    handle: (event, tx) =>
      tracing.inSpan(
        `process ${event.type}`,
        { kind: SpanKind.CONSUMER, attributes: handlingAttributes(subscriber, [event]) },
        tracing.contextOf(event.traceparent),
        () => subscriber.handle(event, tx),
      ),
    ...(handleMany
      ? {
          handleMany(deliveries, tx) {
            const events = deliveries.map((delivery) => delivery.event);
            const contexts = events.flatMap((event) => (event.traceparent ? [tracing.contextOf(event.traceparent)] : []));
            const links: Link[] = contexts.slice(1).flatMap((context) => {
              const spanContext = trace.getSpanContext(context);
              return spanContext ? [{ context: spanContext }] : [];
            });
            const types = new Set(events.map((event) => event.type));
            return tracing.inSpan(
              types.size === 1 ? `process ${events[0]!.type}` : `process ${events.length} events`,
              { kind: SpanKind.CONSUMER, attributes: handlingAttributes(subscriber, events), links },
              contexts[0] ?? tracing.contextOf(undefined),
              () => handleMany.call(subscriber, deliveries, tx),
            );
          },
        }
      : {}),
  };
}
