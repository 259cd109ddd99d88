import type { TestKernel, TestTill } from '@kits/kernel/test-kit';
import { eventually } from '@kits/plugin-sdk/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shelveVariant } from '../../../../testing/shop-shelf.ts';
import type { DashboardReport, InventoryHealthReport, SalesReport } from '../../src/shared/report-types.ts';
import { salesReportOf, type SalesAnswer } from '../../src/shared/sales-answer.ts';
import { DATABASE_KINDS, queriesKit } from './support.ts';

interface SaleLine {
  lineNo: number;
  quantity: number;
  tax: number;
  total: number;
}
interface Sale {
  id: string;
  total: number;
  taxTotal: number;
  lines: SaleLine[];
}
interface Refund {
  total: number;
  tax: number;
}

/**
 * End to end: sales and a refund made through core-sales at the till, stock received at a cost
 * through core-inventory; reports' ingest turns their events into rollups, and the reports read
 * them. The shop is on UTC, so today is the UTC date.
 */
describe.each(DATABASE_KINDS)('reports of real sales on %s', (db) => {
  let kit: TestKernel;
  let till: TestTill;
  let coffee: { variantId: string; sku: string };
  let cake: { variantId: string; sku: string };
  let sales: Sale[];
  let refund: Refund;
  const today = () => new Date().toISOString().slice(0, 10);

  const receive = async (variantId: string, quantity: number, unitCost: number) => {
    const received = await kit.request('POST', '/api/v1/core-inventory/stock/receive', {
      body: { locationId: kit.tenant.locationId, lines: [{ variantId, quantity, unitCost: { amount: unitCost, currency: 'EUR' } }] },
    });
    expect(received.status).toBe(201);
  };
  const sell = async (lines: Array<{ variantId: string; quantity: number }>, cash: number): Promise<Sale> => {
    const sold = await kit.request<Sale>('POST', '/api/v1/core-sales/sales', {
      token: till.token,
      body: { lines, tenders: [{ method: 'cash', amount: cash }] },
    });
    expect(sold.status, JSON.stringify(sold.body)).toBe(201);
    return sold.body;
  };

  beforeAll(async () => {
    kit = await queriesKit(db, { withSales: true });
    till = await kit.signInTill({ permissions: ['core-sales:checkout', 'core-sales:shift', 'core-sales:refund', 'reports:view'] });
    const shift = await kit.request('POST', '/api/v1/core-sales/shifts', { token: till.token, body: { openingFloat: 10_000 } });
    expect(shift.status).toBe(201);
    coffee = await shelveVariant(kit, { name: 'Coffee Beans', price: 350 });
    cake = await shelveVariant(kit, { name: 'Carrot Cake', price: 425 });
    await receive(coffee.variantId, 10, 120);
    await receive(cake.variantId, 5, 200);

    sales = [
      await sell(
        [
          { variantId: coffee.variantId, quantity: 2 },
          { variantId: cake.variantId, quantity: 1 },
        ],
        2_000,
      ),
      await sell([{ variantId: coffee.variantId, quantity: 1 }], 500),
    ];
    const refunded = await kit.request<Refund>('POST', '/api/v1/core-sales/refunds', {
      token: till.token,
      body: { saleId: sales[0]!.id, lines: [{ lineNo: 1, quantity: 1 }], reason: 'spilled', restock: true },
    });
    expect(refunded.status, JSON.stringify(refunded.body)).toBe(201);
    refund = refunded.body;
  });
  afterAll(async () => kit?.close());

  const lines = () => sales.flatMap((sale) => sale.lines);
  const net = () => lines().reduce((sum, line) => sum + line.total - line.tax, 0);
  const tax = () => lines().reduce((sum, line) => sum + line.tax, 0);

  /** The day's sales report once the ingest has taken every event in (the refund's cost comes last). */
  const settledReport = async (query: string): Promise<SalesReport> =>
    salesReportOf(
      (
        await eventually(
          () => kit.request<SalesAnswer>('GET', `/api/v1/reports/sales?from=${today()}&to=${today()}${query}`),
          (answer) =>
            answer.status === 200 && answer.body.totals.refunds === 1 && answer.body.totals.cost === 560 && answer.body.totals.sales === 2,
          20_000,
        )
      ).body,
    );

  it('the day’s figures: baskets, items, net and tax as sold, cost from the stock movements, margin net of the refund', async () => {
    const report = await settledReport('');
    const refundNet = refund.total - refund.tax;

    expect(report.totals).toMatchObject({
      sales: 2,
      items: 4,
      net: net(),
      tax: tax(),
      total: sales[0]!.total + sales[1]!.total,
      refunds: 1,
      refundedTotal: refund.total,
      cost: 560, // 3 coffee at 1.20 and a cake at 2.00
      margin: net() - 560 - (refundNet - 120), // the refunded coffee's cost came back
      basketSize: Math.round(net() / 2),
      itemsPerBasket: 2,
    });
    expect(report.rows).toHaveLength(1);
    expect(report.rows[0]!.bucket).toBe(today());
  });

  const report = async (query: string): Promise<SalesReport> => {
    const answer = await kit.request<SalesAnswer>('GET', `/api/v1/reports/sales?from=${today()}&to=${today()}${query}`);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    return salesReportOf(answer.body);
  };

  it('per cashier, named as the shop knows them', async () => {
    await settledReport('');
    const [cashier] = await kit.kernel.db.query<{ display_name: string }>('select display_name from kernel.users where user_id = $1', [
      till.cashierId,
    ]);
    const perCashier = await report('&group=cashier');
    expect(perCashier.rows.map((row) => [row.key, row.label, row.sales, row.refunds])).toEqual([
      [till.cashierId, cashier!.display_name, 2, 1],
    ]);
    expect(cashier!.display_name.length).toBeGreaterThan(0);
  });

  it('per product, per till and per tender, named', async () => {
    await settledReport('');
    const perProduct = await report('&group=product');
    expect(perProduct.rows.map((row) => [row.label, row.items, row.cost])).toEqual(
      expect.arrayContaining([
        [`Coffee Beans (${coffee.sku})`, 3, 360],
        [`Carrot Cake (${cake.sku})`, 1, 200],
      ]),
    );

    const perTill = await report('&group=till');
    expect(perTill.rows.map((row) => [row.key, row.label, row.sales])).toEqual([[till.deviceId, expect.stringMatching(/^Till /), 2]]);

    const perTender = await report('&group=tender');
    expect(perTender.rows.map((row) => [row.key, row.sales, row.total, row.refunds, row.refundedTotal])).toEqual([
      ['cash', 2, sales[0]!.total + sales[1]!.total, 1, refund.total],
    ]);
  });

  it('the dashboard has today’s sales, the best seller, the cash taken and when the last sale was', async () => {
    await settledReport('');
    const answer = await kit.request<DashboardReport>('GET', '/api/v1/reports/dashboard', { token: till.token });

    expect(answer.status).toBe(200);
    expect(answer.body.today).toMatchObject({ sales: 2, items: 4, net: net(), cost: 560 });
    expect(answer.body.topProducts[0]).toMatchObject({ variantId: coffee.variantId, quantity: 3 });
    expect(answer.body.tenders).toEqual([{ method: 'cash', amount: sales[0]!.total + sales[1]!.total, count: 2 }]);
    expect(answer.body.lateArrivals).toBe(0);
    expect(Date.now() - Date.parse(answer.body.lastSaleAt!)).toBeLessThan(10 * 60_000);
  });

  it('inventory health has the stock left at its cost and what sold', async () => {
    await settledReport('');
    const answer = await kit.request<InventoryHealthReport>('GET', '/api/v1/reports/inventory-health');

    expect(answer.status).toBe(200);
    const beans = answer.body.items.find((item) => item.variantId === coffee.variantId);
    expect(beans).toMatchObject({ onHand: 8, unitCost: 120, stockValue: 960, soldLast28Days: 3, dead: false });
    expect(answer.body.totals.stockValue).toBe(960 + 4 * 200);
  });
});
