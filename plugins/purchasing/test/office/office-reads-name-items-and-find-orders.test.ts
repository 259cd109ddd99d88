import { type TestKernel } from '@kits/kernel/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  footprint,
  makeOrder,
  makeSupplier,
  makeVariant,
  purchasingKit,
  setSupplierItem,
  type MadeVariant,
  type Order,
} from '../support.ts';

// What the back office's pages read that the API did not say before: a supplier's items by name,
// and orders found by the text a person types in the search box (a number, a supplier's name).
type Supplier = { id: string; name: string; items: Array<{ variantId: string; sku: string; name: string; packSize: number }> };
type Problem = { code: string; errors?: Array<{ field: string; message: string }> };
type OrderPage = { items: Array<{ id: string; number: string; supplierName: string }>; nextCursor: string | null };

const SUPPLIERS = '/api/v1/purchasing/suppliers';
const ORDERS = '/api/v1/purchasing/purchase-orders';

describe('the office reads of purchasing on postgres', () => {
  let kit: TestKernel;
  let flour: MadeVariant;
  let sugar: MadeVariant;
  let mill: { id: string; name: string };
  let farm: { id: string; name: string };
  const orders: Order[] = [];

  beforeAll(async () => {
    kit = await purchasingKit('postgres');
    flour = await makeVariant(kit, 'Rye Flour 1kg');
    sugar = await makeVariant(kit, 'Cane Sugar 500g');
    mill = await makeSupplier(kit, { name: 'Northern Mill 50%' });
    farm = await makeSupplier(kit, { name: 'Sugar Farm' });
    await setSupplierItem(kit, mill.id, flour.id, { packSize: 10, cost: 90, supplierSku: 'NM-RYE' });
    await setSupplierItem(kit, farm.id, sugar.id, { packSize: 12, cost: 40 });
    for (let n = 0; n < 12; n++) orders.push(await makeOrder(kit, mill.id, [{ variantId: flour.id, packs: 1 }], { draft: true }));
    orders.push(await makeOrder(kit, farm.id, [{ variantId: sugar.id, packs: 2 }]));
  });
  afterAll(async () => kit?.close());

  it("names each of a supplier's items with the catalog's name and SKU", async () => {
    const read = await kit.request<Supplier>('GET', `${SUPPLIERS}/${mill.id}`);
    expect(read.status).toBe(200);
    expect(read.body.items).toEqual([
      expect.objectContaining({ variantId: flour.id, sku: flour.sku, name: 'Rye Flour 1kg', packSize: 10 }),
    ]);

    // Saving the supplier answers the same named items.
    const saved = await kit.request<Supplier>('PUT', `${SUPPLIERS}/${mill.id}`, { body: { name: mill.name, currency: 'EUR' } });
    expect(saved.status).toBe(200);
    expect(saved.body.items.map((i) => i.name)).toEqual(['Rye Flour 1kg']);
  });

  it('finds orders by their number, with or without the prefix, in any case', async () => {
    const tenth = orders[9]!; // PO-000010
    const byNumber = await kit.request<OrderPage>('GET', `${ORDERS}?q=${encodeURIComponent(tenth.number.toLowerCase())}`);
    expect(byNumber.status).toBe(200);
    expect(byNumber.body.items.map((o) => o.id)).toEqual([tenth.id]);

    // "1" is in PO-000001, PO-000010, PO-000011, PO-000012 and PO-000013 (newest first).
    const byDigits = await kit.request<OrderPage>('GET', `${ORDERS}?q=1`);
    const expected = orders
      .filter((o) => o.number.includes('1'))
      .map((o) => o.id)
      .reverse();
    expect(byDigits.body.items.map((o) => o.id)).toEqual(expected);
  });

  it("finds orders by the supplier's name; % typed is a letter, not a wildcard", async () => {
    const bySupplier = await kit.request<OrderPage>('GET', `${ORDERS}?q=${encodeURIComponent('sugar f')}`);
    expect(bySupplier.body.items.map((o) => o.supplierName)).toEqual(['Sugar Farm']);

    const percent = await kit.request<OrderPage>('GET', `${ORDERS}?q=${encodeURIComponent('50%')}&limit=50`);
    expect(percent.body.items).toHaveLength(12);
    expect(new Set(percent.body.items.map((o) => o.supplierName))).toEqual(new Set([mill.name]));

    const nothing = await kit.request<OrderPage>('GET', `${ORDERS}?q=${encodeURIComponent('5_%')}`);
    expect(nothing.body.items).toEqual([]);
  });

  it('pages through what the text finds with the cursor', async () => {
    const first = await kit.request<OrderPage>('GET', `${ORDERS}?q=mill&limit=5`);
    expect(first.body.items).toHaveLength(5);
    const second = await kit.request<OrderPage>('GET', `${ORDERS}?q=mill&limit=50&cursor=${encodeURIComponent(first.body.nextCursor!)}`);
    expect([...first.body.items, ...second.body.items].map((o) => o.id)).toEqual(
      orders
        .slice(0, 12)
        .map((o) => o.id)
        .reverse(),
    );
    expect(second.body.nextCursor).toBeNull();
  });

  it('answers bad search text with 400 naming the field, and writes nothing', async () => {
    const before = await footprint(kit);
    for (const q of ['', 'x'.repeat(41)]) {
      const bad = await kit.request<Problem>('GET', `${ORDERS}?q=${encodeURIComponent(q)}`);
      expect(bad.status).toBe(400);
      expect(bad.headers['content-type']).toContain('application/problem+json');
      expect(bad.body.code).toBe('request.invalid');
      expect(bad.body.errors?.map((e) => e.field)).toContain('querystring.q');
    }
    expect(await footprint(kit)).toEqual(before);
  });

  it('answers an unknown supplier with 404 and changes nothing', async () => {
    const before = await footprint(kit);
    const missing = await kit.request<Problem>('GET', `${SUPPLIERS}/0193a000-0000-7000-8000-000000000000`);
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('purchasing.unknown_supplier');
    expect(await footprint(kit)).toEqual(before);
  });
});
