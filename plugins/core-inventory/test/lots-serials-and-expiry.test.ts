import type { TestKernel } from '@kits/kernel/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inventoryKit, level } from './support.ts';

type Lots = { items: Array<{ code: string; expiresOn: string | null; onHand: number }> };
type Movements = { movements: Array<{ quantity: number; lotCode: string | null; serials: string[] | null }> };

describe.each(['postgres', 'pglite'] as const)('lots, serials and expiry on %s', (db) => {
  let kit: TestKernel;
  let counter = 0;
  beforeAll(async () => {
    kit = await inventoryKit(db);
  });
  afterAll(async () => kit?.close());

  const product = async (tracking: 'lot' | 'serial', name: string) => {
    counter += 1;
    const created = await kit.request<{ variants: Array<{ id: string }>; tracking: string }>('POST', '/api/v1/core-inventory/products', {
      body: { name, unit: 'piece', tracking, variants: [{ sku: `${tracking.toUpperCase()}-${counter}-${Date.now()}` }] },
    });
    expect(created.body.tracking).toBe(tracking);
    return created.body.variants[0]!.id;
  };
  const receive = (lines: unknown[]) =>
    kit.request<Movements & { code: string }>('POST', '/api/v1/core-inventory/stock/receive', {
      body: { locationId: kit.tenant.locationId, lines },
    });
  const sell = (line: Record<string, unknown>, policy = 'deny') =>
    kit.request<Movements & { code: string }>('POST', '/api/v1/sales-probe/sell', {
      body: { saleId: `s-${Math.random()}`, policy, lines: [{ locationId: kit.tenant.locationId, ...line }] },
    });
  const lots = async (variantId: string) =>
    (await kit.request<Lots>('GET', `/api/v1/core-inventory/variants/${variantId}/lots?locationId=${kit.tenant.locationId}`)).body.items;

  it("the lots of a variant that is not there (another tenant's, say) are 404, not an empty list", async () => {
    const yoghurt = await product('lot', 'Skyr 450g');
    expect(await lots(yoghurt)).toEqual([]);
    const other = await kit.createTenant();
    const foreign = await kit.request<{ code: string }>(
      'GET',
      `/api/v1/core-inventory/variants/${yoghurt}/lots?locationId=${other.locationId}`,
      { token: other.admin.token },
    );
    expect([foreign.status, foreign.body.code]).toEqual([404, 'inventory.unknown_variant']);
  });

  it('lots are captured on receive with their expiry; a sale without a lot takes the first to expire first, across lots', async () => {
    const yoghurt = await product('lot', 'Greek Yoghurt 500g');
    expect(
      (
        await receive([
          { variantId: yoghurt, quantity: 5, lot: { code: 'L-LATE', expiresOn: '2026-12-20' } },
          { variantId: yoghurt, quantity: 3, lot: { code: 'L-SOON', expiresOn: '2026-12-01' } },
        ])
      ).status,
    ).toBe(201);
    expect((await lots(yoghurt)).map((l) => [l.code, l.expiresOn, l.onHand])).toEqual([
      ['L-SOON', '2026-12-01', 3],
      ['L-LATE', '2026-12-20', 5],
    ]);
    const sold = await sell({ variantId: yoghurt, quantity: 4 });
    expect(sold.status).toBe(201);
    expect(sold.body.movements.map((m) => [m.lotCode, m.quantity])).toEqual([
      ['L-SOON', -3],
      ['L-LATE', -1],
    ]);
    expect((await lots(yoghurt)).map((l) => [l.code, l.onHand])).toEqual([['L-LATE', 4]]);
    expect((await level(kit, yoghurt)).onHand).toBe(4);
  });

  it('a sale can name its lot; a lot that does not hold enough is 409 and nothing changes', async () => {
    const milk = await product('lot', 'Oat Milk 1L');
    await receive([
      { variantId: milk, quantity: 2, lot: { code: 'A', expiresOn: '2026-12-01' } },
      { variantId: milk, quantity: 6, lot: { code: 'B', expiresOn: '2027-01-01' } },
    ]);
    const named = await sell({ variantId: milk, quantity: 5, lot: { code: 'B' } });
    expect(named.body.movements.map((m) => m.lotCode)).toEqual(['B']);
    const tooMuch = await sell({ variantId: milk, quantity: 2, lot: { code: 'B' } });
    expect(tooMuch.status).toBe(409);
    expect(tooMuch.body.code).toBe('inventory.lot_short');
    expect((await lots(milk)).map((l) => [l.code, l.onHand])).toEqual([
      ['A', 2],
      ['B', 1],
    ]);
    expect((await level(kit, milk)).onHand).toBe(3);
  });

  it('serial numbers are captured on receive, required on sale, and can be traced', async () => {
    const phone = await product('serial', 'Card Reader');
    expect((await receive([{ variantId: phone, quantity: 2, serials: ['SN-0001', 'SN-0002'] }])).status).toBe(201);
    const sold = await sell({ variantId: phone, quantity: 1, serials: ['SN-0002'] });
    expect(sold.status).toBe(201);
    expect(sold.body.movements[0]!.serials).toEqual(['SN-0002']);
    const trace = await kit.request<{
      items: Array<{ status: string; locationId: string | null; movements: Array<{ kind: string; quantity: number }> }>;
    }>('GET', '/api/v1/core-inventory/serials/SN-0002');
    expect(trace.body.items).toEqual([
      expect.objectContaining({
        status: 'sold',
        locationId: null,
        movements: [expect.objectContaining({ kind: 'receive', quantity: 2 }), expect.objectContaining({ kind: 'sale', quantity: -1 })],
      }),
    ]);
    const again = await sell({ variantId: phone, quantity: 1, serials: ['SN-0002'] });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('inventory.serial_unavailable');
    expect((await level(kit, phone)).onHand).toBe(1);
    expect((await kit.request<{ code: string }>('GET', '/api/v1/core-inventory/serials/NOPE')).body.code).toBe('inventory.unknown_serial');
  });

  it.each([
    ['a lot-tracked receive without its lot', 'lot', { quantity: 1 }, 400, 'inventory.lot_required'],
    ['a serial-tracked receive without serials', 'serial', { quantity: 1 }, 400, 'inventory.serials_required'],
    ['serials that do not match the quantity', 'serial', { quantity: 2, serials: ['X-1'] }, 400, 'inventory.serials_mismatch'],
    ['an expiry that is not a date', 'lot', { quantity: 1, lot: { code: 'L1', expiresOn: 'soon' } }, 400, 'request.invalid'],
  ] as const)('%s is refused with its code, nothing written', async (_case, tracking, line, status, code) => {
    const variantId = await product(tracking, `Bad ${tracking} ${counter}`);
    const before = await kit.kernel.db.query('select count(*)::int as n from inventory.stock_movements');
    const response = await receive([{ variantId, ...line }]);
    expect(response.status).toBe(status);
    expect(response.body.code).toBe(code);
    expect(await kit.kernel.db.query('select count(*)::int as n from inventory.stock_movements')).toEqual(before);
  });

  it('a serial cannot be received twice while it is in stock', async () => {
    const variantId = await product('serial', 'Scanner');
    await receive([{ variantId, quantity: 1, serials: ['DUP-1'] }]);
    const again = await receive([{ variantId, quantity: 1, serials: ['DUP-1'] }]);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('inventory.serial_in_stock');
    expect((await level(kit, variantId)).onHand).toBe(1);
  });
});
