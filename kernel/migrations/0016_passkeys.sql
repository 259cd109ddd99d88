-- Passkeys (WebAuthn, docs/identity.md, D-227): a person's credentials, and the challenges the kernel
-- hands out (single use, five minutes). A sign-in challenge names no tenant (the passkey does), so
-- challenges live outside the tenants' tables.
create table kernel.passkeys (
  tenant_id uuid not null,
  passkey_id uuid not null,
  user_id uuid not null,
  credential_id text not null unique,
  public_key bytea not null,
  counter bigint not null default 0,
  transports text[] not null default '{}',
  name text not null check (length(name) between 1 and 100),
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  primary key (tenant_id, passkey_id),
  foreign key (tenant_id, user_id) references kernel.users (tenant_id, user_id) on delete cascade
);
create index passkeys_by_user on kernel.passkeys (tenant_id, user_id);

create table kernel.webauthn_challenges (
  challenge text primary key,
  purpose text not null check (purpose in ('register', 'sign-in')),
  -- For a registration: whose passkey it will be ('<tenant id>:<user id>').
  person text,
  expires_at timestamptz not null,
  used_at timestamptz
);
create index webauthn_challenges_expiry on kernel.webauthn_challenges (expires_at);

alter table kernel.sessions drop constraint sessions_method_check;
alter table kernel.sessions add constraint sessions_method_check check (method in ('password', 'sso', 'pin', 'passkey'));
