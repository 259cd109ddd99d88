-- Lots and serial numbers travel with transfers and are counted per lot / per serial.

-- A serial shipped on a transfer is in transit; one a count did not find is missing.
alter table inventory.serials drop constraint serials_status_check;
alter table inventory.serials add constraint serials_status_check check (status in ('in_stock', 'sold', 'in_transit', 'missing'));

-- A draft line may name the lot or the serials to send; otherwise lots go first-expiry-first-out.
alter table inventory.transfer_lines add column lot_code text;
alter table inventory.transfer_lines add column serials text[];

-- What actually left the origin, per lot (with its expiry) or serial set, and what of it arrived.
create table inventory.transfer_portions (
  tenant_id uuid not null,
  transfer_id uuid not null,
  variant_id uuid not null,
  portion int not null,
  lot_code text,
  expires_on date,
  serials text[],
  quantity_sent bigint not null check (quantity_sent > 0),
  quantity_received bigint not null default 0 check (quantity_received >= 0 and quantity_received <= quantity_sent),
  serials_received text[] not null default '{}',
  primary key (tenant_id, transfer_id, variant_id, portion),
  foreign key (tenant_id, transfer_id, variant_id) references inventory.transfer_lines (tenant_id, transfer_id, variant_id)
);

-- Counts per lot ('' = stock not in any lot) and per serial number scanned.
alter table inventory.count_lines add column lot_code text not null default '';
alter table inventory.count_lines drop constraint count_lines_pkey;
alter table inventory.count_lines add primary key (tenant_id, count_id, variant_id, lot_code);

create table inventory.count_serials (
  tenant_id uuid not null,
  count_id uuid not null,
  variant_id uuid not null,
  serial text not null,
  primary key (tenant_id, count_id, variant_id, serial),
  foreign key (tenant_id, count_id) references inventory.counts (tenant_id, count_id)
);
