-- Sales, their lines and tenders. Money is integer minor units in the sale's currency.
create table sales.sales (
  tenant_id uuid not null,
  sale_id uuid not null,
  status text not null check (status in ('completed', 'parked', 'resumed', 'voided')),
  origin text not null check (origin in ('online', 'offline')),
  device_id uuid not null,
  location_id uuid not null,
  shift_id uuid,
  receipt_number bigint,
  cashier_id text not null,
  customer_id uuid,
  currency char(3) not null,
  subtotal bigint not null,
  discount_total bigint not null,
  tax_total bigint not null,
  total bigint not null,
  rounding bigint not null default 0,
  paid bigint not null default 0,
  change_given bigint not null default 0,
  refunded bigint not null default 0 check (refunded >= 0 and refunded <= paid),
  cart_discount jsonb,
  taxes jsonb not null default '[]',
  promotions jsonb not null default '[]',
  client_total bigint,
  reservation_id uuid,
  occurred_at timestamptz not null,
  received_at timestamptz not null default now(),
  primary key (tenant_id, sale_id)
);
-- Receipt numbers: sequential per device, never twice.
create unique index sales_receipt_per_device on sales.sales (tenant_id, device_id, receipt_number) where receipt_number is not null;
create index sales_by_shift on sales.sales (tenant_id, shift_id);
create index sales_parked on sales.sales (tenant_id, location_id) where status = 'parked';

create table sales.sale_lines (
  tenant_id uuid not null,
  sale_id uuid not null,
  line_no int not null,
  variant_id uuid not null,
  sku text not null,
  name text not null,
  category_id uuid,
  quantity bigint not null check (quantity > 0),
  unit_price bigint not null check (unit_price >= 0),
  price_overridden boolean not null default false,
  discount jsonb,
  gross bigint not null,
  promotion_discount bigint not null,
  line_discount bigint not null,
  cart_discount bigint not null,
  net bigint not null,
  tax bigint not null,
  taxes jsonb not null,
  total bigint not null,
  lot_code text,
  serials text[],
  refunded_quantity bigint not null default 0 check (refunded_quantity >= 0 and refunded_quantity <= quantity),
  refunded_amount bigint not null default 0 check (refunded_amount >= 0 and refunded_amount <= total),
  refunded_tax bigint not null default 0,
  primary key (tenant_id, sale_id, line_no),
  foreign key (tenant_id, sale_id) references sales.sales (tenant_id, sale_id)
);

create table sales.tenders (
  tenant_id uuid not null,
  sale_id uuid not null,
  tender_no int not null,
  method text not null check (length(method) between 1 and 40),
  tendered bigint not null check (tendered >= 0),
  amount bigint not null check (amount >= 0),
  reference text,
  refunded bigint not null default 0 check (refunded >= 0 and refunded <= amount),
  primary key (tenant_id, sale_id, tender_no),
  foreign key (tenant_id, sale_id) references sales.sales (tenant_id, sale_id)
);

create table sales.receipt_counters (
  tenant_id uuid not null,
  device_id uuid not null,
  last_number bigint not null default 0,
  primary key (tenant_id, device_id)
);

create table sales.promotions (
  tenant_id uuid not null,
  promotion_id uuid not null,
  name text not null check (length(name) between 1 and 200),
  kind text not null check (kind in ('buy_x_get_y', 'bundle')),
  variant_ids uuid[] not null,
  buy int check (buy > 0),
  get int check (get > 0),
  quantity int check (quantity > 1),
  price bigint check (price >= 0),
  active boolean not null default true,
  created_at timestamptz not null default now(),
  primary key (tenant_id, promotion_id),
  check ((kind = 'buy_x_get_y' and buy is not null and get is not null) or (kind = 'bundle' and quantity is not null and price is not null))
);

create table sales.refunds (
  tenant_id uuid not null,
  refund_id uuid not null,
  sale_id uuid,
  device_id uuid,
  shift_id uuid,
  reason text not null check (length(reason) between 1 and 500),
  restock boolean not null,
  total bigint not null check (total > 0),
  currency char(3) not null,
  cashier_id text not null,
  created_at timestamptz not null default now(),
  primary key (tenant_id, refund_id),
  foreign key (tenant_id, sale_id) references sales.sales (tenant_id, sale_id)
);

create table sales.refund_lines (
  tenant_id uuid not null,
  refund_id uuid not null,
  line_no int not null,
  sale_line_no int,
  variant_id uuid not null,
  quantity bigint not null check (quantity > 0),
  amount bigint not null check (amount >= 0),
  tax bigint not null,
  taxes jsonb not null,
  primary key (tenant_id, refund_id, line_no),
  foreign key (tenant_id, refund_id) references sales.refunds (tenant_id, refund_id)
);

create table sales.refund_tenders (
  tenant_id uuid not null,
  refund_id uuid not null,
  tender_no int not null,
  method text not null,
  amount bigint not null check (amount > 0),
  reference text,
  primary key (tenant_id, refund_id, tender_no),
  foreign key (tenant_id, refund_id) references sales.refunds (tenant_id, refund_id)
);

-- Shifts: a float, cash in and out, and a count per denomination at close.
create table sales.shifts (
  tenant_id uuid not null,
  shift_id uuid not null,
  device_id uuid not null,
  location_id uuid not null,
  opened_by text not null,
  opening_float bigint not null check (opening_float >= 0),
  status text not null check (status in ('open', 'closed')),
  opened_at timestamptz not null default now(),
  closed_at timestamptz,
  closed_by text,
  counted jsonb,
  counted_cash bigint,
  expected_cash bigint,
  over_short bigint,
  z_report jsonb,
  primary key (tenant_id, shift_id)
);
-- At most one open shift per device.
create unique index shifts_one_open_per_device on sales.shifts (tenant_id, device_id) where status = 'open';

create table sales.cash_movements (
  tenant_id uuid not null,
  movement_id uuid not null,
  shift_id uuid not null,
  kind text not null check (kind in ('in', 'out')),
  amount bigint not null check (amount > 0),
  reason text not null check (length(reason) between 1 and 200),
  created_at timestamptz not null default now(),
  primary key (tenant_id, movement_id),
  foreign key (tenant_id, shift_id) references sales.shifts (tenant_id, shift_id)
);
