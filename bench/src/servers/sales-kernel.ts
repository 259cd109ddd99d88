// A kernel with core-inventory and core-sales on PostgreSQL: a catalog with ample stock, a
// store's history of earlier sales (BENCH_HISTORY, default 50,000) and BENCH_TILLS tills (default
// 16), each with a signed-in cashier and an open shift. Prints its URL, the database, the tenant
// and the tills' tokens and devices, so a bench can drive checkouts over HTTP and the same
// statements through pgbench.
import { fileURLToPath } from 'node:url';
import { createTestKernel } from '@kits/kernel/test-kit';

const TILLS = Number(process.env.BENCH_TILLS ?? 16);
const plugin = (name: string) => fileURLToPath(new URL(`../../../plugins/${name}`, import.meta.url));
const kit = await createTestKernel({
  plugins: [plugin('core-inventory'), plugin('core-sales')],
  db: 'postgres',
  env: { LOG_LEVEL: 'warn' },
});

// A catalog of VARIANTS variants with deterministic ids, so pgbench can pick the same ones
// (variant i is 00000000-0000-7000-8000-<i, 12 digits>), each with a price and ample stock.
const VARIANTS = Number(process.env.BENCH_CATALOG ?? 1000);
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
// A store's history: HISTORY earlier sales (3 lines and a cash tender each, from a till retired
// since), their stock movements and their relayed outbox events. Measured on empty tables the
// figures were not a store's: PostgreSQL planned the foreign-key checks of sale lines (and the
// outbox relay's poll) while the tables were empty, kept those plans until the next ANALYZE, and
// each sale then scanned every sale before it — a 1000-event batch slowed from batch to batch.
const HISTORY = Number(process.env.BENCH_HISTORY ?? 50_000);
await kit.kernel.db.transaction({}, async (tx) => {
  await tx.query(
    `with history as (
       select i, gen_random_uuid() as sale_id, '00000000-0000-7000-8000-' || lpad((1 + i % $3)::text, 12, '0') as variant_id,
              now() - make_interval(mins => i) as occurred_at
         from generate_series(1, $4::int) as i),
     sales as (
       insert into sales.sales (tenant_id, sale_id, status, origin, device_id, location_id, receipt_number, cashier_id, currency,
                                subtotal, discount_total, tax_total, total, paid, occurred_at, received_at)
       select $1, sale_id, 'completed', 'online', '00000000-0000-7000-a000-000000000001', $2, i, 'history', 'EUR', 1500, 0, 250, 1500, 1500, occurred_at, occurred_at
         from history),
     lines as (
       insert into sales.sale_lines (tenant_id, sale_id, line_no, variant_id, sku, name, quantity, unit_price, gross, promotion_discount, line_discount,
                                     cart_discount, net, tax, taxes, total)
       select $1, sale_id, n, variant_id::uuid, 'B-history', 'Item', 1, 500, 500, 0, 0, 0, 417, 83, '[]', 500 from history, generate_series(1, 3) as n),
     tenders as (
       insert into sales.tenders (tenant_id, sale_id, tender_no, method, tendered, amount) select $1, sale_id, 1, 'cash', 1500, 1500 from history),
     movements as (
       insert into inventory.stock_movements (tenant_id, movement_id, location_id, variant_id, kind, quantity, reference_kind, reference_id, occurred_at)
       select $1, gen_random_uuid(), $2, variant_id::uuid, 'sale', -1, 'sale', sale_id::text, occurred_at from history, generate_series(1, 3))
     insert into kernel.outbox (tenant_id, event_id, type, source, payload, occurred_at, relayed_at)
     select $1, gen_random_uuid(), 'sales.sale.completed', 'core-sales', jsonb_build_object('id', sale_id), occurred_at, occurred_at from history`,
    [kit.tenant.id, kit.tenant.locationId, VARIANTS, HISTORY],
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
