import { randomUUID } from 'node:crypto';
import { WITHHELD_TILL_EVENT } from '@kits/plugin-sdk/till';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { v7 as uuidv7 } from 'uuid';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pluginDeviceState } from '../src/plugins/plugin-device-state.ts';
import { appendEvent, deniedEvents } from '../src/store/event-log.ts';
import { openTillDatabase, type TillDatabase } from '../src/store/till-database.ts';
import { GatewayError, type GatewayClient } from '../src/sync/gateway-client.ts';
import { cutBatch, DEFAULT_PUSH_BODY_BYTES, MAX_PUSH_EVENTS, PushAgent } from '../src/sync/push-agent.ts';

interface PushedEvent {
  id: string;
  type: string;
  payload: unknown;
}

const bytesOf = (value: unknown) => new TextEncoder().encode(JSON.stringify(value)).length;

/**
 * A kernel's push route as far as the agent can tell: a body over `bodyLimit` bytes is refused
 * whole with 413 (naming the limit, or not — a proxy in front may not), more than 1000 events is
 * refused, events apply in sequence order, a replayed one is a duplicate, and a withheld event is
 * answered denied. It keeps every body it took or refused.
 */
function fakeKernel(bodyLimit: number, { namesLimit = true } = {}) {
  const applied = new Map<string, PushedEvent>();
  const pushes: Array<{ bytes: number; events: PushedEvent[]; refused: boolean }> = [];
  let last = 0;
  const client: GatewayClient = {
    get: () => Promise.reject(new Error('the push agent only posts')),
    liveSocket: () => Promise.reject(new Error('the push agent opens no socket')),
    async post<Result>(path: string, body: unknown): Promise<Result> {
      expect(path).toBe('/api/v1/sync/push');
      const { events } = body as { events: PushedEvent[] };
      const bytes = bytesOf(body);
      const refused = bytes > bodyLimit;
      pushes.push({ bytes, events, refused });
      if (refused)
        throw new GatewayError(
          413,
          'request.too_large',
          `The body is larger than the ${bodyLimit} bytes allowed.`,
          namesLimit ? { limitBytes: bodyLimit } : {},
        );
      if (events.length > MAX_PUSH_EVENTS) throw new GatewayError(400, 'request.invalid', 'at most 1000 events');
      const answers = events.map((event) => {
        const sequence = Number(event.id.split('#')[1]);
        if (applied.has(event.id)) return { id: event.id, status: 'duplicate', original: { status: 'accepted' } };
        if (sequence !== last + 1) return { id: event.id, status: 'retry', code: 'sync.sequence_gap', reason: 'gap' };
        last = sequence;
        applied.set(event.id, event);
        return event.type === WITHHELD_TILL_EVENT
          ? { id: event.id, status: 'denied', code: 'sync.event_withheld', reason: 'withheld' }
          : { id: event.id, status: 'accepted', result: null };
      });
      return { answers } as Result;
    },
  };
  return { client, applied, pushes };
}

