import { setTimeout as sleep } from 'node:timers/promises';
import { type TestKernel, type TestTill } from '@kits/kernel/test-kit';
import { documentedList, walkPages } from '@kits/plugin-sdk/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASHIER, salesKit, stockedVariant, tillWithShift } from './support/kits.ts';

type SaleSummary = {
  id: string;
  receiptNumber: number | null;
  status: string;
  deviceId: string;
  locationId: string;
  cashierId: string;
  occurredAt: string;
};
type Customer = { id: string; name: string; archived: boolean; updatedAt: string };
type Problem = { code: string; errors?: Array<{ field: string }> };

const SALES = '/api/v1/core-sales/sales';
const CUSTOMERS = '/api/v1/core-sales/customers';

describe.each(['pglite', 'postgres'] as const)('sale and customer lists on %s', (db) => {
  let kit: TestKernel;
  let tillA: TestTill;
  let tillB: TestTill;
  let tillC: TestTill;
  let item: string;
  /** Every sale made, oldest first. */
  const sales: SaleSummary[] = [];
  let secondLocation: string;
  let groupBFrom: string;

  const sell = async (till: TestTill): Promise<SaleSummary> => {
    const sale = await kit.request<SaleSummary>('POST', SALES, {
      token: till.token,
      body: { lines: [{ variantId: item, quantity: 1 }], tenders: [{ method: 'cash', amount: 100 }] },
    });
    expect(sale.status).toBe(201);
    sales.push(sale.body);
    return sale.body;
  };

  beforeAll(async () => {
    kit = await salesKit(db);
    item = await stockedVariant(kit, 100, 100);
    tillA = await tillWithShift(kit);
    tillB = await tillWithShift(kit);
    secondLocation = (
      await kit.request<{ id: string }>('POST', '/api/v1/tenants/current/locations', { body: { name: 'Harbour Kiosk', kind: 'store' } })
    ).body.id;
    await kit.request('POST', '/api/v1/core-inventory/stock/receive', {
      body: { locationId: secondLocation, lines: [{ variantId: item, quantity: 10 }] },
    });
    tillC = await kit.signInTill({ locationId: secondLocation, permissions: CASHIER });
    expect((await kit.request('POST', '/api/v1/core-sales/shifts', { token: tillC.token, body: { openingFloat: 0 } })).status).toBe(201);

    for (let n = 0; n < 4; n++) await sell(tillA);
    await sleep(10);
    groupBFrom = (await sell(tillB)).occurredAt;
    await sell(tillB);
    await sell(tillC);
    const parked = await kit.request<SaleSummary>('POST', '/api/v1/core-sales/parked', {
      token: tillB.token,
      body: { lines: [{ variantId: item, quantity: 1 }] },
    });
    expect(parked.status).toBe(201);
    sales.push({ ...parked.body, status: 'parked' });
    const voided = await kit.request<SaleSummary>('POST', '/api/v1/core-sales/parked', {
      token: tillA.token,
      body: { lines: [{ variantId: item, quantity: 1 }] },
    });
    expect((await kit.request('DELETE', `/api/v1/core-sales/parked/${voided.body.id}`, { token: tillA.token })).status).toBe(200);
    sales.push({ ...voided.body, status: 'voided' });
  });
  afterAll(async () => kit?.close());

  const newestFirst = (list: readonly SaleSummary[]) => [...list].reverse().map((s) => s.id);

  it('walks every sale exactly once, newest first, a page at a time', async () => {
    const { items, pages } = await walkPages<SaleSummary>(kit, `${SALES}?limit=3`);
    expect(items.map((s) => s.id)).toEqual(newestFirst(sales));
    expect(pages.map((page) => page.length)).toEqual([3, 3, 3]);
    expect(items.find((s) => s.id === sales[0]!.id)).toMatchObject({
      receiptNumber: 1,
      status: 'completed',
      deviceId: tillA.deviceId,
      locationId: kit.tenant.locationId,
      cashierId: tillA.cashierId,
    });
    expect(items[0]).toMatchObject({ status: 'voided', receiptNumber: null });
  });

  it('a sale made between pages is not handed out twice, and no earlier sale is skipped', async () => {
    const before = [...sales];
    let added: SaleSummary | undefined;
    const { items } = await walkPages<SaleSummary>(kit, `${SALES}?limit=2`, {
      between: async (pagesRead) => {
        if (pagesRead === 1) added = await sell(tillA);
      },
    });
    // Newest first: the new sale lies before the first page, so this walk does not reach it; the next does.
    expect(items.map((s) => s.id)).toEqual(newestFirst(before));
    expect((await walkPages<SaleSummary>(kit, `${SALES}?limit=2`)).items[0]!.id).toBe(added!.id);
  });

  it('filters by till, cashier, location, status, date and receipt number', async () => {
    const ids = async (query: string) => (await walkPages<SaleSummary>(kit, `${SALES}?limit=2&${query}`)).items.map((s) => s.id);
    const where = (keep: (sale: SaleSummary) => boolean) => newestFirst(sales.filter(keep));
    expect(await ids(`deviceId=${tillB.deviceId}`)).toEqual(where((s) => s.deviceId === tillB.deviceId));
    expect(await ids(`cashierId=${tillC.cashierId}`)).toEqual(where((s) => s.deviceId === tillC.deviceId));
    expect(await ids(`locationId=${secondLocation}`)).toEqual(where((s) => s.locationId === secondLocation));
    expect((await ids(`locationId=${kit.tenant.locationId}`)).length).toBe(sales.length - 1);
    expect(await ids('status=parked')).toEqual(where((s) => s.status === 'parked'));
    expect(await ids('status=voided')).toEqual(where((s) => s.status === 'voided'));
    const sinceB = encodeURIComponent(groupBFrom);
    expect(await ids(`to=${sinceB}`)).toEqual(newestFirst(sales.slice(0, 4)));
    expect(await ids(`from=${sinceB}&status=completed&deviceId=${tillB.deviceId}`)).toEqual(newestFirst(sales.slice(4, 6)));
    expect(await ids(`from=${sinceB}&to=${sinceB}`)).toEqual([]);
    // Receipt 1 of each till (the receipt a customer holds names no till).
    expect(await ids('receiptNumber=1')).toEqual(where((s) => s.receiptNumber === 1));
  });

  it('listing sales is a report; a till finding a receipt by its number needs no more than it had', async () => {
    const listed = await kit.request<Problem>('GET', SALES, { token: tillC.token });
    expect([listed.status, listed.body.code]).toEqual([403, 'auth.forbidden']);
    const receipt = await kit.request<{ items: SaleSummary[] }>('GET', `${SALES}?receiptNumber=1`, { token: tillC.token });
    expect(receipt.status).toBe(200);
    // The till's own location unless it names another.
    expect(receipt.body.items.map((s) => s.deviceId)).toEqual([tillC.deviceId]);
  });

  it('customers page by name; one added before the cursor is not handed out, one after it is, none twice', async () => {
    const add = async (name: string) => {
      const created = await kit.request<Customer>('POST', CUSTOMERS, { body: { name } });
      expect(created.status).toBe(201);
      return created.body;
    };
    const names = ['Hedy Lamarr', 'Ada Lovelace', 'Grace Hopper', 'Katherine Johnson', 'Alan Turing', 'Edsger Dijkstra', 'Barbara Liskov'];
    for (const name of names) await add(name);
    const { items, pages } = await walkPages<Customer>(kit, `${CUSTOMERS}?limit=3`, {
      between: async (pagesRead) => {
        if (pagesRead === 1) {
          await add('Aaron Swartz');
          await add('Yukihiro Matsumoto');
        }
      },
    });
    expect(items.map((c) => c.name)).toEqual([...[...names].sort(), 'Yukihiro Matsumoto']);
    expect(pages.map((page) => page.length)).toEqual([3, 3, 2]);
    expect((await walkPages<Customer>(kit, `${CUSTOMERS}?limit=3`)).items[0]!.name).toBe('Aaron Swartz');
  });

  it('customers filter by text, archived and change time', async () => {
    const names = async (query: string) => (await walkPages<Customer>(kit, `${CUSTOMERS}?limit=2&${query}`)).items.map((c) => c.name);
    expect(await names('q=a')).toEqual(['Aaron Swartz', 'Ada Lovelace', 'Alan Turing']);
    expect(await names('q=hop')).toEqual(['Grace Hopper']);
    const everyone = await walkPages<Customer>(kit, `${CUSTOMERS}?limit=200&archived=true`);
    const since = new Date(Math.max(...everyone.items.map((c) => Date.parse(c.updatedAt))) + 1).toISOString();
    await sleep(5);
    expect(await names(`updatedSince=${since}`)).toEqual([]);
    const grace = everyone.items.find((c) => c.name === 'Grace Hopper')!;
    const archived = await kit.request<Customer>('PATCH', `${CUSTOMERS}/${grace.id}`, { body: { archived: true } });
    expect(archived.status).toBe(200);
    const alan = everyone.items.find((c) => c.name === 'Alan Turing')!;
    expect((await kit.request('PATCH', `${CUSTOMERS}/${alan.id}`, { body: { note: 'prefers paper' } })).status).toBe(200);
    expect(await names(`updatedSince=${since}`)).toEqual(['Alan Turing']);
    expect(await names(`updatedSince=${since}&archived=true`)).toEqual(['Alan Turing', 'Grace Hopper']);
    expect(await names('q=hop')).toEqual([]);
  });

  it("another tenant's sales and customers never appear", async () => {
    const other = await kit.createTenant();
    const theirSales = await walkPages<SaleSummary>(kit, `${SALES}?limit=2`, { token: other.admin.token });
    expect(theirSales.items).toEqual([]);
    expect((await walkPages<Customer>(kit, `${CUSTOMERS}?archived=true`, { token: other.admin.token })).items).toEqual([]);
    const theirs = await kit.request<Customer>('POST', CUSTOMERS, { token: other.admin.token, body: { name: 'Ada Lovelace' } });
    const mine = await walkPages<Customer>(kit, `${CUSTOMERS}?archived=true&q=ada`);
    expect(mine.items.map((c) => c.id)).not.toContain(theirs.body.id);
    expect(mine.items).toHaveLength(1);
  });

  it.each([
    [SALES, 'limit=0', 'querystring.limit'],
    [SALES, 'limit=201', 'querystring.limit'],
    [SALES, 'limit=abc', 'querystring.limit'],
    [SALES, 'from=yesterday', 'querystring.from'],
    [SALES, 'to=2026-13-01T00:00:00Z', 'querystring.to'],
    [SALES, 'status=refunded', 'querystring.status'],
    [SALES, 'deviceId=till-1', 'querystring.deviceId'],
    [CUSTOMERS, 'limit=0', 'querystring.limit'],
    [CUSTOMERS, 'limit=201', 'querystring.limit'],
    [CUSTOMERS, 'limit=abc', 'querystring.limit'],
    [CUSTOMERS, 'updatedSince=2026-11-26', 'querystring.updatedSince'],
    [CUSTOMERS, 'archived=sometimes', 'querystring.archived'],
  ])('%s?%s is a 400 problem naming %s', async (list, query, field) => {
    const response = await kit.request<Problem>('GET', `${list}?${query}`);
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body.code).toBe('request.invalid');
    expect(response.body.errors!.map((e) => e.field)).toContain(field);
  });

  it.each([SALES, CUSTOMERS])('a cursor %s did not hand out is a 400 pagination.bad_cursor', async (list) => {
    const otherShape = Buffer.from(JSON.stringify([1, 2, 3])).toString('base64url');
    for (const cursor of ['garbage!', otherShape, Buffer.from('[').toString('base64url')]) {
      const response = await kit.request<Problem>('GET', `${list}?cursor=${encodeURIComponent(cursor)}`);
      expect([response.status, response.body.code]).toEqual([400, 'pagination.bad_cursor']);
      expect(response.body.errors!.map((e) => e.field)).toEqual(['querystring.cursor']);
    }
  });

  it('the OpenAPI document shows both lists with limit, cursor and the page they answer', async () => {
    for (const [path, filters] of [
      [SALES, ['from', 'to', 'locationId', 'deviceId', 'cashierId', 'status', 'receiptNumber']],
      [CUSTOMERS, ['q', 'archived', 'updatedSince']],
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
