create extension if not exists pg_trgm;

create table inventory.categories (
  tenant_id uuid not null,
  category_id uuid not null,
  name text not null check (length(name) between 1 and 200),
  parent_id uuid,
  created_at timestamptz not null default now(),
  primary key (tenant_id, category_id),
  foreign key (tenant_id, parent_id) references inventory.categories (tenant_id, category_id)
);

create table inventory.products (
  tenant_id uuid not null,
  product_id uuid not null,
  name text not null check (length(name) between 1 and 300),
  description text not null default '',
  category_id uuid,
  unit text not null check (unit in ('piece', 'gram', 'millilitre')),
  tax_class text not null default 'standard' check (length(tax_class) between 1 and 50),
  option_axes text[] not null default '{}',
  attributes jsonb not null default '{}',
  status text not null default 'active' check (status in ('active', 'archived')),
  revision bigint not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, product_id),
  foreign key (tenant_id, category_id) references inventory.categories (tenant_id, category_id)
);
create index products_name_trgm on inventory.products using gin (name gin_trgm_ops);

create table inventory.variants (
  tenant_id uuid not null,
  variant_id uuid not null,
  product_id uuid not null,
  sku text not null check (length(sku) between 1 and 64),
  options jsonb not null default '{}',
  cost_minor bigint check (cost_minor >= 0),
  cost_currency char(3) check (cost_currency ~ '^[A-Z]{3}$'),
  status text not null default 'active' check (status in ('active', 'archived')),
  created_at timestamptz not null default now(),
  primary key (tenant_id, variant_id),
  unique (tenant_id, sku),
  foreign key (tenant_id, product_id) references inventory.products (tenant_id, product_id)
);
create index variants_product on inventory.variants (tenant_id, product_id);
create index variants_sku_trgm on inventory.variants using gin (sku gin_trgm_ops);

create table inventory.barcodes (
  tenant_id uuid not null,
  code text not null,
  symbology text not null check (symbology in ('ean13', 'upca', 'ean8', 'code128')),
  variant_id uuid not null,
  primary key (tenant_id, code),
  foreign key (tenant_id, variant_id) references inventory.variants (tenant_id, variant_id)
);
create index barcodes_variant on inventory.barcodes (tenant_id, variant_id);

-- A price per currency, with optional per-location overrides (location_id null = everywhere).
create table inventory.prices (
  tenant_id uuid not null,
  variant_id uuid not null,
  currency char(3) not null check (currency ~ '^[A-Z]{3}$'),
  location_id uuid,
  amount_minor bigint not null check (amount_minor >= 0),
  foreign key (tenant_id, variant_id) references inventory.variants (tenant_id, variant_id)
);
create unique index prices_unique on inventory.prices (tenant_id, variant_id, currency, coalesce(location_id, '00000000-0000-0000-0000-000000000000'));
