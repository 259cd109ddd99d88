-- Operators' single sign-on (docs/identity.md, D-226): their attempts (state, nonce, PKCE verifier,
-- then the one-time code the operator's window exchanges) and their link to the provider's subject.
-- No tenant: operators are the platform's staff.
create table kernel.operator_sso_attempts (
  attempt_id uuid primary key,
  state_hash text not null unique,
  nonce text not null,
  code_verifier text not null,
  expires_at timestamptz not null,
  called_back_at timestamptz,
  operator_id uuid references kernel.operators (operator_id) on delete cascade,
  handoff_hash text unique,
  completed_at timestamptz,
  created_at timestamptz not null default now()
);
create index operator_sso_attempts_expiry on kernel.operator_sso_attempts (expires_at);

create table kernel.operator_identities (
  issuer text not null,
  subject text not null,
  operator_id uuid not null references kernel.operators (operator_id) on delete cascade,
  created_at timestamptz not null default now(),
  primary key (issuer, subject)
);
