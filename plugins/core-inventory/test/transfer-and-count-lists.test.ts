import type { TestKernel } from '@kits/kernel/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inventoryKit, makeVariant, receive } from './support.ts';

type TransferSummary = {
  id: string;
  status: string;
  lines: number;
  sent: number;
  received: number;
  short: number;
  shippedAt: string | null;
};
type Transfer = {
  id: string;
  status: string;
  createdAt: string;
  receivedAt: string | null;
  lines: Array<{ productName: string; sent: number; received: number; short: number }>;
};
type CountSummary = { id: string; status: string; countedItems: number; countedUnits: number; expectedItems: number };
type CountProgress = CountSummary & { lines: Array<{ productName: string; counted: number; expected?: number }> };
type Problem = { code: string; errors?: Array<{ field: string }> };

const API = '/api/v1/core-inventory';

describe('transfers and counts listed for the back office (postgres)', () => {
  let kit: TestKernel;
  let store: string;
  let depot: string;
  let kiosk: string;
  beforeAll(async () => {
    kit = await inventoryKit('postgres');
    store = kit.tenant.locationId;
    const location = async (name: string) =>
      (await kit.request<{ id: string }>('POST', '/api/v1/tenants/current/locations', { body: { name, kind: 'warehouse' } })).body.id;
    depot = await location('List Depot');
    kiosk = await location('List Kiosk');
  });
  afterAll(async () => kit?.close());

  it('lists transfers newest first by status and location, a closed one with what never arrived', async () => {
    const tea = await makeVariant(kit, 'Listed Tea');
    await receive(kit, tea, 20, depot);
    const draft = async (to: string) =>
      (
        await kit.request<Transfer>('POST', `${API}/transfers`, {
          body: { fromLocationId: depot, toLocationId: to, lines: [{ variantId: tea, quantity: 4 }] },
        })
      ).body;
    const toStore = await draft(store);
    const toKiosk = await draft(kiosk);
    await kit.request('POST', `${API}/transfers/${toStore.id}/ship`);
    const closed = await kit.request<Transfer>('POST', `${API}/transfers/${toStore.id}/receive`, {
      body: { lines: [{ variantId: tea, quantity: 3 }], final: true },
    });
    expect(closed.body.lines).toEqual([expect.objectContaining({ productName: 'Listed Tea', sent: 4, received: 3, short: 1 })]);
    expect(closed.body.receivedAt).not.toBeNull();

    const list = await kit.request<{ items: TransferSummary[]; nextCursor: string | null }>('GET', `${API}/transfers?locationId=${depot}`);
    expect(list.body.items.map((t) => [t.id, t.status, t.sent, t.received, t.short])).toEqual([
      [toKiosk.id, 'draft', 4, 0, 0],
      [toStore.id, 'received', 4, 3, 1],
    ]);
    const drafts = await kit.request<{ items: TransferSummary[] }>('GET', `${API}/transfers?status=draft&locationId=${kiosk}`);
    expect(drafts.body.items.map((t) => t.id)).toEqual([toKiosk.id]);
    const first = await kit.request<{ items: TransferSummary[]; nextCursor: string }>(
      'GET',
      `${API}/transfers?locationId=${depot}&limit=1`,
    );
    const second = await kit.request<{ items: TransferSummary[]; nextCursor: string | null }>(
      'GET',
      `${API}/transfers?locationId=${depot}&limit=1&cursor=${first.body.nextCursor}`,
    );
    expect([first.body.items[0]!.id, second.body.items[0]!.id]).toEqual([toKiosk.id, toStore.id]);
    expect(second.body.nextCursor).toBeNull();
  });

  it("follows a blind count's progress (what was counted, never what is expected) and lists counts", async () => {
    const jam = await makeVariant(kit, 'Counted Jam');
    const honey = await makeVariant(kit, 'Counted Honey');
    await receive(kit, jam, 6, kiosk);
    await receive(kit, honey, 2, kiosk);
    const count = (await kit.request<{ id: string }>('POST', `${API}/counts`, { body: { locationId: kiosk } })).body;
    const sku = (await kit.kernel.db.query<{ sku: string }>('select sku from inventory.variants where variant_id = $1', [jam]))[0]!.sku;
    await kit.request('POST', `${API}/counts/${count.id}/scans`, { body: { code: sku, quantity: 5 } });

    const progress = await kit.request<CountProgress>('GET', `${API}/counts/${count.id}`);
    expect(progress.status).toBe(200);
    expect(progress.body).toMatchObject({ status: 'open', countedItems: 1, countedUnits: 5, expectedItems: 2 });
    expect(progress.body.lines).toEqual([expect.objectContaining({ productName: 'Counted Jam', counted: 5 })]);
    expect(progress.body.lines[0]!.expected).toBeUndefined();

    await kit.request('POST', `${API}/counts/${count.id}/approve`);
    const open = await kit.request<{ items: CountSummary[] }>('GET', `${API}/counts?status=open&locationId=${kiosk}`);
    expect(open.body.items).toEqual([]);
    const all = await kit.request<{ items: CountSummary[] }>('GET', `${API}/counts?locationId=${kiosk}`);
    expect(all.body.items.map((c) => [c.id, c.status])).toEqual([[count.id, 'approved']]);
  });

  it.each([
    ['a transfer list of a status there is not', '/transfers?status=lost', 400, 'request.invalid', 'querystring.status'],
    ['a transfer list with a bad cursor', '/transfers?cursor=%%%', 400, 'pagination.bad_cursor', 'querystring.cursor'],
    ['a count list at a location that is not an id', '/counts?locationId=kiosk', 400, 'request.invalid', 'querystring.locationId'],
    ['a count that is not an id', '/counts/not-a-count', 400, 'request.invalid', 'params.countId'],
    ['a count that does not exist', '/counts/0190a000-0000-7000-8000-000000000000', 404, 'inventory.unknown_count', undefined],
  ])('%s is %s %s, and changes nothing', async (_case, path, status, code, field) => {
    const before = await kit.kernel.db.query(
      'select (select count(*)::int from inventory.transfers) as transfers, (select count(*)::int from inventory.counts) as counts',
    );
    const response = await kit.request<Problem>('GET', `${API}${path}`);
    expect(response.status).toBe(status);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.body.code).toBe(code);
    if (field) expect(response.body.errors?.map((e) => e.field)).toContain(field);
    expect(
      await kit.kernel.db.query(
        'select (select count(*)::int from inventory.transfers) as transfers, (select count(*)::int from inventory.counts) as counts',
      ),
    ).toEqual(before);
  });
});
