import type { TestKernel } from '@kits/kernel/test-kit';
import { dayJournal, ledgerEntriesOf, type ExternalRefund } from '@kits/plugin-sdk';
import { stockAt } from '../../../testing/shop-shelf.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelKit, orderOf, recordRefund, recordSale, voidSale } from './support/channel.ts';
import { stockedVariant, tillWithShift } from './support/kits.ts';

/** sales@1 `recordExternalRefund` and `voidExternalSale`: a channel's refunds and cancellations of the sales it recorded. */
describe.each(['pglite', 'postgres'] as const)('a channel’s refunds and voids, on %s', (db) => {
  let kit: TestKernel;
  let store: string;
  beforeAll(async () => {
    kit = await channelKit(db);
    store = kit.tenant.locationId;
  });
  afterAll(async () => kit?.close());

  const count = async (sql: string, params: unknown[] = []) => (await kit.kernel.db.query<{ n: number }>(sql, params))[0]!.n;
  const events = (type: string, key: string, id: string) =>
    kit.kernel.db.query<{ payload: Record<string, unknown> }>(
      `select payload from kernel.outbox where type = $1 and payload->>'${key}' = $2`,
      [type, id],
    );
  const saleRow = async (saleId: string) =>
    (
      await kit.kernel.db.query<{ status: string; refunded: number }>(
        'select status, refunded::int as refunded from sales.sales where sale_id = $1',
        [saleId],
      )
    )[0]!;

  /** An order of 3 tees (2000 + 400 tax each) and shipping (500 + 100), paid 7800, recorded. */
  async function recordedOrder() {
    const tee = await stockedVariant(kit, 2400, 10);
    const order = orderOf(store, [{ variantId: tee, quantity: 3, unitPrice: 2000, tax: 1200 }], {
      charges: [{ kind: 'shipping', title: 'Standard', amount: 500, tax: 100 }],
    });
    const recorded = await recordSale(kit, { ...order, tenders: [{ method: 'shopify_payments', amount: 7800 }] });
    expect(recorded.status, JSON.stringify(recorded.body)).toBe(201);
    return { tee, saleId: recorded.body.sale.id, order };
  }
  const refundOf = (saleId: string, extra: Partial<ExternalRefund>): ExternalRefund => ({
    source: { channel: 'shopify', id: `gid://shopify/Refund/${Math.random().toString(36).slice(2)}`, name: 'Refund 1' },
    saleId,
    occurredAt: new Date(Math.floor(Date.now() / 1000) * 1000).toISOString(),
    lines: [],
    tenders: [],
    restock: true,
    ...extra,
  });

  it('records a refund once: money and goods as the channel gave them, restocked, announced and audited', async () => {
    const { tee, saleId } = await recordedOrder();
    const refund = refundOf(saleId, {
      lines: [{ variantId: tee, quantity: 1, amount: 2400, tax: 400 }],
      tenders: [{ method: 'shopify_payments', amount: 3000, reference: 'gid://shopify/OrderTransaction/9' }],
    });

    const recorded = await recordRefund(kit, refund);
    const again = await recordRefund(kit, refund);

    expect(recorded.status, JSON.stringify(recorded.body)).toBe(201);
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ refundId: recorded.body.refundId, created: false });
    expect(await saleRow(saleId)).toMatchObject({ refunded: 3000 });
    expect((await stockAt(kit, tee)).onHand).toBe(8);
    const [event] = await events('sales.sale.refunded', 'id', recorded.body.refundId);
    expect(event!.payload).toMatchObject({
      saleId,
      total: 3000,
      tax: 400,
      restock: true,
      deviceId: null,
      cashierId: null,
      locationId: store,
      occurredAt: refund.occurredAt,
      channel: 'shopify',
      source: { channel: 'shopify', id: refund.source.id, name: 'Refund 1' },
      lines: [{ lineNo: 1, variantId: tee, quantity: 1, amount: 2400, tax: 400 }],
      tenders: [{ method: 'shopify_payments', amount: 3000 }],
    });
    expect(await events('sales.sale.refunded', 'id', recorded.body.refundId)).toHaveLength(1);
    expect(
      await count("select count(*)::int as n from kernel.audit_log where action = 'sales.sale.refunded' and detail->>'refundId' = $1", [
        recorded.body.refundId,
      ]),
    ).toBe(1);
    const list = await kit.request<{ items: Array<Record<string, unknown>> }>('GET', `/api/v1/core-sales/refunds?saleId=${saleId}`);
    expect(list.body.items).toEqual([
      expect.objectContaining({
        id: recorded.body.refundId,
        cashierId: null,
        deviceId: null,
        channel: 'shopify',
        total: 3000,
        restock: true,
      }),
    ]);
  });

  it('a refund without restock leaves the shelf as it is; one of money only (shipping) needs no lines', async () => {
    const { tee, saleId } = await recordedOrder();
    const goods = await recordRefund(
      kit,
      refundOf(saleId, {
        lines: [{ variantId: tee, quantity: 1, amount: 2400, tax: 400 }],
        tenders: [{ method: 'shopify_payments', amount: 2400 }],
        restock: false,
      }),
    );
    const shipping = await recordRefund(kit, refundOf(saleId, { tenders: [{ method: 'shopify_payments', amount: 600 }] }));
    expect([goods.status, shipping.status]).toEqual([201, 201]);
    expect((await stockAt(kit, tee)).onHand).toBe(7);
    expect(await saleRow(saleId)).toMatchObject({ refunded: 3000 });
  });

  it('refunds racing each other for the same source record one refund', async () => {
    const { tee, saleId } = await recordedOrder();
    const refund = refundOf(saleId, {
      lines: [{ variantId: tee, quantity: 1, amount: 2400, tax: 400 }],
      tenders: [{ method: 'shopify_payments', amount: 2400 }],
    });
    const answers = await Promise.all(Array.from({ length: 6 }, () => recordRefund(kit, refund)));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 200, 201]);
    expect(new Set(answers.map((a) => a.body.refundId)).size).toBe(1);
    expect(await saleRow(saleId)).toMatchObject({ refunded: 2400 });
    expect((await stockAt(kit, tee)).onHand).toBe(8);
  });

  it('more than the sale has left — money, units or a line’s amount — is a 409 and nothing changes', async () => {
    const { tee, saleId } = await recordedOrder();
    const first = await recordRefund(
      kit,
      refundOf(saleId, {
        lines: [{ variantId: tee, quantity: 2, amount: 4800, tax: 800 }],
        tenders: [{ method: 'shopify_payments', amount: 4800 }],
      }),
    );
    expect(first.status).toBe(201);
    const other = await stockedVariant(kit, 100, 1);
    for (const [what, refund] of [
      ['money', refundOf(saleId, { tenders: [{ method: 'shopify_payments', amount: 3001 }] })],
      [
        'units',
        refundOf(saleId, {
          lines: [{ variantId: tee, quantity: 2, amount: 100, tax: 0 }],
          tenders: [{ method: 'shopify_payments', amount: 100 }],
        }),
      ],
      [
        'a line’s amount',
        refundOf(saleId, {
          lines: [{ variantId: tee, quantity: 1, amount: 2500, tax: 0 }],
          tenders: [{ method: 'shopify_payments', amount: 100 }],
        }),
      ],
      ['a variant not sold', refundOf(saleId, { lines: [{ variantId: other, quantity: 1, amount: 100, tax: 0 }], tenders: [] })],
    ] as const) {
      const refused = await recordRefund(kit, refund);
      expect(refused.status, what).toBe(409);
      expect(refused.body.code, what).toBe('sales.refund_exceeds_sale');
    }
    expect(await saleRow(saleId)).toMatchObject({ refunded: 4800 });
    expect(await count('select count(*)::int as n from sales.refunds where sale_id = $1', [saleId])).toBe(1);
    expect((await stockAt(kit, tee)).onHand).toBe(9);
  });

  it('refuses a refund of another channel’s or a till’s sale, of no sale, and of nothing', async () => {
    const { saleId } = await recordedOrder();
    const otherChannel = await recordRefund(kit, {
      ...refundOf(saleId, { tenders: [{ method: 'x', amount: 1 }] }),
      source: { channel: 'woo', id: 'r-1' },
    });
    expect([otherChannel.status, otherChannel.body.code]).toEqual([409, 'sales.not_channel_sale']);
    const coffee = await stockedVariant(kit, 300, 5);
    const till = await tillWithShift(kit);
    const tillSale = await kit.request<{ id: string }>('POST', '/api/v1/core-sales/sales', {
      token: till.token,
      body: { lines: [{ variantId: coffee, quantity: 1 }], tenders: [{ method: 'cash', amount: 300 }] },
    });
    const ofTill = await recordRefund(kit, refundOf(tillSale.body.id, { tenders: [{ method: 'cash', amount: 300 }] }));
    expect([ofTill.status, ofTill.body.code]).toEqual([409, 'sales.not_channel_sale']);
    const none = await recordRefund(kit, refundOf('01900000-0000-7000-8000-000000000009', { tenders: [{ method: 'cash', amount: 1 }] }));
    expect([none.status, none.body.code]).toEqual([404, 'sales.unknown_sale']);
    const nothing = await recordRefund(kit, refundOf(saleId, {}));
    expect([nothing.status, nothing.body.code]).toEqual([400, 'sales.nothing_to_refund']);
    const malformed = await recordRefund(kit, refundOf(saleId, { tenders: [{ method: 'x', amount: -5 }] }));
    expect([malformed.status, malformed.body.code]).toEqual([400, 'sales.malformed_refund']);
    expect(await count('select count(*)::int as n from sales.refunds where sale_id = $1', [saleId])).toBe(0);
  });

  it('the office cannot refund a channel’s sale (it is refunded on the channel): 409 sales.channel_sale', async () => {
    const { saleId } = await recordedOrder();
    const refused = await kit.request<{ code: string }>('POST', '/api/v1/core-sales/refunds', {
      body: {
        saleId,
        lines: [{ lineNo: 1, quantity: 1 }],
        reason: 'Changed mind',
        restock: true,
        deviceId: (await kit.signInTill()).deviceId,
      },
    });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('sales.channel_sale');
    expect(await saleRow(saleId)).toMatchObject({ refunded: 0 });
  });

  it('voids a canceled order once: the stock comes back, announced and audited', async () => {
    const { tee, saleId, order } = await recordedOrder();
    expect((await stockAt(kit, tee)).onHand).toBe(7);

    const voided = await voidSale(kit, saleId, 'Canceled on Shopify: customer');
    const again = await voidSale(kit, saleId, 'Canceled on Shopify: customer');

    expect(voided.body).toEqual({ voided: true });
    expect(again.body).toEqual({ voided: false });
    expect(await saleRow(saleId)).toMatchObject({ status: 'voided' });
    expect((await stockAt(kit, tee)).onHand).toBe(10);
    const voids = await events('sales.sale.voided', 'saleId', saleId);
    expect(voids).toHaveLength(1);
    expect(voids[0]!.payload).toMatchObject({
      saleId,
      receiptNumber: null,
      deviceId: null,
      cashierId: null,
      locationId: store,
      reason: 'Canceled on Shopify: customer',
      channel: 'shopify',
      source: { channel: 'shopify', id: order.source.id, name: order.source.name },
      lines: [{ variantId: tee, quantity: 3, tax: 1200, taxes: [{ name: 'Tax', amount: 1200 }] }],
      charges: [{ kind: 'shipping', title: 'Standard', amount: 500, tax: 100, taxes: [{ name: 'Tax', amount: 100 }], total: 600 }],
    });
    // The accounting day ledger reverses the sale from the void's payload alone: tax, shipping and
    // tenders come back to nothing, and what was sold net of tax comes back as refunds.
    const [sold] = await events('sales.sale.completed', 'id', saleId);
    const sameDay = () => '2026-01-01';
    const journal = dayJournal(
      [
        { type: 'sales.sale.completed', payload: sold!.payload },
        { type: 'sales.sale.voided', payload: voids[0]!.payload },
      ]
        .flatMap((event) => ledgerEntriesOf(event, sameDay))
        .flatMap((entry) => entry.postings),
    );
    expect(journal.map((l) => l.role).sort()).toEqual(['refunds', 'sales']);
    expect(journal.reduce((n, l) => n + l.amount, 0)).toBe(0);
    expect(
      await count("select count(*)::int as n from kernel.audit_log where action = 'sales.sale.voided' and detail->>'saleId' = $1", [
        saleId,
      ]),
    ).toBe(1);
    const refund = await recordRefund(kit, refundOf(saleId, { tenders: [{ method: 'shopify_payments', amount: 100 }] }));
    expect([refund.status, refund.body.code]).toEqual([409, 'sales.not_completed']);
  });

  it('a sale with refunds is not voided (409 sales.sale_has_refunds) and keeps its stock', async () => {
    const { tee, saleId } = await recordedOrder();
    expect((await recordRefund(kit, refundOf(saleId, { tenders: [{ method: 'shopify_payments', amount: 600 }] }))).status).toBe(201);
    const refused = await voidSale(kit, saleId, 'Canceled');
    expect([refused.status, refused.body.code]).toEqual([409, 'sales.sale_has_refunds']);
    expect(await saleRow(saleId)).toMatchObject({ status: 'completed' });
    expect((await stockAt(kit, tee)).onHand).toBe(7);
  });

  it('refuses to void a till’s sale, an unknown one, or with no reason; nothing changes', async () => {
    const coffee = await stockedVariant(kit, 300, 5);
    const till = await tillWithShift(kit);
    const tillSale = await kit.request<{ id: string }>('POST', '/api/v1/core-sales/sales', {
      token: till.token,
      body: { lines: [{ variantId: coffee, quantity: 1 }], tenders: [{ method: 'cash', amount: 300 }] },
    });
    const ofTill = await voidSale(kit, tillSale.body.id, 'No');
    expect([ofTill.status, ofTill.body.code]).toEqual([409, 'sales.not_channel_sale']);
    const unknown = await voidSale(kit, '01900000-0000-7000-8000-00000000000a', 'No');
    expect([unknown.status, unknown.body.code]).toEqual([404, 'sales.unknown_sale']);
    const { saleId } = await recordedOrder();
    const blank = await voidSale(kit, saleId, '  ');
    expect([blank.status, blank.body.code]).toEqual([400, 'sales.malformed_void']);
    expect(await saleRow(saleId)).toMatchObject({ status: 'completed' });
    expect(await saleRow(tillSale.body.id)).toMatchObject({ status: 'completed' });
  });
});
