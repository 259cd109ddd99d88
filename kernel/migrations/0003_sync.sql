-- The sync gateway (DESIGN §6). Every till event a device pushed is kept with its answer, for
-- ever: a till that comes back days later with the same event gets the same answer, and the
-- unique keys make applying one twice impossible.
create table kernel.sync_events (
  tenant_id uuid not null,
  device_id uuid not null,
  event_id text not null check (length(event_id) <= 200),
  sequence bigint not null check (sequence > 0),
  type text not null,
  status text not null check (status in ('accepted', 'denied')),
  answer jsonb not null,
  occurred_at timestamptz not null,
  received_at timestamptz not null default now(),
  primary key (tenant_id, device_id, event_id),
  foreign key (tenant_id, device_id) references kernel.devices (tenant_id, device_id)
);
create unique index sync_events_sequence on kernel.sync_events (tenant_id, device_id, sequence);

-- The last sequence applied per device: events apply in order, and a gap is reported, not skipped.
create table kernel.sync_positions (
  tenant_id uuid not null,
  device_id uuid not null,
  last_sequence bigint not null default 0,
  updated_at timestamptz not null default now(),
  primary key (tenant_id, device_id),
  foreign key (tenant_id, device_id) references kernel.devices (tenant_id, device_id)
);
