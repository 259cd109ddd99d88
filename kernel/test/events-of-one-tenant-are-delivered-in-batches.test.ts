import type { EventEnvelope } from '@kits/plugin-sdk';
import { eventually } from '@kits/plugin-sdk/test-kit';
import { afterEach, describe, expect, it } from 'vitest';
import type { Transaction } from '../src/db/database.ts';
import type { Subscriber } from '../src/events/event-bus.ts';
import { BUS_VARIANTS, busHarness, TENANT, type BusHarness } from './support/event-bus-harness.ts';

// The in-process bus applies a subscriber's waiting deliveries of one tenant in one transaction
// (one commit for up to 50 events), each event in a savepoint: a handler that throws undoes only its
// own event, and one that outruns its time limit sends the batch back to one event at a time.
const IN_PROCESS = BUS_VARIANTS.filter((variant) => variant.broker === 'none');

describe.each(IN_PROCESS)('batched delivery, $name', (variant) => {
  let harness: BusHarness;
  afterEach(async () => harness?.close());

  /** A subscriber that records each event with its transaction id, after `before` (which may throw or stall). */
  const recording = (id: string, before: (event: EventEnvelope, attempt: number, tx: Transaction) => Promise<void> = async () => {}) => {
    const attempts = new Map<string, number>();
    const subscriber: Subscriber = {
      id,
      pattern: 'notes.note.created',
      async handle(event, tx) {
        const attempt = (attempts.get(event.id) ?? 0) + 1;
        attempts.set(event.id, attempt);
        // Written first, so a handler that throws after it proves its own rows are undone.
        await tx.query("insert into evtest.effects (tenant_id, event_id, subscriber) values ($1, $2, $3 || ':' || txid_current())", [
          event.tenantId,
          event.id,
          id,
        ]);
        await before(event, attempt, tx);
      },
    };
    return { subscriber, attempts };
  };
  const effects = async () =>
    (await harness.db.query<{ event_id: string; subscriber: string }>('select event_id, subscriber from evtest.effects')).map((row) => ({
      eventId: row.event_id,
      tx: row.subscriber.split(':')[1]!,
    }));
  const publishMany = async (count: number) => {
    const bus = harness.bus();
    const ids: string[] = [];
    for (let n = 0; n < count; n++) ids.push(await harness.publish(bus, 'notes.note.created', { n }));
    return ids;
  };

  it('thirty waiting events are applied once each, in far fewer transactions than events', async () => {
    harness = await busHarness(variant);
    const ids = await publishMany(30);
    const bus = harness.bus();
    await bus.subscribe(recording('batched').subscriber);
    await bus.start();
    const rows = await eventually(effects, (found) => found.length >= 30);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await effects()).map((row) => row.eventId).sort()).toEqual([...ids].sort());
    expect(new Set(rows.map((row) => row.tx)).size).toBeLessThanOrEqual(3);
    expect(await harness.db.query('select 1 from kernel.event_deliveries')).toEqual([]);
  });

  it('subscribers of one lane get its deliveries in commit order, together: two subscriptions of one plugin never run side by side', async () => {
    harness = await busHarness(variant);
    const ids = await publishMany(20);
    const bus = harness.bus();
    const order: string[] = [];
    let running = 0;
    let overlapped = false;
    const laneMember = (id: string): Subscriber => ({
      id,
      pattern: 'notes.note.created',
      lane: 'one-plugin',
      async handle(event, tx) {
        running += 1;
        if (running > 1) overlapped = true;
        await new Promise((resolve) => setTimeout(resolve, 2));
        order.push(`${id}:${event.id}`);
        await tx.query("insert into evtest.effects (tenant_id, event_id, subscriber) values ($1, $2, $3 || ':' || txid_current())", [
          event.tenantId,
          event.id,
          id,
        ]);
        running -= 1;
      },
    });
    await bus.subscribe(laneMember('plugin:a'));
    await bus.subscribe(laneMember('plugin:b'));
    await bus.start();
    const rows = await eventually(effects, (found) => found.length >= 40);
    expect(rows).toHaveLength(40);
    expect(overlapped).toBe(false);
    // Each event reaches both subscribers before the next event reaches either: commit order.
    const eventsInOrder = order.map((entry) => entry.split(':')[2]!);
    expect(eventsInOrder.filter((id, i) => i === 0 || eventsInOrder[i - 1] !== id)).toEqual(ids);
    expect(new Set(rows.map((row) => row.tx)).size).toBeLessThanOrEqual(3);
  });

  it('a handler that throws in a batch undoes only its own event (its rows and the events it published); the others commit, and it is retried', async () => {
    harness = await busHarness(variant);
    const ids = await publishMany(12);
    const failing = ids[5]!;
    const bus = harness.bus();
    const { subscriber, attempts } = recording('partly-failing', async (event, attempt, tx) => {
      await bus.publish(tx, TENANT, 'test', { type: 'notes.note.echoed', payload: { of: event.id, attempt } });
      if (event.id === failing && attempt < 3) throw new Error(`refused on attempt ${attempt}`);
    });
    await bus.subscribe(subscriber);
    await bus.start();
    const rows = await eventually(effects, (found) => found.some((row) => row.eventId === failing));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await effects()).map((row) => row.eventId).sort()).toEqual([...ids].sort());
    expect(attempts.get(failing)).toBe(3);
    // Every other event was applied on its first attempt, together.
    for (const id of ids.filter((id) => id !== failing)) expect(attempts.get(id)).toBe(1);
    expect(new Set(rows.filter((row) => row.eventId !== failing).map((row) => row.tx)).size).toBe(1);
    // The failed attempts' echoes were dropped with them: one echo per event.
    const echoes = await harness.db.query<{ of: string; attempt: number }>(
      "select payload->>'of' as of, (payload->>'attempt')::int as attempt from kernel.outbox where type = 'notes.note.echoed'",
    );
    expect(echoes).toHaveLength(12);
    expect(echoes.find((echo) => echo.of === failing)?.attempt).toBe(3);
  });

  it('a handler that outruns its time limit sends the batch back to one at a time: every event applied once', async () => {
    harness = await busHarness(variant);
    const ids = await publishMany(8);
    const slow = ids[2]!;
    const bus = harness.bus({ handlerTimeoutMs: 300 });
    const { subscriber, attempts } = recording('one-slow', async (event, attempt) => {
      if (event.id === slow && attempt === 1) await new Promise((resolve) => setTimeout(resolve, 800));
    });
    await bus.subscribe(subscriber);
    await bus.start();
    await eventually(effects, (found) => found.length >= 8, 15_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await effects()).map((row) => row.eventId).sort()).toEqual([...ids].sort());
    expect(attempts.get(slow)).toBeGreaterThanOrEqual(2);
    expect(await harness.db.query('select 1 from kernel.dead_letters')).toEqual([]);
  });

  /** Two subscribers (two event types) of one batch: `handleMany` records each call's events, after `before`. */
  const batchPair = (before: (events: readonly EventEnvelope[], tx: Transaction) => Promise<void> = async () => {}) => {
    const calls: string[][] = [];
    const record = async (events: readonly EventEnvelope[], tx: Transaction) => {
      calls.push(events.map((event) => event.id));
      for (const event of events)
        await tx.query("insert into evtest.effects (tenant_id, event_id, subscriber) values ($1, $2, 'batch:' || txid_current())", [
          event.tenantId,
          event.id,
        ]);
      await before(events, tx);
    };
    const member = (pattern: string): Subscriber => ({
      id: `batched:${pattern}`,
      pattern,
      lane: 'batched',
      batch: 'batched:batch',
      handle: (event, tx) => record([event], tx),
      handleMany: (deliveries, tx) =>
        record(
          deliveries.map((d) => d.event),
          tx,
        ),
    });
    return { subscribers: [member('notes.note.created'), member('notes.note.deleted')], calls };
  };

  it('subscribers of one batch get their events together, in commit order, in a few calls (subscribeBatch, D-185)', async () => {
    harness = await busHarness(variant);
    const bus = harness.bus();
    const ids: string[] = [];
    for (let n = 0; n < 30; n++) ids.push(await harness.publish(bus, n % 3 === 0 ? 'notes.note.deleted' : 'notes.note.created', { n }));
    const { subscribers, calls } = batchPair();
    for (const subscriber of subscribers) await bus.subscribe(subscriber);
    await bus.start();
    await eventually(effects, (found) => found.length >= 30);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await effects()).map((row) => row.eventId).sort()).toEqual([...ids].sort());
    // Both types' events in one sequence, in the order they were committed, each once.
    expect(calls.flat()).toEqual(ids);
    expect(calls.length).toBeLessThanOrEqual(3);
    expect(await harness.db.query('select 1 from kernel.event_deliveries')).toEqual([]);
  });

  it('a batch whose handler throws is undone and handed over one event at a time: only the failing event is retried', async () => {
    harness = await busHarness(variant);
    const bus = harness.bus();
    const ids: string[] = [];
    for (let n = 0; n < 10; n++) ids.push(await harness.publish(bus, 'notes.note.created', { n }));
    const poison = ids[4]!;
    let poisonAttempts = 0;
    const { subscribers, calls } = batchPair(async (events) => {
      if (events.some((event) => event.id === poison) && ++poisonAttempts < 3) throw new Error('refused');
    });
    for (const subscriber of subscribers) await bus.subscribe(subscriber);
    await bus.start();
    await eventually(effects, (found) => found.some((row) => row.eventId === poison), 15_000);
    await new Promise((resolve) => setTimeout(resolve, 200));
    // Each event's rows once: the undone batch left nothing behind.
    expect((await effects()).map((row) => row.eventId).sort()).toEqual([...ids].sort());
    expect(calls[0]).toEqual(ids);
    // After the batch failed, the others went one at a time and were applied at once.
    for (const id of ids.filter((id) => id !== poison)) expect(calls.filter((c) => c.length === 1 && c[0] === id)).toHaveLength(1);
    expect(poisonAttempts).toBe(3);
  });
});
