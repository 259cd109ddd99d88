-- The registry's own schema. Platform data, not tenant data: no tenant_id, and the tenant role
-- gets no access to it (the host migrates it with tenant access off).
create table registry.publishers (
  name text primary key check (name ~ '^[a-z][a-z0-9-]{1,39}$'),
  display_name text not null,
  public_key text not null,
  key_id text not null unique,
  created_at timestamptz not null default now()
);

-- A plugin id belongs to the publisher that first published it.
create table registry.plugins (
  plugin_id text primary key,
  publisher text not null references registry.publishers (name),
  created_at timestamptz not null default now()
);

create table registry.releases (
  plugin_id text not null references registry.plugins (plugin_id),
  version text not null,
  package_name text not null,
  manifest jsonb not null,
  integrity text not null,
  signature text not null,
  key_id text not null,
  size_bytes integer not null check (size_bytes > 0),
  published_at timestamptz not null default now(),
  yanked_at timestamptz,
  yank_reason text,
  primary key (plugin_id, version)
);
