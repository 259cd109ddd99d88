-- Label templates, the plugin's own facts about each label printer (the printer itself is a device
-- in the kernel's devices service), and the shelf prices the price-change queue is made of. Every
-- table carries tenant_id; the kernel forces row-level security on each. Variants, locations and
-- devices belong to other owners: they are referenced by id, never by foreign key.

create table zebra.templates (
  tenant_id uuid not null,
  template_id uuid not null,
  name text not null check (length(name) between 1 and 100),
  kind text not null check (kind in ('shelf', 'product', 'jewellery')),
  stock text not null check (stock in ('shelf-2.25x1.25', 'product-2x1', 'shipping-4x6', 'tag-1.2x0.85')),
  dpi integer not null check (dpi in (203, 300, 600)),
  symbology text not null check (symbology in ('ean13', 'upca', 'code128', 'qr', 'none')),
  show_price boolean not null,
  show_sku boolean not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, template_id)
);
create unique index templates_by_name on zebra.templates (tenant_id, lower(name));

-- A label printer's resolution and the label stock loaded in it now (device_id: the kernel's device).
create table zebra.printers (
  tenant_id uuid not null,
  device_id uuid not null,
  dpi integer not null check (dpi in (203, 300, 600)),
  stock text not null check (stock in ('shelf-2.25x1.25', 'product-2x1', 'shipping-4x6', 'tag-1.2x0.85')),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, device_id)
);

-- The price on a variant's shelves: per location that has its own price, and tenant-wide
-- (location_key = the nil uuid) for the shops that use the tenant's price. `amount` is the price
-- now (tenant currency), `labelled_amount` what the printed shelf label shows (null: unknown). A
-- label is stale while they differ; `stale_since` is when the price moved away from the label.
create table zebra.shelf_prices (
  tenant_id uuid not null,
  variant_id uuid not null,
  location_key uuid not null,
  currency char(3) not null check (currency ~ '^[A-Z]{3}$'),
  amount bigint not null check (amount >= 0),
  labelled_amount bigint check (labelled_amount >= 0),
  stale_since timestamptz,
  printed_at timestamptz,
  primary key (tenant_id, variant_id, location_key),
  check ((stale_since is null) = (labelled_amount is not distinct from amount))
);
create index shelf_prices_stale on zebra.shelf_prices (tenant_id, stale_since, variant_id) where stale_since is not null;
