-- shopify: the tenant's store connection (token sealed), the install flow's one-time states, the
-- KiTS ↔ Shopify location map, the webhook deliveries applied (each once), the Shopify orders
-- taken in (one row per order, whatever told KiTS of it: a webhook or polling) and the
-- discrepancies they raised. Every table carries tenant_id; the kernel forces row-level security on
-- each. KiTS locations, variants, sales and reservations are referenced by id, never by foreign key.

create table shopify.connections (
  tenant_id uuid primary key,
  shop_domain text not null check (shop_domain ~ '^[a-z0-9][a-z0-9-]*\.myshopify\.com$'),
  shop_name text,
  mode text not null check (mode in ('oauth', 'token')),
  -- Sealed with tx.secrets (purpose shopify.access-token); null once disconnected (the token is forgotten).
  access_token text,
  scopes text[] not null default '{}',
  status text not null check (status in ('connected', 'disconnected')),
  disconnected_reason text,
  disconnected_at timestamptz,
  connected_at timestamptz not null default now(),
  currency text check (currency ~ '^[A-Z]{3}$'),
  -- Where Shopify sends this store's webhooks, and the topics subscribed there on connecting.
  webhook_callback_url text,
  webhook_topics text[] not null default '{}',
  check (status = 'disconnected' or access_token is not null)
);

-- The OAuth install flow's state: random, used once, for 10 minutes, by the tenant and user who started it.
create table shopify.oauth_states (
  tenant_id uuid not null,
  state text not null,
  user_id text not null,
  shop_domain text not null,
  redirect_uri text not null,
  expires_at timestamptz not null,
  primary key (tenant_id, state)
);

create table shopify.location_links (
  tenant_id uuid not null,
  location_id uuid not null,
  shopify_location_id text not null check (shopify_location_id ~ '^gid://shopify/Location/[0-9]+$'),
  shopify_location_name text not null,
  linked_at timestamptz not null default now(),
  primary key (tenant_id, location_id),
  unique (tenant_id, shopify_location_id)
);

-- X-Shopify-Webhook-Id of every delivery acted on: Shopify retries a delivery with the same id.
create table shopify.webhook_deliveries (
  tenant_id uuid not null,
  webhook_id text not null,
  topic text not null,
  received_at timestamptz not null default now(),
  primary key (tenant_id, webhook_id)
);
create index webhook_deliveries_by_time on shopify.webhook_deliveries (tenant_id, received_at);

-- A Shopify order as KiTS took it in. stage: new (nothing recorded yet), held (waits for its
-- location to be mapped), reserved (stock held until Shopify fulfils it), sold (a KiTS sale),
-- cancelled (voided, released, or canceled on Shopify before KiTS recorded anything), skipped (the
-- merchant chose not to record it). `pending` says Shopify has news of it that KiTS has not brought
-- in yet (a webhook or polling noticed it): the intake looks it up with order(id:) and brings KiTS in line.
create table shopify.orders (
  tenant_id uuid not null,
  order_id text not null check (order_id ~ '^gid://shopify/Order/[0-9]+$'),
  order_name text,
  stage text not null default 'new' check (stage in ('new', 'held', 'reserved', 'sold', 'cancelled', 'skipped')),
  pending boolean not null default true,
  sale_id text,
  reservation_id text,
  location_id uuid,
  -- The variants and quantities the order took (sold) or holds (reserved) at location_id: what a
  -- cancellation gives back.
  stock_lines jsonb,
  shopify_updated_at timestamptz,
  first_heard_via text not null check (first_heard_via in ('webhook', 'poll')),
  attempts integer not null default 0,
  next_attempt_at timestamptz not null default now(),
  last_error text,
  received_at timestamptz not null default now(),
  taken_in_at timestamptz,
  primary key (tenant_id, order_id)
);
create index orders_pending on shopify.orders (tenant_id, next_attempt_at) where pending;
create index orders_held on shopify.orders (tenant_id) where stage = 'held';

-- Shopify refunds recorded through sales@1 (each once), with what they did to stock.
create table shopify.order_refunds (
  tenant_id uuid not null,
  refund_id text not null,
  order_id text not null,
  kits_refund_id text not null,
  restocked boolean not null,
  recorded_at timestamptz not null default now(),
  primary key (tenant_id, refund_id)
);

-- Polling's place: since when the store's orders are KiTS's (its first connection: older orders
-- are not taken in), the updated_at of the newest order polling has seen, and when it last asked.
create table shopify.order_polls (
  tenant_id uuid primary key,
  since timestamptz not null,
  seen_until timestamptz not null,
  polled_at timestamptz
);

-- What an order could not do as Shopify asked, for the merchant to resolve in the office.
create table shopify.order_discrepancies (
  tenant_id uuid not null,
  discrepancy_id uuid not null,
  order_id text not null,
  order_name text,
  reason text not null check (reason in ('short_stock', 'unlinked_variant', 'unmapped_location')),
  -- One row per (order, reason, subject): taking an order in again never raises it twice.
  subject text not null,
  variant_id uuid,
  location_id uuid,
  shopify_variant_id text,
  shopify_location_id text,
  title text,
  wanted integer,
  available integer,
  raised_at timestamptz not null default now(),
  resolution text check (resolution in ('stock_adjusted', 'order_cancelled_on_shopify', 'accepted')),
  note text,
  resolved_at timestamptz,
  resolved_by text,
  primary key (tenant_id, discrepancy_id),
  unique (tenant_id, order_id, reason, subject),
  check ((resolution is null) = (resolved_at is null))
);
create index order_discrepancies_open on shopify.order_discrepancies (tenant_id, raised_at) where resolution is null;
