-- Card (and other provider) payments of sales, as payments@2 drives them: authorized before the sale
-- commits, captured after, canceled when the sale does not happen. payment_id is the provider's id
-- (a non-cash tender's reference); one payment per sale and tender attempt (tender_id).
create table sales.payments (
  tenant_id uuid not null,
  payment_id text not null check (length(payment_id) between 1 and 300),
  sale_id uuid not null,
  tender_id text not null check (length(tender_id) between 1 and 64),
  provider text not null check (provider in ('payments@2', 'payments@1')),
  method text not null,
  amount bigint not null check (amount > 0),
  currency char(3) not null,
  state text not null check (state in ('pending', 'authorized', 'captured', 'partially_refunded', 'refunded', 'canceled', 'declined')),
  captured bigint not null default 0 check (captured >= 0),
  refunded bigint not null default 0 check (refunded >= 0),
  action jsonb,
  decline jsonb,
  card jsonb,
  device_id uuid,
  location_id uuid,
  capture_attempts int not null default 0,
  capture_problem text,
  canceled_why text check (canceled_why in ('stock', 'abandoned', 'cashier', 'declined')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, payment_id)
);
create unique index payments_by_tender on sales.payments (tenant_id, sale_id, tender_id);
-- The reconciliation job's walk: payments still holding money or waiting for a card.
create index payments_open on sales.payments (tenant_id, created_at) where state in ('pending', 'authorized');
create index payments_capture_problems on sales.payments (tenant_id, updated_at) where capture_problem is not null;

-- What the payments@1 adapter (paymentsV2FromV1) remembers of each payment, so a capture or a
-- refund after a restart finds the charge it was made with.
create table sales.v1_payment_records (
  tenant_id uuid not null,
  payment_id text not null,
  record jsonb not null,
  primary key (tenant_id, payment_id)
);
