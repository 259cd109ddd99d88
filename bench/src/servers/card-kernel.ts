// A kernel with core-inventory, core-sales and stripe-pay on PostgreSQL, its Stripe client pointed
// at the Stripe double the bench runs (STRIPE_API_BASE, STRIPE_API_KEY, STRIPE_WEBHOOK_SECRET), and
// BENCH_TILLS tills (default 4), each with a cashier, an open shift and its own Terminal reader
// registered and paired through stripe-pay's own route. Three stocked products make a 3-line sale
// of 16.25 EUR. Prints its URL, pid, tenant and the tills, so the bench can sell in cash and by card.
import { fileURLToPath } from 'node:url';
import { createTestKernel } from '@kits/kernel/test-kit';

const TILLS = Number(process.env.BENCH_TILLS ?? 4);
const plugin = (name: string) => fileURLToPath(new URL(`../../../plugins/${name}`, import.meta.url));
const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`card-kernel needs ${name}`);
  return value;
};
const kit = await createTestKernel({
  plugins: [plugin('core-inventory'), plugin('core-sales'), plugin('stripe-pay')],
  db: 'postgres',
  env: { LOG_LEVEL: 'warn' },
  settings: {
    'stripe-pay': { apiKey: env('STRIPE_API_KEY'), webhookSecret: env('STRIPE_WEBHOOK_SECRET'), apiBase: env('STRIPE_API_BASE') },
  },
});

// 2 × 5.00 + 1 × 2.50 + 3 × 1.25 = 16.25 (prices include tax).
const variants = [];
for (const [price, quantity] of [
  [500, 2],
  [250, 1],
  [125, 3],
] as const) {
  const product = await kit.request<{ variants: Array<{ id: string }> }>('POST', '/api/v1/core-inventory/products', {
    body: { name: `Item ${price}`, unit: 'piece', variants: [{ sku: `CARD-${price}`, prices: [{ currency: 'EUR', amount: price }] }] },
  });
  if (product.status !== 201) throw new Error(`product: ${JSON.stringify(product.body)}`);
  const variantId = product.body.variants[0]!.id;
  const stocked = await kit.request('POST', '/api/v1/core-inventory/stock/receive', {
    body: { locationId: kit.tenant.locationId, lines: [{ variantId, quantity: 1_000_000 }] },
  });
  if (stocked.status !== 201) throw new Error(`stock: ${JSON.stringify(stocked.body)}`);
  variants.push({ variantId, quantity });
}

const tills = [];
for (let i = 0; i < TILLS; i++) {
  const till = await kit.signInTill({ permissions: ['core-sales:checkout', 'core-sales:shift', 'core-sales:refund'] });
  const shift = await kit.request('POST', '/api/v1/core-sales/shifts', { token: till.token, body: { openingFloat: 10_000 } });
  if (shift.status !== 201) throw new Error(`shift: ${JSON.stringify(shift.body)}`);
  const reader = await kit.request<{ id: string }>('POST', '/api/v1/stripe-pay/readers', {
    body: {
      registrationCode: 'simulated-wpe',
      label: `Till ${i + 1}`,
      locationId: kit.tenant.locationId,
      deviceId: till.deviceId,
      // Stripe needs the store's address for its first reader.
      ...(i === 0 ? { address: { line1: '1 Main Street', city: 'Berlin', postalCode: '10115', country: 'DE' } } : {}),
    },
  });
  if (reader.status !== 201) throw new Error(`reader: ${JSON.stringify(reader.body)}`);
  tills.push({ token: till.token, deviceId: till.deviceId, readerId: reader.body.id });
}
const url = await kit.kernel.listen();
process.stdout.write(`${JSON.stringify({ url, pid: process.pid, tenantId: kit.tenant.id, total: 1625, lines: variants, tills })}\n`);
process.once('SIGTERM', () => void kit.close().then(() => process.exit(0)));
