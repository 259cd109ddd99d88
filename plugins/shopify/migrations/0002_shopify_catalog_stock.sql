-- shopify, catalog and stock: which KiTS variant is which Shopify variant (and why), what the
-- store's catalog held when KiTS last read it, the review of what did not match, each KiTS
-- product's direction for price and title, the stock KiTS still has to tell Shopify per
-- (variant, location) with what Shopify is known to hold, the reconciliation runs and every
-- difference found on Shopify, and the failures the office shows with Shopify's message. Every table
-- carries tenant_id; the kernel forces row-level security on each. KiTS variants, products and
-- locations are referenced by id, never by foreign key.

create table shopify.variant_links (
  tenant_id uuid not null,
  variant_id uuid not null,
  product_id uuid not null,
  shopify_variant_id text not null check (shopify_variant_id ~ '^gid://shopify/ProductVariant/[0-9]+$'),
  shopify_product_id text not null check (shopify_product_id ~ '^gid://shopify/Product/[0-9]+$'),
  inventory_item_id text not null check (inventory_item_id ~ '^gid://shopify/InventoryItem/[0-9]+$'),
  -- The variant's name on Shopify ("Tee - M / Blue") when linked, for the office's lists.
  shopify_title text not null default '',
  matched_by text not null check (matched_by in ('sku', 'barcode', 'manual', 'import', 'publish')),
  linked_at timestamptz not null default now(),
  primary key (tenant_id, variant_id),
  unique (tenant_id, shopify_variant_id)
);
create index variant_links_by_product on shopify.variant_links (tenant_id, product_id);
create index variant_links_by_shopify_product on shopify.variant_links (tenant_id, shopify_product_id);

-- A pair the merchant unlinked by hand: matching never links it again (linking it by hand does).
create table shopify.unlinked_pairs (
  tenant_id uuid not null,
  variant_id uuid not null,
  shopify_variant_id text not null,
  unlinked_at timestamptz not null default now(),
  primary key (tenant_id, variant_id, shopify_variant_id)
);

-- The store's variants as KiTS last read them (a catalog scan, a pull, a webhook): what matching,
-- the review list and a link by hand work from, without asking Shopify again.
create table shopify.store_variants (
  tenant_id uuid not null,
  shopify_variant_id text not null,
  shopify_product_id text not null,
  inventory_item_id text not null,
  sku text not null default '',
  barcode text not null default '',
  title text not null default '',
  product_title text not null default '',
  product_status text not null default 'ACTIVE',
  options jsonb not null default '{}',
  -- Decimal text as Shopify wrote it ("12.50"): converted with the currency's exponent when used.
  price text not null default '0',
  read_at timestamptz not null default now(),
  primary key (tenant_id, shopify_variant_id)
);
create index store_variants_by_product on shopify.store_variants (tenant_id, shopify_product_id);

-- The tenant's catalog work: the scan of the store's catalog (page by page, resumed by a job when
-- it outlasts a request), the last match's counts, and the periodic pull of Shopify's changes.
create table shopify.catalog_sync (
  tenant_id uuid primary key,
  scan_state text not null default 'idle' check (scan_state in ('idle', 'reading', 'done', 'failed')),
  scan_cursor text,
  scan_started_at timestamptz,
  scan_finished_at timestamptz,
  scan_error text,
  variants_read integer not null default 0,
  linked integer not null default 0,
  unmatched integer not null default 0,
  ambiguous integer not null default 0,
  -- The pull: when it last asked, and the newest Shopify updatedAt it has taken in; a pull that
  -- outlasts one run keeps its query's date and its place in the pages.
  pulled_at timestamptz,
  pulled_through timestamptz,
  pull_since timestamptz,
  pull_cursor text,
  pull_newest timestamptz
);

-- What the last match left for the merchant: variants on either side without a one-to-one partner.
create table shopify.catalog_review (
  tenant_id uuid not null,
  side text not null check (side in ('kits', 'shopify')),
  -- The KiTS variant id or the Shopify variant gid.
  item_id text not null,
  state text not null check (state in ('unmatched', 'ambiguous')),
  reason text not null,
  sku text not null default '',
  barcodes text[] not null default '{}',
  product_name text not null default '',
  options jsonb not null default '{}',
  shopify_title text not null default '',
  primary key (tenant_id, side, item_id)
);
create index catalog_review_by_state on shopify.catalog_review (tenant_id, state, sku, side, item_id);

