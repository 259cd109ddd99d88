-- Subscribers known to any kernel process, so the relay fans an event out to every subscriber
-- even when the relaying process has not loaded that plugin. Platform data: no tenant_id.
create table kernel.event_subscribers (
  subscriber text primary key,
  pattern text not null,
  registered_at timestamptz not null default now()
);
