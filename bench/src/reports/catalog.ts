import type pg from 'pg';
import type { ShopShape } from './scale.ts';
import type { BenchShop } from './shop-setup.ts';

/** Categories a general store might have: name and whether it sells at the reduced tax rate (food). */
const CATEGORIES: ReadonlyArray<readonly [string, boolean, number]> = [
  // name, reduced rate, typical price (cents)
  ['Coffee', true, 650],
  ['Tea', true, 450],
  ['Bakery', true, 250],
  ['Dairy', true, 180],
  ['Fruit', true, 220],
  ['Vegetables', true, 190],
  ['Snacks', true, 230],
  ['Confectionery', true, 200],
  ['Soft drinks', false, 190],
  ['Juice', true, 290],
  ['Beer', false, 120],
  ['Wine', false, 890],
  ['Spirits', false, 1990],
  ['Frozen', true, 420],
  ['Pasta and rice', true, 210],
  ['Canned goods', true, 160],
  ['Spices', true, 290],
  ['Breakfast', true, 380],
  ['Deli', true, 450],
  ['Cheese', true, 390],
  ['Household', false, 340],
  ['Cleaning', false, 290],
  ['Personal care', false, 420],
  ['Baby', false, 590],
  ['Pet food', false, 490],
  ['Stationery', false, 250],
  ['Newspapers', true, 300],
  ['Magazines', true, 550],
  ['Books', true, 1490],
  ['Toys', false, 1290],
  ['Kitchen', false, 990],
  ['Garden', false, 1190],
  ['Batteries', false, 690],
  ['Phone accessories', false, 1490],
  ['Gifts', false, 1590],
  ['Flowers', true, 790],
  ['Tobacco', false, 850],
  ['Health', false, 690],
  ['Seasonal', false, 990],
  ['Organic', true, 390],
];
const ADJECTIVES = [
  'Classic',
  'Organic',
  'Fresh',
  'Premium',
  'Everyday',
  'Family',
  'Mini',
  'Large',
  'Light',
  'Original',
  'Local',
  'Golden',
];

/**
 * The shop's catalog, in core-inventory's tables (as sales-kernel.ts seeds its catalog: set-based,
 * the bench's precedent) and in bench_reports.catalog for the generator: `shape.categories`
 * categories, `shape.variants` variants, one per product, each with a price (tax included, EUR), a
 * cost and a popularity. Popularity follows a Zipf law over the variants (rank r weighs
 * 1/(r+8)^1.1: a few best sellers and a long tail), and 4 % of variants never sell (dead stock).
 */
export async function createCatalog(db: pg.Client, shop: BenchShop, shape: ShopShape, seed: number): Promise<void> {
  const categories = CATEGORIES.slice(0, shape.categories);
  await db.query(
    `insert into bench_reports.catalog (tenant_id, n, variant_id, product_id, category_id, sku, name, price, unit_cost, tax_basis_points, slots)
     with category as (
            select c.n, c.name, c.reduced, c.typical,
                   bench_reports.uuid7(timestamptz '2024-01-01', $1 || ':category:' || c.n) as category_id
              from unnest($3::text[], $4::boolean[], $5::int[]) with ordinality as c(name, reduced, typical, n)),
          variant as (
            select v.n, 1 + (hashtextextended($1 || ':category-of:' || v.n, $2) & 1048575) % $6::int as category_n,
                   bench_reports.draw($1 || ':price-a:' || v.n, $2) as a, bench_reports.draw($1 || ':price-b:' || v.n, $2) as b,
                   bench_reports.draw($1 || ':margin:' || v.n, $2) as margin, bench_reports.draw($1 || ':dead:' || v.n, $2) < 0.04 as dead
              from generate_series(1, $7::int) as v(n)),
          priced as (
            select v.n, c.category_id, c.name as category, c.reduced, v.margin, v.dead,
                   -- log-normal around the category's typical price, ending in 9
                   greatest(49, round(c.typical * exp(0.45 * sqrt(-2 * ln(greatest(v.a, 1e-12))) * cos(2 * pi() * v.b)) / 10) * 10 - 1)::bigint as price,
                   case when c.reduced then 500 else 2000 end as tax_basis_points
              from variant v join category c on c.n = v.category_n),
          weighted as (
            select p.*, case when p.dead then 0 else 1 / power(p.n + 8, 1.1) end as weight from priced p)
     select $1::uuid, w.n, bench_reports.uuid7(timestamptz '2024-01-01', $1 || ':variant:' || w.n),
            bench_reports.uuid7(timestamptz '2024-01-01', $1 || ':product:' || w.n), w.category_id,
            'B' || lpad(w.n::text, 6, '0'),
            ($8::text[])[1 + w.n % cardinality($8::text[])] || ' ' || lower(w.category) || ' ' || w.n,
            w.price,
            -- cost: 45–70 % of the price before tax
            round(w.price * 10000.0 / (10000 + w.tax_basis_points) * (0.45 + 0.25 * w.margin))::bigint,
            w.tax_basis_points,
            round(100000 * w.weight / sum(w.weight) over ())::int
       from weighted w`,
    [
      shop.tenantId,
      seed,
      categories.map((c) => c[0]),
      categories.map((c) => c[1]),
      categories.map((c) => c[2]),
      categories.length,
      shape.variants,
      ADJECTIVES,
    ],
  );
  await db.query(
    `insert into bench_reports.wheel (tenant_id, slot, n)
     select $1, (row_number() over (order by c.n, s) - 1)::int, c.n
       from bench_reports.catalog c, generate_series(1, c.slots) as s where c.tenant_id = $1`,
    [shop.tenantId],
  );
  // core-inventory's own rows of the same catalog: the live path's checkouts sell these variants
  // (and inventory@1 names them in the reports).
  await db.query(
    `insert into inventory.categories (tenant_id, category_id, name)
     select $1::uuid, bench_reports.uuid7(timestamptz '2024-01-01', $1::text || ':category:' || c.n), c.name
       from unnest($2::text[]) with ordinality as c(name, n)`,
    [shop.tenantId, categories.map((c) => c[0])],
  );
  await db.query(
    `insert into inventory.products (tenant_id, product_id, name, category_id, unit, tax_class)
     select $1, product_id, name, category_id, 'piece', case when tax_basis_points = 500 then 'reduced' else 'standard' end
       from bench_reports.catalog where tenant_id = $1`,
    [shop.tenantId],
  );
  await db.query(
    `insert into inventory.variants (tenant_id, variant_id, product_id, sku, cost_minor, cost_currency)
     select $1, variant_id, product_id, sku, unit_cost, 'EUR' from bench_reports.catalog where tenant_id = $1`,
    [shop.tenantId],
  );
  await db.query(
    `insert into inventory.prices (tenant_id, variant_id, currency, amount_minor)
     select $1, variant_id, 'EUR', price from bench_reports.catalog where tenant_id = $1`,
    [shop.tenantId],
  );
}

/** Ample stock of every variant at these stores, so the checkout load never runs short. */
export async function stockStores(db: pg.Client, shop: BenchShop, locationIds: readonly string[]): Promise<void> {
  await db.query(
    `insert into inventory.stock_levels (tenant_id, location_id, variant_id, on_hand, version)
     select $1, l.id, c.variant_id, 1000000000, 1 from bench_reports.catalog c, unnest($2::uuid[]) as l(id) where c.tenant_id = $1
     on conflict (tenant_id, location_id, variant_id) do update set on_hand = 1000000000`,
    [shop.tenantId, locationIds],
  );
}
