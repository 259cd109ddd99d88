import { randomBytes } from 'node:crypto';
import { totalmem } from 'node:os';
import { Writable } from 'node:stream';
import { createTestKernel, type TestKernel } from '@kits/kernel/test-kit';
import { eventually, tillEventLog } from '@kits/plugin-sdk/test-kit';
import { connect } from 'amqplib';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../testing/free-port.ts';
import { AMQP_URL, DATABASE_KINDS } from './support/databases.ts';
import { fixturePlugin } from './support/fixtures.ts';
import { scrape } from './support/metrics-scrape.ts';

/** A kernel logger keeping what it logs at warn level and above, one parsed line each. */
function warnLogCapture() {
  const logged: Array<{ level: number; msg: string }> = [];
  const logger = pino(
    { level: 'warn' },
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        logged.push(JSON.parse(chunk.toString()) as { level: number; msg: string });
        done();
      },
    }),
  );
  return { logger, logged };
}

const SUBSCRIBER = 'shaky-stock:shaky.alarm.raised';

describe.each(DATABASE_KINDS)('scrape-time gauges on %s', (db) => {
  let kit: TestKernel;
  beforeAll(async () => {
    kit = await createTestKernel({ db, plugins: [fixturePlugin('shaky-stock')] });
  });
  afterAll(async () => kit?.close());

  it('the outbox gauges count what waits to be relayed and how old the oldest is; 0 once relayed', async () => {
    const idle = await scrape(kit);
    expect(idle.value('kits_outbox_pending_events')).toBe(0);
    expect(idle.value('kits_outbox_oldest_pending_age_seconds')).toBe(0);

    await kit.kernel.bus.stop();
    try {
      const till = await kit.signInTill();
      const next = tillEventLog(till.deviceId);
      const pushed = await kit.request<{ answers: Array<{ status: string }> }>('POST', '/api/v1/sync/push', {
        token: till.token,
        body: { events: [next('shaky.alarm.raise', { mode: 'quiet' }), next('shaky.alarm.raise', { mode: 'quiet' })] },
      });
      expect(pushed.body.answers.map((answer) => answer.status)).toEqual(['accepted', 'accepted']);
      const waiting = await eventually(
        () => scrape(kit),
        (scraped) => (scraped.value('kits_outbox_oldest_pending_age_seconds') ?? 0) >= 1,
        5_000,
      );
      expect(waiting.value('kits_outbox_pending_events')).toBe(2);
      expect(waiting.value('kits_outbox_oldest_pending_age_seconds')).toBeGreaterThanOrEqual(1);
    } finally {
      await kit.kernel.bus.start();
    }
    const relayed = await eventually(
      () => scrape(kit),
      (scraped) => scraped.value('kits_outbox_pending_events') === 0,
    );
    expect(relayed.value('kits_outbox_pending_events')).toBe(0);
    expect(relayed.value('kits_outbox_oldest_pending_age_seconds')).toBe(0);
  });

  it('the event queue gauge lists every subscriber, waiting and retrying, labelled by nothing else', async () => {
    const metrics = await scrape(kit);
    const series = metrics.series('kits_event_queue_messages');
    expect(series).toContainEqual({ subscriber: SUBSCRIBER, state: 'waiting' });
    expect(series).toContainEqual({ subscriber: SUBSCRIBER, state: 'retrying' });
    for (const labels of series) expect(Object.keys(labels).sort()).toEqual(['state', 'subscriber']);
  });

  it('the memory limit gauge is the machine’s memory or less, so RSS over it is a ratio', async () => {
    const metrics = await scrape(kit);
    const limit = metrics.value('kits_process_memory_limit_bytes')!;
    expect(limit).toBeGreaterThan(0);
    expect(limit).toBeLessThanOrEqual(totalmem());
    expect(metrics.value('kits_process_resident_memory_bytes')).toBeLessThan(limit);
  });

  it('without REPORTING_DATABASE_URL the replication lag gauge is declared and has no sample', async () => {
    const metrics = await scrape(kit);
    expect(metrics.text).toContain('# TYPE kits_reporting_replication_lag_seconds gauge');
    expect(metrics.value('kits_reporting_replication_lag_seconds')).toBeUndefined();
  });
});

