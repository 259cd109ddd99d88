import { randomUUID } from 'node:crypto';
import { TillOfflineError } from '@kits/plugin-sdk/till';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { v7 as uuidv7 } from 'uuid';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendEvent } from '../src/store/event-log.ts';
import { openTillDatabase, type TillDatabase } from '../src/store/till-database.ts';
import type { GatewayClient } from '../src/sync/gateway-client.ts';
import { PushAgent } from '../src/sync/push-agent.ts';

/**
 * A kernel that applies every event it is sent (a replayed one is a duplicate) and answers when
 * `answer()` is called; `dropAnswer()` instead goes down after applying, as a killed kernel does
 * between its commit and its answer reaching the till.
 */
function slowKernel() {
  const applied = new Set<string>();
  const inFlight: Array<{ answer: () => void; drop: () => void }> = [];
  const client: GatewayClient = {
    get: () => Promise.reject(new Error('the push agent only posts')),
    put: () => Promise.reject(new Error('the push agent only posts')),
    liveSocket: () => Promise.reject(new Error('the push agent opens no socket')),
    post<Result>(_path: string, body: unknown): Promise<Result> {
      const { events } = body as { events: Array<{ id: string }> };
      const answers = events.map((event) =>
        applied.has(event.id)
          ? { id: event.id, status: 'duplicate', original: { status: 'accepted' } }
          : { id: event.id, status: 'accepted', result: null },
      );
      for (const event of events) applied.add(event.id);
      return new Promise<Result>((resolve, reject) =>
        inFlight.push({
          answer: () => resolve({ answers } as Result),
          drop: () => reject(new TillOfflineError('The server cannot be reached (Failed to fetch): this needs the network.')),
        }),
      );
    },
  };
  const next = async () => {
    await expect.poll(() => inFlight.length).toBeGreaterThan(0);
    return inFlight.shift()!;
  };
  return {
    client,
    applied,
    answer: async () => (await next()).answer(),
    dropAnswer: async () => (await next()).drop(),
  };
}

/** What the till's "N to send" shows, once the count has caught up with the log. */
const waitingIs = (agent: PushAgent, count: number) => expect.poll(() => agent.status$.value.waiting).toBe(count);

describe('the till counts as waiting what the server has not answered', () => {
  const deviceId = randomUUID();
  const shiftId = uuidv7();
  let db: TillDatabase;
  const agents: PushAgent[] = [];
  beforeEach(async () => {
    db = await openTillDatabase({ name: `till-${randomUUID()}`, storage: getRxStorageMemory(), password: 'till-test-password' });
  });
  afterEach(async () => {
    for (const agent of agents.splice(0)) agent.stop();
    await db?.close();
  });

  const ringUpSale = async () => {
    await appendEvent(db, deviceId, 'sales.shift.opened', { shiftId, openingFloat: 0 });
    await appendEvent(db, deviceId, 'sales.sale.completed', {
      sale: { id: uuidv7(), shiftId, lines: [{ variantId: uuidv7(), quantity: 1 }], tenders: [{ method: 'cash', amount: 100 }] },
      receiptNumber: 1,
      cashierId: 'c-1',
    });
  };
  const agentOn = (client: GatewayClient) => {
    const agent = new PushAgent(db, client);
    agents.push(agent);
    return agent;
  };

  it('from the moment a sale is logged, through its push, until the answer is recorded', async () => {
    const kernel = slowKernel();
    const agent = agentOn(kernel.client);
    await ringUpSale();
    await waitingIs(agent, 2); // logged, not sent yet
    const flushed = agent.flush();
    await expect.poll(() => kernel.applied.size).toBe(2); // the server has it, its answer is on the way
    expect(agent.status$.value.waiting).toBe(2);
    await kernel.answer();
    await flushed;
    expect(agent.status$.value).toEqual({ online: true, waiting: 0, lastError: null });
  });

  it('a sale whose answer was lost still waits, after a restart too, and is sent again as a duplicate', async () => {
    const kernel = slowKernel();
    const agent = agentOn(kernel.client);
    await ringUpSale();
    const flushed = agent.flush();
    await kernel.dropAnswer(); // applied on the server; the till never heard back
    await flushed;
    expect(kernel.applied.size).toBe(2);
    expect(agent.status$.value).toMatchObject({ online: false, waiting: 2 });
    agent.stop();

    // The till restarts: it counts the same two, and sends them again.
    const restarted = agentOn(kernel.client);
    await waitingIs(restarted, 2);
    const again = restarted.flush();
    await kernel.answer();
    await again;
    expect(restarted.status$.value).toEqual({ online: true, waiting: 0, lastError: null });
    const stored = await db.events.find({ sort: [{ sequence: 'asc' }] }).exec();
    expect(stored.map((event) => event.status)).toEqual(['duplicate', 'duplicate']);
    expect(kernel.applied.size).toBe(2);
  });
});
