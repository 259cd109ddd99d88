// A kernel with core-inventory and core-sales on PostgreSQL: a catalogue with ample stock and
// BENCH_TILLS tills (default 16), each with a signed-in cashier and an open shift. Prints its URL,
// the database, the tenant and the tills' tokens and devices, so a bench can drive checkouts over
// HTTP and the same statements through pgbench.
import { fileURLToPath } from 'node:url';
import { createTestKernel } from '@kits/plugin-sdk/test-kit';

const TILLS = Number(process.env.BENCH_TILLS ?? 16);
const plugin = (name: string) => fileURLToPath(new URL(`../../../plugins/${name}`, import.meta.url));
const kit = await createTestKernel({
  plugins: [plugin('core-inventory'), plugin('core-sales')],
  db: 'postgres',
  env: { LOG_LEVEL: 'warn' },
});

// A catalogue of VARIANTS variants with deterministic ids, so pgbench can pick the same ones
// (variant i is 00000000-0000-7000-8000-<i, 12 digits>), each with a price and ample stock.
const VARIANTS = Number(process.env.BENCH_CATALOGUE ?? 1000);
await kit.kernel.db.transaction({}, async (tx) => {
  await tx.query(
    `with input as (select i, '00000000-0000-7000-8000-' || lpad(i::text, 12, '0') as variant_id, '00000000-0000-7000-9000-' || lpad(i::text, 12, '0') as product_id
                      from generate_series(1, $3::int) as i),
          products as (insert into inventory.products (tenant_id, product_id, name, unit) select $1, product_id::uuid, 'Item ' || i, 'piece' from input),
          variants as (insert into inventory.variants (tenant_id, variant_id, product_id, sku) select $1, variant_id::uuid, product_id::uuid, 'B-' || lpad(i::text, 5, '0') from input),
          prices as (insert into inventory.prices (tenant_id, variant_id, currency, amount_minor) select $1, variant_id::uuid, 'EUR', 100 + i from input)
     insert into inventory.stock_levels (tenant_id, location_id, variant_id, on_hand, version) select $1, $2, variant_id::uuid, 1000000000, 1 from input`,
    [kit.tenant.id, kit.tenant.locationId, VARIANTS],
  );
});
await kit.kernel.db.query('analyze');
const tills = [];
for (let i = 0; i < TILLS; i++) {
  const till = await kit.signInTill({ permissions: ['core-sales:checkout', 'core-sales:shift', 'core-sales:refund'] });
  const shift = await kit.request<{ shiftId: string }>('POST', '/api/v1/core-sales/shifts', {
    token: till.token,
    body: { openingFloat: 10_000 },
  });
  tills.push({ token: till.token, deviceId: till.deviceId, cashierId: till.cashierId, shiftId: shift.body.shiftId });
}
const url = await kit.kernel.listen();
process.stdout.write(
  `${JSON.stringify({ url, databaseUrl: kit.kernel.config.databaseUrl, tenantId: kit.tenant.id, locationId: kit.tenant.locationId, variants: VARIANTS, tills, pid: process.pid })}\n`,
);
process.once('SIGTERM', () => void kit.close().then(() => process.exit(0)));
