import type { TestKernel } from '@kits/kernel/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASHIER, countRows, onHand, salesKit, stockedVariant, tillWithShift } from './support/kits.ts';

type Sale = {
  id: string;
  total: number;
  paid: number;
  refunded: number;
  lines: Array<{ lineNo: number; total: number; tax: number }>;
  code?: string;
};
type Refund = {
  id: string;
  total: number;
  tax: number;
  lines: Array<{ amount: number; tax: number }>;
  tenders: Array<{ method: string; amount: number; reference: string | null }>;
  code?: string;
};
type Report = {
  status: string;
  sales: { count: number; total: number };
  refunds: { count: number; total: number; tax: number };
  afterRefunds: { total: number; tax: number };
  byTender: Array<{ method: string; sales: number; refunds: number; net: number }>;
  byTax: Array<{ name: string; basisPoints: number; net: number; amount: number; gross: number }>;
  byCategory: Array<{ categoryId: string | null; total: number }>;
  cash: {
    float: number;
    sales: number;
    refunds: number;
    paidIn: number;
    paidOut: number;
    expected: number;
    counted: number | null;
    overShort: number | null;
  };
};

describe.each(['pglite', 'postgres'] as const)('refunds, shifts and parked sales on %s', (db) => {
  let kit: TestKernel;
  beforeAll(async () => {
    kit = await salesKit(db);
  });
  afterAll(async () => kit?.close());

  const sell = (token: string, body: Record<string, unknown>) => kit.request<Sale>('POST', '/api/v1/core-sales/sales', { token, body });
  const refund = (token: string, body: Record<string, unknown>) =>
    kit.request<Refund>('POST', '/api/v1/core-sales/refunds', { token, body });

  it('refunds part of a line, then the rest of it exactly; restocked; never more than was sold', async () => {
    const till = await tillWithShift(kit);
    const mug = await stockedVariant(kit, 333, 10);
    const sale = (await sell(till.token, { lines: [{ variantId: mug, quantity: 3 }], tenders: [{ method: 'cash', amount: 999 }] })).body;
    expect(await onHand(kit, mug)).toBe(7);
    const first = await refund(till.token, { saleId: sale.id, lines: [{ lineNo: 1, quantity: 1 }], reason: 'chipped', restock: true });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ total: 333, tenders: [{ method: 'cash', amount: 333, reference: null }] });
    expect(await onHand(kit, mug)).toBe(8);
    const rest = await refund(till.token, { saleId: sale.id, lines: [{ lineNo: 1, quantity: 2 }], reason: 'changed mind', restock: false });
    expect(rest.body.total).toBe(666);
    expect(first.body.tax + rest.body.tax).toBe(sale.lines[0]!.tax);
    expect(await onHand(kit, mug)).toBe(8); // written off, not restocked
    const more = await refund(till.token, { saleId: sale.id, lines: [{ lineNo: 1, quantity: 1 }], reason: 'again', restock: true });
    expect(more.status).toBe(400);
    expect(more.body.code).toBe('sales.refund_over_quantity');
    const after = await kit.request<Sale>('GET', `/api/v1/core-sales/sales/${sale.id}`);
    expect(after.body).toMatchObject({ refunded: 999, paid: 999 });
  });

  it('a card sale is refunded to the card through payments@1; another tender needs a permission', async () => {
    const till = await tillWithShift(kit);
    const lamp = await stockedVariant(kit, 2000, 5);
    const sale = (
      await sell(till.token, { lines: [{ variantId: lamp, quantity: 1 }], tenders: [{ method: 'card', amount: 2000, token: 'tok_visa' }] })
    ).body;
    const toCash = await refund(till.token, {
      saleId: sale.id,
      lines: [{ lineNo: 1, quantity: 1 }],
      reason: 'faulty',
      restock: true,
      tenders: [{ method: 'cash', amount: 2000 }],
    });
    expect(toCash.status).toBe(403);
    const toCard = await refund(till.token, { saleId: sale.id, lines: [{ lineNo: 1, quantity: 1 }], reason: 'faulty', restock: true });
    expect(toCard.status).toBe(201);
    // The refund goes back to the sale's card payment (payments@2, here through the payments@1 adapter): its reference is that payment.
    expect(toCard.body.tenders).toEqual([{ method: 'card', amount: 2000, reference: sale.tenders[0]!.reference }]);
    expect(sale.tenders[0]!.reference).toMatch(/^v1:/);
  });

  it('a return without a receipt needs its permission, and is priced from the catalog', async () => {
    const till = await tillWithShift(kit);
    const scarf = await stockedVariant(kit, 1500, 1);
    const body = { lines: [{ variantId: scarf, quantity: 1 }], reason: 'gift, no receipt', restock: true };
    const denied = await refund(till.token, body);
    expect(denied.status).toBe(403);
    const manager = await tillWithShift(kit, [...CASHIER, 'core-sales:refund.without-receipt']);
    const allowed = await refund(manager.token, body);
    expect(allowed.status).toBe(201);
    expect(allowed.body).toMatchObject({ total: 1500, tenders: [{ method: 'cash', amount: 1500 }] });
    expect(await onHand(kit, scarf)).toBe(2);
  });

  it.each([
    [
      'an unknown sale',
      () => ({ saleId: '01900000-0000-7000-8000-0000000000fe', lines: [{ lineNo: 1, quantity: 1 }], reason: 'x', restock: true }),
      404,
      'sales.unknown_sale',
    ],
    [
      'a line the sale does not have',
      (saleId: string) => ({ saleId, lines: [{ lineNo: 9, quantity: 1 }], reason: 'x', restock: true }),
      400,
      'sales.unknown_line',
    ],
    [
      'a zero quantity',
      (saleId: string) => ({ saleId, lines: [{ lineNo: 1, quantity: 0 }], reason: 'x', restock: true }),
      400,
      'request.invalid',
    ],
    ['no reason', (saleId: string) => ({ saleId, lines: [{ lineNo: 1, quantity: 1 }], restock: true }), 400, 'request.invalid'],
    [
      'tenders that do not add up',
      (saleId: string) => ({
        saleId,
        lines: [{ lineNo: 1, quantity: 1 }],
        reason: 'x',
        restock: true,
        tenders: [{ method: 'cash', amount: 1 }],
      }),
      400,
      'sales.refund_tender_mismatch',
    ],
  ])('a refund with %s is refused with its code, nothing written', async (_case, body, status, code) => {
    const till = await tillWithShift(kit);
    const item = await stockedVariant(kit, 500, 2);
    const sale = (await sell(till.token, { lines: [{ variantId: item, quantity: 1 }], tenders: [{ method: 'cash', amount: 500 }] })).body;
    const before = [await countRows(kit, 'sales.refunds'), await countRows(kit, 'inventory.stock_movements')];
    const response = await refund(till.token, body(sale.id));
    expect(response.status).toBe(status);
    expect(response.body.code).toBe(code);
    expect([await countRows(kit, 'sales.refunds'), await countRows(kit, 'inventory.stock_movements')]).toEqual(before);
  });

  it('a shift: float, sales, a refund, cash in and out, X report, close with a count per denomination, Z report', async () => {
    const till = await tillWithShift(kit);
    const category = (await kit.request<{ id: string }>('POST', '/api/v1/core-inventory/categories', { body: { name: 'Bakery' } })).body.id;
    const bread = await stockedVariant(kit, 450, 20, { categoryId: category });
    const jam = await stockedVariant(kit, 380, 20, { taxClass: 'reduced' });
    const cashSale = (
      await sell(till.token, {
        lines: [
          { variantId: bread, quantity: 2 },
          { variantId: jam, quantity: 1 },
        ],
        tenders: [{ method: 'cash', amount: 2000 }],
      })
    ).body;
    await sell(till.token, { lines: [{ variantId: bread, quantity: 1 }], tenders: [{ method: 'card', amount: 450, token: 'tok' }] });
    await refund(till.token, { saleId: cashSale.id, lines: [{ lineNo: 2, quantity: 1 }], reason: 'wrong flavour', restock: true });
    await kit.request('POST', `/api/v1/core-sales/shifts/${till.shiftId}/cash`, {
      token: till.token,
      body: { kind: 'in', amount: 5000, reason: 'change from the bank' },
    });
    await kit.request('POST', `/api/v1/core-sales/shifts/${till.shiftId}/cash`, {
      token: till.token,
      body: { kind: 'out', amount: 1200, reason: 'window cleaner' },
    });

    const x = await kit.request<Report>('GET', `/api/v1/core-sales/shifts/${till.shiftId}/report`, { token: till.token });
    expect(x.body).toMatchObject({
      status: 'open',
      sales: { count: 2, total: 1730, tax: 243 },
      refunds: { count: 1, total: 380, tax: 18 },
      afterRefunds: { total: 1350, tax: 225 },
    });
    expect(x.body.byTender).toEqual([
      { method: 'card', sales: 450, refunds: 0, net: 450 },
      { method: 'cash', sales: 1280, refunds: 380, net: 900 },
    ]);
    // VAT 20 % on 1350 of bread (225); the jam (5 %: 18 on 380) came back, so its rate nets to nothing.
    expect(x.body.byTax).toEqual([
      { name: 'VAT', basisPoints: 500, net: 0, amount: 0, gross: 0 },
      { name: 'VAT', basisPoints: 2000, net: 1125, amount: 225, gross: 1350 },
    ]);
    expect(x.body.byCategory).toEqual(
      expect.arrayContaining([
        { categoryId: category, total: 1350 },
        { categoryId: null, total: 380 },
      ]),
    );
    // 100.00 float + 12.80 cash sales − 3.80 refund + 50.00 in − 12.00 out = 147.00
    expect(x.body.cash).toMatchObject({
      float: 10_000,
      sales: 1280,
      refunds: 380,
      paidIn: 5000,
      paidOut: 1200,
      expected: 14_700,
      counted: null,
    });

    const z = await kit.request<Report>('POST', `/api/v1/core-sales/shifts/${till.shiftId}/close`, {
      token: till.token,
      body: {
        counted: [
          { denomination: 5000, count: 2 },
          { denomination: 2000, count: 2 },
          { denomination: 100, count: 6 },
          { denomination: 50, count: 1 },
        ],
      },
    });
    expect(z.status).toBe(200);
    expect(z.body).toMatchObject({ status: 'closed', cash: { expected: 14_700, counted: 14_650, overShort: -50 } });
    const closed = await kit.kernel.db.query<{ n: number }>(
      "select count(*)::int as n from kernel.outbox where type = 'sales.shift.closed' and payload->>'shiftId' = $1",
      [till.shiftId],
    );
    expect(closed[0]!.n).toBe(1);
    const again = await kit.request<{ code: string }>('POST', `/api/v1/core-sales/shifts/${till.shiftId}/close`, {
      token: till.token,
      body: { counted: [] },
    });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('sales.shift_closed');
  });

  it('one shift open per device at a time', async () => {
    const till = await tillWithShift(kit);
    const second = await kit.request<{ code: string }>('POST', '/api/v1/core-sales/shifts', {
      token: till.token,
      body: { openingFloat: 0 },
    });
    expect(second.status).toBe(409);
    expect(second.body.code).toBe('sales.shift_open');
  });

  it('a parked sale holds its stock; another till resumes it and completes it, releasing the hold', async () => {
    const first = await tillWithShift(kit);
    const second = await tillWithShift(kit);
    const vase = await stockedVariant(kit, 2500, 3);
    const parked = await kit.request<Sale & { status: string }>('POST', '/api/v1/core-sales/parked', {
      token: first.token,
      body: { lines: [{ variantId: vase, quantity: 2 }] },
    });
    expect(parked.status).toBe(201);
    expect(parked.body).toMatchObject({ status: 'parked', total: 5000 });
    const level = async () =>
      (
        await kit.request<{ items: Array<{ locationId: string; available: number; reserved: number }> }>(
          'GET',
          `/api/v1/core-inventory/variants/${vase}/stock`,
        )
      ).body.items.find((i) => i.locationId === kit.tenant.locationId)!;
    expect(await level()).toMatchObject({ reserved: 2, available: 1 });
    // Nobody can sell the held units meanwhile.
    const grab = await sell(second.token, { lines: [{ variantId: vase, quantity: 2 }], tenders: [{ method: 'cash', amount: 5000 }] });
    expect(grab.status).toBe(409);

    const list = await kit.request<{ items: Array<{ id: string }> }>('GET', '/api/v1/core-sales/parked', { token: second.token });
    expect(list.body.items.map((i) => i.id)).toContain(parked.body.id);
    const resumed = await sell(second.token, {
      lines: [{ variantId: vase, quantity: 2 }],
      tenders: [{ method: 'cash', amount: 5000 }],
      resumedFrom: parked.body.id,
    });
    expect(resumed.status).toBe(201);
    expect(await level()).toMatchObject({ reserved: 0, available: 1 });
    const twice = await sell(second.token, {
      lines: [{ variantId: vase, quantity: 1 }],
      tenders: [{ method: 'cash', amount: 2500 }],
      resumedFrom: parked.body.id,
    });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('sales.not_parked');
  });

  it('an exchange returns one item and sells another in one transaction; the difference is paid or given back', async () => {
    const till = await tillWithShift(kit);
    const big = await stockedVariant(kit, 2000, 5);
    const small = await stockedVariant(kit, 1500, 5);
    const sale = (await sell(till.token, { lines: [{ variantId: big, quantity: 1 }], tenders: [{ method: 'cash', amount: 2000 }] })).body;
    type Exchange = { refund: Refund; sale: Sale & { tenders: Array<{ method: string; amount: number }> }; code?: string };
    const down = await kit.request<Exchange>('POST', '/api/v1/core-sales/exchanges', {
      token: till.token,
      body: {
        returned: { saleId: sale.id, lines: [{ lineNo: 1, quantity: 1 }], reason: 'too big', restock: true },
        sale: { lines: [{ variantId: small, quantity: 1 }], tenders: [] },
      },
    });
    expect(down.status).toBe(201);
    expect(down.body.refund.tenders).toEqual([
      { method: 'exchange', amount: 1500, reference: null },
      { method: 'cash', amount: 500, reference: null },
    ]);
    expect(down.body.sale.tenders.map((t) => [t.method, t.amount])).toEqual([['exchange', 1500]]);
    expect([await onHand(kit, big), await onHand(kit, small)]).toEqual([5, 4]);

    const up = await kit.request<Exchange>('POST', '/api/v1/core-sales/exchanges', {
      token: till.token,
      body: {
        returned: { saleId: down.body.sale.id, lines: [{ lineNo: 1, quantity: 1 }], reason: 'wants the big one', restock: true },
        sale: { lines: [{ variantId: big, quantity: 1 }], tenders: [{ method: 'cash', amount: 500 }] },
      },
    });
    expect(up.status).toBe(201);
    expect(up.body.sale.tenders.map((t) => [t.method, t.amount])).toEqual([
      ['exchange', 1500],
      ['cash', 500],
    ]);
    // Credit cannot be named by a client.
    const forged = await sell(till.token, { lines: [{ variantId: small, quantity: 1 }], tenders: [{ method: 'exchange', amount: 1500 }] });
    expect(forged.status).toBe(400);
    expect(forged.body.code).toBe('sales.exchange_tender');
  });

  it('a receipt number finds the sales of every till of the store under it, newest first; a bad number is 400', async () => {
    const tea = await stockedVariant(kit, 300, 10);
    const tills = [await tillWithShift(kit), await tillWithShift(kit)];
    const sold = [];
    for (const till of tills) {
      sold.push((await sell(till.token, { lines: [{ variantId: tea, quantity: 1 }], tenders: [{ method: 'cash', amount: 300 }] })).body);
    }
    const number = (sold[0] as { receiptNumber?: number }).receiptNumber!;
    expect((sold[1] as { receiptNumber?: number }).receiptNumber).toBe(number);
    const found = await kit.request<{ items: Array<{ id: string; deviceId: string; total: number; status: string }> }>(
      'GET',
      `/api/v1/core-sales/sales?receiptNumber=${number}`,
      { token: tills[0]!.token },
    );
    expect(found.status).toBe(200);
    const ours = found.body.items.filter((item) => sold.some((sale) => sale.id === item.id));
    expect(ours.map((item) => [item.id, item.deviceId, item.total, item.status])).toEqual([
      [sold[1]!.id, tills[1]!.deviceId, 300, 'completed'],
      [sold[0]!.id, tills[0]!.deviceId, 300, 'completed'],
    ]);
    for (const query of [
      'receiptNumber=abc',
      'receiptNumber=0',
      `receiptNumber=${number}&deviceId=x`,
      `receiptNumber=1&locationId=nowhere`,
    ]) {
      const bad = await kit.request<{ code: string }>('GET', `/api/v1/core-sales/sales?${query}`, { token: tills[0]!.token });
      expect([query, bad.status]).toEqual([query, 400]);
      expect(bad.headers['content-type']).toContain('application/problem+json');
    }
    // Without a receipt number it is the sales list, a report the cashier may not read.
    expect((await kit.request('GET', '/api/v1/core-sales/sales', { token: tills[0]!.token })).status).toBe(403);
  });
});
