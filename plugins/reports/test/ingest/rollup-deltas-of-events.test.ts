import { describe, expect, it } from 'vitest';
import { factsOf } from '../../src/server/ingest/facts.ts';
import type { JournalEntry } from '../../src/server/ingest/journal.ts';
import { rollupDeltasOf } from '../../src/server/ingest/rollup-deltas.ts';
import { NO_CATEGORY, NO_DEVICE } from '../../src/server/ingest/rollup-rows.ts';

const LOCATION = '0190a000-0000-7000-8000-000000000001';
const VARIANT = '0190a000-0000-7000-8000-000000000002';
const DEVICE = '0190a000-0000-7000-8000-000000000003';
let seq = 0;
const id = (n: number) => `0190a000-0000-7000-8000-${String(n).padStart(12, '0')}`;

const entry = (type: string, payload: unknown, eventId = id(1000 + (seq += 1))): JournalEntry => ({
  seq,
  eventId,
  type,
  version: 1,
  occurredAt: '2026-12-01T12:00:00.000Z',
  payload,
});

const sale = (saleId: string, occurredAt: string, receivedAt: string, deviceId: string | null = DEVICE, categoryId: string | null = null) =>
  entry('sales.sale.completed', {
    id: saleId,
    receiptNumber: 7,
    deviceId,
    locationId: LOCATION,
    cashierId: 'cashier-1',
    currency: 'EUR',
    total: 1200,
    occurredAt,
    receivedAt,
    lines: [
      {
        lineNo: 1,
        variantId: VARIANT,
        sku: 'T',
        name: 'Tea',
        categoryId,
        quantity: 2,
        unitPrice: 600,
        gross: 1200,
        promotionDiscount: 100,
        lineDiscount: 50,
        cartDiscount: 50,
        net: 834,
        tax: 166,
        total: 1000,
      },
    ],
    tenders: [{ method: 'cash', amount: 1000 }],
  });

const moved = (eventId: string, onHand: number, occurredAt: string, extra: Record<string, unknown> = {}) =>
  entry(
    'inventory.stock.moved',
    {
      id: id(Number(eventId.slice(-4)) + 5000),
      variantId: VARIANT,
      locationId: LOCATION,
      kind: 'sale',
      quantity: -1,
      reference: null,
      occurredAt,
      unitCost: { amount: 300, currency: 'EUR' },
      onHand,
      ...extra,
    },
    eventId,
  );

