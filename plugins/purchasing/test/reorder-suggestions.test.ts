import type { TestKernel } from '@kits/kernel/test-kit';
import { eventually } from '@kits/plugin-sdk/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS, makeSupplier, makeVariant, purchasingKit, setSupplierItem, type Order } from './support.ts';

type Suggestion = {
  variantId: string;
  locationId: string;
  basis: string;
  available: number;
  onOrder: number;
  sold: number;
  packs: number;
  quantity: number;
  supplierId: string | null;
  supplierName: string | null;
};

describe.each(DATABASE_KINDS)('reorder suggestions on %s', (db) => {
  let kit: TestKernel;
  beforeAll(async () => {
    kit = await purchasingKit(db, { withSales: true });
  });
  afterAll(async () => kit?.close());

  const stock = (variantId: string, quantity: number) =>
    kit.request('POST', '/api/v1/core-inventory/stock/receive', {
      body: { locationId: kit.tenant.locationId, lines: [{ variantId, quantity }] },
    });
  const reorderAt = (variantId: string, reorderPoint: number, reorderMax: number | null) =>
    kit.request('PUT', '/api/v1/core-inventory/stock/reorder', {
      body: { locationId: kit.tenant.locationId, variantId, reorderPoint, reorderMax },
    });
  const suggestions = async () =>
    (await kit.request<{ items: Suggestion[] }>('GET', `/api/v1/purchasing/reorder-suggestions?locationId=${kit.tenant.locationId}`)).body
      .items;

  it('from reorder point and maximum, in supplier packs, and then as drafts grouped by supplier for review', async () => {
    const milk = await makeVariant(kit, 'Oat Milk 1L');
    const bars = await makeVariant(kit, 'Granola Bar');
    const tea = await makeVariant(kit, 'Green Tea');
    const oats = await makeSupplier(kit, { name: 'Oat Co' });
    const snacks = await makeSupplier(kit, { name: 'Snack Co' });
    const pricey = await makeSupplier(kit, { name: 'Pricey Co' });
    await setSupplierItem(kit, oats.id, milk.id, { packSize: 12, cost: 95 });
    await setSupplierItem(kit, pricey.id, milk.id, { packSize: 6, cost: 120 });
    await setSupplierItem(kit, snacks.id, bars.id, { packSize: 24, cost: 40 });
    await setSupplierItem(kit, snacks.id, tea.id, { packSize: 10, cost: 210 });
    await stock(milk.id, 4);
    await stock(bars.id, 30);
    await stock(tea.id, 2);
    await reorderAt(milk.id, 5, 30); // 4 ≤ 5: up to 30 → 26 → 3 packs of 12 (cheapest supplier)
    await reorderAt(bars.id, 10, 50); // 30 > 10: nothing
    await reorderAt(tea.id, 3, null); // 2 ≤ 3, no max: up to 3 → 1 → 1 pack of 10

    const found = (await suggestions()).filter((s) => [milk.id, bars.id, tea.id].includes(s.variantId));
    expect(found.map((s) => [s.variantId, s.basis, s.packs, s.quantity, s.supplierName])).toEqual(
      expect.arrayContaining([
        [milk.id, 'reorder-point', 3, 36, 'Oat Co'],
        [tea.id, 'reorder-point', 1, 10, 'Snack Co'],
      ]),
    );
    expect(found).toHaveLength(2);

    const drafted = await kit.request<{ items: Order[] }>('POST', '/api/v1/purchasing/reorder-suggestions/drafts', {
      body: { locationId: kit.tenant.locationId },
    });
    expect(drafted.status).toBe(201);
    const mine = drafted.body.items.filter((o) => ['Oat Co', 'Snack Co'].includes(o.supplierName));
    expect(mine.map((o) => [o.supplierName, o.status, o.lines.map((l) => [l.variantId, l.packs, l.orderedQuantity])]).sort()).toEqual([
      ['Oat Co', 'draft', [[milk.id, 3, 36]]],
      ['Snack Co', 'draft', [[tea.id, 1, 10]]],
    ]);
    // What is on order counts: drafted once, not suggested again.
    expect((await suggestions()).filter((s) => [milk.id, tea.id].includes(s.variantId))).toEqual([]);
  });

  it('from sales velocity over the window and the supplier’s lead time, for variants without a reorder point', async () => {
    const beans = await makeVariant(kit, 'Espresso Beans');
    const supplier = await makeSupplier(kit, { name: 'Roastery', leadTimeDays: 7 });
    await setSupplierItem(kit, supplier.id, beans.id, { packSize: 5, cost: 1200 });
    await stock(beans.id, 60);
    const till = await kit.signInTill({ permissions: ['core-sales:checkout', 'core-sales:shift'] });
    await kit.request('POST', '/api/v1/core-sales/shifts', { token: till.token, body: { openingFloat: 0 } });
    const sold = await kit.request('POST', '/api/v1/core-sales/sales', {
      token: till.token,
      body: { lines: [{ variantId: beans.id, quantity: 56 }], tenders: [{ method: 'cash', amount: 56 * 500 }] },
    });
    expect(sold.status).toBe(201);
    // 56 sold in 28 days = 2 a day; 4 left ≤ 2 × 7 days of lead time → up to 2 × (7 + 14) = 42: 38 short, 8 packs of 5.
    const suggestion = (await suggestions()).find((s) => s.variantId === beans.id);
    expect(suggestion).toMatchObject({
      basis: 'velocity',
      available: 4,
      sold: 56,
      onOrder: 0,
      packs: 8,
      quantity: 40,
      supplierName: 'Roastery',
    });
  });

  it('a variant no supplier sells is suggested without a supplier and not drafted', async () => {
    const orphan = await makeVariant(kit, 'Handmade Candle');
    await stock(orphan.id, 1);
    await reorderAt(orphan.id, 2, 8);
    const suggestion = (await suggestions()).find((s) => s.variantId === orphan.id);
    expect(suggestion).toMatchObject({ supplierId: null, quantity: 7 });
    const drafted = await kit.request<{ items: Order[] }>('POST', '/api/v1/purchasing/reorder-suggestions/drafts', { body: {} });
    expect(drafted.body.items.flatMap((o) => o.lines).some((l) => l.variantId === orphan.id)).toBe(false);
  });
});

