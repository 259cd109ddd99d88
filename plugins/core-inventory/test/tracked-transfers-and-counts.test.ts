import type { TestKernel } from '@kits/kernel/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inventoryKit, level } from './support.ts';

type Portion = {
  variantId: string;
  lotCode: string | null;
  expiresOn: string | null;
  serials: string[] | null;
  sent: number;
  received: number;
};
type Transfer = { id: string; status: string; lines: Array<{ inTransit: number }>; portions: Portion[]; code?: string };
type Lots = { items: Array<{ code: string; expiresOn: string | null; onHand: number }> };
type Serial = { items: Array<{ status: string; locationId: string | null }> };
type Variance = {
  lines: Array<{
    lotCode: string | null;
    expected: number;
    counted: number;
    variance: number;
    missingSerials: string[];
    foundSerials: string[];
  }>;
};

describe.each(['pglite', 'postgres'] as const)('lots and serials through transfers and counts on %s', (db) => {
  let kit: TestKernel;
  let store: string;
  let warehouse: string;
  let counter = 0;
  beforeAll(async () => {
    kit = await inventoryKit(db);
    store = kit.tenant.locationId;
    warehouse = (
      await kit.request<{ id: string }>('POST', '/api/v1/tenants/current/locations', { body: { name: 'Warehouse', kind: 'warehouse' } })
    ).body.id;
  });
  afterAll(async () => kit?.close());

  const product = async (tracking: 'lot' | 'serial', name: string) => {
    counter += 1;
    const sku = `T-${tracking}-${counter}-${Date.now()}`;
    const created = await kit.request<{ variants: Array<{ id: string }> }>('POST', '/api/v1/core-inventory/products', {
      body: { name, unit: 'piece', tracking, variants: [{ sku }] },
    });
    return { variantId: created.body.variants[0]!.id, sku };
  };
  const receiveAt = async (locationId: string, lines: unknown[]) =>
    expect((await kit.request('POST', '/api/v1/core-inventory/stock/receive', { body: { locationId, lines } })).body).toMatchObject({
      movements: expect.any(Array),
    });
  const lots = async (variantId: string, locationId: string) =>
    (await kit.request<Lots>('GET', `/api/v1/core-inventory/variants/${variantId}/lots?locationId=${locationId}`)).body.items.map((l) => [
      l.code,
      l.expiresOn,
      l.onHand,
    ]);
  const transfer = async (lines: unknown[]) => {
    const draft = await kit.request<Transfer>('POST', '/api/v1/core-inventory/transfers', {
      body: { fromLocationId: warehouse, toLocationId: store, lines },
    });
    expect(draft.status).toBe(201);
    const shipped = await kit.request<Transfer>('POST', `/api/v1/core-inventory/transfers/${draft.body.id}/ship`);
    expect(shipped.status).toBe(200);
    return shipped.body;
  };
  const receiveTransfer = (id: string, lines: unknown[], final = false) =>
    kit.request<Transfer>('POST', `/api/v1/core-inventory/transfers/${id}/receive`, { body: { lines, final } });
  const serial = async (code: string) => (await kit.request<Serial>('GET', `/api/v1/core-inventory/serials/${code}`)).body.items[0]!;

  it('a lot-tracked transfer ships first-expiry-first-out and each lot arrives with its expiry', async () => {
    const { variantId } = await product('lot', 'Greek Yoghurt 500g');
    await receiveAt(warehouse, [
      { variantId, quantity: 6, lot: { code: 'LATE', expiresOn: '2027-02-01' } },
      { variantId, quantity: 4, lot: { code: 'SOON', expiresOn: '2026-12-10' } },
    ]);
    const shipped = await transfer([{ variantId, quantity: 7 }]);
    expect(shipped.portions.map((p) => [p.lotCode, p.expiresOn, p.sent])).toEqual([
      ['SOON', '2026-12-10', 4],
      ['LATE', '2027-02-01', 3],
    ]);
    expect(await lots(variantId, warehouse)).toEqual([['LATE', '2027-02-01', 3]]);

    // Five arrive: the soonest lot first.
    const part = await receiveTransfer(shipped.id, [{ variantId, quantity: 5 }]);
    expect(part.body.portions.map((p) => [p.lotCode, p.received])).toEqual([
      ['SOON', 4],
      ['LATE', 1],
    ]);
    expect(await lots(variantId, store)).toEqual([
      ['SOON', '2026-12-10', 4],
      ['LATE', '2027-02-01', 1],
    ]);
    // Naming a lot that has nothing left in transit is refused, and nothing moves.
    const wrongLot = await receiveTransfer(shipped.id, [{ variantId, quantity: 1, lot: { code: 'SOON' } }]);
    expect(wrongLot.status).toBe(400);
    expect(wrongLot.body.code).toBe('inventory.over_receipt');
    const rest = await receiveTransfer(shipped.id, [{ variantId, quantity: 2, lot: { code: 'LATE' } }], true);
    expect(rest.body.status).toBe('received');
    expect(await lots(variantId, store)).toEqual([
      ['SOON', '2026-12-10', 4],
      ['LATE', '2027-02-01', 3],
    ]);
    expect((await level(kit, variantId, store)).onHand).toBe(7);
  });

  it('a draft can name its lot; a named lot short at the origin refuses to ship', async () => {
    const { variantId } = await product('lot', 'Oat Milk 1L');
    await receiveAt(warehouse, [
      { variantId, quantity: 2, lot: { code: 'A', expiresOn: '2026-12-01' } },
      { variantId, quantity: 5, lot: { code: 'B', expiresOn: '2027-01-01' } },
    ]);
    const shipped = await transfer([{ variantId, quantity: 3, lot: { code: 'B' } }]);
    expect(shipped.portions.map((p) => [p.lotCode, p.sent])).toEqual([['B', 3]]);
    expect(await lots(variantId, warehouse)).toEqual([
      ['A', '2026-12-01', 2],
      ['B', '2027-01-01', 2],
    ]);
    const draft = await kit.request<Transfer>('POST', '/api/v1/core-inventory/transfers', {
      body: { fromLocationId: warehouse, toLocationId: store, lines: [{ variantId, quantity: 3, lot: { code: 'A' } }] },
    });
    const refused = await kit.request<Transfer>('POST', `/api/v1/core-inventory/transfers/${draft.body.id}/ship`);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('inventory.lot_short');
    expect(await lots(variantId, warehouse)).toEqual([
      ['A', '2026-12-01', 2],
      ['B', '2027-01-01', 2],
    ]);
  });

  it('serials travel in transit, arrive by scan, and those that never arrive go missing', async () => {
    const { variantId } = await product('serial', 'Card Reader');
    await receiveAt(warehouse, [{ variantId, quantity: 3, serials: ['CR-1', 'CR-2', 'CR-3'] }]);
    const shipped = await transfer([{ variantId, quantity: 2, serials: ['CR-1', 'CR-3'] }]);
    expect(shipped.portions[0]!.serials).toEqual(['CR-1', 'CR-3']);
    expect(await serial('CR-1')).toMatchObject({ status: 'in_transit', locationId: null });

    const unscanned = await receiveTransfer(shipped.id, [{ variantId, quantity: 1 }]);
    expect(unscanned.status).toBe(400);
    expect(unscanned.body.code).toBe('inventory.serials_required');
    const notOnIt = await receiveTransfer(shipped.id, [{ variantId, quantity: 1, serials: ['CR-2'] }]);
    expect(notOnIt.status).toBe(400);
    expect(notOnIt.body.code).toBe('inventory.serial_not_on_transfer');

    const arrived = await receiveTransfer(shipped.id, [{ variantId, quantity: 1, serials: ['CR-3'] }], true);
    expect(arrived.status).toBe(200);
    expect(await serial('CR-3')).toMatchObject({ status: 'in_stock', locationId: store });
    expect(await serial('CR-1')).toMatchObject({ status: 'missing', locationId: null });
    expect(await serial('CR-2')).toMatchObject({ status: 'in_stock', locationId: warehouse });
    expect((await level(kit, variantId, store)).onHand).toBe(1);
  });

  it('a count scans lots and serials; approval corrects each lot and marks serials found and missing', async () => {
    const kiosk = (
      await kit.request<{ id: string }>('POST', '/api/v1/tenants/current/locations', { body: { name: 'Back Kiosk', kind: 'store' } })
    ).body.id;
    const yoghurt = await product('lot', 'Skyr 150g');
    const reader = await product('serial', 'Receipt Printer');
    await receiveAt(kiosk, [
      { variantId: yoghurt.variantId, quantity: 5, lot: { code: 'L1', expiresOn: '2026-12-05' } },
      { variantId: yoghurt.variantId, quantity: 2, lot: { code: 'L2', expiresOn: '2026-12-20' } },
      { variantId: reader.variantId, quantity: 2, serials: ['RP-1', 'RP-2'] },
    ]);
    const count = await kit.request<{ id: string }>('POST', '/api/v1/core-inventory/counts', { body: { locationId: kiosk } });
    const scan = (body: Record<string, unknown>) =>
      kit.request<{ counted: number; code?: string }>('POST', `/api/v1/core-inventory/counts/${count.body.id}/scans`, { body });
    expect((await scan({ code: yoghurt.sku, lot: 'L1', quantity: 3 })).body.counted).toBe(3);
    expect((await scan({ code: yoghurt.sku, lot: 'L2', quantity: 4 })).body.counted).toBe(4);
    expect((await scan({ code: reader.sku, serial: 'RP-1' })).body.counted).toBe(1);
    expect((await scan({ code: reader.sku, serial: 'RP-1' })).body.counted).toBe(1); // the same item scanned twice
    expect((await scan({ code: reader.sku, serial: 'RP-9' })).body.counted).toBe(2);
    const noSerial = await scan({ code: reader.sku });
    expect(noSerial.status).toBe(400);
    expect(noSerial.body.code).toBe('inventory.serial_required');

    const report = await kit.request<Variance>('GET', `/api/v1/core-inventory/counts/${count.body.id}/variance`);
    const lines = report.body.lines.map((l) => [l.lotCode, l.expected, l.counted, l.variance, l.missingSerials, l.foundSerials]);
    expect(lines).toEqual(
      expect.arrayContaining([
        ['L1', 5, 3, -2, [], []],
        ['L2', 2, 4, 2, [], []],
        [null, 2, 2, 0, ['RP-2'], ['RP-9']],
      ]),
    );
    expect((await kit.request('POST', `/api/v1/core-inventory/counts/${count.body.id}/approve`)).status).toBe(200);
    expect(await lots(yoghurt.variantId, kiosk)).toEqual([
      ['L1', '2026-12-05', 3],
      ['L2', '2026-12-20', 4],
    ]);
    expect((await level(kit, yoghurt.variantId, kiosk)).onHand).toBe(7);
    expect(await serial('RP-9')).toMatchObject({ status: 'in_stock', locationId: kiosk });
    expect(await serial('RP-2')).toMatchObject({ status: 'missing', locationId: null });
    expect((await level(kit, reader.variantId, kiosk)).onHand).toBe(2);
  });
});
