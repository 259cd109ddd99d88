// A kernel with core-inventory and core-sales on PostgreSQL: three variants with ample stock and
// BENCH_TILLS tills (default 16), each with a signed-in cashier and an open shift. Prints its URL,
// the database, the tenant and the tills' tokens and devices, so a bench can drive checkouts over
// HTTP and the same statements through pgbench.
import { fileURLToPath } from 'node:url';
import { createTestKernel } from '@kits/plugin-sdk/test-kit';

const TILLS = Number(process.env.BENCH_TILLS ?? 16);
const plugin = (name: string) => fileURLToPath(new URL(`../../../plugins/${name}`, import.meta.url));
const kit = await createTestKernel({ plugins: [plugin('core-inventory'), plugin('core-sales')], db: 'postgres', env: { LOG_LEVEL: 'warn' } });

const variantIds: string[] = [];
for (const [name, price] of [
  ['Flat White', 340],
  ['Croissant', 220],
  ['Orange Juice', 299],
] as const) {
  const created = await kit.request<{ variants: Array<{ id: string }> }>('POST', '/api/v1/core-inventory/products', {
    body: { name, unit: 'piece', variants: [{ sku: name.toUpperCase().replace(/ /g, '-'), prices: [{ currency: 'EUR', amount: price }] }] },
  });
  variantIds.push(created.body.variants[0]!.id);
}
await kit.request('POST', '/api/v1/core-inventory/stock/receive', {
  body: { locationId: kit.tenant.locationId, lines: variantIds.map((variantId) => ({ variantId, quantity: 1_000_000_000 })) },
});
const tills = [];
for (let i = 0; i < TILLS; i++) {
  const till = await kit.signInTill({ permissions: ['core-sales:checkout', 'core-sales:shift', 'core-sales:refund'] });
  const shift = await kit.request<{ shiftId: string }>('POST', '/api/v1/core-sales/shifts', { token: till.token, body: { openingFloat: 10_000 } });
  tills.push({ token: till.token, deviceId: till.deviceId, cashierId: till.cashierId, shiftId: shift.body.shiftId });
}
const url = await kit.kernel.listen();
process.stdout.write(
  `${JSON.stringify({ url, databaseUrl: kit.kernel.config.databaseUrl, tenantId: kit.tenant.id, locationId: kit.tenant.locationId, variantIds, tills, pid: process.pid })}\n`,
);
process.once('SIGTERM', () => void kit.close().then(() => process.exit(0)));
