import type { Logger } from 'pino';
import type { LockService } from '../coordination/coordination.ts';
import type { Database } from '../db/database.ts';

/** What one pruning removed. */
export interface PrunedEvents {
  /** Outbox events relayed before the retention period, with no delivery still to run. */
  readonly outbox: number;
  /** Records of events applied by a subscriber before the retention period. */
  readonly processed: number;
}

export interface EventRetention {
  /** Prunes now, in batches, until nothing older than the retention period is left. */
  prune(): Promise<PrunedEvents>;
  /** Prunes every `everyMs` (the first time one period after start: nothing is added to start-up), in one process of all at a time. */
  start(): void;
  stop(): Promise<void>;
}

/** Rows deleted per statement: a short transaction each, however much has piled up. */
const BATCH = 5_000;
const HOUR_MS = 3_600_000;

/**
 * Keeps the event tables from growing for ever. The outbox holds every event a change wrote, and
 * `processed_events` one row per event per subscriber that applied it; once an event was relayed
 * and delivered, both serve only to answer a redelivery — which the in-process bus makes within
 * its lease (minutes) and RabbitMQ within its own redelivery. `days` after an event was relayed
 * (not after it occurred: a till's offline sale may arrive weeks late), both go. An event with a
 * delivery still to run (retrying, or not yet claimed) stays, however old. Dead letters and the
 * audit log are kept: an operator reads them. No index is added for it (none to keep up on the
 * hot path): a pruning reads each table at most once an hour, and a batch's limit ends its scan
 * early when much is due.
 */
export function createEventRetention(deps: {
  db: Database;
  locks: LockService;
  log: Logger;
  days: number;
  everyMs?: number;
}): EventRetention {
  const { db, locks, log, days } = deps;
  const everyMs = deps.everyMs ?? HOUR_MS;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;

  const inBatches = async (sql: string): Promise<number> => {
    let total = 0;
    for (;;) {
      const rows = await db.query<{ n: number }>(sql, [days, BATCH]);
      const n = rows[0]?.n ?? 0;
      total += n;
      if (n < BATCH) return total;
    }
  };

  async function prune(): Promise<PrunedEvents> {
    const outbox = await inBatches(
      `with gone as (
         delete from kernel.outbox where ctid in (
           select o.ctid from kernel.outbox o
            where o.relayed_at < now() - make_interval(days => $1)
              and not exists (select 1 from kernel.event_deliveries d where d.tenant_id = o.tenant_id and d.event_id = o.event_id)
            limit $2)
         returning 1)
       select count(*)::int as n from gone`,
    );
    const processed = await inBatches(
      `with gone as (
         delete from kernel.processed_events where ctid in (
           select ctid from kernel.processed_events where processed_at < now() - make_interval(days => $1) limit $2)
         returning 1)
       select count(*)::int as n from gone`,
    );
    if (outbox > 0 || processed > 0) log.info({ outbox, processed, days }, 'pruned delivered events past their retention');
    return { outbox, processed };
  }

  const run = () => {
    if (running) return;
    running = locks
      .tryWithLock('kernel.event-retention', everyMs, prune)
      .catch((error: unknown) => log.warn({ err: error }, 'pruning delivered events failed; it runs again within the hour'))
      .finally(() => {
        running = undefined;
      });
  };

  return {
    prune,
    start() {
      if (timer) return;
      timer = setInterval(run, everyMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
}
