import { fileURLToPath } from 'node:url';
import { createTestKernel, type TestKernel, type TestTill } from '@kits/kernel/test-kit';
import { firstPartyPlugin } from '../../../../testing/first-party-plugins.ts';
import { shelveVariant, stockAt } from '../../../../testing/shop-shelf.ts';

const INVENTORY = firstPartyPlugin('core-inventory');
const SALES = fileURLToPath(new URL('../..', import.meta.url));
const FAKE_PAY = fileURLToPath(new URL('../fixtures/fake-pay', import.meta.url));

export const CASHIER = ['core-sales:checkout', 'core-sales:shift', 'core-sales:refund'];

/** A kernel with core-inventory, core-sales and a fake card provider, on one database. */
export const salesKit = (db: 'pglite' | 'postgres', settings: Record<string, unknown> = {}) =>
  createTestKernel({ plugins: [INVENTORY, SALES, FAKE_PAY], db, settings: { 'core-sales': settings } });

/** A product priced `price` (EUR, tax class standard = 20 % VAT included) with `stock` in the store. */
export const stockedVariant = async (kit: TestKernel, price: number, stock: number, extra: Record<string, unknown> = {}): Promise<string> =>
  (await shelveVariant(kit, { price, stock, product: extra })).variantId;

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

export const onHand = async (kit: TestKernel, variantId: string): Promise<number> => (await stockAt(kit, variantId)).onHand;

export async function countRows(kit: TestKernel, table: string): Promise<number> {
  return (await kit.kernel.db.query<{ n: number }>(`select count(*)::int as n from ${table}`))[0]!.n;
}
