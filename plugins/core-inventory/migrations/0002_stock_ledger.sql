-- The append-only ledger: every change of stock is a movement. quantity is signed.
create table inventory.stock_movements (
  tenant_id uuid not null,
  movement_id uuid not null,
  location_id uuid not null,
  variant_id uuid not null,
  kind text not null check (kind in ('receive', 'sale', 'return', 'adjustment', 'transfer_out', 'transfer_in', 'count_correction')),
  quantity bigint not null check (quantity <> 0),
  reason text,
  reference_kind text,
  reference_id text,
  occurred_at timestamptz not null default now(),
  primary key (tenant_id, movement_id),
  foreign key (tenant_id, variant_id) references inventory.variants (tenant_id, variant_id)
);
create index stock_movements_by_item on inventory.stock_movements (tenant_id, variant_id, location_id, occurred_at);

-- The projection, updated in the same transaction as each movement. on_hand only goes below
-- zero together with an open discrepancy (an offline sale accepted under allow-negative).
create table inventory.stock_levels (
  tenant_id uuid not null,
  location_id uuid not null,
  variant_id uuid not null,
  on_hand bigint not null default 0,
  reserved bigint not null default 0 check (reserved >= 0),
  discrepancy_open boolean not null default false,
  reorder_point bigint check (reorder_point >= 0),
  reorder_max bigint check (reorder_max >= 0),
  version bigint not null default 0,
  updated_at timestamptz not null default now(),
  primary key (tenant_id, location_id, variant_id),
  foreign key (tenant_id, variant_id) references inventory.variants (tenant_id, variant_id),
  constraint stock_not_negative check (on_hand >= 0 or discrepancy_open),
  constraint reorder_range check (reorder_max is null or reorder_point is null or reorder_max >= reorder_point)
);

create table inventory.discrepancies (
  tenant_id uuid not null,
  discrepancy_id uuid not null,
  location_id uuid not null,
  variant_id uuid not null,
  quantity_short bigint not null check (quantity_short > 0),
  reference_kind text,
  reference_id text,
  raised_at timestamptz not null default now(),
  resolved_at timestamptz,
  primary key (tenant_id, discrepancy_id)
);

create table inventory.reservations (
  tenant_id uuid not null,
  reservation_id uuid not null,
  reference_kind text not null,
  reference_id text not null,
  expires_at timestamptz not null,
  released_at timestamptz,
  created_at timestamptz not null default now(),
  primary key (tenant_id, reservation_id)
);
create index reservations_due on inventory.reservations (expires_at) where released_at is null;

create table inventory.reservation_lines (
  tenant_id uuid not null,
  reservation_id uuid not null,
  location_id uuid not null,
  variant_id uuid not null,
  quantity bigint not null check (quantity > 0),
  primary key (tenant_id, reservation_id, location_id, variant_id),
  foreign key (tenant_id, reservation_id) references inventory.reservations (tenant_id, reservation_id)
);
