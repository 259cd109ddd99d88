// A kernel with core-inventory and a catalog of BENCH_VARIANTS variants (default 100,000) with
// stock, seeded in bulk; prints its URL, a token and samples to query.
import { fileURLToPath } from 'node:url';
import { createTestKernel } from '@kits/kernel/test-kit';
import { seedCatalog } from './catalog-seed.ts';

const COUNT = Number(process.env.BENCH_VARIANTS ?? 100_000);
const kit = await createTestKernel({
  plugins: [fileURLToPath(new URL('../../../plugins/core-inventory', import.meta.url))],
  db: process.env.BENCH_DB === 'pglite' ? 'pglite' : 'postgres',
  env: { LOG_LEVEL: 'warn' },
});
const warehouse = await kit.request<{ id: string }>('POST', '/api/v1/tenants/current/locations', {
  body: { name: 'Warehouse', kind: 'warehouse' },
});

const { barcodes } = await seedCatalog(kit, COUNT, [kit.tenant.locationId, warehouse.body.id]);
const sample = (values: string[], n: number) => Array.from({ length: n }, (_, i) => values[Math.floor((i * values.length) / n)]!);
const variantRows = await kit.kernel.db.query<{ variant_id: string }>('select variant_id from inventory.variants order by sku limit 2000');
const url = await kit.kernel.listen();
process.stdout.write(
  `${JSON.stringify({
    url,
    token: kit.tenant.admin.token,
    // The back-office bench signs in as a person does.
    admin: { tenant: kit.tenant.slug, email: kit.tenant.admin.email, password: kit.tenant.admin.password },
    count: COUNT,
    barcodes: sample(barcodes, 2000),
    variantIds: variantRows.map((r) => r.variant_id),
  })}\n`,
);
process.once('SIGTERM', () => void kit.close().then(() => process.exit(0)));
