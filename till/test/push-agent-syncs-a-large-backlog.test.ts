import { randomUUID } from 'node:crypto';
import { createTestKernel, type TestKernel, type TestTill } from '@kits/kernel/test-kit';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHOP_PLUGINS } from '../../testing/first-party-plugins.ts';
import { shelveVariant } from '../../testing/shop-shelf.ts';
import { fixedToken } from '../src/auth/access-token.ts';
import { pluginDeviceState } from '../src/plugins/plugin-device-state.ts';
import { appendEvent, deniedEvents } from '../src/store/event-log.ts';
import { openTillDatabase, type TillDatabase } from '../src/store/till-database.ts';
import { gatewayClient, GatewayError, type GatewayClient } from '../src/sync/gateway-client.ts';
import { DEFAULT_PUSH_BODY_BYTES, PushAgent } from '../src/sync/push-agent.ts';

const bytesOf = (value: unknown) => new TextEncoder().encode(JSON.stringify(value)).length;

// A till that sold offline for a long time has more to push than one request may carry (the
// kernel's 1 MiB body limit). Against a real kernel: the backlog syncs completely, and a sale too
// large to push on its own is withheld into the resolution queue instead of holding up the rest.
describe('a backlog larger than one push, against a real kernel', () => {
  let kit: TestKernel;
  let till: TestTill;
  let db: TillDatabase;
  let variantId: string;
  const pushes: Array<{ bytes: number; status: number }> = [];
  let client: GatewayClient;

  beforeAll(async () => {
    kit = await createTestKernel({ plugins: SHOP_PLUGINS, db: 'postgres' });
    const url = await kit.kernel.listen();
    variantId = (await shelveVariant(kit, { name: 'Cable tie', sku: 'TIE-1', price: 5, stock: 1_000_000 })).variantId;
    till = await kit.signInTill({ permissions: ['core-sales:checkout', 'core-sales:shift'] });
    db = await openTillDatabase({ name: `till-${randomUUID()}`, storage: getRxStorageMemory(), password: 'till-test-password' });
    const real = gatewayClient(url, fixedToken(till.token));
    // Counts what goes over the wire, and what the kernel said to it.
    client = {
      ...real,
      post: async (path, body) => {
        const bytes = bytesOf(body);
        try {
          const answer = await real.post(path, body);
          pushes.push({ bytes, status: 200 });
          return answer as never;
        } catch (error) {
          pushes.push({ bytes, status: error instanceof GatewayError ? error.status : 0 });
          throw error;
        }
      },
    };
  });
  afterAll(async () => {
    await db?.close();
    await kit?.close();
  });

  it('pushes 1.4 MB of sales in pushes under the limit; a 1.2 MB sale is withheld, the sales after it apply', async () => {
    const shiftId = uuidv7();
    await appendEvent(db, till.deviceId, 'sales.shift.opened', { shiftId, openingFloat: 0 });
    const sale = async (lines: number, serialsPerLine: number) => {
      const receiptNumber = await pluginDeviceState(db, 'core-sales').next('receipt-number');
      const id = uuidv7();
      await appendEvent(db, till.deviceId, 'sales.sale.completed', {
        sale: {
          id,
          shiftId,
          lines: Array.from({ length: lines }, (_, line) => ({
            variantId,
            quantity: serialsPerLine,
            serials: Array.from({ length: serialsPerLine }, (_, i) => `TIE-${receiptNumber}-${line}-${String(i).padStart(60, '0')}`),
          })),
          tenders: [{ method: 'cash', amount: lines * serialsPerLine * 5 }],
        },
        receiptNumber,
        cashierId: till.cashierId,
      });
      return { id, receiptNumber };
    };
    const sold: string[] = [];
    for (let i = 0; i < 150; i++) sold.push((await sale(1, 60)).id); // about 5 KB each
    const huge = await sale(16, 1000); // about 1.2 MB: over the limit on its own
    for (let i = 0; i < 150; i++) sold.push((await sale(1, 60)).id);

    const agent = new PushAgent(db, client);
    await agent.flush();
    expect(agent.status$.value).toEqual({ online: true, waiting: 0, lastError: null });

    // Everything that fit is on the server, once; the pushes that got through stayed under the limit.
    const onServer = await kit.kernel.db.query<{ sale_id: string }>(
      "select sale_id::text from sales.sales where device_id = $1 and status = 'completed'",
      [till.deviceId],
    );
    expect(new Set(onServer.map((row) => row.sale_id))).toEqual(new Set(sold));
    expect(onServer).toHaveLength(300);
    const accepted = pushes.filter((push) => push.status === 200);
    expect(accepted.reduce((sum, push) => sum + push.bytes, 0)).toBeGreaterThan(1.3 * 1024 * 1024);
    expect(accepted.every((push) => push.bytes <= DEFAULT_PUSH_BODY_BYTES)).toBe(true);
    // Refused once with 413: the huge sale, sent alone (the batch before it was cut short of it).
    expect(pushes.filter((push) => push.status !== 200).map((push) => push.status)).toEqual([413]);

    // The huge sale: the server holds its sequence number as withheld, the till has it to resolve.
    const [record] = await kit.kernel.db.query<{ status: string; answer: { code: string } }>(
      'select status, answer from kernel.sync_events where device_id = $1 and sequence = $2',
      [till.deviceId, huge.receiptNumber + 1],
    );
    expect(record).toMatchObject({ status: 'denied', answer: { code: 'sync.event_withheld' } });
    expect(await deniedEvents(db)).toEqual([
      expect.objectContaining({
        payload: expect.objectContaining({ sale: expect.objectContaining({ id: huge.id }), receiptNumber: huge.receiptNumber }),
        answer: expect.objectContaining({ code: 'sync.event_too_large' }),
      }),
    ]);
    const stock = await kit.request<{ items: Array<{ onHand: number }> }>('GET', `/api/v1/core-inventory/variants/${variantId}/stock`);
    expect(stock.body.items[0]!.onHand).toBe(1_000_000 - 300 * 60);

    // Pushing again sends nothing.
    const count = pushes.length;
    await agent.flush();
    expect(pushes.length).toBe(count);
  }, 180_000);
});
