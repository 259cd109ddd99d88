import type { TestKernel } from '@kits/kernel/test-kit';
import type { ExternalSale } from '@kits/plugin-sdk';
import { stockAt } from '../../../testing/shop-shelf.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelKit, nextOrder, orderOf, recordSale, reserve, saleBySource } from './support/channel.ts';
import { stockedVariant } from './support/kits.ts';

type SaleView = {
  id: string;
  status: string;
  receiptNumber: number | null;
  deviceId: string | null;
  cashierId: string | null;
  channel: string;
  source: { channel: string; id: string; name: string | null } | null;
  taxIncluded: boolean | null;
  subtotal: number;
  discountTotal: number;
  taxTotal: number;
  total: number;
  paid: number;
  charges: Array<{ kind: string; title: string; amount: number; tax: number; total: number }>;
  lines: Array<{ name: string; title: string | null; unitPrice: number; quantity: number; discount: number; tax: number; total: number }>;
  tenders: Array<{ method: string; amount: number; paymentId: string | null }>;
};

/** sales@1 `recordExternalSale`: a channel's order becomes a sale once, takes its stock and tells everyone. */
describe.each(['pglite', 'postgres'] as const)('a channel’s sale is recorded once per source, on %s', (db) => {
  let kit: TestKernel;
  let store: string;
  beforeAll(async () => {
    kit = await channelKit(db);
    store = kit.tenant.locationId;
  });
  afterAll(async () => kit?.close());

  const count = async (sql: string, params: unknown[] = []) => (await kit.kernel.db.query<{ n: number }>(sql, params))[0]!.n;
  const salesOf = (source: { id: string }) =>
    count("select count(*)::int as n from sales.sales where channel = 'shopify' and source_id = $1", [source.id]);
  const completedEvents = (saleId: string) =>
    kit.kernel.db.query<{ payload: Record<string, unknown> }>(
      "select payload from kernel.outbox where type = 'sales.sale.completed' and payload->>'id' = $1",
      [saleId],
    );
  const view = async (saleId: string) => (await kit.request<SaleView>('GET', `/api/v1/core-sales/sales/${saleId}`)).body;

  it('records an order as a completed sale of the channel: its prices, taxes and charges as given, stock taken, announced and audited', async () => {
    const tee = await stockedVariant(kit, 2500, 10);
    const mug = await stockedVariant(kit, 1200, 10);
    const order: ExternalSale = {
      ...orderOf(store, [
        { variantId: tee, quantity: 2, unitPrice: 2000, discount: 300, tax: 370 },
        { variantId: mug, quantity: 1, unitPrice: 1100, tax: 220 },
      ]),
      charges: [{ kind: 'shipping', title: 'Standard', amount: 500, tax: 100 }],
      tenders: [
        { method: 'shopify_payments', amount: 5000, reference: 'gid://shopify/OrderTransaction/7' },
        { method: 'gift_card', amount: 990 },
      ],
    };
    const withTitle = { ...order, lines: [{ ...order.lines[0]!, title: 'Harbour Tee - M / Blue' }, order.lines[1]!] };

    const recorded = await recordSale(kit, withTitle);

    expect(recorded.status, JSON.stringify(recorded.body)).toBe(201);
    // (4000 − 300 + 370) + (1100 + 220) + (500 + 100) = 5990
    expect(recorded.body).toMatchObject({
      created: true,
      discrepancies: [],
      sale: {
        status: 'completed',
        receiptNumber: '',
        currency: 'EUR',
        total: 5990,
        paid: 5990,
        refunded: 0,
        locationId: store,
        deviceId: null,
        customerId: null,
        completedAt: order.occurredAt,
        channel: 'shopify',
        source: { channel: 'shopify', id: order.source.id, name: order.source.name },
      },
    });
    const saleId = recorded.body.sale.id;
    expect((await stockAt(kit, tee)).onHand).toBe(8);
    expect((await stockAt(kit, mug)).onHand).toBe(9);
    const movements = await kit.kernel.db.query<{ reference: { kind: string; id: string }; quantity: number }>(
      "select payload->'reference' as reference, (payload->>'quantity')::int as quantity from kernel.outbox where type = 'inventory.stock.moved' and payload->'reference'->>'id' = $1",
      [saleId],
    );
    expect(movements.map((m) => m.reference)).toEqual([
      { kind: 'sale', id: saleId },
      { kind: 'sale', id: saleId },
    ]);

    const sale = await view(saleId);
    expect(sale).toMatchObject({
      receiptNumber: null,
      deviceId: null,
      cashierId: null,
      channel: 'shopify',
      source: { channel: 'shopify', id: order.source.id, name: order.source.name },
      taxIncluded: false,
      subtotal: 5100,
      discountTotal: 300,
      taxTotal: 690,
      total: 5990,
      charges: [{ kind: 'shipping', title: 'Standard', amount: 500, tax: 100, total: 600 }],
    });
    expect(
      sale.lines.map(({ title, unitPrice, quantity, discount, tax, total }) => ({ title, unitPrice, quantity, discount, tax, total })),
    ).toEqual([
      { title: 'Harbour Tee - M / Blue', unitPrice: 2000, quantity: 2, discount: 300, tax: 370, total: 4070 },
      { title: null, unitPrice: 1100, quantity: 1, discount: 0, tax: 220, total: 1320 },
    ]);
    expect(sale.tenders.map((t) => ({ method: t.method, amount: t.amount, paymentId: t.paymentId }))).toEqual([
      { method: 'shopify_payments', amount: 5000, paymentId: null },
      { method: 'gift_card', amount: 990, paymentId: null },
    ]);

    const [event] = await completedEvents(saleId);
    expect(event!.payload).toMatchObject({
      channel: 'shopify',
      source: { channel: 'shopify', id: order.source.id, name: order.source.name },
      origin: 'channel',
      deviceId: null,
      cashierId: null,
      receiptNumber: null,
      total: 5990,
      occurredAt: order.occurredAt,
      stockShort: [],
    });
    expect(
      await count("select count(*)::int as n from kernel.audit_log where action = 'sales.sale.completed' and detail->>'saleId' = $1", [
        saleId,
      ]),
    ).toBe(1);
    expect(await saleBySource(kit, 'shopify', order.source.id)).toMatchObject({ id: saleId, channel: 'shopify' });
  });

  it('a till’s sale says it was sold at the till, with no source', async () => {
    const tea = await stockedVariant(kit, 300, 5);
    const till = await kit.signInTill({ permissions: ['core-sales:checkout', 'core-sales:shift'] });
    await kit.request('POST', '/api/v1/core-sales/shifts', { token: till.token, body: { openingFloat: 0 } });
    const sold = await kit.request<{ id: string }>('POST', '/api/v1/core-sales/sales', {
      token: till.token,
      body: { lines: [{ variantId: tea, quantity: 1 }], tenders: [{ method: 'cash', amount: 300 }] },
    });
    expect(sold.status).toBe(201);
    const summary = (await kit.request<{ sale: Record<string, unknown> }>('GET', `/api/v1/channel-probe/sales/${sold.body.id}`)).body.sale;
    expect(summary).toMatchObject({ channel: 'till', source: null, deviceId: till.deviceId });
    expect((await completedEvents(sold.body.id))[0]!.payload).toMatchObject({ channel: 'till', source: null });
  });

  it('the same source again answers the first sale and changes nothing', async () => {
    const cap = await stockedVariant(kit, 1500, 10);
    const order = orderOf(store, [{ variantId: cap, quantity: 1, unitPrice: 1500 }]);
    const first = await recordSale(kit, order);
    expect(first.status).toBe(201);

    const again = await recordSale(kit, {
      ...order,
      lines: [{ ...order.lines[0]!, quantity: 3 }],
      tenders: [{ method: 'manual', amount: 4500 }],
    });

    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ created: false, discrepancies: [], sale: { id: first.body.sale.id, total: 1500 } });
    expect((await stockAt(kit, cap)).onHand).toBe(9);
    expect(await completedEvents(first.body.sale.id)).toHaveLength(1);
    expect(await salesOf(order.source)).toBe(1);
  });

  it('recordings of one order racing each other make one sale and take the stock once', async () => {
    for (let round = 0; round < 5; round++) {
      const scarf = await stockedVariant(kit, 1800, 20);
      const order = orderOf(store, [{ variantId: scarf, quantity: 2, unitPrice: 1800 }]);

      const answers = await Promise.all(Array.from({ length: 6 }, () => recordSale(kit, order)));

      expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 200, 201]);
      expect(new Set(answers.map((a) => a.body.sale.id)).size).toBe(1);
      expect(answers.filter((a) => a.body.created)).toHaveLength(1);
      expect((await stockAt(kit, scarf)).onHand).toBe(18);
      expect(await salesOf(order.source)).toBe(1);
      expect(await completedEvents(answers[0]!.body.sale.id)).toHaveLength(1);
    }
  });

  it('takes stock below zero (the order is paid) and answers the short lines as discrepancies', async () => {
    const last = await stockedVariant(kit, 900, 1);
    const order = orderOf(store, [{ variantId: last, quantity: 3, unitPrice: 900 }]);

    const recorded = await recordSale(kit, order);

    expect(recorded.status).toBe(201);
    expect(recorded.body.discrepancies).toEqual([
      expect.objectContaining({ variantId: last, locationId: store, quantity: 3, available: 1 }),
    ]);
    expect((await stockAt(kit, last)).onHand).toBe(-2);
    expect((await completedEvents(recorded.body.sale.id))[0]!.payload).toMatchObject({
      stockShort: [expect.objectContaining({ variantId: last, available: 1 })],
    });
  });

  it('releases the stock held for the order in the same transaction as it takes it', async () => {
    const boots = await stockedVariant(kit, 9000, 5);
    const order = orderOf(store, [{ variantId: boots, quantity: 2, unitPrice: 9000 }]);
    const held = await reserve(kit, order.source.id, [{ variantId: boots, locationId: store, quantity: 2 }]);
    expect(held.status).toBe(201);
    expect(await stockAt(kit, boots)).toMatchObject({ onHand: 5, reserved: 2, available: 3 });

    const recorded = await recordSale(kit, { ...order, reservationId: held.body.id });

    expect(recorded.status, JSON.stringify(recorded.body)).toBe(201);
    expect(await stockAt(kit, boots)).toMatchObject({ onHand: 3, reserved: 0, available: 3 });
    expect(
      await count('select count(*)::int as n from inventory.reservations where reservation_id = $1 and released_at is not null', [
        held.body.id,
      ]),
    ).toBe(1);
  });

  it('a hold released meanwhile (expired) does not refuse the paid order', async () => {
    const belt = await stockedVariant(kit, 3000, 5);
    const order = orderOf(store, [{ variantId: belt, quantity: 1, unitPrice: 3000 }]);
    const held = await reserve(kit, order.source.id, [{ variantId: belt, locationId: store, quantity: 1 }]);
    await kit.kernel.db.query('update inventory.reservations set released_at = now() where reservation_id = $1', [held.body.id]);
    await kit.kernel.db.query('update inventory.stock_levels set reserved = reserved - 1 where variant_id = $1', [belt]);

    const recorded = await recordSale(kit, { ...order, reservationId: held.body.id });

    expect(recorded.status).toBe(201);
    expect(await stockAt(kit, belt)).toMatchObject({ onHand: 4, reserved: 0 });
  });

  it('prices that include tax: the line is the price less its discount, its net that less the tax', async () => {
    const lamp = await stockedVariant(kit, 6000, 5);
    const order: ExternalSale = {
      ...orderOf(store, [{ variantId: lamp, quantity: 1, unitPrice: 6000, discount: 600, tax: 900 }]),
      taxIncluded: true,
      tenders: [{ method: 'paypal', amount: 5400 }],
    };
    const recorded = await recordSale(kit, order);
    expect(recorded.status, JSON.stringify(recorded.body)).toBe(201);
    const sale = await view(recorded.body.sale.id);
    expect(sale).toMatchObject({ taxIncluded: true, subtotal: 6000, discountTotal: 600, taxTotal: 900, total: 5400 });
    const [event] = await completedEvents(recorded.body.sale.id);
    expect((event!.payload.lines as Array<Record<string, number>>)[0]).toMatchObject({
      gross: 6000,
      lineDiscount: 600,
      net: 4500,
      tax: 900,
      total: 5400,
    });
  });

  it('tenders that do not add up to the sale are a 400 sales.tenders_do_not_match, and nothing changes', async () => {
    const sock = await stockedVariant(kit, 800, 5);
    const order = orderOf(store, [{ variantId: sock, quantity: 1, unitPrice: 800, tax: 160 }]);

    const refused = await recordSale(kit, { ...order, tenders: [{ method: 'shopify_payments', amount: 800 }] });

    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe('sales.tenders_do_not_match');
    expect(await salesOf(order.source)).toBe(0);
    expect((await stockAt(kit, sock)).onHand).toBe(5);
  });

  it('refuses bad input with a 4xx naming it, and nothing changes', async () => {
    const pen = await stockedVariant(kit, 200, 5);
    const good = () => orderOf(store, [{ variantId: pen, quantity: 1, unitPrice: 200 }]);
    const cases: Array<[string, ExternalSale, number, string]> = [
      [
        'unknown variant',
        { ...good(), lines: [{ variantId: '01900000-0000-7000-8000-000000000000', quantity: 1, unitPrice: 200, discount: 0, tax: 0 }] },
        400,
        'sales.unknown_variant',
      ],
      ['unknown location', { ...good(), locationId: '01900000-0000-7000-8000-000000000001' }, 400, 'sales.unknown_location'],
      ['another currency', { ...good(), currency: 'USD' }, 422, 'money.currency_not_accepted'],
      [
        'no quantity',
        { ...good(), lines: [{ variantId: pen, quantity: 0, unitPrice: 200, discount: 0, tax: 0 }] },
        400,
        'sales.malformed_sale',
      ],
      ['no lines', { ...good(), lines: [] }, 400, 'sales.malformed_sale'],
      ['the till as a channel', { ...good(), source: { channel: 'till', id: 'x-1' } }, 400, 'sales.malformed_sale'],
      ['a source id too long', { ...good(), source: { channel: 'shopify', id: 'x'.repeat(201) } }, 400, 'sales.malformed_sale'],
      ['not a time', { ...good(), occurredAt: 'yesterday' }, 400, 'sales.malformed_sale'],
      [
        'a discount above the line',
        { ...good(), lines: [{ variantId: pen, quantity: 1, unitPrice: 200, discount: 201, tax: 0 }], tenders: [] },
        400,
        'sales.discount_over_line',
      ],
      [
        'a tax above a tax-inclusive line',
        { ...good(), taxIncluded: true, lines: [{ variantId: pen, quantity: 1, unitPrice: 200, discount: 0, tax: 250 }] },
        400,
        'sales.tax_over_line',
      ],
    ];
    const before = await count('select count(*)::int as n from sales.sales');
    for (const [what, order, status, code] of cases) {
      const refused = await recordSale(kit, order);
      expect(refused.status, what).toBe(status);
      expect(refused.body.code, what).toBe(code);
    }
    expect(await count('select count(*)::int as n from sales.sales')).toBe(before);
    expect((await stockAt(kit, pen)).onHand).toBe(5);
  });

  it('a channel’s sale has no card payment: nothing is authorized, captured or reconciled for it', async () => {
    const hat = await stockedVariant(kit, 2200, 5);
    const order = {
      ...orderOf(store, [{ variantId: hat, quantity: 1, unitPrice: 2200 }]),
      tenders: [{ method: 'card', amount: 2200, reference: 'pi_elsewhere' }],
    };

    const recorded = await recordSale(kit, order);
    expect(recorded.status).toBe(201);
    const reconciled = await kit.request<{ captureRequested: number; canceled: number }>('POST', '/api/v1/core-sales/payments/reconcile');

    expect(reconciled.status).toBe(200);
    expect(await count('select count(*)::int as n from sales.payments where sale_id = $1', [recorded.body.sale.id])).toBe(0);
    expect(
      await count("select count(*)::int as n from kernel.outbox where type like 'sales.payment.%' and payload->>'saleId' = $1", [
        recorded.body.sale.id,
      ]),
    ).toBe(0);
  });

  it('another tenant does not find the sale by its source', async () => {
    const bag = await stockedVariant(kit, 4000, 5);
    const order = orderOf(store, [{ variantId: bag, quantity: 1, unitPrice: 4000 }]);
    expect((await recordSale(kit, order)).status).toBe(201);
    const other = await kit.createTenant();
    const found = await kit.request<{ sale: unknown }>(
      'GET',
      `/api/v1/channel-probe/by-source?channel=shopify&id=${encodeURIComponent(order.source.id)}`,
      {
        token: other.admin.token,
      },
    );
    expect(found.body.sale).toBeNull();
    expect(await saleBySource(kit, 'shopify', nextOrder().id)).toBeNull();
  });

  it('keeps every table of the sales schema isolated by tenant', async () => {
    expect((await kit.tablesWithoutTenantIsolation()).filter((table) => table.startsWith('sales.'))).toEqual([]);
  });
});
