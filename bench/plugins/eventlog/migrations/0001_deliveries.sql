-- One row per delivery (no unique key on purpose: a second delivery of an event would show).
create table eventlog.deliveries (
  tenant_id uuid not null,
  event_id uuid not null,
  type text not null,
  delivered_at timestamptz not null default now()
);
create index deliveries_event on eventlog.deliveries (tenant_id, event_id);
