/**
 * How fast the report routes answer over two years of a 50-location shop (about 5 million sale
 * lines, bulk-generated straight into the rollups the routes read; location_hours and
 * category_hours summed from variant_hours and basket_hours as the ingest keeps them). Not a test (speed is not
 * asserted in tests); a measurement to run by hand:
 *
 *   npx node --conditions=@kits/source plugins/reports/test/queries/scale/report-latency-at-scale.ts
 *
 * It creates the PostgreSQL database `reports_scale` on 127.0.0.1 (REPORTS_SCALE_DATABASE_URL to
 * choose another), fills it once (a few minutes) and keeps it, so a second run measures at once;
 * REPORTS_SCALE_DROP=1 drops it at the end. Prints p50/p95/p99 per report over ROUNDS requests
 * through the kernel's HTTP stack (authentication, dispatch, the route's read-only transaction).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createTestKernel, type TestKernel } from '@kits/kernel/test-kit';

const REPORTS = fileURLToPath(new URL('../../..', import.meta.url));
const INVENTORY = fileURLToPath(new URL('../../../../core-inventory', import.meta.url));
const SERVER = process.env.REPORTS_SCALE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const URL_OF_DB = process.env.REPORTS_SCALE_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/reports_scale';
/** Which tenant of the kept database holds the generated history (outside the repository). */
const STATE = join(tmpdir(), `kits-reports-scale-${new URL(URL_OF_DB).pathname.slice(1)}.json`);
const ROUNDS = Number(process.env.ROUNDS ?? 60);

const LOCATIONS = 50;
const DAYS = 730; // up to and including today, so the dashboard has a today
const VARIANTS = 2_000;
const OPEN_HOURS = 12; // 08:00 to 20:00 UTC
const LINES_PER_HOUR = 11; // 50 × 730 × 12 × 11 ≈ 4.8 million variant-hours, one line each

async function ensureDatabase(): Promise<boolean> {
  const admin = new pg.Client({ connectionString: SERVER });
  await admin.connect();
  const name = new URL(URL_OF_DB).pathname.slice(1);
  const [row] = (await admin.query('select 1 from pg_database where datname = $1', [name])).rows;
  if (!row) await admin.query(`create database "${name}"`);
  await admin.end();
  return !row;
}

