// The Shopify bench's kernel: core-inventory, core-sales and shopify on a fresh PostgreSQL database.
// A catalog of BENCH_CATALOG variants (SKUs B-00001 …, as the double seeds them) with ample stock at
// the store, the store connected to the Shopify double (BENCH_SHOPIFY_API_BASE, a custom app's
// token BENCH_SHOPIFY_TOKEN) and mapped to its location (BENCH_SHOPIFY_LOCATION), BENCH_TILLS tills
// of the checkout load and a probe till, each signed in with an open shift. Prints the kernel's URL,
// pid and the tokens when listening; the catalog is not matched yet (the bench times that).
import { fileURLToPath } from 'node:url';
import { createTestKernel } from '@kits/kernel/test-kit';

const need = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};
const CATALOG = Number(process.env.BENCH_CATALOG ?? 500);
const TILLS = Number(process.env.BENCH_TILLS ?? 4);
/** Units of each variant at the store: a load never runs short. */
const STOCK = 100_000;
const plugin = (name: string) => fileURLToPath(new URL(`../../../plugins/${name}`, import.meta.url));

const kit = await createTestKernel({
  plugins: [plugin('core-inventory'), plugin('core-sales'), plugin('shopify')],
  db: 'postgres',
  // A first sync of a large store takes minutes: the bench's tokens outlast it.
  env: { LOG_LEVEL: 'warn', ACCESS_TOKEN_TTL_SECONDS: '86400' },
  settings: {
    shopify: {
      appClientId: 'kits-bench-client-id',
      appClientSecret: 'kits-bench-client-secret-0123456789',
      apiBase: need('BENCH_SHOPIFY_API_BASE'),
    },
  },
});

const width = String(CATALOG).length;
await kit.kernel.db.transaction({}, async (tx) => {
  await tx.query(
    `with input as (select i, gen_random_uuid() as variant_id, gen_random_uuid() as product_id from generate_series(1, $3::int) as i),
          products as (insert into inventory.products (tenant_id, product_id, name, unit) select $1, product_id, 'B product ' || i, 'piece' from input),
          variants as (insert into inventory.variants (tenant_id, variant_id, product_id, sku)
                       select $1, variant_id, product_id, 'B-' || lpad(i::text, $4::int, '0') from input),
          prices as (insert into inventory.prices (tenant_id, variant_id, currency, amount_minor) select $1, variant_id, 'EUR', 100 + i from input)
     insert into inventory.stock_levels (tenant_id, location_id, variant_id, on_hand, version) select $1, $2, variant_id, $5, 1 from input`,
    [kit.tenant.id, kit.tenant.locationId, CATALOG, width, STOCK],
  );
});

const ok = async <Body>(answer: Promise<{ status: number; body: Body }>, what: string): Promise<Body> => {
  const { status, body } = await answer;
  if (status >= 300) throw new Error(`${what}: ${status} ${JSON.stringify(body)}`);
  return body;
};
await ok(
  kit.request('POST', '/api/v1/shopify/connection/token', {
    body: { shopDomain: need('BENCH_SHOPIFY_DOMAIN'), accessToken: need('BENCH_SHOPIFY_TOKEN') },
  }),
  'connect the store',
);
await ok(
  kit.request('PUT', '/api/v1/shopify/locations', {
    body: { links: [{ locationId: kit.tenant.locationId, shopifyLocationId: need('BENCH_SHOPIFY_LOCATION') }] },
  }),
  'map the location',
);

const openTill = async () => {
  const till = await kit.signInTill({ permissions: ['core-sales:checkout', 'core-sales:shift'] });
  await ok(kit.request('POST', '/api/v1/core-sales/shifts', { token: till.token, body: { openingFloat: 10_000 } }), 'open a shift');
  return till.token;
};
const tills: string[] = [];
for (let i = 0; i < TILLS; i++) tills.push(await openTill());
const probe = await openTill();
const variants = (
  await kit.kernel.db.query<{ variant_id: string; sku: string }>(
    'select variant_id, sku from inventory.variants where tenant_id = $1 order by sku',
    [kit.tenant.id],
  )
).map((row) => ({ variantId: row.variant_id, sku: row.sku }));

const url = await kit.kernel.listen();
process.stdout.write(
  `${JSON.stringify({ url, pid: process.pid, tenantId: kit.tenant.id, locationId: kit.tenant.locationId, admin: kit.tenant.admin.token, tills, probe, variants, stock: STOCK })}\n`,
);
process.once('SIGTERM', () => void kit.close().then(() => process.exit(0)));
