-- Identity (docs/identity.md, D-225): a shop's sign-in policy, its company identity provider (OIDC),
-- people's links to it, TOTP second factors with recovery codes, sign-in challenges, and sessions.

-- The shop's sign-in policy: password sign-in on or off; the permissions whose holders must use a
-- second factor.
alter table kernel.tenants add column password_sign_in boolean not null default true;
alter table kernel.tenants add column second_factor_for text[] not null default '{}';

-- One identity provider per shop. The client secret is sealed (AES-256-GCM, as plugins' secrets).
create table kernel.identity_providers (
  tenant_id uuid primary key references kernel.tenants (tenant_id),
  name text not null check (length(name) between 1 and 100),
  issuer text not null check (length(issuer) between 8 and 500),
  client_id text not null check (length(client_id) between 1 and 300),
  client_secret_sealed text not null,
  create_accounts boolean not null default false,
  group_claim text not null default 'groups' check (length(group_claim) between 1 and 100),
  -- [{ "group": "...", "roleId": "...", "locationId": null | "..." }]
  group_roles jsonb not null default '[]',
  updated_at timestamptz not null default now()
);

-- Which shop signs in the people of an e-mail domain ("continue with your company account").
create table kernel.identity_provider_domains (
  domain text primary key check (domain ~ '^[a-z0-9.-]+\.[a-z]{2,}$'),
  tenant_id uuid not null references kernel.identity_providers (tenant_id) on delete cascade
);
create index identity_provider_domains_tenant on kernel.identity_provider_domains (tenant_id);

-- A person's account at the shop's provider (issuer + subject), found again at each sign-in.
create table kernel.user_identities (
  tenant_id uuid not null,
  issuer text not null,
  subject text not null,
  user_id uuid not null,
  created_at timestamptz not null default now(),
  primary key (tenant_id, issuer, subject),
  foreign key (tenant_id, user_id) references kernel.users (tenant_id, user_id) on delete cascade
);

-- A role grant the provider's group claim gave is replaced at each SSO sign-in; others are left alone.
alter table kernel.role_grants add column source text not null default 'manual' check (source in ('manual', 'sso'));

-- An SSO attempt: state (hashed), nonce and PKCE verifier, for 10 minutes; after the callback, the
-- one-time code the office exchanges for the session.
create table kernel.sso_attempts (
  tenant_id uuid not null,
  attempt_id uuid not null,
  state_hash text not null unique,
  nonce text not null,
  code_verifier text not null,
  expires_at timestamptz not null,
  called_back_at timestamptz,
  user_id uuid,
  handoff_hash text unique,
  provider_refresh_sealed text,
  completed_at timestamptz,
  created_at timestamptz not null default now(),
  primary key (tenant_id, attempt_id)
);
create index sso_attempts_expiry on kernel.sso_attempts (expires_at);

-- A person's TOTP secret (sealed) and its guard: the last time step used (a code works once) and
-- the wrong codes in a row (five lock it for five minutes).
create table kernel.second_factors (
  tenant_id uuid not null,
  user_id uuid not null,
  totp_secret_sealed text not null,
  confirmed_at timestamptz,
  last_step bigint,
  failures integer not null default 0 check (failures >= 0),
  locked_until timestamptz,
  created_at timestamptz not null default now(),
  primary key (tenant_id, user_id),
  foreign key (tenant_id, user_id) references kernel.users (tenant_id, user_id) on delete cascade
);

create table kernel.recovery_codes (
  tenant_id uuid not null,
  user_id uuid not null,
  code_hash text not null,
  used_at timestamptz,
  primary key (tenant_id, user_id, code_hash),
  foreign key (tenant_id, user_id) references kernel.users (tenant_id, user_id) on delete cascade
);

-- A password (or SSO) sign-in that still needs a second factor, or an enrolment, for 5 minutes.
create table kernel.sign_in_challenges (
  tenant_id uuid not null,
  challenge_id uuid not null,
  challenge_hash text not null unique,
  user_id uuid not null,
  purpose text not null check (purpose in ('verify', 'enrol')),
  session_details jsonb not null default '{}',
  expires_at timestamptz not null,
  used_at timestamptz,
  primary key (tenant_id, challenge_id),
  foreign key (tenant_id, user_id) references kernel.users (tenant_id, user_id) on delete cascade
);

-- A session: one sign-in, the family of refresh tokens rotated from it.
create table kernel.sessions (
  tenant_id uuid not null,
  session_id uuid not null,
  user_id uuid not null,
  device_id uuid,
  client text not null check (client in ('office', 'till', 'api')),
  method text not null check (method in ('password', 'sso', 'pin')),
  user_agent text,
  address text,
  second_factor boolean not null default false,
  provider_refresh_sealed text,
  provider_checked_at timestamptz,
  created_at timestamptz not null default now(),
  last_used_at timestamptz not null default now(),
  ended_at timestamptz,
  primary key (tenant_id, session_id),
  foreign key (tenant_id, user_id) references kernel.users (tenant_id, user_id) on delete cascade
);
create index sessions_open_by_user on kernel.sessions (tenant_id, user_id) where ended_at is null;
create index sessions_ended on kernel.sessions (ended_at) where ended_at is not null;

-- Sessions begun before this migration: one per open refresh-token family.
insert into kernel.sessions (tenant_id, session_id, user_id, device_id, client, method, created_at, last_used_at)
select tenant_id, family_id, min(user_id::text)::uuid, min(device_id::text)::uuid,
       case when min(device_id::text) is null then 'office' else 'till' end,
       case when min(device_id::text) is null then 'password' else 'pin' end,
       min(created_at), max(created_at)
  from kernel.refresh_tokens
 where revoked_at is null and expires_at > now()
 group by tenant_id, family_id;
