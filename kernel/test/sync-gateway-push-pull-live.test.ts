import { randomUUID } from 'node:crypto';
import { createTestKernel, type TestKernel, type TestTill } from '@kits/kernel/test-kit';
import { eventually, tillEventLog } from '@kits/plugin-sdk/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from './support/databases.ts';
import { fixturePlugin } from './support/fixtures.ts';

type Answer = { id: string; status: string; code?: string; result?: { total: number }; original?: { status: string } };
type Pulled = {
  documents: Array<{ id: string; deleted: boolean; data: { amount: number } }>;
  checkpoint: { changeId: string; id: string } | null;
};

/**
 * Opens the live stream as a till; resolves once the kernel said it is ready. `messages` keeps
 * every message; `next()` resolves with the one after those already seen.
 */
async function openLiveStream(kit: TestKernel, token: string) {
  const url = (await kit.kernel.listen()).replace('http', 'ws');
  const socket = new WebSocket(`${url}/api/v1/sync/live`, ['kits.sync.v1', `bearer.${token}`]);
  const messages: unknown[] = [];
  const waiting: Array<(message: unknown) => void> = [];
  await new Promise<void>((resolve, reject) => {
    socket.onmessage = (message) => {
      const data: unknown = JSON.parse(String(message.data));
      messages.push(data);
      waiting.shift()?.(data);
      resolve();
    };
    socket.onerror = () => reject(new Error('the live stream did not open'));
  });
  return { socket, messages, next: () => new Promise<unknown>((resolve) => waiting.push(resolve)) };
}

