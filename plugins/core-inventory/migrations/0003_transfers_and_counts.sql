create table inventory.transfers (
  tenant_id uuid not null,
  transfer_id uuid not null,
  from_location_id uuid not null,
  to_location_id uuid not null,
  status text not null default 'draft' check (status in ('draft', 'shipped', 'received', 'cancelled')),
  created_at timestamptz not null default now(),
  shipped_at timestamptz,
  received_at timestamptz,
  primary key (tenant_id, transfer_id),
  constraint transfer_between_two_places check (from_location_id <> to_location_id)
);

create table inventory.transfer_lines (
  tenant_id uuid not null,
  transfer_id uuid not null,
  variant_id uuid not null,
  quantity_sent bigint not null check (quantity_sent > 0),
  quantity_received bigint not null default 0 check (quantity_received >= 0 and quantity_received <= quantity_sent),
  primary key (tenant_id, transfer_id, variant_id),
  foreign key (tenant_id, transfer_id) references inventory.transfers (tenant_id, transfer_id),
  foreign key (tenant_id, variant_id) references inventory.variants (tenant_id, variant_id)
);

create table inventory.counts (
  tenant_id uuid not null,
  count_id uuid not null,
  location_id uuid not null,
  category_id uuid,
  status text not null default 'open' check (status in ('open', 'approved', 'cancelled')),
  started_at timestamptz not null default now(),
  approved_at timestamptz,
  primary key (tenant_id, count_id)
);

create table inventory.count_lines (
  tenant_id uuid not null,
  count_id uuid not null,
  variant_id uuid not null,
  counted bigint not null default 0 check (counted >= 0),
  primary key (tenant_id, count_id, variant_id),
  foreign key (tenant_id, count_id) references inventory.counts (tenant_id, count_id),
  foreign key (tenant_id, variant_id) references inventory.variants (tenant_id, variant_id)
);
