import type { TestKernel } from '@kits/kernel/test-kit';
import { eventually } from '@kits/plugin-sdk/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  changeProduct,
  createEndpoint,
  DATABASE_KINDS,
  deliveries,
  startDns,
  startReceiver,
  webhookKit,
  type Receiver,
  type TestDns,
} from './support.ts';

// An ordered endpoint gets one delivery at a time in commit order; when its head fails, the ones
// after it wait — and only that endpoint waits: an unordered one of the same tenant goes on.

describe.each(DATABASE_KINDS)('ordered endpoints on %s', (db) => {
  let dns: TestDns;
  let kit: TestKernel;
  let ordered: Receiver;
  let parallel: Receiver;

  beforeAll(async () => {
    dns = await startDns();
    [ordered, parallel] = await Promise.all([startReceiver(), startReceiver()]);
    kit = await webhookKit(db, dns);
  });
  afterAll(async () => {
    await kit?.close();
    await Promise.all([ordered?.close(), parallel?.close()]);
    await dns?.close();
  });

  it('holds the ordered endpoint behind its failing head and delivers in commit order after it recovers', async () => {
    let failHead = true;
    let inFlight = 0;
    let mostInFlight = 0;
    ordered.respond = (request, response) => {
      inFlight += 1;
      mostInFlight = Math.max(mostInFlight, inFlight);
      const body = JSON.parse(request.body) as { data: { productId: string } };
      setTimeout(() => {
        inFlight -= 1;
        if (failHead && body.data.productId === first) response.writeHead(500).end('not yet');
        else response.end('ok');
      }, 20);
    };
    const inOrder = await createEndpoint(kit, { url: ordered.url(), eventTypes: ['inventory.product.changed'], ordered: true });
    const unordered = await createEndpoint(kit, { url: parallel.url(), eventTypes: ['inventory.product.changed'] });
    expect([inOrder.ordered, unordered.ordered]).toEqual([true, false]);

    const first = await changeProduct(kit, 'First');
    await eventually(
      () => deliveries(kit, inOrder.id),
      (items) => (items[0]?.attempts ?? 0) >= 1,
    );
    const rest: string[] = [];
    for (let i = 0; i < 5; i += 1) rest.push(await changeProduct(kit, `Next ${i}`));

    // The unordered endpoint has all six while the ordered one is still held by its head.
    await eventually(
      async () => parallel.received.length,
      (n) => n >= 6,
    );
    const heldBodies = ordered.received.map((r) => (JSON.parse(r.body) as { data: { productId: string } }).data.productId);
    expect(new Set(heldBodies)).toEqual(new Set([first]));

    failHead = false;
    const log = await eventually(
      () => deliveries(kit, inOrder.id),
      (items) => items.length === 6 && items.every((d) => d.state === 'succeeded'),
    );
    expect(log).toHaveLength(6);
    const delivered = ordered.received
      .filter((r) => r.body.length > 0)
      .map((r) => (JSON.parse(r.body) as { data: { productId: string } }).data.productId)
      .filter((id, i, all) => all.indexOf(id) === i);
    expect(delivered).toEqual([first, ...rest]);
    expect(mostInFlight).toBe(1);
  });
});
