// A kernel with core-inventory and core-sales on PostgreSQL, a catalog of BENCH_TILL_PRODUCTS
// products (default 100,000) with prices and stock, and a till device with a pairing code and a
// cashier; prints what a browser needs to pair and sign in.
import { fileURLToPath } from 'node:url';
import { createTestKernel } from '@kits/kernel/test-kit';
import { seedCatalog } from './catalog-seed.ts';

const COUNT = Number(process.env.BENCH_TILL_PRODUCTS ?? 100_000);
const plugin = (name: string) => fileURLToPath(new URL(`../../../plugins/${name}`, import.meta.url));
const kit = await createTestKernel({
  plugins: [plugin('core-inventory'), plugin('core-sales')],
  db: 'postgres',
  env: { LOG_LEVEL: 'warn' },
});
const { barcodes } = await seedCatalog(kit, COUNT, [kit.tenant.locationId]);
const till = await kit.signInTill({ permissions: ['core-sales:checkout', 'core-sales:shift'] });
const pairing = await kit.request<{ code: string }>('POST', `/api/v1/tenants/current/devices/${till.deviceId}/pairing-code`);
const url = await kit.kernel.listen();
const sample = (values: string[], n: number) => Array.from({ length: n }, (_, i) => values[Math.floor((i * values.length) / n)]!);
process.stdout.write(
  `${JSON.stringify({ url, count: COUNT, code: pairing.body.code, email: till.email, pin: till.pin, deviceId: till.deviceId, databaseUrl: kit.kernel.config.databaseUrl, barcodes: sample(barcodes, 2000) })}\n`,
);
process.once('SIGTERM', () => void kit.close().then(() => process.exit(0)));
