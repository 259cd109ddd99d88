-- Suppliers, what they sell us (per variant: their SKU, pack size and unit cost in their currency),
-- purchase orders with their lines, receipts (and supplier returns, as negative receipts), and the
-- bookkeeping of the reorder job. Every table carries tenant_id; the kernel forces row-level
-- security on each. Variants and locations belong to other owners (inventory@1, the kernel): they
-- are referenced by id, never by foreign key.

create table purchasing.suppliers (
  tenant_id uuid not null,
  supplier_id uuid not null,
  name text not null check (length(name) between 1 and 200),
  currency char(3) not null check (currency ~ '^[A-Z]{3}$'),
  payment_terms_days integer not null default 30 check (payment_terms_days between 0 and 365),
  lead_time_days integer not null default 7 check (lead_time_days between 0 and 365),
  email text check (length(email) <= 320),
  phone text check (length(phone) <= 40),
  address text not null default '' check (length(address) <= 1000),
  notes text not null default '' check (length(notes) <= 2000),
  status text not null default 'active' check (status in ('active', 'archived')),
  revision bigint not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, supplier_id)
);
create index suppliers_by_name on purchasing.suppliers (tenant_id, name, supplier_id);

create table purchasing.supplier_contacts (
  tenant_id uuid not null,
  supplier_id uuid not null,
  contact_no integer not null,
  name text not null check (length(name) between 1 and 200),
  role text not null default '' check (length(role) <= 100),
  email text check (length(email) <= 320),
  phone text check (length(phone) <= 40),
  primary key (tenant_id, supplier_id, contact_no),
  foreign key (tenant_id, supplier_id) references purchasing.suppliers (tenant_id, supplier_id) on delete cascade
);

-- unit cost is per unit of the variant (its smallest unit), in the supplier's currency.
create table purchasing.supplier_items (
  tenant_id uuid not null,
  supplier_id uuid not null,
  variant_id uuid not null,
  supplier_sku text not null check (length(supplier_sku) between 1 and 64),
  pack_size integer not null check (pack_size between 1 and 1000000),
  unit_cost_minor bigint not null check (unit_cost_minor >= 0),
  currency char(3) not null check (currency ~ '^[A-Z]{3}$'),
  preferred boolean not null default false,
  primary key (tenant_id, supplier_id, variant_id),
  foreign key (tenant_id, supplier_id) references purchasing.suppliers (tenant_id, supplier_id) on delete cascade
);
create index supplier_items_by_variant on purchasing.supplier_items (tenant_id, variant_id);

create table purchasing.counters (
  tenant_id uuid not null,
  name text not null,
  next_value bigint not null,
  primary key (tenant_id, name)
);

create table purchasing.purchase_orders (
  tenant_id uuid not null,
  po_id uuid not null,
  number text not null,
  supplier_id uuid not null,
  location_id uuid not null,
  currency char(3) not null check (currency ~ '^[A-Z]{3}$'),
  status text not null default 'draft'
    check (status in ('draft', 'sent', 'partially_received', 'received', 'closed', 'cancelled')),
  origin text not null default 'manual' check (origin in ('manual', 'reorder')),
  expected_on date,
  notes text not null default '' check (length(notes) <= 2000),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  sent_at timestamptz,
  closed_at timestamptz,
  cancelled_at timestamptz,
  primary key (tenant_id, po_id),
  unique (tenant_id, number),
  foreign key (tenant_id, supplier_id) references purchasing.suppliers (tenant_id, supplier_id)
);
create index purchase_orders_by_status on purchasing.purchase_orders (tenant_id, status, po_id);
create index purchase_orders_by_supplier on purchasing.purchase_orders (tenant_id, supplier_id, po_id);

-- Ordered in packs of the supplier's pack size: ordered units = packs × pack_size. Received,
-- damaged and returned are units. An unplanned line (an item that came without being ordered,
-- received by someone allowed to) has 0 packs.
create table purchasing.po_lines (
  tenant_id uuid not null,
  po_id uuid not null,
  line_no integer not null check (line_no > 0),
  variant_id uuid not null,
  supplier_sku text,
  pack_size integer not null check (pack_size between 1 and 1000000),
  packs integer not null check (packs >= 0),
  unit_cost_minor bigint check (unit_cost_minor >= 0),
  expected_on date,
  unplanned boolean not null default false,
  received_quantity bigint not null default 0 check (received_quantity >= 0),
  damaged_quantity bigint not null default 0 check (damaged_quantity >= 0),
  returned_quantity bigint not null default 0 check (returned_quantity >= 0 and returned_quantity <= received_quantity),
  primary key (tenant_id, po_id, line_no),
  unique (tenant_id, po_id, variant_id),
  foreign key (tenant_id, po_id) references purchasing.purchase_orders (tenant_id, po_id) on delete cascade
);
create index po_lines_by_variant on purchasing.po_lines (tenant_id, variant_id);

-- A receipt (or a supplier return: kind 'return') keeps the client's id for ever, with a hash of
-- what it asked and what it was answered, so a retry applies once and answers the same.
create table purchasing.receipts (
  tenant_id uuid not null,
  receipt_id uuid not null,
  po_id uuid not null,
  kind text not null check (kind in ('receipt', 'return')),
  request_hash text not null,
  answer jsonb not null,
  note text not null default '',
  actor_kind text not null,
  actor_id text not null,
  device_id uuid,
  created_at timestamptz not null default now(),
  primary key (tenant_id, receipt_id),
  foreign key (tenant_id, po_id) references purchasing.purchase_orders (tenant_id, po_id)
);
create index receipts_by_po on purchasing.receipts (tenant_id, po_id, created_at);

create table purchasing.receipt_lines (
  tenant_id uuid not null,
  receipt_id uuid not null,
  line_no integer not null,
  variant_id uuid not null,
  quantity bigint not null check (quantity >= 0),
  damaged bigint not null default 0 check (damaged >= 0),
  lot_code text,
  expires_on date,
  serials text[],
  reason text,
  primary key (tenant_id, receipt_id, line_no),
  foreign key (tenant_id, receipt_id) references purchasing.receipts (tenant_id, receipt_id)
);

create table purchasing.reorder_runs (
  tenant_id uuid not null primary key,
  last_run_at timestamptz not null
);
