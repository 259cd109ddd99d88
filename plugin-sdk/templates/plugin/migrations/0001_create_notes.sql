-- Every table carries tenant_id; the kernel adds row-level security for it after migrating.
create table __SCHEMA__.notes (
  tenant_id uuid not null,
  id uuid not null,
  body text not null check (length(body) between 1 and 500),
  created_at timestamptz not null default now(),
  primary key (tenant_id, id)
);
