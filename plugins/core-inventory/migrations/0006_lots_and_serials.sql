-- Products that track lots (with expiry) or serial numbers.
alter table inventory.products add column tracking text not null default 'none' check (tracking in ('none', 'lot', 'serial'));

-- Stock per lot: the lots of a variant at a location add up to what was received into lots.
create table inventory.lots (
  tenant_id uuid not null,
  location_id uuid not null,
  variant_id uuid not null,
  lot_code text not null check (length(lot_code) between 1 and 64),
  expires_on date,
  on_hand bigint not null default 0 check (on_hand >= 0),
  primary key (tenant_id, location_id, variant_id, lot_code),
  foreign key (tenant_id, variant_id) references inventory.variants (tenant_id, variant_id)
);
create index lots_fefo on inventory.lots (tenant_id, location_id, variant_id, expires_on nulls last) where on_hand > 0;

-- One row per serial number; location_id is where it is while in stock.
create table inventory.serials (
  tenant_id uuid not null,
  variant_id uuid not null,
  serial text not null check (length(serial) between 1 and 100),
  status text not null check (status in ('in_stock', 'sold')),
  location_id uuid,
  primary key (tenant_id, variant_id, serial),
  foreign key (tenant_id, variant_id) references inventory.variants (tenant_id, variant_id)
);
create index serials_by_serial on inventory.serials (tenant_id, serial);

alter table inventory.stock_movements add column lot_code text;
alter table inventory.stock_movements add column serials text[];
create index stock_movements_serials on inventory.stock_movements using gin (serials) where serials is not null;
