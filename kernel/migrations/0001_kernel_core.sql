-- The kernel's own tables. Every table with tenant data carries tenant_id, and every primary and
-- foreign key includes it, so the data can be distributed by tenant (Citus) later.
-- Row-level security and grants are added by the migration runner for each tenant_id table.

create table kernel.operators (
  operator_id uuid primary key,
  email text not null unique,
  password_hash text not null,
  created_at timestamptz not null default now()
);

create table kernel.tenants (
  tenant_id uuid primary key,
  slug text not null unique check (slug ~ '^[a-z0-9][a-z0-9-]{1,39}$'),
  name text not null check (length(name) between 1 and 200),
  currency char(3) not null check (currency ~ '^[A-Z]{3}$'),
  timezone text not null default 'UTC',
  created_at timestamptz not null default now()
);

create table kernel.locations (
  tenant_id uuid not null references kernel.tenants (tenant_id),
  location_id uuid not null,
  kind text not null check (kind in ('store', 'warehouse')),
  name text not null check (length(name) between 1 and 200),
  created_at timestamptz not null default now(),
  primary key (tenant_id, location_id)
);

create table kernel.devices (
  tenant_id uuid not null,
  device_id uuid not null,
  location_id uuid not null,
  name text not null check (length(name) between 1 and 200),
  created_at timestamptz not null default now(),
  revoked_at timestamptz,
  primary key (tenant_id, device_id),
  foreign key (tenant_id, location_id) references kernel.locations (tenant_id, location_id)
);

create table kernel.users (
  tenant_id uuid not null references kernel.tenants (tenant_id),
  user_id uuid not null,
  email text not null,
  display_name text not null,
  password_hash text,
  pin_hash text,
  pin_failures integer not null default 0 check (pin_failures >= 0),
  pin_locked_at timestamptz,
  active boolean not null default true,
  created_at timestamptz not null default now(),
  primary key (tenant_id, user_id),
  unique (tenant_id, email)
);

create table kernel.roles (
  tenant_id uuid not null references kernel.tenants (tenant_id),
  role_id uuid not null,
  name text not null,
  permissions text[] not null default '{}',
  created_at timestamptz not null default now(),
  primary key (tenant_id, role_id),
  unique (tenant_id, name)
);

-- A role granted to a user at one location, or at every location when location_id is null.
create table kernel.role_grants (
  tenant_id uuid not null,
  grant_id uuid not null,
  user_id uuid not null,
  role_id uuid not null,
  location_id uuid,
  created_at timestamptz not null default now(),
  primary key (tenant_id, grant_id),
  foreign key (tenant_id, user_id) references kernel.users (tenant_id, user_id) on delete cascade,
  foreign key (tenant_id, role_id) references kernel.roles (tenant_id, role_id) on delete cascade,
  foreign key (tenant_id, location_id) references kernel.locations (tenant_id, location_id)
);
create unique index role_grants_unique on kernel.role_grants (tenant_id, user_id, role_id, coalesce(location_id, '00000000-0000-0000-0000-000000000000'));

-- Refresh tokens rotate: each use marks the token used and issues the next of the same family.
-- Presenting a used token again revokes the whole family (reuse detection).
create table kernel.refresh_tokens (
  tenant_id uuid not null,
  token_id uuid not null,
  family_id uuid not null,
  user_id uuid not null,
  device_id uuid,
  token_hash text not null unique,
  expires_at timestamptz not null,
  used_at timestamptz,
  revoked_at timestamptz,
  created_at timestamptz not null default now(),
  primary key (tenant_id, token_id),
  foreign key (tenant_id, user_id) references kernel.users (tenant_id, user_id) on delete cascade
);
create index refresh_tokens_family on kernel.refresh_tokens (tenant_id, family_id);

create table kernel.api_keys (
  tenant_id uuid not null references kernel.tenants (tenant_id),
  api_key_id uuid not null,
  name text not null,
  prefix text not null unique,
  key_hash text not null,
  permissions text[] not null default '{}',
  location_id uuid,
  created_by uuid,
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at timestamptz,
  primary key (tenant_id, api_key_id)
);

create table kernel.plugin_installs (
  tenant_id uuid not null references kernel.tenants (tenant_id),
  plugin_id text not null,
  version_range text not null,
  resolved_version text not null,
  enabled boolean not null default false,
  settings jsonb not null default '{}',
  installed_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, plugin_id)
);

-- Events are written here in the transaction of the change, then relayed (DESIGN.md section 3).
create table kernel.outbox (
  tenant_id uuid not null,
  event_id uuid not null,
  position bigint generated always as identity,
  type text not null,
  version integer not null default 1,
  source text not null,
  payload jsonb not null,
  occurred_at timestamptz not null default now(),
  relayed_at timestamptz,
  primary key (tenant_id, event_id)
);
create index outbox_pending on kernel.outbox (position) where relayed_at is null;

-- One row per (event, subscriber) still to run in the in-process bus; retried with backoff.
create table kernel.event_deliveries (
  tenant_id uuid not null,
  event_id uuid not null,
  subscriber text not null,
  attempts integer not null default 0,
  next_attempt_at timestamptz not null default now(),
  last_error text,
  primary key (tenant_id, event_id, subscriber)
);
create index event_deliveries_due on kernel.event_deliveries (next_attempt_at);

-- A subscriber's effect and its row here commit together: a repeated delivery is a no-op.
create table kernel.processed_events (
  tenant_id uuid not null,
  subscriber text not null,
  event_id uuid not null,
  processed_at timestamptz not null default now(),
  primary key (tenant_id, subscriber, event_id)
);

create table kernel.dead_letters (
  tenant_id uuid not null,
  event_id uuid not null,
  subscriber text not null,
  attempts integer not null,
  error text not null,
  envelope jsonb not null,
  failed_at timestamptz not null default now(),
  primary key (tenant_id, event_id, subscriber)
);

create table kernel.idempotency_keys (
  tenant_id uuid not null,
  scope text not null,
  idempotency_key text not null,
  request_hash text not null,
  status_code integer,
  response_headers jsonb,
  response_body text,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  primary key (tenant_id, scope, idempotency_key)
);

create table kernel.audit_log (
  tenant_id uuid not null,
  audit_id uuid not null,
  actor_kind text not null,
  actor_id text not null,
  device_id uuid,
  action text not null,
  detail jsonb not null default '{}',
  occurred_at timestamptz not null default now(),
  primary key (tenant_id, audit_id)
);
create index audit_log_time on kernel.audit_log (tenant_id, occurred_at);
