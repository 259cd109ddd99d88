import type { Logger } from 'pino';
import type { KernelConfig } from '../config/config.ts';
import type { Database } from '../db/database.ts';
import type { KernelMetrics } from '../observability/metrics.ts';
import type { Tracing } from '../observability/tracing.ts';
import { createAmqpEventBus } from './amqp-bus.ts';
import type { EventBus } from './event-bus.ts';
import { createInProcessEventBus } from './in-process-bus.ts';

export type { EventBus, Subscriber } from './event-bus.ts';

/** RabbitMQ when AMQP_URL is set; delivery from the database in this process otherwise. */
export async function createEventBus(deps: {
  db: Database;
  config: Pick<KernelConfig, 'amqpUrl' | 'handlerTimeoutMs'>;
  log: Logger;
  metrics: KernelMetrics;
  tracing?: Tracing;
  exchangeName?: string;
}): Promise<EventBus> {
  const common = {
    db: deps.db,
    log: deps.log.child({ component: 'events' }),
    metrics: deps.metrics,
    handlerTimeoutMs: deps.config.handlerTimeoutMs,
    ...(deps.tracing ? { tracing: deps.tracing } : {}),
  };
  if (!deps.config.amqpUrl) return createInProcessEventBus(common);
  return createAmqpEventBus({ ...common, url: deps.config.amqpUrl, ...(deps.exchangeName ? { exchange: deps.exchangeName } : {}) });
}
