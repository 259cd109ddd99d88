import type { TestKernel } from '@kits/kernel/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shelveVariant } from '../../../../testing/shop-shelf.ts';
import type { SalesReport, SalesReportRow } from '../../src/shared/report-types.ts';
import { salesReportOf, type SalesAnswer } from '../../src/shared/sales-answer.ts';
import { addLocation, DATABASE_KINDS, queriesKit, seedRollup } from './support.ts';

/**
 * Two shops' sales on 1 and 2 December 2026 (UTC), seeded into the rollups: rows per location, till,
 * cashier, category, product and tender, their labels, margin and basket figures, and the period
 * before set against them.
 */
describe.each(DATABASE_KINDS)('sales grouped and compared on %s', (db) => {
  let kit: TestKernel;
  let store: { id: string; name: string };
  let harbour: string;
  let tills: { front: string; back: string; harbour: string };
  let drinks: string;
  let oat: { variantId: string; sku: string };
  let rye: { variantId: string; sku: string };

  const device = async (name: string, locationId: string) => {
    const created = await kit.request<{ id: string }>('POST', '/api/v1/tenants/current/devices', { body: { name, locationId } });
    expect(created.status).toBe(201);
    return created.body.id;
  };

  beforeAll(async () => {
    kit = await queriesKit(db);
    const [row] = await kit.kernel.db.query<{ name: string }>('select name from kernel.locations where location_id = $1', [
      kit.tenant.locationId,
    ]);
    store = { id: kit.tenant.locationId, name: row!.name };
    harbour = await addLocation(kit, 'Harbour Street');
    tills = {
      front: await device('Front till', store.id),
      back: await device('Back till', store.id),
      harbour: await device('Harbour till', harbour),
    };
    const category = await kit.request<{ id: string }>('POST', '/api/v1/core-inventory/categories', { body: { name: 'Drinks' } });
    drinks = category.body.id;
    oat = await shelveVariant(kit, { name: 'Oat Milk', price: 400, product: { categoryId: drinks } });
    rye = await shelveVariant(kit, { name: 'Rye Bread', price: 500 });

    await seedRollup(kit, 'basket_hours', [
      {
        basis: 'happened',
        location_id: store.id,
        device_id: tills.front,
        cashier_id: 'cashier-a',
        hour: '2026-12-01T09:00:00Z',
        sales: 2,
        items: 3,
        gross: 1_200,
        discount: 200,
        net: 1_000,
        tax: 200,
        total: 1_200,
        refunds: 1,
        refunded_total: 240,
      },
      {
        basis: 'happened',
        location_id: store.id,
        device_id: tills.back,
        cashier_id: 'cashier-b',
        hour: '2026-12-01T10:00:00Z',
        sales: 1,
        items: 1,
        gross: 500,
        net: 500,
        tax: 100,
        total: 600,
      },
      {
        basis: 'happened',
        location_id: harbour,
        device_id: tills.harbour,
        cashier_id: 'cashier-a',
        hour: '2026-12-02T09:00:00Z',
        sales: 3,
        items: 6,
        gross: 3_000,
        net: 3_000,
        tax: 600,
        total: 3_600,
      },
      // The period before (29 and 30 November).
      {
        basis: 'happened',
        location_id: store.id,
        device_id: tills.front,
        cashier_id: 'cashier-a',
        hour: '2026-11-29T12:00:00Z',
        sales: 4,
        items: 4,
        gross: 2_000,
        net: 2_000,
        tax: 400,
        total: 2_400,
      },
    ]);
    await seedRollup(kit, 'variant_hours', [
      {
        location_id: store.id,
        variant_id: oat.variantId,
        category_id: drinks,
        hour: '2026-12-01T09:00:00Z',
        quantity: 3,
        gross: 1_200,
        discount: 200,
        net: 1_000,
        tax: 200,
        cost: 600,
        refunded_quantity: 1,
        refunded_net: 200,
        refunded_tax: 40,
        refunded_cost: 120,
      },
      {
        location_id: store.id,
        variant_id: rye.variantId,
        hour: '2026-12-01T10:00:00Z',
        quantity: 1,
        gross: 500,
        net: 500,
        tax: 100,
        cost: 250,
      },
      {
        location_id: harbour,
        variant_id: oat.variantId,
        category_id: drinks,
        hour: '2026-12-02T09:00:00Z',
        quantity: 6,
        gross: 3_000,
        net: 3_000,
        tax: 600,
        cost: 1_800,
      },
      {
        location_id: store.id,
        variant_id: rye.variantId,
        hour: '2026-11-29T12:00:00Z',
        quantity: 4,
        gross: 2_000,
        net: 2_000,
        tax: 400,
        cost: 1_000,
      },
    ]);
    await seedRollup(kit, 'tender_hours', [
      {
        location_id: store.id,
        method: 'cash',
        hour: '2026-12-01T09:00:00Z',
        count: 2,
        amount: 1_200,
        refunded_count: 1,
        refunded_amount: 240,
      },
      { location_id: store.id, method: 'card', hour: '2026-12-01T10:00:00Z', count: 1, amount: 600 },
      { location_id: harbour, method: 'card', hour: '2026-12-02T09:00:00Z', count: 3, amount: 3_600 },
    ]);
  });
  afterAll(async () => kit?.close());

  const sales = async (query: string): Promise<SalesReport> => {
    const answer = await kit.request<SalesAnswer>('GET', `/api/v1/reports/sales?from=2026-12-01&to=2026-12-02&${query}`);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    return salesReportOf(answer.body);
  };
  const pick = (rows: SalesReportRow[], fields: readonly (keyof SalesReportRow)[]) =>
    rows.map((row) => Object.fromEntries(fields.map((field) => [field, row[field]])));

  it('per location: named, with cost and margin from the goods and basket figures from the baskets', async () => {
    const report = await sales('by=day&group=location');

    expect(report.rows).toEqual([
      {
        bucket: '2026-12-01',
        key: store.id,
        label: store.name,
        sales: 3,
        items: 4,
        gross: 1_700,
        discount: 200,
        net: 1_500,
        tax: 300,
        total: 1_800,
        refunds: 1,
        refundedTotal: 240,
        cost: 850,
        margin: 570, // 1500 − 850 − (200 − 120)
        marginBasisPoints: 3_800,
        basketSize: 500,
        itemsPerBasket: 1.33,
      },
      {
        bucket: '2026-12-02',
        key: harbour,
        label: 'Harbour Street',
        sales: 3,
        items: 6,
        gross: 3_000,
        discount: 0,
        net: 3_000,
        tax: 600,
        total: 3_600,
        refunds: 0,
        refundedTotal: 0,
        cost: 1_800,
        margin: 1_200,
        marginBasisPoints: 4_000,
        basketSize: 1_000,
        itemsPerBasket: 2,
      },
    ]);
    expect(report.totals).toMatchObject({
      sales: 6,
      items: 10,
      net: 4_500,
      cost: 2_650,
      margin: 1_770,
      marginBasisPoints: 3_933,
      basketSize: 750,
      itemsPerBasket: 1.67,
    });
    expect(report.previous).toBeNull();
    expect(report.previousRows).toBeNull();
    expect(report.meta.locationIds.sort()).toEqual([store.id, harbour].sort());
  });

  it('per till: the devices’ names; no cost or margin, which are kept per variant and location only', async () => {
    const report = await sales('by=month&group=till');

    const rows = pick(report.rows, ['bucket', 'key', 'label', 'sales', 'net', 'cost', 'margin', 'basketSize']);
    expect(rows.map((row) => row.key)).toEqual([tills.back, tills.front, tills.harbour].sort());
    expect(rows.sort((a, b) => String(a.label).localeCompare(String(b.label)))).toEqual([
      { bucket: '2026-12', key: tills.back, label: 'Back till', sales: 1, net: 500, cost: null, margin: null, basketSize: 500 },
      { bucket: '2026-12', key: tills.front, label: 'Front till', sales: 2, net: 1_000, cost: null, margin: null, basketSize: 500 },
      { bucket: '2026-12', key: tills.harbour, label: 'Harbour till', sales: 3, net: 3_000, cost: null, margin: null, basketSize: 1_000 },
    ]);
    expect(report.totals).toMatchObject({ sales: 6, net: 4_500, cost: null, margin: null });
  });

  it('per cashier: keyed by the cashier id the sales carried', async () => {
    const report = await sales('by=month&group=cashier');

    expect(pick(report.rows, ['key', 'label', 'sales', 'items', 'net'])).toEqual([
      { key: 'cashier-a', label: null, sales: 5, items: 9, net: 4_000 },
      { key: 'cashier-b', label: null, sales: 1, items: 1, net: 500 },
    ]);
  });

  it('per category: named from the catalog, goods without one as "No category"; no basket counts', async () => {
    const report = await sales('by=month&group=category');

    expect(report.rows).toHaveLength(2);
    const byLabel = Object.fromEntries(report.rows.map((row) => [row.label, row]));
    expect(byLabel['Drinks']).toMatchObject({
      key: drinks,
      sales: null,
      items: 9,
      net: 4_000,
      cost: 2_400,
      refundedTotal: 240,
      margin: 1_520,
      basketSize: null,
    });
    expect(byLabel['No category']).toMatchObject({ key: null, items: 1, net: 500, cost: 250, margin: 250, marginBasisPoints: 5_000 });
    expect(report.totals).toMatchObject({ sales: null, items: 10, net: 4_500, cost: 2_650, margin: 1_770, itemsPerBasket: null });
  });

  it('per product: named by product and SKU', async () => {
    const report = await sales('by=day&group=product');

    expect(pick(report.rows, ['bucket', 'key', 'label', 'items', 'net', 'margin'])).toEqual(
      [
        { bucket: '2026-12-01', key: oat.variantId, label: `Oat Milk (${oat.sku})`, items: 3, net: 1_000, margin: 320 },
        { bucket: '2026-12-01', key: rye.variantId, label: `Rye Bread (${rye.sku})`, items: 1, net: 500, margin: 250 },
        { bucket: '2026-12-02', key: oat.variantId, label: `Oat Milk (${oat.sku})`, items: 6, net: 3_000, margin: 1_200 },
      ].sort((a, b) => (a.bucket === b.bucket ? (a.key < b.key ? -1 : 1) : a.bucket < b.bucket ? -1 : 1)),
    );
  });

  it('per tender: payments taken and paid back by method', async () => {
    const report = await sales('by=month&group=tender');

    expect(pick(report.rows, ['key', 'label', 'sales', 'total', 'refunds', 'refundedTotal', 'net'])).toEqual([
      { key: 'card', label: 'card', sales: 4, total: 4_200, refunds: 0, refundedTotal: 0, net: null },
      { key: 'cash', label: 'cash', sales: 2, total: 1_200, refunds: 1, refundedTotal: 240, net: null },
    ]);
    expect(report.totals).toMatchObject({ sales: 6, total: 5_400, refunds: 1, refundedTotal: 240 });
  });

  it('one location only: the rows and totals of that location, and meta says which', async () => {
    const report = await sales(`by=day&locationId=${harbour}`);

    expect(pick(report.rows, ['bucket', 'key', 'sales', 'net', 'cost'])).toEqual([
      { bucket: '2026-12-02', key: null, sales: 3, net: 3_000, cost: 1_800 },
    ]);
    expect(report.meta.locationIds).toEqual([harbour]);
  });

  it('compare=previous adds the two days before, their rows and totals', async () => {
    const report = await sales('by=day&compare=previous');

    expect(report.previous).toMatchObject({ sales: 4, net: 2_000, cost: 1_000, margin: 1_000, marginBasisPoints: 5_000, basketSize: 500 });
    expect(pick(report.previousRows!, ['bucket', 'sales', 'net'])).toEqual([{ bucket: '2026-11-29', sales: 4, net: 2_000 }]);
    expect(report.totals).toMatchObject({ sales: 6, net: 4_500 });
  });

  it('counted by when sales arrived: the arrived rows, without cost (goods are kept by when they happened)', async () => {
    await seedRollup(kit, 'basket_hours', [
      {
        basis: 'arrived',
        location_id: harbour,
        device_id: tills.harbour,
        cashier_id: 'cashier-a',
        hour: '2026-12-02T15:00:00Z',
        sales: 1,
        items: 2,
        net: 800,
        total: 960,
        late_sales: 1,
      },
    ]);

    const report = await sales('by=day&basis=arrived&group=location');

    expect(pick(report.rows, ['bucket', 'key', 'sales', 'net', 'cost', 'margin'])).toEqual([
      { bucket: '2026-12-02', key: harbour, sales: 1, net: 800, cost: null, margin: null },
    ]);
    expect(report.meta.basis).toBe('arrived');
  });
});
