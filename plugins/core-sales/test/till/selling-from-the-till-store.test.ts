import { randomUUID } from 'node:crypto';
import { createTestKernel, type TestKernel, type TestTill } from '@kits/kernel/test-kit';
import { eventually } from '@kits/plugin-sdk/test-kit';
import { uuidv7, type TillVariant as CatalogDoc } from '@kits/plugin-sdk/till';
import {
  appendEvent,
  deniedEvents,
  fixedToken,
  gatewayClient,
  liveStream,
  lookupCode,
  openTillDatabase,
  pluginContextOn,
  PushAgent,
  replicateInventory,
  type GatewayClient,
  type TillDatabase,
} from '@kits/till/testing';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHOP_PLUGINS } from '../../../../testing/first-party-plugins.ts';
import { shelveVariant } from '../../../../testing/shop-shelf.ts';
import { CheckoutMachine, type TillPricing } from '../../src/till/checkout/checkout-machine.ts';
import { searchCustomers } from '../../src/till/store/customer-search.ts';
import { openCustomers } from '../../src/till/store/customers.ts';
import { deniedSales, sellWhatWasThere, sellWithSwaps, voidDeniedSale } from '../../src/till/store/denied-sales.ts';

/** core-sales' context on a till database: its event log, device state and catalog, as the till gives them. */
const salesOn = (db: TillDatabase, client: GatewayClient, deviceId: string, send: () => Promise<void>) => {
  const session = { deviceId, locationId: 'test', cashierId: 'test', cashierName: 'Test', permissions: [] };
  return pluginContextOn({ db, client, session, send }, 'core-sales').context;
};