describe('REPORTING_DATABASE_URL naming a replica that is away', () => {
  let kit: TestKernel;
  const { logger, logged } = warnLogCapture();
  beforeAll(async () => {
    // Nothing listens there: the reporting replica is away for the whole suite.
    const replicaUrl = `postgres://postgres@127.0.0.1:${await freePort()}/kits_reporting`;
    kit = await createTestKernel({ db: 'postgres', env: { REPORTING_DATABASE_URL: replicaUrl }, logger });
  });
  afterAll(async () => kit?.close());

  it('gives no lag sample and one warning over two scrapes, while /metrics serves everything else', async () => {
    for (let scrapes = 0; scrapes < 2; scrapes++) {
      const metrics = await scrape(kit);
      expect(metrics.text).toContain('# TYPE kits_reporting_replication_lag_seconds gauge');
      expect(metrics.value('kits_reporting_replication_lag_seconds')).toBeUndefined();
      expect(metrics.value('kits_outbox_pending_events')).toBe(0);
      expect(metrics.value('kits_db_pool_connections', { state: 'total' })).toBeGreaterThanOrEqual(1);
      expect(metrics.value('kits_sync_pushes_total', { result: 'accepted' })).toBe(0);
    }
    const warnings = logged.filter((line) => line.msg.startsWith('the reporting replica lag could not be read for /metrics'));
    expect(warnings).toHaveLength(1);
  });
});

describe('the event queue gauge with AMQP_URL', () => {
  let kit: TestKernel;
  // An exchange and queues of this suite's own, deleted after it: hung messages must not reach another run.
  const exchange = `kits.events.test.${randomBytes(4).toString('hex')}`;
  beforeAll(async () => {
    kit = await createTestKernel({
      db: 'postgres',
      plugins: [fixturePlugin('shaky-stock')],
      env: { AMQP_URL, HANDLER_TIMEOUT_MS: '400' },
      eventExchange: exchange,
    });
  });
  afterAll(async () => {
    await kit?.close();
    const connection = await connect(AMQP_URL);
    const channel = await connection.createChannel();
    for (const queue of [`${exchange}.sub.${SUBSCRIBER}`, `${exchange}.sub.${SUBSCRIBER}.retry`, `${exchange}.dead`])
      await channel.deleteQueue(queue);
    await channel.deleteExchange(exchange);
    await connection.close();
  });

  it('reads the subscriber’s RabbitMQ queue and retry queue: messages wait while its handler hangs', async () => {
    const idle = await scrape(kit);
    expect(idle.value('kits_event_queue_messages', { subscriber: SUBSCRIBER, state: 'waiting' })).toBe(0);
    expect(idle.value('kits_event_queue_messages', { subscriber: SUBSCRIBER, state: 'retrying' })).toBe(0);

    // More events than the consumer's prefetch (16), each hanging to its time limit: the rest wait in the queue.
    const till = await kit.signInTill();
    const next = tillEventLog(till.deviceId);
    const pushed = await kit.request<{ answers: Array<{ status: string }> }>('POST', '/api/v1/sync/push', {
      token: till.token,
      body: { events: Array.from({ length: 40 }, () => next('shaky.alarm.raise', { mode: 'hang' })) },
    });
    expect(pushed.body.answers.every((answer) => answer.status === 'accepted')).toBe(true);
    const waiting = await eventually(
      () => scrape(kit),
      (scraped) => (scraped.value('kits_event_queue_messages', { subscriber: SUBSCRIBER }) ?? 0) >= 1,
    );
    expect(waiting.value('kits_event_queue_messages', { subscriber: SUBSCRIBER })).toBeGreaterThanOrEqual(1);
    expect(waiting.series('kits_event_queue_messages')).toEqual(
      expect.arrayContaining([
        { subscriber: SUBSCRIBER, state: 'waiting' },
        { subscriber: SUBSCRIBER, state: 'retrying' },
      ]),
    );
  });
});