describe('the push agent cuts pushes to fit the kernel', () => {
  const deviceId = randomUUID();
  const shiftId = uuidv7();
  let db: TillDatabase;
  beforeEach(async () => {
    db = await openTillDatabase({ name: `till-${randomUUID()}`, storage: getRxStorageMemory(), password: 'till-test-password' });
  });
  afterEach(async () => db?.close());

  /** An offline sale of `serials` serial-numbered units: about 40 bytes an extra unit. */
  const sale = async (serials: number) => {
    const receiptNumber = await pluginDeviceState(db, 'core-sales').next('receipt-number');
    const lines = [
      {
        variantId: uuidv7(),
        quantity: Math.max(serials, 1),
        ...(serials > 0
          ? { serials: Array.from({ length: serials }, (_, i) => `SN-${receiptNumber}-${String(i).padStart(24, '0')}`) }
          : {}),
      },
    ];
    const event = await appendEvent(db, deviceId, 'sales.sale.completed', {
      sale: { id: uuidv7(), shiftId, lines, tenders: [{ method: 'cash', amount: 100 }] },
      receiptNumber,
      cashierId: 'c-1',
    });
    return event.id;
  };
  const statuses = async () =>
    (await db.events.find({ sort: [{ sequence: 'asc' }] }).exec()).map((doc) => [doc.sequence, doc.status] as [number, string]);

  it('cuts a batch where the next event would take the body over the limit, never below one event', () => {
    const events = [1, 2, 3].map((sequence) => ({
      id: `${deviceId}#${sequence}#${randomUUID()}`,
      sequence,
      type: 'sales.sale.completed',
      occurredAt: new Date(0).toISOString(),
      payload: { text: 'x'.repeat(1000) },
      status: 'pending' as const,
      answer: null,
    }));
    const whole = cutBatch(events, 1_000_000);
    expect(whole.events).toHaveLength(3);
    expect(whole.bytes).toBe(bytesOf({ events: whole.events })); // the size is exactly the body's
    const two = cutBatch(events, whole.bytes - 1);
    expect(two.events.map((e) => e.id)).toEqual(events.slice(0, 2).map((e) => e.id));
    expect(two.bytes).toBe(bytesOf({ events: two.events }));
    expect(cutBatch(events, 10).events).toHaveLength(1);
  });

  it('pushes a backlog of over 2 MiB in bodies within the limit, in order, each event once', async () => {
    const kernel = fakeKernel(DEFAULT_PUSH_BODY_BYTES);
    await appendEvent(db, deviceId, 'sales.shift.opened', { shiftId, openingFloat: 0 });
    for (let i = 0; i < 400; i++) await sale(150); // about 6 KB each
    const agent = new PushAgent(db, kernel.client);
    await agent.flush();

    expect(kernel.pushes.reduce((sum, push) => sum + push.bytes, 0)).toBeGreaterThan(2 * 1024 * 1024);
    expect(kernel.pushes.filter((push) => push.refused)).toEqual([]);
    expect(kernel.pushes.every((push) => push.bytes <= DEFAULT_PUSH_BODY_BYTES)).toBe(true);
    expect(kernel.pushes.length).toBeGreaterThanOrEqual(3);
    const sent = kernel.pushes.flatMap((push) => push.events.map((event) => Number(event.id.split('#')[1])));
    expect(sent).toEqual(Array.from({ length: 401 }, (_, i) => i + 1));
    expect(agent.status$.value).toEqual({ online: true, waiting: 0, lastError: null });
    expect((await statuses()).every(([, status]) => status === 'accepted')).toBe(true);
  });

  it('never sends more than 1000 events in one push', async () => {
    const kernel = fakeKernel(DEFAULT_PUSH_BODY_BYTES);
    for (let i = 0; i < 1200; i++) await appendEvent(db, deviceId, 'sales.cash.paid-in', { amount: 1 });
    await new PushAgent(db, kernel.client).flush();
    expect(kernel.pushes.map((push) => push.events.length)).toEqual([1000, 200]);
    expect(kernel.applied.size).toBe(1200);
  });

  it('a kernel with a smaller limit refuses the first push once; the agent cuts to the limit it names', async () => {
    const limit = 64 * 1024;
    const kernel = fakeKernel(limit);
    for (let i = 0; i < 60; i++) await sale(150);
    const agent = new PushAgent(db, kernel.client);
    await agent.flush();
    expect(kernel.pushes.filter((push) => push.refused)).toHaveLength(1);
    expect(kernel.pushes[0]!.refused).toBe(true);
    expect(agent.maxBodyBytes).toBe(limit);
    expect(kernel.pushes.filter((push) => !push.refused).every((push) => push.bytes <= limit)).toBe(true);
    expect(kernel.applied.size).toBe(60);
    expect(agent.status$.value.waiting).toBe(0);
  });

  it('a 413 that names no limit (a proxy in front) halves the push until it passes', async () => {
    const kernel = fakeKernel(100 * 1024, { namesLimit: false });
    for (let i = 0; i < 100; i++) await sale(150);
    const agent = new PushAgent(db, kernel.client);
    await agent.flush();
    const refused = kernel.pushes.filter((push) => push.refused);
    expect(refused.length).toBeGreaterThanOrEqual(1);
    expect(refused.length).toBeLessThanOrEqual(4); // 600 KB → 300 → 150 → 75: each refusal halves
    expect(kernel.applied.size).toBe(100);
    expect(agent.status$.value).toEqual({ online: true, waiting: 0, lastError: null });
    // Once it passes, the agent keeps to that size: the next backlog goes without a refusal.
    for (let i = 0; i < 30; i++) await sale(150);
    const before = kernel.pushes.length;
    await agent.flush();
    expect(kernel.pushes.slice(before).filter((push) => push.refused)).toEqual([]);
    expect(kernel.applied.size).toBe(130);
  });

  it('an event too large on its own is sent once, then withheld and denied with the reason; the events after it go on', async () => {
    const limit = 64 * 1024;
    const kernel = fakeKernel(limit);
    await sale(10);
    const huge = await sale(3000); // about 120 KB: over the limit on its own
    await sale(10);
    await sale(10);
    // The agent knows the limit already (a kernel refused a push before): it sends the huge sale alone.
    const agent = new PushAgent(db, kernel.client, { maxBodyBytes: limit });
    await agent.flush();

    // The huge sale went to the kernel once (refused); its sequence number went as a withheld event.
    const withHuge = kernel.pushes.filter((push) => push.events.some((event) => event.id === huge));
    expect(withHuge.map((push) => [push.refused, push.events.map((event) => event.type)])).toEqual([
      [true, ['sales.sale.completed']],
      [false, [WITHHELD_TILL_EVENT]],
    ]);
    expect(kernel.applied.get(huge)).toMatchObject({
      type: WITHHELD_TILL_EVENT,
      payload: { type: 'sales.sale.completed', bytes: expect.any(Number), limitBytes: limit },
    });
    expect(await statuses()).toEqual([
      [1, 'accepted'],
      [2, 'denied'],
      [3, 'accepted'],
      [4, 'accepted'],
    ]);
    expect(agent.status$.value).toEqual({ online: true, waiting: 0, lastError: null });

    // It waits in the resolution queue with the reason; pushing again sends nothing more.
    const [denied] = await deniedEvents(db);
    expect(denied).toMatchObject({ id: huge, payload: { receiptNumber: 2 }, answer: { code: 'sync.event_too_large' } });
    expect((denied!.answer as { reason: string }).reason).toMatch(
      /^This sales\.sale\.completed event is \d+ bytes, more than the 65536 bytes the server takes in one push/,
    );
    const pushes = kernel.pushes.length;
    await agent.flush();
    expect(kernel.pushes.length).toBe(pushes);

    // Voided from the queue: the void (a small event) is pushed and accepted.
    const deniedSale = (denied!.payload as { sale: { id: string } }).sale;
    await appendEvent(db, deviceId, 'sales.sale.voided', {
      saleId: deniedSale.id,
      receiptNumber: 2,
      reason: 'too many serial numbers for one sale; entered again in parts',
    });
    await db.events.findOne(huge).incrementalPatch({ status: 'resolved' });
    await agent.flush();
    expect(await deniedEvents(db)).toEqual([]);
    expect([...kernel.applied.values()].at(-1)).toMatchObject({ type: 'sales.sale.voided', payload: { receiptNumber: 2 } });
  });
});
