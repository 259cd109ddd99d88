-- Day rollups in the shop's time zone (expand only: new tables; nothing existing changes).
--
-- A report by day, week or month over a long range summed every UTC hour of it (a 90-day report by
-- location 45,000 location-hours, two years by category millions of category-hours). These tables
-- hold the same sums per local day of the tenant: the day an hour *starts* in, in the zone named by
-- reports.day_zones (`(hour at time zone timezone)::date`) — exactly how a report cuts hours into
-- days, weeks and months, so a report read from days equals the one read from hours (the night
-- clocks go back, a day has 25 hours; in a zone half an hour off UTC an hour belongs to the day it
-- starts in). Report by the hour still reads the hour tables.
--
-- The live ingest adds to them in the same statements as to the hour tables (sums, so a rebuild
-- ends with the same rows); a migration cannot know a tenant's zone, so existing hours are cut into
-- days by the job of days/ (reports.day_zones says how far it got) and reports read hours until
-- the days are cut in the zone the tenant has now.

-- How a tenant's hours are cut into days, and how far: one row per tenant once the job has seen it.
--   clearing  the zone is new (first cut, or the tenant's zone changed): the days cut in an earlier
--             zone are being deleted; the ingest writes no day rows;
--   filling   hours are being copied into days, oldest first: every hour row with hour < fill_hour
--             is in the days, and the ingest adds to days only for those (fill_span_hours: how many
--             hours the next step copies, grown or shrunk to keep steps short);
--   ready     the days hold every hour; the ingest adds to both.
-- A report reads days only when the row is ready and its zone is the tenant's zone in the same
-- snapshot: never days cut in another zone.
create table reports.day_zones (
  tenant_id uuid not null primary key,
  timezone text not null,
  state text not null check (state in ('clearing', 'filling', 'ready')),
  fill_hour timestamptz,
  fill_span_hours integer,
  started_at timestamptz not null,
  updated_at timestamptz not null,
  ready_at timestamptz,
  check ((state = 'filling') = (fill_hour is not null and fill_span_hours is not null))
);

-- location_hours per local day.
create table reports.location_days (
  tenant_id uuid not null,
  location_id uuid not null,
  day date not null,
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
  primary key (tenant_id, location_id, day)
);

-- category_hours per local day (no category: the nil UUID, as there).
create table reports.category_days (
  tenant_id uuid not null,
  location_id uuid not null,
  day date not null,
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
  primary key (tenant_id, location_id, day, category_id)
);

-- variant_hours per local day; keyed day before variant, so a period at some locations is one range.
create table reports.variant_days (
  tenant_id uuid not null,
  location_id uuid not null,
  day date not null,
  variant_id uuid not null,
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
  primary key (tenant_id, location_id, day, variant_id)
);

-- basket_hours per local day, by when it happened and by when it arrived.
create table reports.basket_days (
  tenant_id uuid not null,
  basis text not null check (basis in ('happened', 'arrived')),
  location_id uuid not null,
  day date not null,
  device_id uuid not null,
  cashier_id text not null,
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
  primary key (tenant_id, basis, location_id, day, device_id, cashier_id)
);

-- tender_hours per local day.
create table reports.tender_days (
  tenant_id uuid not null,
  location_id uuid not null,
  day date not null,
  method text not null,
  count bigint not null default 0,
  amount bigint not null default 0,
  refunded_count bigint not null default 0,
  refunded_amount bigint not null default 0,
  primary key (tenant_id, location_id, day, method)
);
