-- Webhook endpoints, the deliveries owed to them (this plugin's own outbox: one row per event and
-- endpoint, written by its event handler and sent by its worker), and the log of every attempt.
-- Every table carries tenant_id; the kernel forces row-level security on each.

create table webhooks.endpoints (
  tenant_id uuid not null,
  endpoint_id uuid not null,
  url text not null check (length(url) between 8 and 2048),
  description text not null default '' check (length(description) <= 200),
  -- exact event types, `<prefix>.*` (every type under the prefix) or `*` (every event of the tenant)
  event_types text[] not null check (cardinality(event_types) between 1 and 100),
  -- ordered: one delivery in flight at a time, in commit order; a failing head holds this endpoint only
  ordered boolean not null default false,
  enabled boolean not null default true,
  -- sealed with tx.secrets (purpose webhooks.endpoint-secret): never stored in plain text
  secret_sealed text not null,
  previous_secret_sealed text,
  previous_secret_expires_at timestamptz,
  -- set at the first failure after a success, cleared by a success: a whole day of it disables the endpoint
  failing_since timestamptz,
  disabled_reason text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, endpoint_id)
);

create table webhooks.deliveries (
  tenant_id uuid not null,
  delivery_id uuid not null,
  endpoint_id uuid not null,
  -- commit order of the events (the handler receives them in commit order): what ordered endpoints follow
  seq bigint generated always as identity,
  event_id uuid not null,
  event_type text not null,
  -- the envelope as sent (id, type, version, occurredAt, source, payload)
  body jsonb not null,
  occurred_at timestamptz not null,
  state text not null default 'pending' check (state in ('pending', 'sending', 'succeeded', 'failed')),
  attempts integer not null default 0,
  next_attempt_at timestamptz not null default now(),
  lease_until timestamptz,
  last_status integer,
  last_error text,
  last_duration_ms integer,
  replay_of uuid,
  created_at timestamptz not null default now(),
  finished_at timestamptz,
  primary key (tenant_id, delivery_id)
  -- No foreign key to endpoints (nor from attempts to deliveries): these are the hot insert paths of a
  -- log, and a foreign key check costs a lookup per row — a scan per row while the table's statistics
  -- are stale. Deleting an endpoint deletes its deliveries and attempts itself.
);
-- the sender's claim: due deliveries in commit order
create index deliveries_due on webhooks.deliveries (tenant_id, next_attempt_at, seq) where state in ('pending', 'sending');
create index deliveries_open_by_endpoint on webhooks.deliveries (tenant_id, endpoint_id, seq) where state in ('pending', 'sending');
-- the delivery log, newest first
create index deliveries_by_endpoint on webhooks.deliveries (tenant_id, endpoint_id, created_at desc, delivery_id desc);
create index deliveries_by_occurrence on webhooks.deliveries (tenant_id, endpoint_id, occurred_at);
-- an event is owed once to an endpoint (a redelivered event is not recorded twice); replays are extra rows
create unique index deliveries_once on webhooks.deliveries (tenant_id, endpoint_id, event_id) where replay_of is null;

create table webhooks.attempts (
  tenant_id uuid not null,
  attempt_id uuid not null,
  delivery_id uuid not null,
  endpoint_id uuid not null,
  attempted_at timestamptz not null,
  url text not null,
  request_headers jsonb not null,
  response_status integer,
  -- the first KiB of the response body
  response_excerpt text,
  duration_ms integer not null,
  error text,
  primary key (tenant_id, attempt_id)
);
create index attempts_by_delivery on webhooks.attempts (tenant_id, delivery_id, attempted_at);
