import { connect } from 'amqplib';
import { eventually } from '@kits/plugin-sdk/test-kit';
import { afterEach, describe, expect, it } from 'vitest';
import { AMQP_URL } from './support/databases.ts';
import { BUS_VARIANTS, busHarness, TENANT, type BusHarness } from './support/event-bus-harness.ts';

describe.each(BUS_VARIANTS)('event delivery, $name', (variant) => {
  let harness: BusHarness;
  afterEach(async () => harness?.close());

  it('an event committed with its change reaches each matching subscriber once; one rolled back never does', async () => {
    harness = await busHarness(variant);
    const bus = harness.bus();
    await bus.subscribe(harness.recorder('recorder-a', 'notes.note.created'));
    await bus.subscribe(harness.recorder('recorder-b', 'notes.*.*'));
    await bus.subscribe(harness.recorder('all', 'stock.#'));
    await bus.start();
    const kept = await harness.publish(bus, 'notes.note.created');
    const rolledBack = await harness.publish(bus, 'notes.note.created', {}, true);
    const effects = await eventually(
      () => harness.effects(),
      (rows) => rows.length >= 2,
    );
    expect(effects.map((e) => [e.subscriber, e.event_id]).sort()).toEqual([
      ['recorder-a', kept],
      ['recorder-b', kept],
    ]);
    expect(effects.some((e) => e.event_id === rolledBack)).toBe(false);
  });

  it('a handler that fails twice is retried and its effect applied once', async () => {
    harness = await busHarness(variant);
    const bus = harness.bus();
    await bus.subscribe(
      harness.recorder('flaky', 'notes.note.created', async (attempt) => {
        if (attempt < 3) throw new Error(`transient failure ${attempt}`);
      }),
    );
    await bus.start();
    const id = await harness.publish(bus, 'notes.note.created');
    const effects = await eventually(
      () => harness.effects('flaky'),
      (rows) => rows.length >= 1,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await harness.effects('flaky')).map((e) => e.event_id)).toEqual([id]);
    expect(effects).toHaveLength(1);
    expect(await harness.db.query('select * from kernel.dead_letters')).toEqual([]);
  });

  it('a handler that always fails ends in the dead letters after the last attempt', async () => {
    harness = await busHarness(variant);
    const bus = harness.bus();
    await bus.subscribe(
      harness.recorder('broken', 'notes.note.created', async () => {
        throw new Error('always broken');
      }),
    );
    await bus.start();
    const id = await harness.publish(bus, 'notes.note.created');
    const dead = await eventually(
      () =>
        harness.db.query<{ event_id: string; subscriber: string; attempts: number; error: string }>(
          'select event_id, subscriber, attempts, error from kernel.dead_letters',
        ),
      (rows) => rows.length > 0,
    );
    expect(dead).toEqual([{ event_id: id, subscriber: 'broken', attempts: 3, error: 'always broken' }]);
    expect(await harness.effects('broken')).toEqual([]);
  });

  it('a hung handler is timed out and does not hold up another subscriber', async () => {
    harness = await busHarness(variant);
    const bus = harness.bus({ handlerTimeoutMs: 300 });
    await bus.subscribe(harness.recorder('hangs', 'notes.note.created', () => new Promise(() => undefined)));
    await bus.subscribe(harness.recorder('recorder-a', 'notes.note.created'));
    await bus.start();
    const id = await harness.publish(bus, 'notes.note.created');
    const effects = await eventually(
      () => harness.effects('recorder-a'),
      (rows) => rows.length >= 1,
    );
    expect(effects.map((e) => e.event_id)).toEqual([id]);
    const dead = await eventually(
      () => harness.db.query<{ subscriber: string; error: string }>('select subscriber, error from kernel.dead_letters'),
      (rows) => rows.length > 0,
    );
    expect(dead[0]).toMatchObject({ subscriber: 'hangs' });
    expect(dead[0]!.error).toMatch(/did not finish within 300 ms/);
  });

  it('delivering the same event again does not apply it twice', async () => {
    harness = await busHarness(variant);
    const bus = harness.bus();
    await bus.subscribe(harness.recorder('recorder-a', 'notes.note.created'));
    await bus.start();
    const id = await harness.publish(bus, 'notes.note.created');
    await eventually(
      () => harness.effects(),
      (rows) => rows.length >= 1,
    );
    if (variant.broker === 'amqp') {
      const [row] = await harness.db.query<Record<string, unknown>>('select * from kernel.outbox where event_id = $1', [id]);
      const connection = await connect(AMQP_URL);
      const channel = await connection.createConfirmChannel();
      const envelope = {
        id,
        tenantId: TENANT,
        type: 'notes.note.created',
        version: 1,
        occurredAt: new Date().toISOString(),
        source: 'test',
        payload: row!.payload,
      };
      channel.publish(harness.exchange, 'notes.note.created', Buffer.from(JSON.stringify(envelope)), { persistent: true, messageId: id });
      await channel.waitForConfirms();
      await connection.close();
    } else {
      await harness.db.query("insert into kernel.event_deliveries (tenant_id, event_id, subscriber) values ($1, $2, 'recorder-a')", [
        TENANT,
        id,
      ]);
    }
    await eventually(
      () => (variant.broker === 'amqp' ? Promise.resolve([]) : harness.db.query('select * from kernel.event_deliveries')),
      (rows) => rows.length === 0,
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await harness.effects()).map((e) => e.event_id)).toEqual([id]);
  });
});

describe.each(BUS_VARIANTS.filter((variant) => variant.db === 'postgres'))('several processes, $name', (variant) => {
  let harness: BusHarness;
  afterEach(async () => harness?.close());

  it('two buses (two processes) on one database relay 200 events, each applied once per subscriber', async () => {
    harness = await busHarness(variant);
    const first = harness.bus();
    const second = harness.bus();
    for (const bus of [first, second]) {
      await bus.subscribe(harness.recorder('recorder-a', 'notes.note.created'));
      await bus.subscribe(harness.recorder('recorder-b', 'notes.#'));
      await bus.start();
    }
    const ids = await Promise.all(
      Array.from({ length: 200 }, (_, i) => harness.publish(i % 2 === 0 ? first : second, 'notes.note.created')),
    );
    const effects = await eventually(
      () => harness.effects(),
      (rows) => rows.length >= 400,
      30_000,
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    const final = await harness.effects();
    expect(final).toHaveLength(400);
    for (const subscriber of ['recorder-a', 'recorder-b']) {
      expect(
        final
          .filter((e) => e.subscriber === subscriber)
          .map((e) => e.event_id)
          .sort(),
      ).toEqual([...ids].sort());
    }
    expect(effects.length).toBeGreaterThanOrEqual(400);
  });
});

describe.each(BUS_VARIANTS.filter((variant) => variant.broker === 'amqp'))('RabbitMQ topology, $name', (variant) => {
  let harness: BusHarness;
  afterEach(async () => harness?.close());

  it('subscriber queues are durable quorum queues', async () => {
    harness = await busHarness(variant);
    const bus = harness.bus();
    await bus.subscribe(harness.recorder('recorder-a', 'notes.note.created'));
    await bus.start();
    const connection = await connect(AMQP_URL);
    const channel = await connection.createChannel();
    const errors: Error[] = [];
    channel.on('error', (error: Error) => errors.push(error));
    await expect(
      channel.assertQueue(`${harness.exchange}.sub.recorder-a`, { durable: true, arguments: { 'x-queue-type': 'classic' } }),
    ).rejects.toThrow(/PRECONDITION_FAILED.*x-queue-type/);
    await connection.close().catch(() => undefined);
  });
});
