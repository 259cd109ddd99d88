import type { TestKernel } from '@kits/kernel/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DATABASE_KINDS,
  makeOrder,
  makeSupplier,
  makeVariant,
  onHand,
  purchasingKit,
  receiptId,
  setSupplierItem,
  variantCost,
  type Order,
} from './support.ts';

type Receipt = {
  id: string;
  status: string;
  lines: Array<{ lineNo: number; variantId: string; quantity: number; damaged: number; receivedQuantity: number; damagedQuantity: number }>;
  movementIds: string[];
  code?: string;
  detail?: string;
};

describe.each(DATABASE_KINDS)('receiving a purchase order on %s', (db) => {
  let kit: TestKernel;
  beforeAll(async () => {
    kit = await purchasingKit(db, { withSales: true });
  });
  afterAll(async () => kit?.close());

  const receive = (orderId: string, body: Record<string, unknown>, token?: string) =>
    kit.request<Receipt>('POST', `/api/v1/purchasing/purchase-orders/${orderId}/receipts`, { body, ...(token ? { token } : {}) });
  const read = async (orderId: string) => (await kit.request<Order>('GET', `/api/v1/purchasing/purchase-orders/${orderId}`)).body;

  it('partial receipts move the order from sent to partially received to received, stock in through inventory@1 at cost', async () => {
    const milk = await makeVariant(kit, 'Oat Milk 1L');
    const bars = await makeVariant(kit, 'Granola Bar');
    const supplier = await makeSupplier(kit);
    await setSupplierItem(kit, supplier.id, milk.id, { packSize: 12, cost: 95 });
    await setSupplierItem(kit, supplier.id, bars.id, { packSize: 24, cost: 40 });
    const order = await makeOrder(kit, supplier.id, [
      { variantId: milk.id, packs: 2 },
      { variantId: bars.id, packs: 1 },
    ]);

    const first = await receive(order.id, { id: receiptId(), lines: [{ variantId: milk.id, quantity: 12 }] });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ status: 'partially_received', lines: [{ lineNo: 1, quantity: 12, receivedQuantity: 12 }] });
    expect(await onHand(kit, milk.id)).toBe(12);
    expect((await read(order.id)).status).toBe('partially_received');

    const second = await receive(order.id, {
      id: receiptId(),
      lines: [
        { variantId: milk.id, quantity: 10, damaged: 2 },
        { variantId: bars.id, quantity: 24 },
      ],
    });
    expect(second.body.status).toBe('received');
    // Damaged goods are recorded on the receipt and the line, never put into sellable stock.
    expect(await onHand(kit, milk.id)).toBe(22);
    expect(await onHand(kit, bars.id)).toBe(24);
    const after = await read(order.id);
    expect(after.lines.map((l) => [l.receivedQuantity, l.damagedQuantity])).toEqual([
      [22, 2],
      [24, 0],
    ]);
    const movements = await kit.kernel.db.query<{ kind: string; quantity: number; unit_cost: number; reference_kind: string }>(
      `select kind, quantity::int as quantity, unit_cost_minor::int as unit_cost, reference_kind from inventory.stock_movements
        where variant_id = $1 order by occurred_at, movement_id`,
      [milk.id],
    );
    expect(movements).toEqual([
      { kind: 'receive', quantity: 12, unit_cost: 95, reference_kind: 'purchase-receipt' },
      { kind: 'receive', quantity: 10, unit_cost: 95, reference_kind: 'purchase-receipt' },
    ]);
    const events = await kit.kernel.db.query<{ payload: { receiptId: string; status: string } }>(
      "select payload from kernel.outbox where type = 'purchasing.po.received' and payload->>'purchaseOrderId' = $1 order by position",
      [order.id],
    );
    expect(events.map((e) => e.payload.status)).toEqual(['partially_received', 'received']);
    const closed = await kit.request<Order>('POST', `/api/v1/purchasing/purchase-orders/${order.id}/close`);
    expect(closed.body.status).toBe('closed');
  });

  it('the receipt moves the variant cost to the weighted average, and a later sale records that cost (COGS)', async () => {
    const beans = await makeVariant(kit, 'Espresso Beans 1kg');
    await kit.request('POST', '/api/v1/core-inventory/stock/receive', {
      body: {
        locationId: kit.tenant.locationId,
        lines: [{ variantId: beans.id, quantity: 10, unitCost: { amount: 1000, currency: 'EUR' } }],
      },
    });
    const supplier = await makeSupplier(kit);
    await setSupplierItem(kit, supplier.id, beans.id, { packSize: 5, cost: 1301 });
    const order = await makeOrder(kit, supplier.id, [{ variantId: beans.id, packs: 4 }]);
    await receive(order.id, { id: receiptId(), lines: [{ variantId: beans.id, quantity: 20 }] });
    // (10 × 1000 + 20 × 1301) / 30 = 1200.67 → 1201 (half away from zero)
    expect(await variantCost(kit, beans.id)).toEqual({ amount: 1201, currency: 'EUR' });

    const till = await kit.signInTill({ permissions: ['core-sales:checkout', 'core-sales:shift'] });
    await kit.request('POST', '/api/v1/core-sales/shifts', { token: till.token, body: { openingFloat: 10_000 } });
    const sale = await kit.request<{ id: string }>('POST', '/api/v1/core-sales/sales', {
      token: till.token,
      body: { lines: [{ variantId: beans.id, quantity: 3 }], tenders: [{ method: 'cash', amount: 1500 }] },
    });
    expect(sale.status, JSON.stringify(sale.body)).toBe(201);
    const [movement] = await kit.kernel.db.query<{ quantity: number; unit_cost: number; cost_currency: string }>(
      "select quantity::int as quantity, unit_cost_minor::int as unit_cost, cost_currency from inventory.stock_movements where kind = 'sale' and reference_id = $1",
      [sale.body.id],
    );
    expect(movement).toEqual({ quantity: -3, unit_cost: 1201, cost_currency: 'EUR' });
  });

  it('over-receipt is denied at 0 %, with what is allowed; nothing is written', async () => {
    const milk = await makeVariant(kit);
    const supplier = await makeSupplier(kit);
    await setSupplierItem(kit, supplier.id, milk.id, { packSize: 6, cost: 100 });
    const order = await makeOrder(kit, supplier.id, [{ variantId: milk.id, packs: 2 }]);
    await receive(order.id, { id: receiptId(), lines: [{ variantId: milk.id, quantity: 10 }] });
    const over = await receive(order.id, { id: receiptId(), lines: [{ variantId: milk.id, quantity: 2, damaged: 1 }] });
    expect(over.status).toBe(409);
    expect(over.body.code).toBe('purchasing.over_receipt');
    expect(over.body.detail).toContain('ordered 12, delivered 10, 3 more would pass the 12 allowed');
    expect(await onHand(kit, milk.id)).toBe(10);
    expect((await read(order.id)).lines[0]).toMatchObject({ receivedQuantity: 10, damagedQuantity: 0 });
  });

  it('lots with their expiry and serial numbers are captured for tracked products, and required', async () => {
    const yoghurt = await makeVariant(kit, 'Greek Yoghurt 500g', 'lot');
    const grinder = await makeVariant(kit, 'Burr Grinder', 'serial');
    const supplier = await makeSupplier(kit);
    await setSupplierItem(kit, supplier.id, yoghurt.id, { packSize: 6, cost: 150 });
    await setSupplierItem(kit, supplier.id, grinder.id, { packSize: 1, cost: 8900 });
    const order = await makeOrder(kit, supplier.id, [
      { variantId: yoghurt.id, packs: 2 },
      { variantId: grinder.id, packs: 2 },
    ]);
    const missingLot = await receive(order.id, { id: receiptId(), lines: [{ variantId: yoghurt.id, quantity: 6 }] });
    expect(missingLot.status).toBe(400);
    expect(missingLot.body.code).toBe('inventory.lot_required');
    const received = await receive(order.id, {
      id: receiptId(),
      lines: [
        { variantId: yoghurt.id, quantity: 6, lot: { code: 'L-2611', expiresOn: '2026-12-20' } },
        { variantId: grinder.id, quantity: 2, serials: ['BG-0001', 'BG-0002'] },
      ],
    });
    expect(received.status).toBe(201);
    const lots = await kit.request<{ items: unknown[] }>(
      'GET',
      `/api/v1/core-inventory/variants/${yoghurt.id}/lots?locationId=${kit.tenant.locationId}`,
    );
    expect(lots.body.items).toEqual([{ code: 'L-2611', expiresOn: '2026-12-20', onHand: 6, locationId: kit.tenant.locationId }]);
    const serial = await kit.request<{ items: Array<{ status: string; movements: Array<{ kind: string; reference: { kind: string } }> }> }>(
      'GET',
      '/api/v1/core-inventory/serials/BG-0002',
    );
    expect(serial.body.items[0]).toMatchObject({
      status: 'in_stock',
      movements: [{ kind: 'receive', reference: { kind: 'purchase-receipt' } }],
    });
  });

  it('the same receipt sent again applies once and answers the same; other contents under its id are 409', async () => {
    const milk = await makeVariant(kit);
    const supplier = await makeSupplier(kit);
    await setSupplierItem(kit, supplier.id, milk.id, { packSize: 6, cost: 100 });
    const order = await makeOrder(kit, supplier.id, [{ variantId: milk.id, packs: 4 }]);
    const body = { id: receiptId(), lines: [{ variantId: milk.id, quantity: 6 }] };
    const first = await receive(order.id, body);
    const again = await receive(order.id, body);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(await onHand(kit, milk.id)).toBe(6);
    const other = await receive(order.id, { ...body, lines: [{ variantId: milk.id, quantity: 7 }] });
    expect(other.status).toBe(409);
    expect(other.body.code).toBe('purchasing.receipt_id_reused');
    expect(await onHand(kit, milk.id)).toBe(6);
  });

  it('ten concurrent retries of one receipt, five times over: applied once each, every answer the same', async () => {
    const milk = await makeVariant(kit);
    const supplier = await makeSupplier(kit);
    await setSupplierItem(kit, supplier.id, milk.id, { packSize: 1, cost: 100 });
    const order = await makeOrder(kit, supplier.id, [{ variantId: milk.id, packs: 50 }]);
    for (let round = 1; round <= 5; round += 1) {
      const body = { id: receiptId(), lines: [{ variantId: milk.id, quantity: 3 }] };
      const answers = await Promise.all(Array.from({ length: 10 }, () => receive(order.id, body)));
      expect(answers.map((a) => a.status)).toEqual(Array(10).fill(201));
      for (const answer of answers) expect(answer.body).toEqual(answers[0]!.body);
      expect(await onHand(kit, milk.id)).toBe(3 * round);
      const [counts] = await kit.kernel.db.query<{ receipts: number; movements: number; events: number }>(
        `select (select count(*)::int from purchasing.receipts where receipt_id = $1) as receipts,
                (select count(*)::int from inventory.stock_movements where reference_id = $2) as movements,
                (select count(*)::int from kernel.outbox where type = 'purchasing.po.received' and payload->>'receiptId' = $2) as events`,
        [body.id, body.id],
      );
      expect(counts).toEqual({ receipts: 1, movements: 1, events: 1 });
    }
    expect((await read(order.id)).lines[0]!.receivedQuantity).toBe(15);
  });

  it('with over-receipt allowed up to 10 %, a line takes up to 10 % more and no further', async () => {
    const generous = await kit.createTenant();
    const as = { token: generous.admin.token };
    await kit.request('PUT', '/api/v1/plugins/purchasing/settings', { ...as, body: { overReceiptPercent: 10 } });
    const product = await kit.request<{ variants: Array<{ id: string }> }>('POST', '/api/v1/core-inventory/products', {
      ...as,
      body: { name: 'Rye Bread', unit: 'piece', variants: [{ sku: 'RYE-1', prices: [{ currency: 'EUR', amount: 300 }] }] },
    });
    const variantId = product.body.variants[0]!.id;
    const supplier = await kit.request<{ id: string }>('POST', '/api/v1/purchasing/suppliers', {
      ...as,
      body: { name: 'Bakery', currency: 'EUR' },
    });
    await kit.request('PUT', `/api/v1/purchasing/suppliers/${supplier.body.id}/items/${variantId}`, {
      ...as,
      body: { supplierSku: 'B-RYE', packSize: 10, unitCost: { amount: 120, currency: 'EUR' } },
    });
    const order = await kit.request<Order>('POST', '/api/v1/purchasing/purchase-orders', {
      ...as,
      body: { supplierId: supplier.body.id, locationId: generous.locationId, lines: [{ variantId, packs: 2 }] },
    });
    await kit.request('POST', `/api/v1/purchasing/purchase-orders/${order.body.id}/send`, as);
    const allowed = await receive(order.body.id, { id: receiptId(), lines: [{ variantId, quantity: 22 }] }, generous.admin.token);
    expect(allowed.status).toBe(201);
    expect(allowed.body.status).toBe('received');
    const past = await receive(order.body.id, { id: receiptId(), lines: [{ variantId, quantity: 1 }] }, generous.admin.token);
    expect(past.status).toBe(409);
    expect(past.body.code).toBe('purchasing.over_receipt');
  });

  it('an item not on the order is received, as an unplanned line, by someone allowed to', async () => {
    const milk = await makeVariant(kit);
    const surprise = await makeVariant(kit, 'Free Sample Tea');
    const supplier = await makeSupplier(kit);
    await setSupplierItem(kit, supplier.id, milk.id, { packSize: 6, cost: 100 });
    const order = await makeOrder(kit, supplier.id, [{ variantId: milk.id, packs: 1 }]);
    const till = await kit.signInTill({ permissions: ['purchasing:receive', 'purchasing:receive.unlisted'] });
    const received = await receive(
      order.id,
      {
        id: receiptId(),
        lines: [
          { variantId: milk.id, quantity: 6 },
          { variantId: surprise.id, quantity: 4 },
        ],
      },
      till.token,
    );
    expect(received.status).toBe(201);
    expect(received.body.status).toBe('received');
    expect(await onHand(kit, surprise.id)).toBe(4);
    expect((await read(order.id)).lines[1]).toMatchObject({
      variantId: surprise.id,
      unplanned: true,
      orderedQuantity: 0,
      receivedQuantity: 4,
      unitCost: null,
    });
    // No cost known for it: its cost stays unknown rather than made up.
    expect(await variantCost(kit, surprise.id)).toBeNull();
  });

  it('a supplier return takes stock out as supplier_return, never more than was received, and leaves the cost', async () => {
    const milk = await makeVariant(kit);
    const supplier = await makeSupplier(kit);
    await setSupplierItem(kit, supplier.id, milk.id, { packSize: 6, cost: 100 });
    const order = await makeOrder(kit, supplier.id, [{ variantId: milk.id, packs: 2 }]);
    await receive(order.id, { id: receiptId(), lines: [{ variantId: milk.id, quantity: 12 }] });
    const costBefore = await variantCost(kit, milk.id);
    const returnId = receiptId();
    const returned = await kit.request<Receipt>('POST', `/api/v1/purchasing/purchase-orders/${order.id}/returns`, {
      body: { id: returnId, reason: 'leaking cartons', lines: [{ variantId: milk.id, quantity: 5 }] },
    });
    expect(returned.status).toBe(201);
    expect(await onHand(kit, milk.id)).toBe(7);
    expect(await variantCost(kit, milk.id)).toEqual(costBefore);
    const [movement] = await kit.kernel.db.query<{ kind: string; quantity: number; reason: string; reference_kind: string }>(
      'select kind, quantity::int as quantity, reason, reference_kind from inventory.stock_movements where reference_id = $1',
      [returnId],
    );
    expect(movement).toEqual({ kind: 'supplier_return', quantity: -5, reason: 'leaking cartons', reference_kind: 'purchase-return' });
    expect((await read(order.id)).lines[0]!.returnedQuantity).toBe(5);
    const tooMany = await kit.request<Receipt>('POST', `/api/v1/purchasing/purchase-orders/${order.id}/returns`, {
      body: { id: receiptId(), reason: 'more leaks', lines: [{ variantId: milk.id, quantity: 8 }] },
    });
    expect(tooMany.status).toBe(409);
    expect(tooMany.body.code).toBe('purchasing.return_exceeds_received');
    expect(tooMany.body.detail).toContain('return between 1 and 7');
    expect(await onHand(kit, milk.id)).toBe(7);
    const event = await kit.kernel.db.query(
      "select 1 from kernel.outbox where type = 'purchasing.po.returned' and payload->>'returnId' = $1",
      [returnId],
    );
    expect(event).toHaveLength(1);
  });
});
