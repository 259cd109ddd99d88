-- quickbooks: the tenant's QuickBooks Online company connection (tokens sealed with tx.secrets) and
-- the OAuth connect flow's one-time states. Every table carries tenant_id; the kernel forces
-- row-level security on each.

create table quickbooks.connections (
  tenant_id uuid primary key,
  -- The company (Intuit's realmId) the merchant connected.
  realm_id text not null check (realm_id ~ '^[0-9]{1,32}$'),
  company_name text,
  currency text check (currency ~ '^[A-Z]{3}$'),
  -- connected: tokens held. reconnect_required: a refresh failed (reason holds Intuit's words); the
  -- tokens are forgotten and exports pause until the merchant connects again. disconnected: by the merchant.
  status text not null check (status in ('connected', 'reconnect_required', 'disconnected')),
  -- Sealed with tx.secrets (purposes quickbooks.access-token and quickbooks.refresh-token); null unless connected.
  access_token text,
  access_expires_at timestamptz,
  -- Intuit rotates the refresh token on every refresh: the newest one is stored each time.
  refresh_token text,
  refresh_expires_at timestamptz,
  reason text,
  connected_at timestamptz not null default now(),
  refreshed_at timestamptz,
  disconnected_at timestamptz,
  check ((status = 'connected') = (access_token is not null and refresh_token is not null))
);

-- The connect flow's state: random, used once, for 10 minutes, by the tenant and user who started it.
create table quickbooks.oauth_states (
  tenant_id uuid not null,
  state text not null,
  user_id text not null,
  redirect_uri text not null,
  expires_at timestamptz not null,
  primary key (tenant_id, state)
);
