import type { TestKernel, TestTill } from '@kits/kernel/test-kit';
import { dayJournal, ledgerEntriesOf } from '@kits/plugin-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRows, onHand, salesKit, stockedVariant, tillWithShift } from './support/kits.ts';

type Sale = {
  id: string;
  receiptNumber: number;
  subtotal: number;
  discountTotal: number;
  taxTotal: number;
  total: number;
  rounding: number;
  paid: number;
  change: number;
  taxes: Array<{ name: string; amount: number }>;
  lines: Array<{ total: number; discount: number; tax: number }>;
  tenders: Array<{ method: string; amount: number; reference: string | null; paymentId: string | null; paymentState: string | null }>;
  clientTotal: number | null;
  code?: string;
  short?: Array<{ variantId: string; available: number }>;
};

describe.each(['pglite', 'postgres'] as const)('checkout on %s', (db) => {
  let kit: TestKernel;
  let till: TestTill & { shiftId: string };
  let coffee: string;
  let cake: string;
  let juice: string;
  beforeAll(async () => {
    kit = await salesKit(db);
    till = await tillWithShift(kit);
    coffee = await stockedVariant(kit, 350, 100);
    cake = await stockedVariant(kit, 425, 100);
    juice = await stockedVariant(kit, 299, 100);
  });
  afterAll(async () => kit?.close());

  const checkout = (body: Record<string, unknown>, token: string | undefined = till.token, headers?: Record<string, string>) =>
    kit.request<Sale>('POST', '/api/v1/core-sales/sales', { token, body, ...(headers ? { headers } : {}) });

  it('a three-line cash sale is priced on the server, gives change, numbers its receipt and takes stock', async () => {
    const before = await onHand(kit, coffee);
    const sale = await checkout({
      lines: [
        { variantId: coffee, quantity: 2 },
        { variantId: cake, quantity: 1 },
        { variantId: juice, quantity: 3 },
      ],
      tenders: [{ method: 'cash', amount: 2500 }],
      expectedTotal: 2022,
    });
    expect(sale.status).toBe(201);
    // 700 + 425 + 897 = 2022, VAT 20 % included: 117 + 71 + 150 = 338.
    expect(sale.body).toMatchObject({ subtotal: 2022, total: 2022, taxTotal: 338, paid: 2022, change: 478, clientTotal: null });
    expect(sale.body.lines.map((l) => l.tax)).toEqual([117, 71, 150]);
    expect(sale.body.tenders).toEqual([
      {
        method: 'cash',
        tendered: 2500,
        amount: 2022,
        refunded: 0,
        reference: null,
        paymentId: null,
        paymentState: null,
        card: null,
        captureProblem: null,
        refundProblem: null,
      },
    ]);
    expect(await onHand(kit, coffee)).toBe(before - 2);
    const next = await checkout({ lines: [{ variantId: coffee, quantity: 1 }], tenders: [{ method: 'cash', amount: 350 }] });
    expect(next.body.receiptNumber).toBe(sale.body.receiptNumber + 1);
    const events = await kit.kernel.db.query<{ payload: { lines: unknown[]; cashierId: string } }>(
      "select payload from kernel.outbox where type = 'sales.sale.completed' and payload->>'id' = $1",
      [sale.body.id],
    );
    expect(events).toHaveLength(1);
    expect(events[0]!.payload).toMatchObject({ cashierId: till.cashierId, origin: 'online' });
    expect(events[0]!.payload.lines).toHaveLength(3);
  });

  it('a total the till showed that the server does not agree with is 409, nothing written', async () => {
    const before = await countRows(kit, 'sales.sales');
    const sale = await checkout({
      lines: [{ variantId: coffee, quantity: 1 }],
      tenders: [{ method: 'cash', amount: 500 }],
      expectedTotal: 300,
    });
    expect(sale.status).toBe(409);
    expect(sale.body).toMatchObject({ code: 'sales.total_mismatch', total: 350, expectedTotal: 300 });
    expect(await countRows(kit, 'sales.sales')).toBe(before);
  });

  it('discounts and price overrides need their permissions; with them they are priced in', async () => {
    const denied = await checkout({
      lines: [{ variantId: coffee, quantity: 2, discount: { kind: 'percent', basisPoints: 1000 } }],
      tenders: [{ method: 'cash', amount: 700 }],
    });
    expect(denied.status).toBe(403);
    expect(denied.body.code).toBe('auth.forbidden');
    const override = await checkout({
      lines: [{ variantId: coffee, quantity: 1, unitPrice: 100 }],
      tenders: [{ method: 'cash', amount: 100 }],
    });
    expect(override.status).toBe(403);

    const manager = await tillWithShift(kit, [
      'core-sales:checkout',
      'core-sales:shift',
      'core-sales:discount',
      'core-sales:price.override',
    ]);
    const sale = await checkout(
      {
        lines: [
          { variantId: coffee, quantity: 2, discount: { kind: 'percent', basisPoints: 1000 } },
          { variantId: cake, quantity: 1, unitPrice: 400 },
        ],
        cartDiscount: { kind: 'amount', amount: 100 },
        tenders: [{ method: 'cash', amount: 1000 }],
      },
      manager.token,
    );
    expect(sale.status).toBe(201);
    // 700 − 70 = 630, 400; cart 100 spread 61/39: 569 + 361 = 930.
    expect(sale.body).toMatchObject({ subtotal: 1100, discountTotal: 170, total: 930, change: 70 });
  });

  it('card and cash split: the card goes through payments@1 (authorized through the payments@2 adapter), a declined card charges nothing and writes nothing', async () => {
    const sale = await checkout({
      lines: [{ variantId: cake, quantity: 2 }],
      tenders: [
        { method: 'card', amount: 500, token: 'tok_visa' },
        { method: 'cash', amount: 500 },
      ],
    });
    expect(sale.status).toBe(201);
    // The card tender's reference is its payment (issue 21): the adapter's id, authorized now and captured after the commit.
    expect(
      sale.body.tenders.map((t) => [
        t.method,
        t.amount,
        t.reference?.startsWith('v1:') ?? null,
        t.paymentId === t.reference,
        t.paymentState,
      ]),
    ).toEqual([
      ['card', 500, true, true, 'authorized'],
      ['cash', 350, null, true, null],
    ]);
    expect(sale.body.change).toBe(150);

    const before = await countRows(kit, 'sales.sales');
    const declined = await checkout({
      lines: [{ variantId: cake, quantity: 1 }],
      tenders: [{ method: 'card', amount: 425, token: 'tok_decline' }],
    });
    expect(declined.status).toBe(409);
    expect(declined.body.code).toBe('sales.payment_declined');
    expect(await countRows(kit, 'sales.sales')).toBe(before);
  });

  it('an online sale that would oversell is 409 with the short lines, and stock is untouched', async () => {
    const scarce = await stockedVariant(kit, 999, 2);
    const sale = await checkout({ lines: [{ variantId: scarce, quantity: 3 }], tenders: [{ method: 'cash', amount: 5000 }] });
    expect(sale.status).toBe(409);
    expect(sale.body.code).toBe('inventory.insufficient_stock');
    expect(sale.body.short).toEqual([expect.objectContaining({ variantId: scarce, available: 2 })]);
    expect(await onHand(kit, scarce)).toBe(2);
  });

  it('receipt numbers stay sequential per device with no gaps and no duplicates under 20 concurrent checkouts', async () => {
    const busy = await tillWithShift(kit);
    const sales = await Promise.all(
      Array.from({ length: 20 }, () =>
        checkout({ lines: [{ variantId: juice, quantity: 1 }], tenders: [{ method: 'cash', amount: 299 }] }, busy.token),
      ),
    );
    expect(sales.map((s) => s.status)).toEqual(Array(20).fill(201));
    expect(sales.map((s) => s.body.receiptNumber).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('a sale with the same id again answers the first sale and sells nothing twice', async () => {
    const id = '01900000-0000-7000-8000-00000000a001';
    const body = { id, lines: [{ variantId: juice, quantity: 1 }], tenders: [{ method: 'cash', amount: 299 }] };
    const first = await checkout(body);
    const stock = await onHand(kit, juice);
    const again = await checkout(body);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(await onHand(kit, juice)).toBe(stock);
  });

  it('buy 2 get 1 free takes the cheapest unit off', async () => {
    const a = await stockedVariant(kit, 300, 10);
    const b = await stockedVariant(kit, 200, 10);
    const promotion = await kit.request('POST', '/api/v1/core-sales/promotions', {
      body: { name: '3 for 2 snacks', kind: 'buy_x_get_y', variantIds: [a, b], buy: 2, get: 1 },
    });
    expect(promotion.status).toBe(201);
    const sale = await checkout({
      lines: [
        { variantId: a, quantity: 2 },
        { variantId: b, quantity: 1 },
      ],
      tenders: [{ method: 'cash', amount: 600 }],
    });
    expect(sale.body).toMatchObject({ subtotal: 800, discountTotal: 200, total: 600 });
  });

  it.each([
    [
      'an unknown variant',
      () => ({ lines: [{ variantId: '01900000-0000-7000-8000-0000000000ff', quantity: 1 }], tenders: [{ method: 'cash', amount: 100 }] }),
      404,
      'sales.unknown_variant',
    ],
    [
      'a negative quantity',
      () => ({ lines: [{ variantId: coffee, quantity: -1 }], tenders: [{ method: 'cash', amount: 100 }] }),
      400,
      'request.invalid',
    ],
    [
      'a fractional quantity',
      () => ({ lines: [{ variantId: coffee, quantity: 1.5 }], tenders: [{ method: 'cash', amount: 1000 }] }),
      400,
      'request.invalid',
    ],
    [
      'tenders short of the total',
      () => ({ lines: [{ variantId: coffee, quantity: 2 }], tenders: [{ method: 'cash', amount: 699 }] }),
      400,
      'sales.tender_short',
    ],
    [
      'a card for more than is due',
      () => ({ lines: [{ variantId: coffee, quantity: 1 }], tenders: [{ method: 'card', amount: 400, token: 't' }] }),
      400,
      'sales.tender_over',
    ],
    ['no tenders', () => ({ lines: [{ variantId: coffee, quantity: 1 }], tenders: [] }), 400, 'request.invalid'],
    [
      'an unknown field',
      () => ({ lines: [{ variantId: coffee, quantity: 1 }], tenders: [{ method: 'cash', amount: 350 }], total: 1 }),
      400,
      'request.invalid',
    ],
  ])('%s is refused with its code, nothing written', async (_case, body, status, code) => {
    const before = [await countRows(kit, 'sales.sales'), await countRows(kit, 'inventory.stock_movements')];
    const response = await checkout(body());
    expect(response.status).toBe(status);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(response.body.code).toBe(code);
    expect([await countRows(kit, 'sales.sales'), await countRows(kit, 'inventory.stock_movements')]).toEqual(before);
  });

  it('selling in a closed shift or with none open is 409, nothing written', async () => {
    const closing = await tillWithShift(kit);
    await kit.request('POST', `/api/v1/core-sales/shifts/${closing.shiftId}/close`, { token: closing.token, body: { counted: [] } });
    const before = await countRows(kit, 'sales.sales');
    const inClosed = await checkout(
      { lines: [{ variantId: coffee, quantity: 1 }], tenders: [{ method: 'cash', amount: 350 }], shiftId: closing.shiftId },
      closing.token,
    );
    expect(inClosed.status).toBe(409);
    expect(inClosed.body.code).toBe('sales.shift_closed');
    const noShift = await checkout(
      { lines: [{ variantId: coffee, quantity: 1 }], tenders: [{ method: 'cash', amount: 350 }] },
      closing.token,
    );
    expect(noShift.status).toBe(409);
    expect(noShift.body.code).toBe('sales.no_open_shift');
    expect(await countRows(kit, 'sales.sales')).toBe(before);
  });
});

describe('cash rounding and tax added on top', () => {
  let kit: TestKernel;
  beforeAll(async () => {
    kit = await salesKit('pglite', { cashRounding: 5, pricesIncludeTax: false, taxRounding: 'invoice' });
  });
  afterAll(async () => kit?.close());

  it('a cash total rounds to 0.05; tax is added to exclusive prices', async () => {
    const till = await tillWithShift(kit);
    const item = await stockedVariant(kit, 1011, 5);
    const sale = await kit.request<Sale>('POST', '/api/v1/core-sales/sales', {
      token: till.token,
      body: { lines: [{ variantId: item, quantity: 1 }], tenders: [{ method: 'cash', amount: 1215 }] },
    });
    // 10.11 + 20 % = 12.13 (12.132), paid in cash: 12.15.
    expect(sale.body).toMatchObject({ total: 1213, taxTotal: 202, rounding: 2, paid: 1215, change: 0 });
    // The accounting day ledger reads the published sale as it is: net sales and tax on top, the
    // 0.02 of rounding credited, the cash debited, balanced.
    const [published] = await kit.kernel.db.query<{ payload: unknown }>(
      "select payload from kernel.outbox where type = 'sales.sale.completed' and payload->>'id' = $1",
      [(sale.body as { id: string }).id],
    );
    const entries = ledgerEntriesOf({ type: 'sales.sale.completed', payload: published!.payload }, () => '2026-01-01');
    const journal = dayJournal(entries.flatMap((e) => e.postings));
    expect(journal.map((l) => [l.role, l.amount])).toEqual([
      ['sales', -1011],
      ['tax', -202],
      ['tender', 1215],
      ['rounding', -2],
    ]);
  });
});
