import type pg from 'pg';

/**
 * The bench's own schema in its database (never the plugins'): the shops' shapes the generator
 * reads (stores, catalog), the marker, and the deterministic functions generation is made of —
 * every random draw is a hash of the seed and what is drawn for, so a day generated twice, or a
 * reused database topped up, gives the same rows.
 */
export async function createBenchSchema(db: pg.Client): Promise<void> {
  await db.query(`
    create schema if not exists bench_reports;

    -- A uniform draw in [0, 1) for a key: the same key and seed always give the same number.
    create or replace function bench_reports.draw(key text, seed bigint) returns float8
      language sql immutable parallel safe
      as $$ select (hashtextextended(key, seed) & 9007199254740991)::float8 / 9007199254740992.0 $$;

    -- A UUIDv7 for an instant (its first 48 bits are the milliseconds, so ids sort by time as the
    -- kernel's do), the rest from the key.
    create or replace function bench_reports.uuid7(at timestamptz, key text) returns uuid
      language sql immutable parallel safe
      as $$ select (lpad(to_hex(floor(extract(epoch from at) * 1000)::bigint), 12, '0') || '7' || substr(md5(key), 1, 3)
                    || '8' || substr(md5(key), 4, 15))::uuid $$;

    create table if not exists bench_reports.stores (
      tenant_id uuid not null,
      n int not null,
      location_id uuid not null,
      size float8 not null,
      opens int not null,
      closes int not null,
      sunday_opens int,
      sunday_closes int,
      devices uuid[] not null,
      cashiers text[] not null,
      primary key (tenant_id, n)
    );

    create table if not exists bench_reports.catalog (
      tenant_id uuid not null,
      n int not null,
      variant_id uuid not null,
      product_id uuid not null,
      category_id uuid not null,
      sku text not null,
      name text not null,
      price bigint not null,
      unit_cost bigint not null,
      tax_basis_points int not null,
      -- Of the shop's popularity slots (a sale line draws one): none for a variant nobody buys.
      slots int not null,
      primary key (tenant_id, n)
    );

    -- Slot i of the shop's popularity wheel names a variant (n): a line draws slot floor(u × slots).
    create table if not exists bench_reports.wheel (
      tenant_id uuid not null,
      slot int not null,
      n int not null,
      primary key (tenant_id, slot)
    );
  `);
}