describe('the till store: replicated through the sync gateway, and selling from it', () => {
  let kit: TestKernel;
  let till: TestTill;
  let db: TillDatabase;
  let live: ReturnType<typeof liveStream>;
  let replication: ReturnType<typeof replicateInventory>;
  let url: string;
  let flatWhite: string;

  beforeAll(async () => {
    kit = await createTestKernel({ plugins: SHOP_PLUGINS, db: 'pglite' });
    url = await kit.kernel.listen();
    flatWhite = (
      await shelveVariant(kit, { name: 'Flat White', sku: 'COF-FW', barcode: '2000000000015', taxClass: 'reduced', price: 340, stock: 50 })
    ).variantId;
    till = await kit.signInTill({ permissions: ['core-sales:checkout', 'core-sales:shift'] });
    db = await openTillDatabase({ name: `till-${randomUUID()}`, storage: getRxStorageMemory(), password: 'till-test-password' });
    const client = gatewayClient(url, fixedToken(till.token));
    live = liveStream(client);
    replication = replicateInventory(db, client, {
      catalog: live.newsFor(['inventory.product.changed']),
      stock: live.newsFor(['inventory.stock.moved']),
    });
    await Promise.all([replication.catalog.awaitInitialReplication(), replication.stock.awaitInitialReplication()]);
  });
  afterAll(async () => {
    live?.close();
    await replication?.catalog.cancel();
    await replication?.stock.cancel();
    await db?.close();
    await kit?.close();
  });

  it('pulls the customers (live), finds them by a word of the name, email or phone, and drops archived ones', async () => {
    const add = async (body: Record<string, unknown>) =>
      (await kit.request<{ id: string }>('POST', '/api/v1/core-sales/customers', { body })).body.id;
    const ada = await add({ name: 'Ada Lovelace', email: 'ada@example.org', phone: '+44 20 7946 0018' });
    await add({ name: 'Grace Hopper' });
    const { context, registries } = pluginContextOn(
      {
        db,
        client: gatewayClient(url, fixedToken(till.token)),
        session: {
          deviceId: till.deviceId,
          locationId: kit.tenant.locationId,
          cashierId: till.cashierId,
          cashierName: 'Test',
          permissions: [],
        },
        news: (types) => live.newsFor(types),
      },
      'core-sales',
    );
    const customers = await openCustomers(context.collections);
    await eventually(
      () => searchCustomers(customers, 'love'),
      (found) => found.length === 1,
    );
    expect((await searchCustomers(customers, 'love')).map((c) => c.name)).toEqual(['Ada Lovelace']);
    expect((await searchCustomers(customers, 'example.org')).map((c) => c.name)).toEqual(['Ada Lovelace']);
    expect((await searchCustomers(customers, '7946 0018')).map((c) => c.name)).toEqual(['Ada Lovelace']);
    expect((await searchCustomers(customers, 'gra')).map((c) => c.name)).toEqual(['Grace Hopper']);

    // Added and archived on the server: the live stream brings both.
    await add({ name: 'Katherine Johnson' });
    expect(
      (
        await eventually(
          () => searchCustomers(customers, 'kath'),
          (found) => found.length === 1,
        )
      ).map((c) => c.name),
    ).toEqual(['Katherine Johnson']);
    await kit.request('PATCH', `/api/v1/core-sales/customers/${ada}`, { body: { archived: true } });
    expect(
      await eventually(
        () => searchCustomers(customers, 'ada'),
        (found) => found.length === 0,
      ),
    ).toEqual([]);
    await registries.collections.stop();
  });

  it('pulls the catalog, its scan codes and the stock of its location', async () => {
    expect(await lookupCode(db, '2000000000015')).toMatchObject({ id: flatWhite, name: 'Flat White', sku: 'COF-FW' });
    expect(await lookupCode(db, 'cof-fw')).toMatchObject({ id: flatWhite });
    expect(await lookupCode(db, '999')).toBeUndefined();
    expect((await db.stock.findOne(flatWhite).exec())?.toJSON()).toMatchObject({ onHand: 50, available: 50 });
  });

  it('live: a stock movement and a renamed product arrive without asking', async () => {
    await kit.request('POST', '/api/v1/core-inventory/stock/receive', {
      body: { locationId: kit.tenant.locationId, lines: [{ variantId: flatWhite, quantity: 7 }] },
    });
    const stock = await eventually(
      async () => (await db.stock.findOne(flatWhite).exec())?.onHand,
      (onHand) => onHand === 57,
    );
    expect(stock).toBe(57);
    const product = await kit.request<{ product: { id: string } }>('GET', '/api/v1/core-inventory/lookup?code=COF-FW');
    await kit.request('PATCH', `/api/v1/core-inventory/products/${product.body.product.id}`, { body: { name: 'Flat White (oat)' } });
    const name = await eventually(
      async () => (await db.catalog.findOne(flatWhite).exec())?.name,
      (value) => value === 'Flat White (oat)',
    );
    expect(name).toBe('Flat White (oat)');
  });

  it('a sale rung up from the local store is priced as the server prices it, and accepted through the gateway', async () => {
    const variant = (await lookupCode(db, '2000000000015'))!;
    const price = variant.prices.find((p) => p.currency === 'EUR')!.amount;
    let receipt = 0;
    const checkout = new CheckoutMachine({
      pricing: {
        currency: 'EUR',
        pricesIncludeTax: true,
        taxRounding: 'line',
        cashRounding: 1,
        taxRates: { standard: [{ name: 'VAT', basisPoints: 2000 }], reduced: [{ name: 'VAT', basisPoints: 500 }], zero: [] },
        promotions: [],
      },
      can: () => false,
      nextReceiptNumber: () => ++receipt,
      newSaleId: () => uuidv7(),
      cashierId: till.cashierId,
    });
    checkout.add({ variantId: variant.id, name: variant.name, sku: variant.sku, unitPrice: price, taxClass: variant.taxClass }, 3);
    checkout.startTender();
    checkout.addTender({ method: 'cash', amount: 2000 });
    const { receipt: shown, event } = checkout.complete();
    expect(shown).toMatchObject({ total: 1020, change: 980 });

    const shiftId = uuidv7();
    const push = await kit.request<{ answers: Array<{ status: string; result: { total: number; totalMismatch?: unknown } }> }>(
      'POST',
      '/api/v1/sync/push',
      {
        token: till.token,
        body: {
          events: [
            {
              id: `${till.deviceId}#1#${randomUUID()}`,
              type: 'sales.shift.opened',
              occurredAt: new Date().toISOString(),
              payload: { shiftId, openingFloat: 0 },
            },
            {
              id: `${till.deviceId}#2#${randomUUID()}`,
              type: event.type,
              occurredAt: new Date().toISOString(),
              payload: { ...event.payload, sale: { ...event.payload.sale, shiftId } },
            },
          ],
        },
      },
    );
    expect(push.body.answers.map((a) => a.status)).toEqual(['accepted', 'accepted']);
    expect(push.body.answers[1]!.result).toEqual(expect.objectContaining({ total: 1020 }));
    expect(push.body.answers[1]!.result.totalMismatch).toBeUndefined();
    const stock = await eventually(
      async () => (await db.stock.findOne(flatWhite).exec())?.onHand,
      (onHand) => onHand === 54,
    );
    expect(stock).toBe(54);
  });

  it('offline: sales wait in the event log; back online the agent pushes them in order, and a denied one lands in the resolution queue', async () => {
    const cashier = await kit.signInTill({ permissions: ['core-sales:checkout', 'core-sales:shift'] });
    const local = await openTillDatabase({ name: `till-${randomUUID()}`, storage: getRxStorageMemory(), password: 'till-test-password' });
    let online = false;
    const real = gatewayClient(url, fixedToken(cashier.token));
    const client: GatewayClient = {
      get: (path) => (online ? real.get(path) : Promise.reject(new Error('the network is gone'))),
      post: (path, body) => (online ? real.post(path, body) : Promise.reject(new Error('the network is gone'))),
      put: (path, body) => (online ? real.put(path, body) : Promise.reject(new Error('the network is gone'))),
      liveSocket: (options) => real.liveSocket(options),
    };
    const agent = new PushAgent(local, client);
    const salesTill = salesOn(local, client, cashier.deviceId, () => agent.flush());
    const shiftId = uuidv7();
    await appendEvent(local, cashier.deviceId, 'sales.shift.opened', { shiftId, openingFloat: 0 });
    for (let i = 0; i < 5; i++) {
      await appendEvent(local, cashier.deviceId, 'sales.sale.completed', {
        sale: {
          id: uuidv7(),
          shiftId,
          lines: [{ variantId: flatWhite, quantity: 1 }],
          tenders: [{ method: 'cash', amount: 340 }],
          expectedTotal: 340,
        },
        receiptNumber: await salesTill.device.next('receipt-number'),
        cashierId: cashier.cashierId,
      });
    }
    // One the server will deny: a variant it does not know.
    await appendEvent(local, cashier.deviceId, 'sales.sale.completed', {
      sale: { id: uuidv7(), shiftId, lines: [{ variantId: uuidv7(), quantity: 1 }], tenders: [{ method: 'cash', amount: 100 }] },
      receiptNumber: await salesTill.device.next('receipt-number'),
      cashierId: cashier.cashierId,
    });
    await agent.flush();
    expect(agent.status$.value).toMatchObject({ online: false, waiting: 7 });

    online = true;
    await agent.flush();
    expect(agent.status$.value).toMatchObject({ online: true, waiting: 0, lastError: null });
    const sales = await kit.kernel.db.query<{ receipt_number: string }>(
      "select receipt_number from sales.sales where device_id = $1 and status = 'completed' order by receipt_number",
      [cashier.deviceId],
    );
    expect(sales.map((s) => Number(s.receipt_number))).toEqual([1, 2, 3, 4, 5]);
    const queue = await deniedEvents(local);
    expect(queue.map((e) => (e.answer as { code: string }).code)).toEqual(['sales.unknown_variant']);

    // The cashier voids it from the resolution queue: its receipt number is kept on the server as void.
    const [denied] = await deniedSales(salesTill);
    expect(denied).toMatchObject({ receiptNumber: 6, code: 'sales.unknown_variant' });
    await voidDeniedSale(salesTill, denied!, 'item not in the catalog; customer refunded');
    expect(await deniedSales(salesTill)).toEqual([]);
    await agent.flush();
    const receipts = await kit.kernel.db.query<{ receipt_number: string; status: string }>(
      'select receipt_number, status from sales.sales where device_id = $1 order by receipt_number',
      [cashier.deviceId],
    );
    expect(receipts.map((r) => [Number(r.receipt_number), r.status])).toEqual([
      [1, 'completed'],
      [2, 'completed'],
      [3, 'completed'],
      [4, 'completed'],
      [5, 'completed'],
      [6, 'voided'],
    ]);
    await local.close();
  });

  /** A till of its own (its own device and event sequence) that knows these products, with a shift open. */
  const ownTill = async (variantIds: readonly string[]) => {
    const cashier = await kit.signInTill({ permissions: ['core-sales:checkout', 'core-sales:shift'] });
    const local = await openTillDatabase({ name: `till-${randomUUID()}`, storage: getRxStorageMemory(), password: 'till-test-password' });
    for (const id of variantIds) await local.catalog.insert((await db.catalog.findOne(id).exec())!.toJSON() as CatalogDoc);
    const client = gatewayClient(url, fixedToken(cashier.token));
    const pricing = await client.get<TillPricing>('/api/v1/core-sales/till-settings');
    const agent = new PushAgent(local, client);
    const salesTill = salesOn(local, client, cashier.deviceId, () => agent.flush());
    const shiftId = uuidv7();
    await appendEvent(local, cashier.deviceId, 'sales.shift.opened', { shiftId, openingFloat: 0 });
    return { cashier, local, pricing, agent, salesTill, shiftId };
  };

  it('a sale denied for stock is sold in part from the resolution queue: same receipt, what was there, the difference given back', async () => {
    expect((await kit.request('PUT', '/api/v1/plugins/core-sales/settings', { body: { offlineOversell: 'deny' } })).status).toBe(200);
    const mug = (await shelveVariant(kit, { name: 'Last Mug', sku: 'MUG-LAST', price: 1200, stock: 2 })).variantId;
    await eventually(
      async () => (await db.catalog.findOne(mug).exec())?.name,
      (name) => name === 'Last Mug',
    );
    const { cashier, local, pricing, agent, salesTill, shiftId } = await ownTill([mug, flatWhite]);
    const receiptNumber = await salesTill.device.next('receipt-number');
    const saleId = uuidv7();
    // Sold offline: 3 mugs (the server has 2) and a flat white, 3 × 12.00 + 3.40 = 39.40, paid with 50.00.
    await appendEvent(local, cashier.deviceId, 'sales.sale.completed', {
      sale: {
        id: saleId,
        shiftId,
        lines: [
          { variantId: mug, quantity: 3 },
          { variantId: flatWhite, quantity: 1 },
        ],
        tenders: [{ method: 'cash', amount: 5000 }],
        expectedTotal: 3940,
      },
      receiptNumber,
      cashierId: cashier.cashierId,
    });
    await agent.flush();
    const [denied] = await deniedSales(salesTill);
    expect(denied).toMatchObject({ saleId, receiptNumber, code: 'inventory.insufficient_stock' });

    const sold = await sellWhatWasThere(salesTill, denied!, pricing);
    expect(sold).toEqual({ total: 2740, giveBack: 1200, collect: 0, lines: 2 });
    expect(await deniedSales(salesTill)).toEqual([]);
    await agent.flush();
    expect(agent.status$.value).toMatchObject({ waiting: 0 });
    const [row] = await kit.kernel.db.query<{ status: string; total: string; receipt_number: string }>(
      'select status, total, receipt_number from sales.sales where sale_id = $1',
      [saleId],
    );
    expect([row?.status, Number(row?.total), Number(row?.receipt_number)]).toEqual(['completed', 2740, receiptNumber]);
    const stock = await kit.request<{ items: Array<{ locationId: string; onHand: number }> }>(
      'GET',
      `/api/v1/core-inventory/variants/${mug}/stock`,
    );
    expect(stock.body.items.find((i) => i.locationId === kit.tenant.locationId)?.onHand).toBe(0);

    // A sale denied for another reason cannot be sold in part: it is voided.
    await appendEvent(local, cashier.deviceId, 'sales.sale.completed', {
      sale: {
        id: uuidv7(),
        shiftId,
        lines: [{ variantId: uuidv7(), quantity: 1 }],
        tenders: [{ method: 'cash', amount: 100 }],
        expectedTotal: 100,
      },
      receiptNumber: await salesTill.device.next('receipt-number'),
      cashierId: cashier.cashierId,
    });
    await agent.flush();
    const [unknown] = await deniedSales(salesTill);
    await expect(sellWhatWasThere(salesTill, unknown!, pricing)).rejects.toThrow('was not denied for stock: void it');
    await local.close();
  });

  it('a sale denied for stock is sold with a swap: the customer takes another item for the part that was not there and pays the difference', async () => {
    const product = async (name: string, sku: string, price: number, stock: number) => {
      const { variantId } = await shelveVariant(kit, { name, sku, price, stock });
      await eventually(
        async () => (await db.catalog.findOne(variantId).exec())?.name,
        (found) => found === name,
      );
      return variantId;
    };
    const small = await product('Espresso Cup', 'CUP-ESP', 1200, 1);
    const large = await product('Latte Cup', 'CUP-LAT', 1500, 5);
    const { cashier, local, pricing, agent, salesTill, shiftId } = await ownTill([small, large]);
    const saleId = uuidv7();
    // Sold offline: 2 espresso cups (the server has 1), 24.00 paid in cash.
    await appendEvent(local, cashier.deviceId, 'sales.sale.completed', {
      sale: {
        id: saleId,
        shiftId,
        lines: [{ variantId: small, quantity: 2 }],
        tenders: [{ method: 'cash', amount: 2400 }],
        expectedTotal: 2400,
      },
      receiptNumber: await salesTill.device.next('receipt-number'),
      cashierId: cashier.cashierId,
    });
    await agent.flush();
    const [denied] = await deniedSales(salesTill);
    expect(denied?.short).toEqual([expect.objectContaining({ variantId: small, quantity: 2, available: 1 })]);

    // The missing cup becomes a latte cup: 12.00 + 15.00 = 27.00, the customer pays 3.00 more.
    const sold = await sellWithSwaps(salesTill, denied!, [{ variantId: small, replacementId: large }], pricing);
    expect(sold).toEqual({ total: 2700, giveBack: 0, collect: 300, lines: 2 });
    await agent.flush();
    expect(agent.status$.value).toMatchObject({ waiting: 0 });
    const [row] = await kit.kernel.db.query<{ status: string; total: string }>('select status, total from sales.sales where sale_id = $1', [
      saleId,
    ]);
    expect([row?.status, Number(row?.total)]).toEqual(['completed', 2700]);
    const here = async (variantId: string) =>
      (
        await kit.request<{ items: Array<{ locationId: string; onHand: number }> }>(
          'GET',
          `/api/v1/core-inventory/variants/${variantId}/stock`,
        )
      ).body.items.find((i) => i.locationId === kit.tenant.locationId)?.onHand;
    expect([await here(small), await here(large)]).toEqual([0, 4]);
    await local.close();
  });
});
