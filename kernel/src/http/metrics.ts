import type { FastifyInstance } from 'fastify';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Database } from '../db/database.ts';

/** The kernel's Prometheus metrics. One registry per kernel: no global state between kernels. */
export interface KernelMetrics {
  readonly registry: Registry;
  readonly requestDuration: Histogram<'method' | 'route' | 'status'>;
  readonly eventsDelivered: Counter<'subscriber'>;
  readonly eventsRetried: Counter<'subscriber'>;
  readonly eventsDeadLettered: Counter<'subscriber'>;
  readonly eventsRelayed: Counter;
}

export function createMetrics(db: Database): KernelMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'kits_' });
  new Gauge({
    name: 'kits_db_pool_connections',
    help: 'Database pool connections by state (PostgreSQL; PGlite has a single connection)',
    labelNames: ['state'] as const,
    registers: [registry],
    async collect() {
      const stats = await db.poolStats();
      if (!stats) {
        this.set({ state: 'total' }, 1);
        return;
      }
      this.set({ state: 'total' }, stats.total);
      this.set({ state: 'idle' }, stats.idle);
      this.set({ state: 'waiting' }, stats.waiting);
    },
  });
  return {
    registry,
    requestDuration: new Histogram({
      name: 'kits_http_request_duration_seconds',
      help: 'HTTP request latency by route',
      labelNames: ['method', 'route', 'status'] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    eventsDelivered: new Counter({
      name: 'kits_events_delivered_total',
      help: 'Events handled by a subscriber',
      labelNames: ['subscriber'] as const,
      registers: [registry],
    }),
    eventsRetried: new Counter({
      name: 'kits_events_retried_total',
      help: 'Event deliveries that failed and were scheduled again',
      labelNames: ['subscriber'] as const,
      registers: [registry],
    }),
    eventsDeadLettered: new Counter({
      name: 'kits_events_dead_lettered_total',
      help: 'Events given up on after the last retry',
      labelNames: ['subscriber'] as const,
      registers: [registry],
    }),
    eventsRelayed: new Counter({
      name: 'kits_events_relayed_total',
      help: 'Events moved from the outbox to the bus',
      registers: [registry],
    }),
  };
}

export function installMetrics(app: FastifyInstance, metrics: KernelMetrics): void {
  // One histogram child per (method, route, status), so an observation skips label hashing.
  const children = new Map<string, { observe(value: number): void }>();
  app.addHook('onResponse', (request, reply, done) => {
    // The plugin dispatcher sets the plugin's own route pattern; kernel routes use Fastify's.
    const route = (request as { kitsRoute?: string }).kitsRoute ?? request.routeOptions.url ?? 'unmatched';
    const key = `${request.method} ${reply.statusCode} ${route}`;
    let child = children.get(key);
    if (!child) {
      child = metrics.requestDuration.labels({ method: request.method, route, status: String(reply.statusCode) });
      if (children.size < 10_000) children.set(key, child);
    }
    child.observe(reply.elapsedTime / 1000);
    done();
  });
  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
    reply.type(metrics.registry.contentType);
    return metrics.registry.metrics();
  });
}
