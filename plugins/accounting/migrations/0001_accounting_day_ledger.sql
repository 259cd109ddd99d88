-- accounting: each location's business day as additive postings (the day ledger), the day's state,
-- the merchant's account and tax-rate mapping, and the journals posted to the accounting system
-- (one per (location, day, sequence): 0 the day's journal, 1.. adjusting journals for late events).
-- Every table carries tenant_id; the kernel forces row-level security on each. Locations are
-- referenced by id, never by foreign key (they are the kernel's).

-- Signed postings summed per (location, day, role, key): debit > 0, credit < 0, integer minor units.
-- Each event adds its postings in one statement; nothing is ever subtracted by hand.
create table accounting.day_postings (
  tenant_id uuid not null,
  location_id uuid not null,
  day date not null,
  role text not null check (role in ('sales', 'discounts', 'tax', 'refunds', 'charges', 'tender', 'rounding',
                                     'cash_over_short', 'cogs', 'inventory', 'ap_accrual')),
  key text not null check (length(key) <= 200),
  amount bigint not null,
  primary key (tenant_id, location_id, day, role, key)
);

-- A (location, day) the ledger has postings for: its currency, whether postings changed since the
-- export job last looked (dirty), and whether the merchant asked to export it before it closed.
create table accounting.days (
  tenant_id uuid not null,
  location_id uuid not null,
  day date not null,
  currency text not null check (currency ~ '^[A-Z]{3}$'),
  dirty boolean not null default true,
  changed_at timestamptz not null default now(),
  export_requested_at timestamptz,
  primary key (tenant_id, location_id, day)
);
create index days_dirty on accounting.days (tenant_id, day) where dirty;

-- The merchant's choice of provider account per (role, key).
create table accounting.account_mappings (
  tenant_id uuid not null,
  role text not null,
  key text not null,
  account_id text not null check (length(account_id) between 1 and 200),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, role, key)
);

-- The provider tax rate sales/discounts/refunds lines of a tax code carry; null: no tax rate on the line.
create table accounting.tax_mappings (
  tenant_id uuid not null,
  tax_code text not null,
  tax_rate_id text check (length(tax_rate_id) between 1 and 200),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, tax_code)
);

-- One journal for a location's day: what it posts (`postings`, [{role,key,amount}] summed, frozen once
-- it was first sent), where it stands, and what the provider answered.
create table accounting.exports (
  tenant_id uuid not null,
  export_id uuid not null,
  location_id uuid not null,
  day date not null,
  sequence integer not null check (sequence >= 0),
  currency text not null check (currency ~ '^[A-Z]{3}$'),
  postings jsonb not null,
  debit_total bigint not null check (debit_total >= 0),
  status text not null check (status in ('waiting', 'posting', 'posted', 'failed', 'paused')),
  -- Why it waits or failed, for the merchant (the provider's message where there is one).
  last_error text,
  -- The (role, key) pairs and tax codes it waits on a mapping for; null when none.
  unmapped jsonb,
  attempts integer not null default 0,
  -- Failures in a row (rate limits and pauses do not count): picks the backoff, then `failed`.
  failures integer not null default 0,
  -- The last attempt's outcome is unknown (a timeout): the next attempt asks findJournal first.
  outcome_unknown boolean not null default false,
  next_attempt_at timestamptz,
  provider_journal_id text,
  provider_url text,
  posted_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, export_id),
  unique (tenant_id, location_id, day, sequence),
  check (status <> 'posted' or (provider_journal_id is not null and posted_at is not null))
);
create index exports_due on accounting.exports (tenant_id, next_attempt_at) where status in ('waiting', 'paused');
create index exports_by_day on accounting.exports (tenant_id, day desc, location_id, sequence);
