import { constrainedMemory } from 'node:process';
import { totalmem } from 'node:os';
import { Gauge, type Registry } from 'prom-client';
import type { Logger } from 'pino';
import type { Database } from '../db/database.ts';
import { REPLICA_LAG_SQL } from '../db/reporting-database.ts';
import type { EventBus } from '../events/event-bus.ts';

/** What the scrape-time gauges read. */
export interface KernelStateSources {
  readonly db: Database;
  readonly bus: EventBus;
  /** REPORTING_DATABASE_URL's database; without it the replication lag gauge has no sample. */
  readonly reporting?: Database;
  readonly log: Logger;
}

/** Past this many rows the outbox count stops: a scrape stays cheap however far behind the relay is. */
export const OUTBOX_COUNT_CAP = 100_000;

/**
 * Logs a collector's failure once when it starts failing and once when it recovers, not at every
 * scrape (Prometheus scrapes every 15 s or so).
 */
function failureLog(log: Logger, what: string) {
  let failing = false;
  return {
    failed(error: unknown) {
      if (!failing) log.warn({ err: error }, `${what} could not be read for /metrics; its gauge has no sample until it can`);
      failing = true;
    },
    recovered() {
      if (failing) log.info(`${what} can be read for /metrics again`);
      failing = false;
    },
  };
}

/** No sample at all: reset() alone leaves an unlabelled gauge at 0, which would read as "nothing pending" or "no lag". */
function clear(gauge: Gauge): void {
  gauge.reset();
  gauge.remove({});
}

/**
 * Gauges read when Prometheus scrapes: the database pool, the outbox backlog, the bus's pending
 * deliveries, the reporting replica's lag and the process's memory limit. A collector never throws
 * into /metrics: what cannot be read has no sample (and one log line), the rest is served.
 */
export function registerStateGauges(registry: Registry, sources: KernelStateSources): void {
  const { db, bus, reporting, log } = sources;
  const registers = [registry];
  const logs = new Map<string, ReturnType<typeof failureLog>>();
  const guarded = (what: string, read: (gauge: Gauge) => Promise<void>) => {
    if (!logs.has(what)) logs.set(what, failureLog(log.child({ component: 'metrics' }), what));
    const logged = logs.get(what)!;
    return async function collect(this: Gauge) {
      clear(this);
      try {
        await read(this);
        logged.recovered();
      } catch (error) {
        clear(this);
        logged.failed(error);
      }
    };
  };

  new Gauge({
    name: 'kits_db_pool_connections',
    help: 'Database pool connections by state (PostgreSQL; PGlite has a single connection)',
    labelNames: ['state'] as const,
    registers,
    collect: guarded('the database pool', async (gauge) => {
      const stats = await db.poolStats();
      if (!stats) return void gauge.set({ state: 'total' }, 1);
      gauge.set({ state: 'total' }, stats.total);
      gauge.set({ state: 'idle' }, stats.idle);
      gauge.set({ state: 'waiting' }, stats.waiting);
    }),
  });

  // Both outbox gauges come from one query per scrape, shared by their collectors.
  let outboxRead: Promise<{ pending: number; oldest: number }> | undefined;
  const readOutbox = () => {
    outboxRead ??= db
      .query<{ pending: number; oldest: number }>(
        `select (select count(*) from (select 1 from kernel.outbox where relayed_at is null limit ${OUTBOX_COUNT_CAP}) p)::int as pending,
                coalesce(extract(epoch from now() - (select occurred_at from kernel.outbox where relayed_at is null order by position limit 1)), 0)::float8 as oldest`,
      )
      .then(([row]) => ({ pending: Number(row!.pending), oldest: Math.max(0, Number(row!.oldest)) }))
      .finally(() => setImmediate(() => (outboxRead = undefined)));
    return outboxRead;
  };
  new Gauge({
    name: 'kits_outbox_pending_events',
    help: `Events written to the outbox and not yet relayed to the bus (counted up to ${OUTBOX_COUNT_CAP})`,
    registers,
    collect: guarded('the outbox backlog', async (gauge) => gauge.set((await readOutbox()).pending)),
  });
  new Gauge({
    name: 'kits_outbox_oldest_pending_age_seconds',
    help: 'Age of the oldest event not yet relayed from the outbox (0 when none waits)',
    registers,
    collect: guarded('the outbox backlog', async (gauge) => gauge.set((await readOutbox()).oldest)),
  });

  new Gauge({
    name: 'kits_event_queue_messages',
    help:
      "Deliveries waiting per subscriber: RabbitMQ's ready messages in the subscriber's queue (state=waiting) and its retry " +
      'queue (state=retrying) with AMQP_URL; kernel.event_deliveries rows not yet done (never failed: waiting; failed before: retrying) without',
    labelNames: ['subscriber', 'state'] as const,
    registers,
    collect: guarded('the event queues', async (gauge) => {
      for (const { subscriber, state, messages } of await bus.pendingDeliveries()) gauge.set({ subscriber, state }, messages);
    }),
  });

  new Gauge({
    name: 'kits_reporting_replication_lag_seconds',
    help: 'How far the reporting replica (REPORTING_DATABASE_URL) is behind the primary: 0 when it has replayed all WAL it received (an idle primary is not lag), else the time since the primary committed the last transaction it replayed. No sample when the replica is unset, unreachable or promoted',
    registers,
    collect: guarded('the reporting replica lag', async (gauge) => {
      if (!reporting) return;
      const [row] = await reporting.query<{ lag: number | null }>(REPLICA_LAG_SQL);
      if (row?.lag !== null && row?.lag !== undefined) gauge.set(Number(row.lag));
    }),
  });

  new Gauge({
    name: 'kits_process_memory_limit_bytes',
    help: "Memory the process may use: its cgroup (container) limit, or the machine's memory when it has none",
    registers,
    collect() {
      const limit = constrainedMemory();
      // Without a cgroup limit Node reports 0 or 2^64-1: the machine's memory is the limit then.
      this.set(limit > 0 && limit < totalmem() ? limit : totalmem());
    },
  });
}
