-- A paired till holds a device key (given once, when a pairing code is redeemed; kept only as a
-- hash): with it the till lists the staff who sign in at its location before anyone has.
alter table kernel.devices add column key_hash text;
create unique index devices_by_key_hash on kernel.devices (key_hash) where key_hash is not null;

-- A manager's PIN entered on a cashier's till approves one action that needs a permission the
-- cashier lacks: a short-lived, single-use approval for that cashier, on that device.
create table kernel.step_up_approvals (
  tenant_id uuid not null,
  approval_id uuid not null,
  token_hash text not null unique,
  cashier_id uuid not null,
  approver_id uuid not null,
  device_id uuid not null,
  location_id uuid not null,
  permission text not null,
  action text not null,
  expires_at timestamptz not null,
  -- Set while a request spends the approval, and kept when that request succeeds.
  used_at timestamptz,
  used_for text,
  created_at timestamptz not null default now(),
  primary key (tenant_id, approval_id),
  foreign key (tenant_id, cashier_id) references kernel.users (tenant_id, user_id) on delete cascade,
  foreign key (tenant_id, approver_id) references kernel.users (tenant_id, user_id) on delete cascade,
  foreign key (tenant_id, device_id) references kernel.devices (tenant_id, device_id)
);
