-- A till is paired once with a short code an admin creates for its device: the code is shown
-- once, kept only as a hash, expires, and works one time.
create table kernel.device_pairing_codes (
  tenant_id uuid not null,
  code_hash text not null,
  device_id uuid not null,
  expires_at timestamptz not null,
  used_at timestamptz,
  created_at timestamptz not null default now(),
  primary key (tenant_id, code_hash),
  foreign key (tenant_id, device_id) references kernel.devices (tenant_id, device_id)
);
create unique index device_pairing_codes_by_hash on kernel.device_pairing_codes (code_hash);
