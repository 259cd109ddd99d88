-- The devices service: every till, printer, card reader, scanner and customer display a location
-- has, with its model, its address (host:port or a serial path), the app or firmware version it
-- last reported, and its last reported state ('error' raises the devices alert; 'ok' clears it).
alter table kernel.devices add column kind text not null default 'till'
  check (kind in ('till', 'receipt-printer', 'label-printer', 'card-reader', 'scanner', 'customer-display'));
alter table kernel.devices add column model text check (length(model) between 1 and 200);
alter table kernel.devices add column address text check (length(address) between 1 and 300);
alter table kernel.devices add column version text check (length(version) between 1 and 100);
alter table kernel.devices add column status_state text not null default 'unknown' check (status_state in ('ok', 'error', 'unknown'));
alter table kernel.devices add column status_message text check (length(status_message) <= 500);
alter table kernel.devices add column status_reported_at timestamptz;

-- A till's heartbeat (every 30 s): when it last synced (its own clock's word), how big its local
-- database is, and the printers and readers it drives as it knows them: [{ kind, name, state,
-- message, at }] — kept whole on the till's row, one statement per heartbeat.
alter table kernel.devices add column last_synced_at timestamptz;
alter table kernel.devices add column database_bytes bigint check (database_bytes >= 0);
alter table kernel.devices add column peripherals jsonb not null default '[]'::jsonb;
alter table kernel.devices add column heartbeat_at timestamptz;

-- The oldest till app version the tenant lets push (null: any). An older till still sells
-- offline; its pushes are answered 426 till.update_required and wait on the till.
alter table kernel.tenants add column minimum_till_version text check (length(minimum_till_version) between 1 and 100);
