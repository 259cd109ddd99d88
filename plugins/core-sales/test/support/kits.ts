import { fileURLToPath } from 'node:url';
import { createTestKernel, type TestKernel, type TestTill } from '@kits/plugin-sdk/test-kit';

const INVENTORY = fileURLToPath(new URL('../../../core-inventory', import.meta.url));
const SALES = fileURLToPath(new URL('../..', import.meta.url));
const FAKE_PAY = fileURLToPath(new URL('../fixtures/fake-pay', import.meta.url));

export const CASHIER = ['core-sales:checkout', 'core-sales:shift', 'core-sales:refund'];

/** A kernel with core-inventory, core-sales and a fake card provider, on one database. */
export const salesKit = (db: 'pglite' | 'postgres', settings: Record<string, unknown> = {}) =>
  createTestKernel({ plugins: [INVENTORY, SALES, FAKE_PAY], db, settings: { 'core-sales': settings } });

let skus = 0;
/** A product priced `price` (EUR, tax class standard = 20 % VAT included) with `stock` in the store. */
export async function stockedVariant(kit: TestKernel, price: number, stock: number, extra: Record<string, unknown> = {}): Promise<string> {
  skus += 1;
  const created = await kit.request<{ variants: Array<{ id: string }> }>('POST', '/api/v1/core-inventory/products', {
    body: {
      name: `Item ${skus}`,
      unit: 'piece',
      ...extra,
      variants: [{ sku: `S-${Date.now()}-${skus}`, prices: [{ currency: 'EUR', amount: price }] }],
    },
  });
  if (created.status !== 201) throw new Error(`product: ${JSON.stringify(created.body)}`);
  const variantId = created.body.variants[0]!.id;
  if (stock > 0) {
    const received = await kit.request('POST', '/api/v1/core-inventory/stock/receive', {
      body: { locationId: kit.tenant.locationId, lines: [{ variantId, quantity: stock }] },
    });
    if (received.status !== 201) throw new Error(`receive: ${JSON.stringify(received.body)}`);
  }
  return variantId;
}

/** A signed-in till with a cashier allowed to sell, and an open shift with a float of 100.00. */
export async function tillWithShift(kit: TestKernel, permissions: readonly string[] = CASHIER): Promise<TestTill & { shiftId: string }> {
  const till = await kit.signInTill({ permissions });
  const shift = await kit.request<{ shiftId: string }>('POST', '/api/v1/core-sales/shifts', {
    token: till.token,
    body: { openingFloat: 10_000 },
  });
  if (shift.status !== 201) throw new Error(`shift: ${JSON.stringify(shift.body)}`);
  return { ...till, shiftId: shift.body.shiftId };
}

export async function onHand(kit: TestKernel, variantId: string): Promise<number> {
  const stock = await kit.request<{ items: Array<{ locationId: string; onHand: number }> }>(
    'GET',
    `/api/v1/core-inventory/variants/${variantId}/stock`,
  );
  return stock.body.items.find((i) => i.locationId === kit.tenant.locationId)?.onHand ?? 0;
}

export async function countRows(kit: TestKernel, table: string): Promise<number> {
  return (await kit.kernel.db.query<{ n: number }>(`select count(*)::int as n from ${table}`))[0]!.n;
}
