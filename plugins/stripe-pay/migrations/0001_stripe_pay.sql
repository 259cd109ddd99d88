-- stripe-pay: the tenant's Stripe Terminal readers and the Terminal Location made for each KiTS
-- location, a row per PaymentIntent (kept up to date by API answers and webhooks, never moving
-- backwards), the refunds made of each, and the webhook events applied (each once). Every table
-- carries tenant_id; the kernel forces row-level security on each. KiTS locations and devices
-- belong to the kernel: referenced by id, never by foreign key.

create table stripe_pay.locations (
  tenant_id uuid not null,
  location_id uuid not null,
  stripe_location_id text not null check (stripe_location_id ~ '^tml_[A-Za-z0-9]+$'),
  created_at timestamptz not null default now(),
  primary key (tenant_id, location_id)
);

create table stripe_pay.readers (
  tenant_id uuid not null,
  reader_id text not null check (reader_id ~ '^tmr_[A-Za-z0-9]+$'),
  label text not null check (length(label) between 1 and 60),
  location_id uuid not null,
  device_id uuid,
  device_type text not null default '',
  serial_number text not null default '',
  created_at timestamptz not null default now(),
  primary key (tenant_id, reader_id)
);
create unique index readers_by_label on stripe_pay.readers (tenant_id, lower(label));
-- A till is paired with one reader at most: the reader a card payment on it goes to.
create unique index readers_by_device on stripe_pay.readers (tenant_id, device_id) where device_id is not null;
create index readers_by_location on stripe_pay.readers (tenant_id, location_id);

create table stripe_pay.payments (
  tenant_id uuid not null,
  payment_id text not null check (payment_id ~ '^pi_[A-Za-z0-9]+$'),
  method text not null default 'card',
  sale_id text not null,
  tender_id text not null,
  amount bigint not null check (amount > 0),
  currency char(3) not null check (currency ~ '^[A-Z]{3}$'),
  state text not null check (state in ('pending', 'authorized', 'captured', 'partially_refunded', 'refunded', 'canceled', 'declined')),
  captured bigint not null default 0 check (captured >= 0),
  reader_id text,
  reader_label text,
  card_brand text,
  card_last4 text,
  authorization_code text,
  decline_reason text,
  decline_message text,
  capture_key text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, payment_id)
);
create index payments_by_sale on stripe_pay.payments (tenant_id, sale_id);

create table stripe_pay.refunds (
  tenant_id uuid not null,
  payment_id text not null,
  refund_id text not null,
  stripe_refund_id text not null,
  amount bigint not null check (amount > 0),
  reason text,
  status text not null,
  position integer not null,
  created_at timestamptz not null default now(),
  primary key (tenant_id, payment_id, refund_id),
  foreign key (tenant_id, payment_id) references stripe_pay.payments (tenant_id, payment_id) on delete cascade
);
create unique index refunds_by_stripe_id on stripe_pay.refunds (tenant_id, stripe_refund_id);

create table stripe_pay.webhook_events (
  tenant_id uuid not null,
  event_id text not null,
  type text not null,
  received_at timestamptz not null default now(),
  primary key (tenant_id, event_id)
);