describe('rollup deltas of journaled events', () => {
  it.each([
    ['arrived within the hour', '2026-12-01T10:00:00.000Z', '2026-12-01T11:00:00.000Z', 0],
    ['arrived just over an hour late', '2026-12-01T10:00:00.000Z', '2026-12-01T11:00:00.001Z', 1],
  ])('a sale that %s counts late %i time(s), in the hour it happened and the hour it arrived', (_what, occurredAt, receivedAt, late) => {
    const deltas = rollupDeltasOf(factsOf([sale(id(1), occurredAt, receivedAt)]));
    expect(deltas.basketHours.map((b) => [b.basis, b.hour, b.sales, b.items, b.discount, b.net, b.total, b.lateSales])).toEqual([
      ['arrived', '2026-12-01T11:00:00.000Z', 1, 2, 200, 834, 1200, late],
      ['happened', '2026-12-01T10:00:00.000Z', 1, 2, 200, 834, 1200, late],
    ]);
  });

  it('a sale without a till is booked under the no-device id; a refund adds to the refunded figures of its own hour', () => {
    const refund = entry('sales.sale.refunded', {
      id: id(2),
      saleId: id(1),
      total: 500,
      restock: false,
      deviceId: null,
      locationId: LOCATION,
      cashierId: null,
      currency: 'EUR',
      occurredAt: '2026-12-02T08:10:00.000Z',
      receivedAt: '2026-12-02T08:10:00.000Z',
      lines: [{ variantId: VARIANT, quantity: 1, amount: 500, tax: 83 }],
      tenders: [{ method: 'card', amount: 500 }],
    });
    const deltas = rollupDeltasOf(factsOf([sale(id(1), '2026-12-01T10:00:00.000Z', '2026-12-01T10:00:00.000Z', null), refund]));
    expect(deltas.basketHours.every((b) => b.deviceId === NO_DEVICE)).toBe(true);
    expect(deltas.variantHours.find((v) => v.hour === '2026-12-02T08:00:00.000Z')).toMatchObject({
      quantity: 0,
      refundedQuantity: 1,
      refundedNet: 417,
      refundedTax: 83,
    });
    expect(deltas.tenderHours.map((t) => [t.method, t.hour, t.count, t.amount, t.refundedCount, t.refundedAmount])).toEqual([
      ['card', '2026-12-02T08:00:00.000Z', 0, 0, 1, 500],
      ['cash', '2026-12-01T10:00:00.000Z', 1, 1000, 0, 0],
    ]);
  });

  it('a sale adds to its location and category in the hour it happened, and is the variant’s last sale then, not when it arrived', () => {
    const category = id(77);
    const deltas = rollupDeltasOf(
      factsOf([
        sale(id(1), '2026-10-20T10:15:00.000Z', '2026-12-01T09:00:00.000Z', DEVICE, category),
        sale(id(2), '2026-10-20T10:45:00.000Z', '2026-10-20T10:45:00.000Z', null, null),
      ]),
    );
    expect(deltas.locationHours).toEqual([
      {
        locationId: LOCATION,
        hour: '2026-10-20T10:00:00.000Z',
        sales: 2,
        items: 4,
        gross: 2400,
        discount: 400,
        net: 1668,
        tax: 332,
        total: 2400,
        refunds: 0,
        refundedTotal: 0,
        voids: 0,
        lateSales: 1,
        refundedQuantity: 0,
        refundedNet: 0,
        refundedTax: 0,
      },
    ]);
    expect(deltas.categoryHours.map((c) => [c.categoryId, c.hour, c.quantity, c.net])).toEqual([
      [NO_CATEGORY, '2026-10-20T10:00:00.000Z', 2, 834],
      [category, '2026-10-20T10:00:00.000Z', 2, 834],
    ]);
    expect(deltas.lastSales).toEqual([{ locationId: LOCATION, variantId: VARIANT, lastSaleAt: '2026-10-20T10:45:00.000Z' }]);
  });

  it('a refund takes its category from its sale earlier in the batch; a sale later in the batch, or none, leaves it to the stored facts', () => {
    const refund = (refundId: string, saleId: string | null) =>
      entry('sales.sale.refunded', {
        id: refundId,
        saleId,
        total: 500,
        restock: true,
        deviceId: DEVICE,
        locationId: LOCATION,
        cashierId: null,
        currency: 'EUR',
        occurredAt: '2026-12-02T08:10:00.000Z',
        lines: [{ variantId: VARIANT, quantity: 1, amount: 500, tax: 83 }],
        tenders: [{ method: 'cash', amount: 500 }],
      });
    const category = id(78);
    const facts = factsOf([
      refund(id(20), id(10)), // its sale comes later in the batch
      sale(id(10), '2026-12-01T10:00:00.000Z', '2026-12-01T10:00:00.000Z', DEVICE, category),
      refund(id(21), id(10)),
      refund(id(22), id(11)), // a sale this batch does not hold
      refund(id(23), null), // a refund of no sale
    ]);
    expect(facts.refundLines.map((line) => [line.refundId, line.categorySource, line.categoryId])).toEqual([
      [id(20), 'stored', null],
      [id(21), 'batch', category],
      [id(22), 'stored', null],
      [id(23), 'stored', null],
    ]);
    // Refunded goods count at their location in the hour the refund happened.
    expect(rollupDeltasOf(facts).locationHours.find((l) => l.hour === '2026-12-02T08:00:00.000Z')).toMatchObject({
      refunds: 4,
      refundedTotal: 2000,
      refundedQuantity: 4,
      refundedNet: 4 * 417,
      refundedTax: 4 * 83,
    });
  });

  it('the newest movement by event id sets the position, whatever order the batch holds them in', () => {
    const movements = [
      moved(id(3003), 7, '2026-12-01T10:00:00.000Z'),
      moved(id(3001), 9, '2026-12-01T10:00:00.000Z'),
      moved(id(3002), 8, '2026-12-01T09:59:00.000Z'),
    ];
    for (const order of [movements, [...movements].reverse(), [movements[1]!, movements[0]!, movements[2]!]]) {
      const deltas = rollupDeltasOf(factsOf(order));
      expect(deltas.positions).toEqual([
        {
          locationId: LOCATION,
          variantId: VARIANT,
          onHand: 7,
          asOf: '2026-12-01T10:00:00.000Z',
          eventId: id(3003),
        },
      ]);
      expect(deltas.movementDays).toEqual([
        { locationId: LOCATION, variantId: VARIANT, day: '2026-12-01', kind: 'sale', quantity: -3, cost: -900 },
      ]);
    }
  });

  it("a receipt tells the variant's cost only through variantCost (its unitCost is what was paid)", () => {
    const receipt = (eventId: string, extra: Record<string, unknown>) =>
      moved(eventId, 10, '2026-12-01T10:00:00.000Z', {
        kind: 'receive',
        quantity: 10,
        unitCost: { amount: 500, currency: 'EUR' },
        ...extra,
      });
    expect(rollupDeltasOf(factsOf([receipt(id(4001), {})])).variantCosts).toEqual([
      { variantId: VARIANT, unitCost: null, costCurrency: null, eventId: null },
    ]);
    expect(rollupDeltasOf(factsOf([receipt(id(4002), { variantCost: { amount: 461, currency: 'EUR' } })])).variantCosts).toEqual([
      { variantId: VARIANT, unitCost: 461, costCurrency: 'EUR', eventId: id(4002) },
    ]);
  });

  it('a payload that is not the event it says is refused, naming the event and the field', () => {
    expect(() => factsOf([entry('sales.sale.completed', { id: 'not-a-uuid' }, id(9999))])).toThrow(
      expect.objectContaining({ code: 'reports.malformed_event', message: expect.stringContaining(id(9999)) }),
    );
  });
});
