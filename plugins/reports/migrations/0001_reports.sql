-- reports: what the reports plugin knows, built only from the events other plugins publish
-- (DESIGN: no plugin reads another's tables). Three layers:
--   journal   every event applied, as it came (the tenant's history as reports knows it): the
--             rebuild replays it;
--   facts     one row per sale line, refund line, tender and stock movement (what BI export writes
--             and what drill-downs read);
--   rollups   sums per tenant, location, variant (or till, cashier, tender) and hour, kept up to
--             date by the live path and rebuilt from the journal by the same code.
-- Hours are UTC hours (date_trunc('hour', …)); days, weeks and months are grouped from them in the
-- tenant's time zone at query time. Money is integer minor units in the tenant's currency.
-- "happened" is the event's occurred_at (the till's clock for an offline sale); "arrived" is when
-- the kernel received it (the event's receivedAt, or its journal time).

create table reports.journal (
  tenant_id uuid not null,
  seq bigint generated always as identity,
  event_id uuid not null,
  type text not null,
  version integer not null,
  occurred_at timestamptz not null,
  journaled_at timestamptz not null default now(),
  payload jsonb not null,
  primary key (tenant_id, seq),
  unique (tenant_id, event_id)
);

-- Facts ----------------------------------------------------------------------------------------

create table reports.sale_lines (
  tenant_id uuid not null,
  sale_id uuid not null,
  line_no integer not null,
  occurred_at timestamptz not null,
  received_at timestamptz not null,
  location_id uuid not null,
  device_id uuid,
  cashier_id text,
  receipt_number text,
  variant_id uuid not null,
  sku text not null,
  name text not null,
  category_id uuid,
  quantity integer not null,
  unit_price bigint not null,
  gross bigint not null,
  discount bigint not null,
  net bigint not null,
  tax bigint not null,
  total bigint not null,
  currency text not null,
  primary key (tenant_id, sale_id, line_no)
);
create index sale_lines_by_time on reports.sale_lines (tenant_id, occurred_at);

create table reports.refund_lines (
  tenant_id uuid not null,
  refund_id uuid not null,
  line_no integer not null,
  sale_id uuid,
  occurred_at timestamptz not null,
  location_id uuid not null,
  device_id uuid,
  cashier_id text,
  variant_id uuid not null,
  quantity integer not null,
  amount bigint not null,
  tax bigint not null,
  restock boolean not null,
  currency text not null,
  -- The category the refunded variant was sold in on the refunded sale (its sale line), when reports
  -- had that sale when the refund was applied; null otherwise (a refund without a sale, or of one
  -- made before reports was enabled). See ingest/facts.ts, "refund categories".
  category_id uuid,
  primary key (tenant_id, refund_id, line_no)
);
create index refund_lines_by_time on reports.refund_lines (tenant_id, occurred_at);

create table reports.tenders (
  tenant_id uuid not null,
  source_kind text not null check (source_kind in ('sale', 'refund')),
  source_id uuid not null,
  tender_no integer not null,
  occurred_at timestamptz not null,
  location_id uuid not null,
  device_id uuid,
  method text not null,
  amount bigint not null,
  currency text not null,
  primary key (tenant_id, source_kind, source_id, tender_no)
);
create index tenders_by_time on reports.tenders (tenant_id, occurred_at);

create table reports.stock_movements (
  tenant_id uuid not null,
  movement_id uuid not null,
  occurred_at timestamptz not null,
  location_id uuid not null,
  variant_id uuid not null,
  kind text not null,
  quantity integer not null,
  unit_cost bigint,
  cost_currency text,
  reference_kind text,
  reference_id text,
  on_hand_after integer,
  primary key (tenant_id, movement_id)
);
create index stock_movements_by_time on reports.stock_movements (tenant_id, occurred_at);
-- A sale's or refund's movements, for their cost (ingest pairs them with the sale or refund).
create index stock_movements_by_reference on reports.stock_movements (tenant_id, reference_id);

create table reports.voids (
  tenant_id uuid not null,
  sale_id uuid not null,
  occurred_at timestamptz not null,
  received_at timestamptz not null,
  location_id uuid not null,
  device_id uuid,
  cashier_id text,
  receipt_number text,
  reason text,
  primary key (tenant_id, sale_id)
);

-- Rollups --------------------------------------------------------------------------------------

-- Per variant: what sold and came back, its cost (from the sale's stock movements), by the hour it happened.
create table reports.variant_hours (
  tenant_id uuid not null,
  location_id uuid not null,
  variant_id uuid not null,
  hour timestamptz not null,
  category_id uuid,
  quantity bigint not null default 0,
  gross bigint not null default 0,
  discount bigint not null default 0,
  net bigint not null default 0,
  tax bigint not null default 0,
  cost bigint not null default 0,
  refunded_quantity bigint not null default 0,
  refunded_net bigint not null default 0,
  refunded_tax bigint not null default 0,
  refunded_cost bigint not null default 0,
  primary key (tenant_id, location_id, variant_id, hour)
);
-- Products sold at some locations over a period (sales by product, the dashboard's best sellers).
create index variant_hours_by_location on reports.variant_hours (tenant_id, location_id, hour);

-- Per location: the baskets by the hour they happened (basket_hours, basis 'happened', summed over
-- tills and cashiers) and the goods (variant_hours summed over variants: cost and refunded goods),
-- in one row, so a report by location or for everything, and the dashboard, read one small table.
-- items = the units sold (variant_hours' quantity); gross … tax are the sale lines' (the same in both).
create table reports.location_hours (
  tenant_id uuid not null,
  location_id uuid not null,
  hour timestamptz not null,
  sales bigint not null default 0,
  items bigint not null default 0,
  gross bigint not null default 0,
  discount bigint not null default 0,
  net bigint not null default 0,
  tax bigint not null default 0,
  total bigint not null default 0,
  refunds bigint not null default 0,
  refunded_total bigint not null default 0,
  voids bigint not null default 0,
  late_sales bigint not null default 0,
  cost bigint not null default 0,
  refunded_quantity bigint not null default 0,
  refunded_net bigint not null default 0,
  refunded_tax bigint not null default 0,
  refunded_cost bigint not null default 0,
  primary key (tenant_id, location_id, hour)
);

-- Per location and category: the goods sold and refunded, with their cost, by the hour it happened.
-- A sale line counts in the category it names; a refund line in the category its variant was sold
-- in on the refunded sale (refund_lines.category_id); a cost in its sale's or refund's line's
-- category. No category is the nil UUID 00000000-0000-0000-0000-000000000000 (a key cannot be null).
create table reports.category_hours (
  tenant_id uuid not null,
  location_id uuid not null,
  hour timestamptz not null,
  category_id uuid not null,
  quantity bigint not null default 0,
  gross bigint not null default 0,
  discount bigint not null default 0,
  net bigint not null default 0,
  tax bigint not null default 0,
  cost bigint not null default 0,
  refunded_quantity bigint not null default 0,
  refunded_net bigint not null default 0,
  refunded_tax bigint not null default 0,
  refunded_cost bigint not null default 0,
  primary key (tenant_id, location_id, hour, category_id)
);

-- Per till and cashier: baskets, by the hour they happened (basis 'happened') and by the hour
-- they arrived (basis 'arrived'), so a late offline sale shows in both.
create table reports.basket_hours (
  tenant_id uuid not null,
  basis text not null check (basis in ('happened', 'arrived')),
  location_id uuid not null,
  device_id uuid not null,
  cashier_id text not null,
  hour timestamptz not null,
  sales bigint not null default 0,
  items bigint not null default 0,
  gross bigint not null default 0,
  discount bigint not null default 0,
  net bigint not null default 0,
  tax bigint not null default 0,
  total bigint not null default 0,
  refunds bigint not null default 0,
  refunded_total bigint not null default 0,
  voids bigint not null default 0,
  late_sales bigint not null default 0,
  primary key (tenant_id, basis, location_id, device_id, cashier_id, hour)
);
create index basket_hours_by_hour on reports.basket_hours (tenant_id, basis, hour);

-- Per tender method: taken and paid back, by the hour it happened.
create table reports.tender_hours (
  tenant_id uuid not null,
  location_id uuid not null,
  method text not null,
  hour timestamptz not null,
  count bigint not null default 0,
  amount bigint not null default 0,
  refunded_count bigint not null default 0,
  refunded_amount bigint not null default 0,
  primary key (tenant_id, location_id, method, hour)
);
create index tender_hours_by_hour on reports.tender_hours (tenant_id, hour);

-- Per variant: its (moving-average) cost as the newest movement of it, at any location, carried.
-- "Newest" is the movement's event id (UUIDv7, taken after the stock row was locked), so the live
-- path and a rebuild agree whatever order events arrive in.
create table reports.variant_costs (
  tenant_id uuid not null,
  variant_id uuid not null,
  unit_cost bigint,
  cost_currency text,
  event_id uuid,
  primary key (tenant_id, variant_id)
);

-- Per variant and location: stock on hand as the newest movement there left it (newest by event
-- id, see variant_costs; as_of is that movement's time), at the variant's cost (variant_costs).
create table reports.stock_positions (
  tenant_id uuid not null,
  location_id uuid not null,
  variant_id uuid not null,
  on_hand bigint not null,
  unit_cost bigint,
  cost_currency text,
  as_of timestamptz not null,
  event_id uuid not null,
  primary key (tenant_id, location_id, variant_id)
);
create index stock_positions_by_variant on reports.stock_positions (tenant_id, variant_id);

-- Per variant and location: when it last sold — the latest occurred_at of its sale lines (the
-- till's clock: an offline sale counts when it was made, not when it arrived), kept with greatest().
create table reports.last_sales (
  tenant_id uuid not null,
  location_id uuid not null,
  variant_id uuid not null,
  last_sale_at timestamptz not null,
  primary key (tenant_id, location_id, variant_id)
);
-- The newest sale at a location (the dashboard).
create index last_sales_by_time on reports.last_sales (tenant_id, location_id, last_sale_at);

-- Per variant, location, day (UTC) and movement kind: stock in and out (shrinkage = count_correction and adjustment out).
create table reports.movement_days (
  tenant_id uuid not null,
  location_id uuid not null,
  variant_id uuid not null,
  day date not null,
  kind text not null,
  quantity bigint not null default 0,
  cost bigint not null default 0,
  primary key (tenant_id, location_id, variant_id, day, kind)
);
-- Shrinkage over a window (inventory health reads count corrections and adjustments since a day).
create index movement_days_by_kind on reports.movement_days (tenant_id, kind, day);

-- Rebuild: the tenant's last rebuild and, while it runs, how far it got. While status is
-- 'running' the live path only journals (the rebuild applies what it journals); see rebuild/.
create table reports.rebuilds (
  tenant_id uuid not null primary key,
  rebuild_id uuid not null,
  status text not null check (status in ('running', 'finished')),
  phase text not null check (phase in ('clearing', 'replaying', 'done')),
  requested_by text not null,
  started_at timestamptz not null,
  updated_at timestamptz not null,
  finished_at timestamptz,
  -- Every journal row up to horizon_seq was committed when it was read; applied_seq is the last applied.
  horizon_seq bigint not null,
  applied_seq bigint not null,
  -- Journal entries there were to replay when it started, and how many it applied (those journaled meanwhile too).
  events_total bigint not null,
  events_applied bigint not null default 0
);

-- BI export: one row per tenant and day written, with its manifest.
create table reports.bi_exports (
  tenant_id uuid not null,
  day date not null,
  exported_at timestamptz not null,
  manifest jsonb not null,
  primary key (tenant_id, day)
);
