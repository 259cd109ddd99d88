import { setTimeout as sleep } from 'node:timers/promises';
import { type TestKernel, type TestTenant } from '@kits/kernel/test-kit';
import { documentedList, walkPages } from '@kits/plugin-sdk/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DATABASE_KINDS,
  makeOrder,
  makeSupplier,
  makeVariant,
  purchasingKit,
  setSupplierItem,
  type Order as MadeOrder,
} from './support.ts';

type Supplier = { id: string; name: string; status: string; email: string | null; updatedAt: string };
type OrderSummary = {
  id: string;
  number: string;
  status: string;
  supplierId: string;
  locationId: string;
  createdAt: string;
  updatedAt: string;
};
type Problem = { code: string; errors?: Array<{ field: string }> };
type Order = MadeOrder & { locationId: string; createdAt: string };

const SUPPLIERS = '/api/v1/purchasing/suppliers';
const ORDERS = '/api/v1/purchasing/purchase-orders';

describe.each(DATABASE_KINDS)('supplier and purchase order lists on %s', (db) => {
  let kit: TestKernel;
  let other: TestTenant;
  const suppliers: Supplier[] = [];
  /** Every order made, oldest first. */
  const orders: Order[] = [];
  let warehouse: string;
  let firstOrderOfSecondBatch: Order;
  let theirSupplier: Supplier;

  const order = (...args: Parameters<typeof makeOrder>) => makeOrder(...args) as Promise<Order>;

  const supplier = (name: string, body: Record<string, unknown> = {}) => makeSupplier(kit, { name, ...body }) as Promise<Supplier>;

  beforeAll(async () => {
    kit = await purchasingKit(db);
    const names = ['Mill & Co', 'Bakers Supply', 'Oat Farm', 'Dairy North', 'Citrus Grove', 'Nut House', 'Egg Barn'];
    for (const name of names) suppliers.push(await supplier(name, { email: `orders@${name.split(' ')[0]!.toLowerCase()}.example` }));
    // Egg Barn is archived: lists leave it out unless asked.
    const egg = suppliers[6]!;
    const archived = await kit.request<Supplier>('PUT', `${SUPPLIERS}/${egg.id}`, {
      body: { name: egg.name, currency: 'EUR', status: 'archived' },
    });
    expect(archived.status).toBe(200);
    suppliers[6] = archived.body;

    warehouse = (
      await kit.request<{ id: string }>('POST', '/api/v1/tenants/current/locations', { body: { name: 'Depot', kind: 'warehouse' } })
    ).body.id;
    const flour = await makeVariant(kit, 'Rye Flour 1kg');
    for (const s of suppliers.slice(0, 2)) await setSupplierItem(kit, s.id, flour.id, { packSize: 10, cost: 90 });
    const [mill, bakers] = suppliers;
    for (let n = 0; n < 3; n++) orders.push(await order(kit, mill!.id, [{ variantId: flour.id, packs: 1 + n }], { draft: n === 0 }));
    await sleep(10);
    firstOrderOfSecondBatch = await order(kit, bakers!.id, [{ variantId: flour.id, packs: 2 }], { locationId: warehouse });
    orders.push(firstOrderOfSecondBatch);
    orders.push(await order(kit, bakers!.id, [{ variantId: flour.id, packs: 3 }], { draft: true }));
    orders.push(await order(kit, mill!.id, [{ variantId: flour.id, packs: 4 }], { locationId: warehouse }));

    other = await kit.createTenant();
    theirSupplier = (
      await kit.request<Supplier>('POST', SUPPLIERS, { token: other.admin.token, body: { name: 'Mill & Co', currency: 'EUR' } })
    ).body;
  });
  afterAll(async () => kit?.close());

  const byName = (list: readonly Supplier[]) => [...list].sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase()));
  const activeSuppliers = () => suppliers.filter((s) => s.status === 'active');
  const newestFirst = (list: readonly Order[]) => [...list].reverse().map((o) => o.id);

  it('walks every supplier once, by name, a page at a time; one added between pages is seen once if it sorts after the cursor', async () => {
    const { items, pages } = await walkPages<Supplier>(kit, `${SUPPLIERS}?limit=2`, {
      between: async (pagesRead) => {
        if (pagesRead === 1) {
          suppliers.push(await supplier('Aardvark Foods'));
          suppliers.push(await supplier('Zest Imports'));
        }
      },
    });
    const before = activeSuppliers().filter((s) => s.name !== 'Aardvark Foods');
    expect(items.map((s) => s.name)).toEqual(byName(before).map((s) => s.name));
    expect(new Set(items.map((s) => s.id)).size).toBe(items.length);
    expect(pages.map((page) => page.length)).toEqual([2, 2, 2, 1]);
    expect((await walkPages<Supplier>(kit, `${SUPPLIERS}?limit=2`)).items[0]!.name).toBe('Aardvark Foods');
  });

  it('filters suppliers by text, archived, status and change time', async () => {
    const names = async (query: string) => (await walkPages<Supplier>(kit, `${SUPPLIERS}?limit=2&${query}`)).items.map((s) => s.name);
    expect(await names('q=mill')).toEqual(['Mill & Co']);
    expect(await names('q=%26')).toEqual(['Mill & Co']);
    expect(await names('q=orders%40dairy')).toEqual(['Dairy North']);
    expect(await names('q=egg')).toEqual([]);
    expect(await names('q=egg&archived=true')).toEqual(['Egg Barn']);
    expect(await names('status=archived')).toEqual(['Egg Barn']);
    expect((await names('archived=true')).length).toBe(suppliers.length);

    const everyone = await walkPages<Supplier>(kit, `${SUPPLIERS}?limit=200&archived=true`);
    const since = new Date(Math.max(...everyone.items.map((s) => Date.parse(s.updatedAt))) + 1).toISOString();
    await sleep(5);
    expect(await names(`updatedSince=${since}`)).toEqual([]);
    const nut = suppliers.find((s) => s.name === 'Nut House')!;
    expect(
      (await kit.request('PUT', `${SUPPLIERS}/${nut.id}`, { body: { name: 'Nut House', currency: 'EUR', leadTimeDays: 3 } })).status,
    ).toBe(200);
    expect(await names(`updatedSince=${since}`)).toEqual(['Nut House']);
  });

  it('walks every purchase order once, newest first; one made between pages comes before the first page, so it is not handed out', async () => {
    const before = [...orders];
    const { items, pages } = await walkPages<OrderSummary>(kit, `${ORDERS}?limit=4`, {
      between: async (pagesRead) => {
        if (pagesRead === 1) orders.push(await order(kit, suppliers[0]!.id, [{ variantId: before[0]!.lines[0]!.variantId, packs: 9 }]));
      },
    });
    expect(items.map((o) => o.id)).toEqual(newestFirst(before));
    expect(pages.map((page) => page.length)).toEqual([4, 2]);
    expect((await walkPages<OrderSummary>(kit, ORDERS)).items.map((o) => o.id)).toEqual(newestFirst(orders));
  });

  it('filters purchase orders by status, supplier, location, and time created or changed', async () => {
    const ids = async (query: string) => (await walkPages<OrderSummary>(kit, `${ORDERS}?limit=2&${query}`)).items.map((o) => o.id);
    const where = (keep: (order: Order) => boolean) => newestFirst(orders.filter(keep));
    const [mill, bakers] = suppliers;
    expect(await ids('status=draft')).toEqual(where((o) => o.status === 'draft'));
    expect(await ids(`supplierId=${bakers!.id}`)).toEqual(where((o) => o.supplierName === bakers!.name));
    expect(await ids(`supplierId=${mill!.id}&status=sent`)).toEqual(where((o) => o.supplierName === mill!.name && o.status === 'sent'));
    expect(await ids(`locationId=${warehouse}`)).toEqual(where((o) => o.locationId === warehouse));
    const second = orders.indexOf(firstOrderOfSecondBatch);
    expect(await ids(`createdSince=${encodeURIComponent(firstOrderOfSecondBatch.createdAt)}`)).toEqual(newestFirst(orders.slice(second)));

    const listed = await walkPages<OrderSummary>(kit, `${ORDERS}?limit=200`);
    const since = new Date(Math.max(...listed.items.map((o) => Date.parse(o.updatedAt))) + 1).toISOString();
    await sleep(5);
    const cancelled = await kit.request('POST', `${ORDERS}/${orders[0]!.id}/cancel`);
    expect(cancelled.status).toBe(200);
    expect(await ids(`updatedSince=${since}`)).toEqual([orders[0]!.id]);
  });

  it("another tenant's suppliers and orders never appear", async () => {
    const theirSuppliers = await walkPages<Supplier>(kit, `${SUPPLIERS}?archived=true`, { token: other.admin.token });
    const theirOrders = await walkPages<OrderSummary>(kit, ORDERS, { token: other.admin.token });
    expect([theirSuppliers.items.map((s) => s.id), theirOrders.items]).toEqual([[theirSupplier.id], []]);
    const mine = (await walkPages<Supplier>(kit, `${SUPPLIERS}?archived=true&q=mill`)).items;
    expect(mine.map((s) => s.id)).toEqual([suppliers[0]!.id]);
  });

  it.each([
    [SUPPLIERS, 'limit=0', 'querystring.limit'],
    [SUPPLIERS, 'limit=201', 'querystring.limit'],
    [SUPPLIERS, 'limit=abc', 'querystring.limit'],
    [SUPPLIERS, 'updatedSince=last-week', 'querystring.updatedSince'],
    [SUPPLIERS, 'status=deleted', 'querystring.status'],
    [ORDERS, 'limit=0', 'querystring.limit'],
    [ORDERS, 'limit=201', 'querystring.limit'],
    [ORDERS, 'limit=abc', 'querystring.limit'],
    [ORDERS, 'createdSince=2026-11-31T00:00:00Z', 'querystring.createdSince'],
    [ORDERS, 'updatedSince=now', 'querystring.updatedSince'],
    [ORDERS, 'status=lost', 'querystring.status'],
    [ORDERS, 'locationId=depot', 'querystring.locationId'],
  ])('%s?%s is a 400 problem naming %s', async (list, query, field) => {
    const response = await kit.request<Problem>('GET', `${list}?${query}`);
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body.code).toBe('request.invalid');
    expect(response.body.errors!.map((e) => e.field)).toContain(field);
  });

  it.each([SUPPLIERS, ORDERS])('a cursor %s did not hand out is a 400 pagination.bad_cursor', async (list) => {
    // An order id as the order list's cursors used to be: cursors are opaque now.
    for (const cursor of ['%%%', orders[0]!.id, Buffer.from(JSON.stringify({ id: orders[0]!.id })).toString('base64url')]) {
      const response = await kit.request<Problem>('GET', `${list}?cursor=${encodeURIComponent(cursor)}`);
      expect([response.status, response.body.code]).toEqual([400, 'pagination.bad_cursor']);
      expect(response.body.errors!.map((e) => e.field)).toEqual(['querystring.cursor']);
    }
  });

  it('the OpenAPI document shows both lists with limit, cursor and the page they answer', async () => {
    for (const [path, filters] of [
      [SUPPLIERS, ['q', 'archived', 'status', 'updatedSince']],
      [ORDERS, ['status', 'supplierId', 'locationId', 'createdSince', 'updatedSince']],
    ] as const) {
      const { parameters, page } = await documentedList(kit, path);
      expect(parameters.limit).toMatchObject({ in: 'query', required: false, schema: { minimum: 1, maximum: 200, default: 50 } });
      expect(parameters.cursor).toMatchObject({ in: 'query', required: false, schema: { type: 'string' } });
      for (const filter of filters) expect(parameters[filter], `${path} ${filter}`).toMatchObject({ in: 'query', required: false });
      expect(page).toMatchObject({
        title: 'Page',
        properties: { items: { type: 'array' }, nextCursor: { anyOf: [{ type: 'string' }, { type: 'null' }] } },
      });
    }
  });
});