async function fill(kit: TestKernel, tenantId: string, locationIds: readonly string[]): Promise<void> {
  const started = Date.now();
  const q = (sql: string, params: unknown[] = []) => kit.kernel.db.query(sql, params);
  // Plain tables (a pool's statements may run on different connections), dropped when filled.
  await q(`create unlogged table public.scale_variants as
             select i, (md5('variant' || i)::uuid) as variant_id, (md5('category' || (i % 20))::uuid) as category_id, 300 + (i % 50) * 20 as price
               from generate_series(0, ${VARIANTS - 1}) i`);
  await q('create unlogged table public.scale_locations (l int, location_id uuid)');
  await q('insert into public.scale_locations select n - 1, id from unnest($1::uuid[]) with ordinality as t(id, n)', [locationIds]);
  const days = `generate_series((current_date - ${DAYS - 1})::timestamp, current_date::timestamp, interval '1 day') d(day)`;
  // One row per location, open hour and line: the variant differs per line of an hour (181 is prime to 2000).
  await q(
    `insert into reports.variant_hours (tenant_id, location_id, variant_id, hour, category_id, quantity, gross, discount, net, tax, cost,
                                        refunded_quantity, refunded_net, refunded_tax, refunded_cost)
     select $1, l.location_id, v.variant_id, h.hour, v.category_id, q.quantity, q.quantity * v.price, q.discount,
            q.quantity * v.price - q.discount, (q.quantity * v.price - q.discount) / 5, (q.quantity * v.price * 55) / 100,
            q.refund, q.refund * v.price, q.refund * v.price / 5, (q.refund * v.price * 55) / 100
       from public.scale_locations l
      cross join ${days}
      cross join generate_series(8, ${8 + OPEN_HOURS - 1}) hh(h)
      cross join generate_series(1, ${LINES_PER_HOUR}) k
      cross join lateral (select (d.day + make_interval(hours => hh.h)) at time zone 'UTC' as hour) h
      cross join lateral (select ((l.l * 37 + (d.day::date - date '2000-01-01') * 11 + hh.h * 7 + k * 181) % ${VARIANTS})::int as i) pick
      join public.scale_variants v on v.i = pick.i
      cross join lateral (select 1 + (k % 3) as quantity, case when k % 5 = 0 then 50 else 0 end as discount,
                                 case when k = 1 and hh.h = 12 and l.l % 7 = 0 then 1 else 0 end as refund) q
      order by h.hour`, // in time order, as the live path writes them over the years
    [tenantId],
  );
  console.log(`variant_hours filled in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  for (const basis of ['happened', 'arrived']) {
    await q(
      `insert into reports.basket_hours (tenant_id, basis, location_id, device_id, cashier_id, hour, sales, items, gross, discount, net, tax, total, refunds, refunded_total, late_sales)
       select $1, $2, l.location_id, md5('device' || l.l || '-' || t)::uuid, 'cashier-' || l.l || '-' || t,
              (d.day + make_interval(hours => hh.h)) at time zone 'UTC', 4, 9, 5600, 110, 5490, 1098, 6588, (hh.h % 6 = 0)::int, (hh.h % 6 = 0)::int * 660, 0
         from public.scale_locations l
        cross join ${days}
        cross join generate_series(8, ${8 + OPEN_HOURS - 1}) hh(h)
        cross join generate_series(1, 2) t
        order by 6`,
      [tenantId, basis],
    );
  }
  await q(
    `insert into reports.tender_hours (tenant_id, location_id, method, hour, count, amount, refunded_count, refunded_amount)
     select $1, l.location_id, m.method, (d.day + make_interval(hours => hh.h)) at time zone 'UTC', 4, 6588, 0, 0
       from public.scale_locations l
      cross join ${days}
      cross join generate_series(8, ${8 + OPEN_HOURS - 1}) hh(h)
      cross join (values ('cash'), ('card')) m(method)
      order by 4`,
    [tenantId],
  );
  // What the ingest writes beside basket_hours and variant_hours: per location and per category (sums of them), hour by hour.
  await q(
    `insert into reports.location_hours (tenant_id, location_id, hour, sales, items, gross, discount, net, tax, total, refunds,
                                         refunded_total, voids, late_sales, cost, refunded_quantity, refunded_net, refunded_tax, refunded_cost)
     select $1, location_id, hour, sum(sales), sum(items), sum(gross), sum(discount), sum(net), sum(tax), sum(total), sum(refunds),
            sum(refunded_total), sum(voids), sum(late_sales), sum(cost), sum(refunded_quantity), sum(refunded_net), sum(refunded_tax),
            sum(refunded_cost)
       from (select location_id, hour, sales, items, gross, discount, net, tax, total, refunds, refunded_total, voids, late_sales,
                    0 as cost, 0 as refunded_quantity, 0 as refunded_net, 0 as refunded_tax, 0 as refunded_cost
               from reports.basket_hours where tenant_id = $1 and basis = 'happened'
             union all
             select location_id, hour, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, cost, refunded_quantity, refunded_net, refunded_tax, refunded_cost
               from reports.variant_hours where tenant_id = $1) sums
      group by location_id, hour
      order by hour`,
    [tenantId],
  );
  await q(
    `insert into reports.category_hours (tenant_id, location_id, hour, category_id, quantity, gross, discount, net, tax, cost,
                                         refunded_quantity, refunded_net, refunded_tax, refunded_cost)
     select $1, location_id, hour, coalesce(category_id, '00000000-0000-0000-0000-000000000000'), sum(quantity), sum(gross),
            sum(discount), sum(net), sum(tax), sum(cost), sum(refunded_quantity), sum(refunded_net), sum(refunded_tax), sum(refunded_cost)
       from reports.variant_hours where tenant_id = $1
      group by location_id, hour, 4
      order by hour`,
    [tenantId],
  );
  console.log(`location_hours and category_hours filled in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  await q(
    `insert into reports.stock_positions (tenant_id, location_id, variant_id, on_hand, unit_cost, cost_currency, as_of, event_id)
     select $1, l.location_id, v.variant_id, (v.i * 7 + l.l) % 60 - 2, (v.price * 55) / 100, 'EUR', now() - interval '1 day',
            md5('event' || l.l || '-' || v.i)::uuid
       from public.scale_locations l cross join public.scale_variants v`,
    [tenantId],
  );
  await q(
    `insert into reports.last_sales (tenant_id, location_id, variant_id, last_sale_at)
     select $1, l.location_id, v.variant_id, now() - make_interval(days => (v.i + l.l) % 200)
       from public.scale_locations l cross join public.scale_variants v
      where v.i % 17 <> 0`,
    [tenantId],
  );
  // Every sale day of a variant at a location, and a count a month with some shrinkage.
  await q(
    `insert into reports.movement_days (tenant_id, location_id, variant_id, day, kind, quantity, cost)
     select $1, location_id, variant_id, (hour at time zone 'UTC')::date, 'sale', -sum(quantity), -sum(cost)
       from reports.variant_hours where tenant_id = $1 group by 2, 3, 4
     union all
     select $1, l.location_id, v.variant_id, d.day::date, 'count_correction', -1 - (v.i % 3), -(1 + v.i % 3) * (v.price * 55) / 100
       from public.scale_locations l
      cross join generate_series((current_date - ${DAYS - 1})::timestamp, current_date::timestamp, interval '1 month') d(day)
      join public.scale_variants v on v.i % 40 = l.l % 40`,
    [tenantId],
  );
  await q('drop table public.scale_variants, public.scale_locations');
  for (const table of [
    'variant_hours',
    'category_hours',
    'location_hours',
    'basket_hours',
    'tender_hours',
    'stock_positions',
    'last_sales',
    'movement_days',
  ])
    await q(`vacuum analyze reports.${table}`);
  const counts = await q(
    `select (select count(*) from reports.variant_hours)::int as variant_hours, (select coalesce(sum(quantity), 0) from reports.variant_hours)::bigint::text as units,
            (select count(*) from reports.basket_hours)::int as basket_hours, (select count(*) from reports.location_hours)::int as location_hours,
            (select count(*) from reports.category_hours)::int as category_hours, (select count(*) from reports.movement_days)::int as movement_days`,
  );
  console.log(`filled in ${((Date.now() - started) / 1000).toFixed(0)} s:`, counts[0]);
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

async function measure(kit: TestKernel, token: string, name: string, url: string): Promise<void> {
  const times: number[] = [];
  for (let round = 0; round < ROUNDS + 3; round++) {
    const started = process.hrtime.bigint();
    const answer = await kit.request('GET', url, { token });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (answer.status !== 200) {
      console.log(`${name.padEnd(48)} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
      return;
    }
    if (round >= 3) times.push(ms); // three warm-up rounds
  }
  times.sort((a, b) => a - b);
  console.log(
    `${name.padEnd(48)} p50 ${percentile(times, 50).toFixed(1).padStart(7)} ms   p95 ${percentile(times, 95).toFixed(1).padStart(7)} ms   p99 ${percentile(times, 99).toFixed(1).padStart(7)} ms`,
  );
}

const created = await ensureDatabase();
// A fixed secret: the kernel's embedded registry keeps the key it derives from it, and a second run reuses the database.
const kit = await createTestKernel({
  plugins: [INVENTORY, REPORTS],
  env: { DATABASE_URL: URL_OF_DB, JWT_SECRET: 'reports-scale-measurement-secret-0123456789' },
});
try {
  let tenant: { slug: string; id: string; locationIds: string[] };
  if (created || !existsSync(STATE)) {
    const locationIds = [kit.tenant.locationId];
    for (let i = 2; i <= LOCATIONS; i++) {
      const location = await kit.request<{ id: string }>('POST', '/api/v1/tenants/current/locations', {
        body: { name: `Shop ${i}`, kind: 'store' },
      });
      locationIds.push(location.body.id);
    }
    tenant = { slug: kit.tenant.slug, id: kit.tenant.id, locationIds };
    await fill(kit, tenant.id, locationIds);
    writeFileSync(STATE, JSON.stringify(tenant));
  } else {
    tenant = JSON.parse(readFileSync(STATE, 'utf8')) as typeof tenant;
  }
  const signIn = await kit.request<{ accessToken: string }>('POST', '/api/v1/auth/login', {
    token: null,
    body: { tenant: tenant.slug, email: `admin@${tenant.slug}.test`, password: 'admin-password-1' },
  });
  const token = signIn.body.accessToken;
  const to = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  const from90 = new Date(Date.now() - 90 * 86_400_000).toISOString().slice(0, 10);
  const from730 = new Date(Date.now() - 730 * 86_400_000).toISOString().slice(0, 10);
  const from365 = new Date(Date.now() - 365 * 86_400_000).toISOString().slice(0, 10);
  const one = tenant.locationIds[7]!;
  await measure(kit, token, 'dashboard, 50 locations', '/api/v1/reports/dashboard');
  await measure(kit, token, 'dashboard, one location', `/api/v1/reports/dashboard?locationId=${one}`);
  await measure(kit, token, 'sales 90 days by day by location', `/api/v1/reports/sales?from=${from90}&to=${to}&by=day&group=location`);
  await measure(kit, token, 'sales 90 days by day, compared', `/api/v1/reports/sales?from=${from90}&to=${to}&by=day&compare=previous`);
  await measure(
    kit,
    token,
    'sales 90 days by day by product, one location',
    `/api/v1/reports/sales?from=${from90}&to=${to}&by=day&group=product&locationId=${one}`,
  );
  await measure(kit, token, 'sales 2 years by month by category', `/api/v1/reports/sales?from=${from730}&to=${to}&by=month&group=category`);
  await measure(kit, token, 'sales 2 years by month', `/api/v1/reports/sales?from=${from730}&to=${to}&by=month`);
  await measure(kit, token, 'sales 1 year by month by product', `/api/v1/reports/sales?from=${from365}&to=${to}&by=month&group=product`);
  await measure(kit, token, 'inventory health, first page', '/api/v1/reports/inventory-health');
  await measure(kit, token, 'inventory health, dead stock', '/api/v1/reports/inventory-health?show=dead');
  await measure(kit, token, 'inventory health, by days of cover', '/api/v1/reports/inventory-health?sort=daysOfCover&dir=asc');
} finally {
  await kit.close();
  if (process.env.REPORTS_SCALE_DROP === '1') {
    const admin = new pg.Client({ connectionString: SERVER });
    await admin.connect();
    await admin.query(`drop database if exists "${new URL(URL_OF_DB).pathname.slice(1)}" with (force)`);
    await admin.end();
  }
}
