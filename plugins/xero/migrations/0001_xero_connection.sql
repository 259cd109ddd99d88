-- xero: the tenant's connection to one Xero organisation (tokens sealed with tx.secrets) and the
-- OAuth connect flow's one-time states. Every table carries tenant_id; the kernel forces row-level
-- security on each.

create table xero.connections (
  tenant_id uuid primary key,
  -- connected: KiTS may post. reconnect_required: a token refresh failed (Xero's words in reason);
  -- exports pause until the merchant connects again. disconnected: the merchant disconnected.
  status text not null check (status in ('connected', 'reconnect_required', 'disconnected')),
  -- The organisation as /connections and Organisation name it.
  xero_tenant_id text not null,
  organisation_name text not null,
  base_currency text not null check (base_currency ~ '^[A-Z]{3}$'),
  short_code text,
  -- Sealed with tx.secrets (purposes xero.access-token, xero.refresh-token); null once disconnected.
  access_token text,
  refresh_token text,
  access_expires_at timestamptz,
  reason text,
  connected_by text not null,
  connected_at timestamptz not null default now(),
  refreshed_at timestamptz,
  -- The "KiTS POS sales" contact the invoices posting style bills, once found or created.
  sales_contact_id text,
  check (status <> 'connected' or (access_token is not null and refresh_token is not null))
);

-- The OAuth connect flow's state: random, used once, for 10 minutes, by the tenant and user who started it.
create table xero.oauth_states (
  tenant_id uuid not null,
  state text not null,
  user_id text not null,
  redirect_uri text not null,
  expires_at timestamptz not null,
  primary key (tenant_id, state)
);