-- KiTS products as the sync sees them: their variants, which way price and title flow, and
-- whether a KiTS change waits to go to Shopify (kits_to_shopify).
create table shopify.products (
  tenant_id uuid not null,
  product_id uuid not null,
  name text not null default '',
  variant_ids uuid[] not null default '{}',
  direction text not null default 'kits_to_shopify' check (direction in ('kits_to_shopify', 'shopify_to_kits')),
  push_wanted_since timestamptz,
  push_attempts integer not null default 0,
  push_next_at timestamptz,
  updated_at timestamptz not null default now(),
  primary key (tenant_id, product_id)
);
create index products_push_wanted on shopify.products (tenant_id, push_wanted_since) where push_wanted_since is not null;

-- Stock per (linked variant, mapped location): KiTS's quantity waits to go to Shopify from
-- wanted_since (wanted_seq counts the movements, so a push clears only what it saw); shopify_known
-- is what Shopify holds as far as KiTS knows — the compareQuantity of the next push.
create table shopify.stock_push (
  tenant_id uuid not null,
  variant_id uuid not null,
  location_id uuid not null,
  wanted_since timestamptz,
  wanted_seq bigint not null default 0,
  shopify_known integer,
  known_at timestamptz,
  last_pushed_quantity integer,
  last_pushed_at timestamptz,
  attempts integer not null default 0,
  next_attempt_at timestamptz,
  primary key (tenant_id, variant_id, location_id)
);
create index stock_push_wanted on shopify.stock_push (tenant_id, wanted_since) where wanted_since is not null;

-- The tenant's stock pusher: when it last pushed, and until when it waits (Shopify throttled it, or
-- could not be reached).
create table shopify.stock_sync (
  tenant_id uuid primary key,
  last_push_at timestamptz,
  pushes bigint not null default 0,
  paused_until timestamptz,
  pause_reason text,
  failures_in_row integer not null default 0
);

-- A reconciliation: every linked level read from Shopify and compared with KiTS's, in chunks (a
-- job carries a long one on); `after` is the last (variant) it checked.
create table shopify.reconciliation_runs (
  tenant_id uuid not null,
  run_id uuid not null,
  trigger text not null check (trigger in ('schedule', 'manual')),
  state text not null default 'running' check (state in ('running', 'done', 'failed')),
  after_variant uuid,
  checked integer not null default 0,
  repaired integer not null default 0,
  error text,
  started_at timestamptz not null default now(),
  finished_at timestamptz,
  primary key (tenant_id, run_id)
);
create index reconciliation_runs_by_time on shopify.reconciliation_runs (tenant_id, started_at desc);
create unique index reconciliation_runs_one_running on shopify.reconciliation_runs (tenant_id) where state = 'running';

-- Every time Shopify held another quantity than KiTS expected, and what KiTS set it to: found by a
-- reconciliation (run_id), a push whose compareQuantity was stale, or a first push.
create table shopify.stock_drift (
  tenant_id uuid not null,
  drift_id uuid not null,
  run_id uuid,
  found_by text not null check (found_by in ('reconciliation', 'stale_compare', 'first_push')),
  variant_id uuid not null,
  location_id uuid not null,
  shopify integer not null,
  expected integer,
  kits integer not null,
  found_at timestamptz not null default now(),
  primary key (tenant_id, drift_id)
);
create index stock_drift_by_run on shopify.stock_drift (tenant_id, run_id) where run_id is not null;
create index stock_drift_by_time on shopify.stock_drift (tenant_id, found_at desc);

-- What failed with Shopify's own message, for the office and its retry. One open row per (area,
-- target): a repeat counts attempts. The orders code writes its failures here too (area orders).
create table shopify.sync_failures (
  tenant_id uuid not null,
  failure_id uuid not null,
  area text not null check (area in ('stock', 'catalog', 'orders', 'connection')),
  target text not null,
  message text not null,
  shopify_code text,
  attempts integer not null default 1,
  failed_at timestamptz not null default now(),
  resolved_at timestamptz,
  -- The merchant asked for a retry (the area's job takes it up and clears it).
  retry_requested_at timestamptz,
  primary key (tenant_id, failure_id)
);
create index sync_failures_open on shopify.sync_failures (tenant_id, area, target) where resolved_at is null;
