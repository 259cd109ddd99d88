import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { openDatabase, type Database } from '../../src/db/database.ts';
import { migrateSchema, readMigrations } from '../../src/db/migrations.ts';
import { createAmqpEventBus } from '../../src/events/amqp-bus.ts';
import type { EventBus, Subscriber } from '../../src/events/event-bus.ts';
import { createInProcessEventBus } from '../../src/events/in-process-bus.ts';
import { createMetrics } from '../../src/observability/metrics.ts';
import { AMQP_URL, createScratchPostgres, type ScratchDatabase } from './databases.ts';

export const BUS_VARIANTS = [
  { name: 'in-process on PGlite', db: 'pglite', broker: 'none' },
  { name: 'in-process on PostgreSQL', db: 'postgres', broker: 'none' },
  { name: 'RabbitMQ on PostgreSQL', db: 'postgres', broker: 'amqp' },
] as const;
export type BusVariant = (typeof BUS_VARIANTS)[number];

const KERNEL_MIGRATIONS = fileURLToPath(new URL('../../migrations', import.meta.url));
const log = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
export const TENANT = '0190a000-0000-7000-8000-0000000000aa';

export interface BusHarness {
  readonly db: Database;
  /** A new bus on the same database and broker (a second "process"). */
  bus(options?: { handlerTimeoutMs?: number }): EventBus;
  /** Publishes in a committed tenant transaction (or a rolled-back one). */
  publish(bus: EventBus, type: string, payload?: unknown, rollback?: boolean): Promise<string>;
  /** A subscriber recording each handled event into evtest.effects, in its transaction. */
  recorder(id: string, pattern: string, behaviour?: (attempt: number) => Promise<void>): Subscriber;
  effects(subscriber?: string): Promise<Array<{ event_id: string; subscriber: string }>>;
  readonly exchange: string;
  close(): Promise<void>;
}

export async function busHarness(variant: BusVariant): Promise<BusHarness> {
  let scratch: ScratchDatabase | undefined;
  if (variant.db === 'postgres') scratch = await createScratchPostgres();
  const db = await openDatabase({ databaseUrl: scratch?.url, dataDir: 'memory://' }, [], log);
  await migrateSchema(db, 'kernel', readMigrations(KERNEL_MIGRATIONS));
  await migrateSchema(db, 'evtest', [
    {
      name: '0001_effects',
      sql: 'create table evtest.effects (tenant_id uuid not null, event_id uuid not null, subscriber text not null, applied_at timestamptz not null default now())',
    },
  ]);
  const exchange = `kits.events.test.${randomBytes(4).toString('hex')}`;
  const buses: EventBus[] = [];
  const attempts = new Map<string, number>();
  const metrics = createMetrics();
  return {
    db,
    exchange,
    bus(options = {}) {
      const common = {
        db,
        log,
        metrics,
        handlerTimeoutMs: options.handlerTimeoutMs ?? 5000,
        retry: { maxAttempts: 3, baseDelayMs: 20 },
        pollMs: 50,
      };
      const bus = variant.broker === 'amqp' ? createAmqpEventBus({ ...common, url: AMQP_URL, exchange }) : createInProcessEventBus(common);
      buses.push(bus);
      return bus;
    },
    async publish(bus, type, payload = {}, rollback = false) {
      let id = '';
      try {
        await db.transaction({ tenantId: TENANT }, async (tx) => {
          id = (await bus.publish(tx, TENANT, 'test', { type, payload })).id;
          if (rollback) throw new Error('roll back');
        });
      } catch (error) {
        if (!rollback) throw error;
      }
      bus.nudge();
      return id;
    },
    recorder(id, pattern, behaviour) {
      return {
        id,
        pattern,
        async handle(event, tx) {
          const key = `${id}:${event.id}`;
          const attempt = (attempts.get(key) ?? 0) + 1;
          attempts.set(key, attempt);
          await behaviour?.(attempt);
          await tx.query('insert into evtest.effects (tenant_id, event_id, subscriber) values ($1, $2, $3)', [
            event.tenantId,
            event.id,
            id,
          ]);
        },
      };
    },
    effects: (subscriber) =>
      db.query<{ event_id: string; subscriber: string }>(
        'select event_id, subscriber from evtest.effects where $1::text is null or subscriber = $1 order by applied_at',
        [subscriber ?? null],
      ),
    async close() {
      for (const bus of buses) await bus.stop();
      if (variant.broker === 'amqp') await deleteAmqpTopology(exchange);
      await db.close();
      await scratch?.drop();
    },
  };
}

async function deleteAmqpTopology(exchange: string): Promise<void> {
  const { connect } = await import('amqplib');
  const connection = await connect(AMQP_URL);
  const channel = await connection.createChannel();
  channel.on('error', () => undefined);
  for (const suffix of ['recorder-a', 'recorder-b', 'hangs', 'flaky', 'broken', 'all']) {
    await channel.deleteQueue(`${exchange}.sub.${suffix}`).catch(() => undefined);
    await channel.deleteQueue(`${exchange}.sub.${suffix}.retry`).catch(() => undefined);
  }
  await channel.deleteQueue(`${exchange}.dead`).catch(() => undefined);
  await channel.deleteExchange(exchange).catch(() => undefined);
  await connection.close().catch(() => undefined);
}