describe.each(DATABASE_KINDS)('sync gateway on %s', (db) => {
  let kit: TestKernel;
  beforeAll(async () => {
    kit = await createTestKernel({ db, plugins: [fixturePlugin('tally')] });
  });
  afterAll(async () => kit?.close());

  /** A till's event log; its events are tally entries unless said otherwise. */
  const log = (till: TestTill) => {
    const event = tillEventLog(till.deviceId);
    return (payload: Record<string, unknown>, type = 'tally.entry.add') => event(type, payload);
  };
  const push = (till: TestTill, events: unknown[]) =>
    kit.request<{ answers: Answer[]; code?: string }>('POST', '/api/v1/sync/push', { token: till.token, body: { events } });
  const entries = async () => (await kit.kernel.db.query<{ n: number }>('select count(*)::int as n from tally.entries'))[0]!.n;

  it('applies events in order; replaying the batch ten times answers duplicate with the original answers', async () => {
    const till = await kit.signInTill();
    const next = log(till);
    const batch = [next({ amount: 2 }), next({ amount: 3 }), next({ amount: 5 })];
    const first = await push(till, batch);
    expect(first.status).toBe(200);
    expect(first.body.answers.map((a) => [a.status, a.result?.total])).toEqual([
      ['accepted', 2],
      ['accepted', 5],
      ['accepted', 10],
    ]);
    const before = await entries();
    for (let i = 0; i < 10; i++) {
      const replay = await push(till, batch);
      expect(replay.body.answers.map((a) => a.status)).toEqual(['duplicate', 'duplicate', 'duplicate']);
      expect(replay.body.answers.map((a) => a.original)).toEqual(first.body.answers);
    }
    expect(await entries()).toBe(before);
  });

  it('a denied event keeps nothing it wrote but its answer; the events after it still apply', async () => {
    const till = await kit.signInTill();
    const next = log(till);
    const before = await entries();
    const answers = (await push(till, [next({ amount: 1 }), next({ amount: -4 }), next({ amount: 1 })])).body.answers;
    expect(answers.map((a) => [a.status, a.code])).toEqual([
      ['accepted', undefined],
      ['denied', 'tally.negative'],
      ['accepted', undefined],
    ]);
    expect(await entries()).toBe(before + 2);
  });

  it('a gap in the sequence is reported, not skipped: nothing after it applies until the missing event arrives', async () => {
    const till = await kit.signInTill();
    const next = log(till);
    const [one, two, three, four] = [next({ amount: 1 }), next({ amount: 1 }), next({ amount: 1 }), next({ amount: 1 })];
    const before = await entries();
    const gapped = (await push(till, [one, two, four])).body.answers;
    expect(gapped.map((a) => [a.status, a.code])).toEqual([
      ['accepted', undefined],
      ['accepted', undefined],
      ['retry', 'sync.sequence_gap'],
    ]);
    expect(await entries()).toBe(before + 2);
    const filled = (await push(till, [three, four])).body.answers;
    expect(filled.map((a) => a.status)).toEqual(['accepted', 'accepted']);
    expect(await entries()).toBe(before + 4);
  });

  it('a failure that is not the event’s fault answers retry for it and the rest, and applies none of them', async () => {
    const till = await kit.signInTill();
    const next = log(till);
    const failing = next({ amount: 7, fail: true });
    const after = next({ amount: 1 });
    const before = await entries();
    const answers = (await push(till, [failing, after])).body.answers;
    expect(answers.map((a) => [a.status, a.code])).toEqual([
      ['retry', 'sync.handler_failed'],
      ['retry', 'sync.handler_failed'],
    ]);
    expect(await entries()).toBe(before);
    const retried = (await push(till, [{ ...failing, payload: { amount: 7 } }, after])).body.answers;
    expect(retried.map((a) => a.status)).toEqual(['accepted', 'accepted']);
  });

  it('an event carrying a value the database can never store is denied, not retried for ever', async () => {
    const till = await kit.signInTill();
    const next = log(till);
    const before = await entries();
    // "12abc" is no integer (22P02) and 10^30 is out of range (22003): sending either again cannot
    // succeed, and a retry answer would hold every later sale of the till behind it.
    const answers = (await push(till, [next({ amount: '12abc' }), next({ amount: 1e30 }), next({ amount: 4 })])).body.answers;
    expect(answers.map((a) => [a.status, a.code])).toEqual([
      ['denied', 'request.invalid_value'],
      ['denied', 'request.invalid_value'],
      ['accepted', undefined],
    ]);
    expect(await entries()).toBe(before + 1);
  });

  it('text the database cannot store only at commit (NUL in a published payload) denies that event, not the whole push', async () => {
    const till = await kit.signInTill();
    const next = log(till);
    const before = await entries();
    // A lone surrogate (half an emoji) is made U+FFFD on arrival, as a text column would store it.
    const answers = (
      await push(till, [next({ amount: 1, note: 'a\u0000b' }), next({ amount: 2, note: 'half \ud83d' }), next({ amount: 3 })])
    ).body.answers;
    expect(answers.map((a) => [a.status, a.code])).toEqual([
      ['denied', 'request.invalid_text'],
      ['accepted', undefined],
      ['accepted', undefined],
    ]);
    expect(await entries()).toBe(before + 2);
    const [published] = await kit.kernel.db.query<{ note: string }>(
      "select payload->>'note' as note from kernel.outbox where type = 'tally.entry.added' and payload ? 'note'",
    );
    expect(published!.note).toBe('half \ufffd');
  });

  it('events of another device, malformed ids and types nobody handles are denied', async () => {
    const till = await kit.signInTill();
    const other = await kit.signInTill();
    const next = log(till);
    const answers = (
      await push(till, [
        log(other)({ amount: 1 }),
        { id: 'not-an-id', type: 'tally.entry.add', occurredAt: new Date().toISOString(), payload: { amount: 1 } },
        next({ amount: 1 }, 'nobody.handles.this'),
      ])
    ).body.answers;
    expect(answers.map((a) => a.code)).toEqual(['sync.wrong_device', 'sync.malformed_id', 'sync.no_handler']);
  });

  it.each([
    ['no events', { events: [] }],
    [
      'more than 1000 events',
      { events: Array.from({ length: 1001 }, () => ({ id: 'x', type: 'tally.a', occurredAt: new Date().toISOString(), payload: {} })) },
    ],
    ['an event without a type', { events: [{ id: 'x', occurredAt: new Date().toISOString(), payload: {} }] }],
    ['an occurredAt that is not a time', { events: [{ id: 'x', type: 'tally.a', occurredAt: 'yesterday', payload: {} }] }],
  ])('a push with %s is 400 problem+json and changes nothing', async (_case, body) => {
    const till = await kit.signInTill();
    const before = await entries();
    const response = await kit.request<{ code: string }>('POST', '/api/v1/sync/push', { token: till.token, body });
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(await entries()).toBe(before);
  });

  it('only a device pushes: a back-office user gets 403', async () => {
    const response = await kit.request<{ code: string }>('POST', '/api/v1/sync/push', {
      body: { events: [{ id: 'x', type: 'tally.a', occurredAt: new Date().toISOString(), payload: {} }] },
    });
    expect(response.status).toBe(403);
    expect(response.body.code).toBe('sync.device_required');
  });

  it('pull pages through a source by checkpoint, and an unknown source is 404', async () => {
    const till = await kit.signInTill();
    const pull = (checkpoint: Pulled['checkpoint'], limit = 3) =>
      kit.request<Pulled>('POST', '/api/v1/sync/pull/tally.entries', { token: till.token, body: { checkpoint, limit } });
    let checkpoint: Pulled['checkpoint'] = null;
    /** Pulls to the end from the checkpoint. A transaction still open anywhere on the server holds changes back until it ends. */
    const pullAll = async () => {
      const documents: Pulled['documents'] = [];
      for (;;) {
        const page = await pull(checkpoint);
        expect(page.status).toBe(200);
        if (page.body.documents.length === 0) {
          expect(page.body.checkpoint).toEqual(checkpoint);
          return documents;
        }
        documents.push(...page.body.documents);
        checkpoint = page.body.checkpoint;
      }
    };
    /** Pulls until at least `count` documents arrived, polling. */
    const pullAtLeast = async (count: number) => {
      const documents: Pulled['documents'] = [];
      await eventually(
        async () => documents.push(...(await pullAll())),
        (n) => n >= count,
        30_000,
      );
      return documents;
    };
    const total = await entries();
    const seen = (await pullAtLeast(total)).map((d) => d.id);
    expect(seen.length).toBe(total);
    expect(new Set(seen).size).toBe(seen.length);

    // A new entry shows up after the checkpoint, and only it.
    const next = log(till);
    const event = next({ amount: 9 });
    await push(till, [event]);
    expect((await pullAtLeast(1)).map((d) => [d.id, d.data.amount])).toEqual([[event.id, 9]]);

    const unknown = await kit.request<{ code: string }>('POST', '/api/v1/sync/pull/tally.nothing', {
      token: till.token,
      body: { checkpoint: null, limit: 10 },
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('sync.unknown_source');
  });

  it('the live stream tells a till which event types changed after a commit', async () => {
    const till = await kit.signInTill();
    const { socket, messages, next } = await openLiveStream(kit, till.token);
    expect(messages).toEqual([{ ready: true }]);
    const changed = next();
    await push(till, [log(till)({ amount: 1 })]);
    expect(await changed).toEqual({ changed: ['tally.entry.added'] });
    socket.close();
  });
});

describe('the live stream while an older transaction is still running (postgres)', () => {
  let kit: TestKernel;
  beforeAll(async () => {
    kit = await createTestKernel({ db: 'postgres', plugins: [fixturePlugin('tally')] });
  });
  afterAll(async () => kit?.close());

  it('announces a change only once a pull can see it: after every transaction older than it has ended', async () => {
    const till = await kit.signInTill();
    const { socket, messages, next } = await openLiveStream(kit, till.token);
    const pull = async (checkpoint: Pulled['checkpoint']) =>
      (await kit.request<Pulled>('POST', '/api/v1/sync/pull/tally.entries', { token: till.token, body: { checkpoint, limit: 1000 } })).body;
    let checkpoint: Pulled['checkpoint'] = null;
    for (let page = await pull(null); page.documents.length > 0; page = await pull(checkpoint)) checkpoint = page.checkpoint;

    // Another transaction (it could be any tenant's, in any database of the cluster) holds the horizon.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let holding!: () => void;
    const held = new Promise<void>((resolve) => (holding = resolve));
    const holder = kit.kernel.db.transaction({}, async (tx) => {
      await tx.query('select pg_current_xact_id()');
      holding();
      await released;
    });
    await held;

    const event = {
      id: `${till.deviceId}#1#${randomUUID()}`,
      type: 'tally.entry.add',
      occurredAt: new Date().toISOString(),
      payload: { amount: 7 },
    };
    const pushed = await kit.request<{ answers: Answer[] }>('POST', '/api/v1/sync/push', { token: till.token, body: { events: [event] } });
    expect(pushed.body.answers[0]!.status).toBe('accepted');
    // Committed, but not yet below the horizon: a pull hands out nothing, and no news is sent.
    expect((await pull(checkpoint)).documents).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(messages).toEqual([{ ready: true }]);

    const changed = next();
    release();
    await holder;
    expect(await changed).toEqual({ changed: ['tally.entry.added'] });
    expect((await pull(checkpoint)).documents.map((d) => [d.id, d.data.amount])).toEqual([[event.id, 7]]);
    socket.close();
  });
});
