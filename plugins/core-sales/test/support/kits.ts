import { fileURLToPath } from 'node:url';
import { createTestKernel, type TestKernel, type TestTill } from '@kits/kernel/test-kit';
import { firstPartyPlugin } from '../../../../testing/first-party-plugins.ts';
import { shelveVariant, stockAt } from '../../../../testing/shop-shelf.ts';

const INVENTORY = firstPartyPlugin('core-inventory');
const SALES = fileURLToPath(new URL('../..', import.meta.url));
const FAKE_PAY = fileURLToPath(new URL('../fixtures/fake-pay', import.meta.url));
/** The payments@2 test provider: a simulated reader `Front-1` (POST /api/v1/test-card-reader/present) and a ledger. */
export const TEST_CARD_READER = fileURLToPath(new URL('../fixtures/test-card-reader', import.meta.url));

/** Which card provider the kit enables: payments@1 `fake-pay` (default), payments@2 `test-card-reader`, or none. */
export type CardProvider = 'fake-pay' | 'test-card-reader' | 'none';
const PROVIDERS: Record<CardProvider, readonly string[]> = { 'fake-pay': [FAKE_PAY], 'test-card-reader': [TEST_CARD_READER], none: [] };

export const CASHIER = ['core-sales:checkout', 'core-sales:shift', 'core-sales:refund'];

/** A kernel with core-inventory, core-sales and a card provider (`options.payments`, default fake-pay), on one database. */
export const salesKit = (
  db: 'pglite' | 'postgres',
  settings: Record<string, unknown> = {},
  options: { readonly payments?: CardProvider; readonly env?: Readonly<Record<string, string>> } = {},
) =>
  createTestKernel({
    plugins: [INVENTORY, SALES, ...PROVIDERS[options.payments ?? 'fake-pay']],
    db,
    settings: { 'core-sales': settings },
    ...(options.env ? { env: options.env } : {}),
  });

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
