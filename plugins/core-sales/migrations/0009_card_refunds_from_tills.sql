-- The card part of a refund made at a till: recorded with the refund in the sync transaction, sent to
-- the provider afterwards from the outbox (sales.payment.refund_requested), retried, and reported
-- (state 'problem') when the provider would not take it back. One row per refund and payment.
create table sales.payment_refunds (
  tenant_id uuid not null,
  refund_id uuid not null,
  payment_id text not null,
  amount bigint not null check (amount > 0),
  state text not null default 'requested' check (state in ('requested', 'refunded', 'problem')),
  attempts int not null default 0,
  problem text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, refund_id, payment_id),
  foreign key (tenant_id, refund_id) references sales.refunds (tenant_id, refund_id),
  foreign key (tenant_id, payment_id) references sales.payments (tenant_id, payment_id)
);
-- What a payment has promised back but not yet given (planning a further refund counts it).
create index payment_refunds_open on sales.payment_refunds (tenant_id, payment_id) where state <> 'refunded';
-- The office's "Card payments to look at".
create index payment_refunds_problems on sales.payment_refunds (tenant_id, updated_at) where state = 'problem';