describe('the reorder job', () => {
  let kit: TestKernel;
  beforeAll(async () => {
    kit = await purchasingKit('postgres', { settings: { autoReorderEveryMinutes: 60 } });
  });
  afterAll(async () => kit?.close());

  it('drafts purchase orders from suggestions on its schedule, once per interval, for a person to send', async () => {
    const milk = await makeVariant(kit, 'Oat Milk 1L');
    const supplier = await makeSupplier(kit, { name: 'Oat Co' });
    await setSupplierItem(kit, supplier.id, milk.id, { packSize: 12, cost: 95 });
    await kit.request('POST', '/api/v1/core-inventory/stock/receive', {
      body: { locationId: kit.tenant.locationId, lines: [{ variantId: milk.id, quantity: 2 }] },
    });
    await kit.request('PUT', '/api/v1/core-inventory/stock/reorder', {
      body: { locationId: kit.tenant.locationId, variantId: milk.id, reorderPoint: 5, reorderMax: 24 },
    });
    const drafts = async () =>
      (
        await kit.request<{ items: Array<{ id: string; status: string; origin: string }> }>(
          'GET',
          '/api/v1/purchasing/purchase-orders?status=draft',
        )
      ).body.items;
    const [draft] = await eventually(drafts, (found) => found.length > 0, 45_000);
    expect(draft).toMatchObject({ status: 'draft', origin: 'reorder' });
    const order = await kit.request<Order>('GET', `/api/v1/purchasing/purchase-orders/${draft!.id}`);
    expect(order.body.lines).toMatchObject([{ variantId: milk.id, packs: 2, orderedQuantity: 24 }]);
    // The person rejects the draft: the need is back, but the job's hour has not passed — no new draft.
    expect((await kit.request('POST', `/api/v1/purchasing/purchase-orders/${draft!.id}/cancel`)).status).toBe(200);
    const suggested = await kit.request<{ items: Array<{ variantId: string }> }>('GET', '/api/v1/purchasing/reorder-suggestions');
    expect(suggested.body.items.map((s) => s.variantId)).toEqual([milk.id]);
    await new Promise((resolve) => setTimeout(resolve, 16_000));
    expect(await drafts()).toEqual([]);
  }, 90_000);
});
