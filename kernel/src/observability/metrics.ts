import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Till pushes, by what they did for the till's queue (see sync-push-counts.ts). */
export type SyncPushResult = 'accepted' | 'denied' | 'retry' | 'failed';
export const SYNC_PUSH_RESULTS: readonly SyncPushResult[] = ['accepted', 'denied', 'retry', 'failed'];
export const SYNC_EVENT_STATUSES = ['accepted', 'duplicate', 'denied', 'retry'] as const;
/** How an inventory conflict ended: the till's event denied, or an offline sale accepted short (a discrepancy raised). */
export const INVENTORY_CONFLICT_OUTCOMES = ['denied', 'accepted_short'] as const;
/** Which plugin code ran: an event subscriber's handler, or a till event's sync handler. */
export type PluginHandlerKind = 'event' | 'sync';

/**
 * The kernel's Prometheus metrics. One registry per kernel: no global state between kernels.
 * Labels stay bounded: routes are patterns, plugins and subscribers are what is installed — never
 * a tenant, a device or an event id.
 */
export interface KernelMetrics {
  readonly registry: Registry;
  readonly requestDuration: Histogram<'method' | 'route' | 'status'>;
  readonly eventsDelivered: Counter<'subscriber'>;
  readonly eventsRetried: Counter<'subscriber'>;
  readonly eventsDeadLettered: Counter<'subscriber'>;
  readonly eventsRelayed: Counter;
  readonly syncPushes: Counter<'result'>;
  readonly syncEvents: Counter<'status'>;
  readonly inventoryConflicts: Counter<'outcome'>;
  readonly pluginHandlerErrors: Counter<'plugin' | 'kind'>;
  readonly pluginHandlerTimeouts: Counter<'plugin' | 'kind'>;
  readonly pluginHandlerDuration: Histogram<'plugin' | 'kind'>;
}

/**
 * Latency buckets fine enough for p50/p95/p99 from `histogram_quantile` (recording-rules.yml): a
 * quantile is interpolated inside one bucket, so the steps stay within about 1.5x of each other
 * where the API's requests are (1 ms to 1 s).
 */
export const REQUEST_DURATION_BUCKETS = [
  0.001, 0.0025, 0.005, 0.0075, 0.01, 0.015, 0.02, 0.03, 0.05, 0.075, 0.1, 0.15, 0.25, 0.35, 0.5, 0.75, 1, 1.5, 2.5, 5, 10,
];

/** Counters whose label values are known up front start at 0, so `rate()` and `unless` see them before the first increment. */
function zeroed<L extends string>(counter: Counter<L>, label: L, values: readonly string[]): Counter<L> {
  for (const value of values) counter.inc({ [label]: value } as Partial<Record<L, string>>, 0);
  return counter;
}

export function createMetrics(): KernelMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'kits_' });
  const registers = [registry];
  return {
    registry,
    requestDuration: new Histogram({
      name: 'kits_http_request_duration_seconds',
      help: 'HTTP request latency by route pattern, method and status',
      labelNames: ['method', 'route', 'status'] as const,
      buckets: REQUEST_DURATION_BUCKETS,
      registers,
    }),
    eventsDelivered: new Counter({
      name: 'kits_events_delivered_total',
      help: 'Events handled by a subscriber',
      labelNames: ['subscriber'] as const,
      registers,
    }),
    eventsRetried: new Counter({
      name: 'kits_events_retried_total',
      help: 'Event deliveries that failed and were scheduled again',
      labelNames: ['subscriber'] as const,
      registers,
    }),
    eventsDeadLettered: new Counter({
      name: 'kits_events_dead_lettered_total',
      help: 'Events given up on after the last retry',
      labelNames: ['subscriber'] as const,
      registers,
    }),
    eventsRelayed: new Counter({ name: 'kits_events_relayed_total', help: 'Events moved from the outbox to the bus', registers }),
    syncPushes: zeroed(
      new Counter({
        name: 'kits_sync_pushes_total',
        help:
          'Till pushes (POST /api/v1/sync/push) by result: accepted = every event accepted or a duplicate; denied = some denied, ' +
          'none held back (the till moves on and resolves them); retry = an event answered retry (the till queue is held); ' +
          'failed = the push itself failed (time-out, database away): nothing applied',
        labelNames: ['result'] as const,
        registers,
      }),
      'result',
      SYNC_PUSH_RESULTS,
    ),
    syncEvents: zeroed(
      new Counter({
        name: 'kits_sync_events_total',
        help: 'Till events answered by the sync gateway, by answer status',
        labelNames: ['status'] as const,
        registers,
      }),
      'status',
      SYNC_EVENT_STATUSES,
    ),
    inventoryConflicts: zeroed(
      new Counter({
        name: 'kits_sync_inventory_conflicts_total',
        help:
          'Till events whose stock the server disagreed with: outcome=denied is an event denied with an inventory.* code ' +
          '(insufficient stock, lot short, serial unavailable); outcome=accepted_short is an offline sale accepted below zero ' +
          'stock (its answer carries stockShort; a discrepancy is raised for a count). Rate against kits_sync_events_total{status=~"accepted|denied"}',
        labelNames: ['outcome'] as const,
        registers,
      }),
      'outcome',
      INVENTORY_CONFLICT_OUTCOMES,
    ),
    pluginHandlerErrors: new Counter({
      name: 'kits_plugin_handler_errors_total',
      help: 'Plugin handler runs that failed (kind=event: the delivery is retried; kind=sync: the till event is answered retry)',
      labelNames: ['plugin', 'kind'] as const,
      registers,
    }),
    pluginHandlerTimeouts: new Counter({
      name: 'kits_plugin_handler_timeouts_total',
      help: 'Plugin handler runs stopped at HANDLER_TIMEOUT_MS',
      labelNames: ['plugin', 'kind'] as const,
      registers,
    }),
    pluginHandlerDuration: new Histogram({
      name: 'kits_plugin_handler_duration_seconds',
      help: 'Time a plugin handler run took (a batch of events counts as one run), failed runs included',
      labelNames: ['plugin', 'kind'] as const,
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
  };
}
