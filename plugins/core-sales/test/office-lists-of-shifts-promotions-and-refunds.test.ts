import { type TestKernel, type TestTill } from '@kits/kernel/test-kit';
import { documentedList, walkPages } from '@kits/plugin-sdk/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRows, salesKit, stockedVariant, tillWithShift } from './support/kits.ts';

type Problem = { code: string; detail: string; errors?: Array<{ field: string; message: string }> };
type Sale = { id: string; cashierId: string; total: number; lines: Array<{ lineNo: number; refundedQuantity: number }> };
type Shift = { id: string; deviceId: string; status: string; openingFloat: number; countedCash: number | null; overShort: number | null };
type Promotion = { id: string; name: string; active: boolean; createdAt: string };
type Refund = {
  id: string;
  saleId: string;
  total: number;
  reason: string;
  lines: Array<{ lineNo: number; quantity: number }>;
  tenders: Array<{ method: string; amount: number }>;
};

const API = '/api/v1/core-sales';

/** The lists the back office pages read (issue 20), and their refusals of bad input, on PostgreSQL. */
describe('the back office lists of core-sales', () => {
  let kit: TestKernel;
  let tillA: TestTill & { shiftId: string };
  let tillB: TestTill & { shiftId: string };
  let item: string;
  let sale: Sale;
  let closedShiftId: string;

  const expectProblem = (response: { status: number; headers: Record<string, unknown>; body: unknown }, status: number, code: string) => {
    expect(response.status).toBe(status);
    expect(String(response.headers['content-type'])).toContain('application/problem+json');
    expect((response.body as Problem).code).toBe(code);
    return response.body as Problem;
  };

  beforeAll(async () => {
    kit = await salesKit('postgres');
    item = await stockedVariant(kit, 250, 100);
    tillA = await tillWithShift(kit);
    tillB = await tillWithShift(kit);
    const sold = await kit.request<Sale>('POST', `${API}/sales`, {
      token: tillA.token,
      body: { lines: [{ variantId: item, quantity: 3 }], tenders: [{ method: 'cash', amount: 750 }] },
    });
    expect(sold.status).toBe(201);
    sale = sold.body;
    // Till B closes its shift (nothing sold, the float counted back) and opens another.
    const closed = await kit.request('POST', `${API}/shifts/${tillB.shiftId}/close`, {
      token: tillB.token,
      body: { counted: [{ denomination: 5000, count: 2 }] },
    });
    expect(closed.status).toBe(200);
    closedShiftId = tillB.shiftId;
    expect((await kit.request('POST', `${API}/shifts`, { token: tillB.token, body: { openingFloat: 5000 } })).status).toBe(201);
  });
  afterAll(async () => kit?.close());

  it('names the cashier on a sale', async () => {
    expect(sale.cashierId).toBe(tillA.cashierId);
    const read = await kit.request<Sale>('GET', `${API}/sales/${sale.id}`);
    expect(read.body.cashierId).toBe(tillA.cashierId);
  });

  it('lists shifts newest first, filtered by till and status, a page at a time', async () => {
    const { items, pages } = await walkPages<Shift>(kit, `${API}/shifts?limit=2`);
    expect(pages.map((page) => page.length)).toEqual([2, 1]);
    expect(items.map((s) => s.id)).toHaveLength(3);
    expect(items.at(-1)!.id).toBe(tillA.shiftId);
    const closed = await kit.request<{ items: Shift[] }>('GET', `${API}/shifts?status=closed`);
    expect(closed.body.items).toEqual([
      expect.objectContaining({
        id: closedShiftId,
        deviceId: tillB.deviceId,
        status: 'closed',
        openingFloat: 10_000,
        countedCash: 10_000,
        overShort: 0,
      }),
    ]);
    const onB = await kit.request<{ items: Shift[] }>('GET', `${API}/shifts?deviceId=${tillB.deviceId}&status=open`);
    expect(onB.body.items.map((s) => s.openingFloat)).toEqual([5000]);
    const documented = await documentedList(kit, `${API}/shifts`);
    expect(Object.keys(documented.parameters)).toEqual(expect.arrayContaining(['deviceId', 'status', 'from', 'to', 'limit', 'cursor']));
    expect(Object.keys(documented.page.properties ?? {})).toEqual(['items', 'nextCursor']);
  });

  it('refuses a bad shift query with a problem, and a till without the reports permission', async () => {
    expectProblem(await kit.request('GET', `${API}/shifts?status=half-open`), 400, 'request.invalid');
    expectProblem(await kit.request('GET', `${API}/shifts?cursor=not-a-cursor`), 400, 'pagination.bad_cursor');
    expectProblem(await kit.request('GET', `${API}/shifts?deviceId=till-1`), 400, 'request.invalid');
    expectProblem(await kit.request('GET', `${API}/shifts`, { token: tillA.token }), 403, 'auth.forbidden');
  });

  it('lets a manager with the reports permission read a shift’s report, and no one without it or the shift permission', async () => {
    const manager = await kit.signInTill({ permissions: ['core-sales:reports'] });
    const report = await kit.request<{ shiftId: string; status: string }>('GET', `${API}/shifts/${closedShiftId}/report`, {
      token: manager.token,
    });
    expect(report.status).toBe(200);
    expect(report.body).toEqual(expect.objectContaining({ shiftId: closedShiftId, status: 'closed' }));
    const seller = await kit.signInTill({ permissions: ['core-sales:checkout'] });
    expectProblem(await kit.request('GET', `${API}/shifts/${closedShiftId}/report`, { token: seller.token }), 403, 'auth.forbidden');
    // A cashier with the shift permission reads it as before.
    expect((await kit.request('GET', `${API}/shifts/${closedShiftId}/report`, { token: tillA.token })).status).toBe(200);
  });

  it('lists promotions newest first, running or ended, and ends one', async () => {
    const names = ['Three for two', 'Bundle of two'];
    const made: Promotion[] = [];
    made.push(
      (
        await kit.request<Promotion>('POST', `${API}/promotions`, {
          body: { name: names[0], kind: 'buy_x_get_y', variantIds: [item], buy: 2, get: 1 },
        })
      ).body,
    );
    made.push(
      (
        await kit.request<Promotion>('POST', `${API}/promotions`, {
          body: { name: names[1], kind: 'bundle', variantIds: [item], quantity: 2, price: 400 },
        })
      ).body,
    );
    expect(made.every((p) => p.active && typeof p.createdAt === 'string')).toBe(true);
    expect((await kit.request('POST', `${API}/promotions/${made[0]!.id}/end`)).status).toBe(200);

    const all = await walkPages<Promotion>(kit, `${API}/promotions?limit=1`);
    expect(all.items.map((p) => p.name)).toEqual([names[1], names[0]]);
    const running = await kit.request<{ items: Promotion[] }>('GET', `${API}/promotions?active=true`);
    expect(running.body.items.map((p) => p.name)).toEqual([names[1]]);
    const ended = await kit.request<{ items: Promotion[] }>('GET', `${API}/promotions?active=false`);
    expect(ended.body.items).toEqual([expect.objectContaining({ id: made[0]!.id, active: false })]);
    const documented = await documentedList(kit, `${API}/promotions`);
    expect(Object.keys(documented.parameters)).toEqual(expect.arrayContaining(['active', 'limit', 'cursor']));
  });

  it('refuses a bad promotion query, incomplete or mixed terms, and ending an unknown promotion, changing nothing', async () => {
    expectProblem(await kit.request('GET', `${API}/promotions?active=perhaps`), 400, 'request.invalid');
    expectProblem(await kit.request('GET', `${API}/promotions?limit=0`), 400, 'request.invalid');
    expectProblem(await kit.request('GET', `${API}/promotions?colour=red`), 400, 'request.invalid');
    const before = await kit.request<{ items: Promotion[] }>('GET', `${API}/promotions`);
    const incomplete = expectProblem(
      await kit.request('POST', `${API}/promotions`, { body: { name: 'Half a deal', kind: 'buy_x_get_y', variantIds: [item], buy: 2 } }),
      400,
      'request.invalid',
    );
    expect(incomplete.errors).toEqual([{ field: 'body.get', message: 'is required for buy X get Y' }]);
    const mixed = expectProblem(
      await kit.request('POST', `${API}/promotions`, {
        body: { name: 'Two kinds', kind: 'bundle', variantIds: [item], quantity: 2, price: 500, buy: 1 },
      }),
      400,
      'request.invalid',
    );
    expect(mixed.errors).toEqual([{ field: 'body.buy', message: 'is not a term of a bundle; remove it' }]);
    expectProblem(
      await kit.request('POST', `${API}/promotions`, {
        body: { name: 'No items', kind: 'bundle', variantIds: [], quantity: 2, price: 500 },
      }),
      400,
      'request.invalid',
    );
    expectProblem(await kit.request('POST', `${API}/promotions/0193aaaa-0000-7000-8000-000000000000/end`), 404, 'sales.unknown_promotion');
    expect((await kit.request<{ items: Promotion[] }>('GET', `${API}/promotions`)).body).toEqual(before.body);
  });

  it("lists a sale's refunds with their lines and tenders; a refund beyond what was sold names the quantity and writes nothing", async () => {
    const refunded = await kit.request<Refund>('POST', `${API}/refunds`, {
      body: { saleId: sale.id, lines: [{ lineNo: 1, quantity: 2 }], reason: 'Too many', restock: true },
    });
    expect(refunded.status).toBe(201);
    const list = await kit.request<{ items: Refund[]; nextCursor: string | null }>('GET', `${API}/refunds?saleId=${sale.id}`);
    expect(list.body.nextCursor).toBeNull();
    expect(list.body.items).toEqual([
      expect.objectContaining({
        id: refunded.body.id,
        saleId: sale.id,
        total: 500,
        reason: 'Too many',
        lines: [expect.objectContaining({ lineNo: 1, quantity: 2, amount: 500 })],
        tenders: [expect.objectContaining({ method: 'cash', amount: 500 })],
      }),
    ]);

    const refunds = await countRows(kit, 'sales.refunds');
    const problem = expectProblem(
      await kit.request('POST', `${API}/refunds`, {
        body: { saleId: sale.id, lines: [{ lineNo: 1, quantity: 2 }], reason: 'Again', restock: true },
      }),
      400,
      'sales.refund_over_quantity',
    );
    expect(problem.errors).toEqual([{ field: 'body.lines.0.quantity', message: 'only 1 left to refund' }]);
    expect(await countRows(kit, 'sales.refunds')).toBe(refunds);
    expect((await kit.request<Sale>('GET', `${API}/sales/${sale.id}`)).body.lines[0]!.refundedQuantity).toBe(2);
  });

  it('refuses a bad refund query, and a report of every refund to a till without the reports permission', async () => {
    expectProblem(await kit.request('GET', `${API}/refunds?saleId=receipt-12`), 400, 'request.invalid');
    expectProblem(await kit.request('GET', `${API}/refunds?from=yesterday`), 400, 'request.invalid');
    expectProblem(await kit.request('GET', `${API}/refunds`, { token: tillA.token }), 403, 'auth.forbidden');
    // A sale's own refunds are read like the sale is: the till may.
    expect((await kit.request('GET', `${API}/refunds?saleId=${sale.id}`, { token: tillA.token })).status).toBe(200);
    const documented = await documentedList(kit, `${API}/refunds`);
    expect(Object.keys(documented.parameters)).toEqual(expect.arrayContaining(['saleId', 'shiftId', 'limit', 'cursor']));
  });

  it("sums a period's completed sales at a location, and refuses a summary without a start", async () => {
    const from = new Date(Date.now() - 3_600_000).toISOString();
    const summary = await kit.request<{ count: number; total: number; refunded: number; currency: string }>(
      'GET',
      `${API}/sales/summary?from=${encodeURIComponent(from)}&locationId=${tillA.locationId}`,
    );
    expect(summary.body).toEqual({ count: 1, total: 750, refunded: 500, currency: 'EUR' });
    const later = await kit.request<{ count: number }>(
      'GET',
      `${API}/sales/summary?from=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`,
    );
    expect(later.body.count).toBe(0);
    const missing = expectProblem(await kit.request('GET', `${API}/sales/summary`), 400, 'request.invalid');
    expect(missing.errors?.map((e) => e.field)).toContain('querystring.from');
    expectProblem(
      await kit.request('GET', `${API}/sales/summary?from=${encodeURIComponent(from)}`, { token: tillA.token }),
      403,
      'auth.forbidden',
    );
  });
});
