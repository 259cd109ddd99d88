-- Citus-ready keys (docs/scaling.md, D-232): every primary, unique and foreign key of a tenant table
-- includes tenant_id, so the tables can be distributed by tenant. The lookups that arrive before the
-- tenant is known (a credential's hash) keep a plain index: the values are random (256-bit secrets, a
-- WebAuthn credential id) and cannot meet across tenants, so uniqueness across tenants was never
-- what guarded them. An API key's prefix (48 bits) may repeat across tenants: its lookup compares
-- the secret of each key with that prefix. A pairing code (40 bits) is redeemed only while it is
-- the one live code with its hash.
alter table kernel.refresh_tokens drop constraint refresh_tokens_token_hash_key;
create index refresh_tokens_by_hash on kernel.refresh_tokens (token_hash);

alter table kernel.api_keys drop constraint api_keys_prefix_key;
create index api_keys_by_prefix on kernel.api_keys (prefix);

drop index kernel.device_pairing_codes_by_hash;
create index device_pairing_codes_by_hash on kernel.device_pairing_codes (code_hash);

drop index kernel.devices_by_key_hash;
create index devices_by_key_hash on kernel.devices (key_hash) where key_hash is not null;

alter table kernel.step_up_approvals drop constraint step_up_approvals_token_hash_key;
create index step_up_approvals_by_hash on kernel.step_up_approvals (token_hash);

alter table kernel.sso_attempts drop constraint sso_attempts_state_hash_key;
alter table kernel.sso_attempts drop constraint sso_attempts_handoff_hash_key;
create index sso_attempts_by_state on kernel.sso_attempts (state_hash);
create index sso_attempts_by_handoff on kernel.sso_attempts (handoff_hash) where handoff_hash is not null;

alter table kernel.sign_in_challenges drop constraint sign_in_challenges_challenge_hash_key;
create index sign_in_challenges_by_hash on kernel.sign_in_challenges (challenge_hash);

-- A person registers an authenticator once per shop; its id finds the passkey at sign-in.
alter table kernel.passkeys drop constraint passkeys_credential_id_key;
alter table kernel.passkeys add constraint passkeys_credential_id_key unique (tenant_id, credential_id);
create index passkeys_by_credential on kernel.passkeys (credential_id);

-- The e-mail domains route a sign-in to its shop before the tenant is known: a reference table on
-- every node, which may point at the shops (another reference table) but not into a tenant table.
-- Removing the provider removes its domains (identity-providers.ts) instead of a cascade.
alter table kernel.identity_provider_domains drop constraint identity_provider_domains_tenant_id_fkey;
alter table kernel.identity_provider_domains
  add constraint identity_provider_domains_tenant_id_fkey foreign key (tenant_id) references kernel.tenants (tenant_id) on delete cascade;
