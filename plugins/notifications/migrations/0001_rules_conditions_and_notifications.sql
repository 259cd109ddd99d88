-- Notification rules, the conditions they watch (one open row per rule and subject: no flood), the
-- notifications people read in the office's centre (with when each is due by email and by push),
-- the tenant's VAPID keys and the browsers subscribed to web push. Every table carries tenant_id;
-- the kernel forces row-level security on each. Locations belong to the kernel: referenced by id.

create table notifications.rules (
  tenant_id uuid not null,
  rule_id uuid not null,
  kind text not null check (kind in ('low-stock', 'po-overdue', 'till-stuck', 'sync-conflicts', 'event-dead-lettered', 'export-failed', 'webhook-disabled')),
  enabled boolean not null,
  location_id uuid,
  params jsonb not null default '{}',
  recipients text[] not null default '{}',
  digest boolean not null default false,
  quiet_start text check (quiet_start ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
  quiet_end text check (quiet_end ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
  push boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, rule_id),
  check ((quiet_start is null) = (quiet_end is null) and (quiet_start is null or quiet_start <> quiet_end))
);

-- A condition a rule notified about, open until it clears: while open, the same subject does not notify again.
create table notifications.conditions (
  tenant_id uuid not null,
  condition_id uuid not null,
  rule_id uuid not null,
  subject text not null check (length(subject) between 1 and 300),
  detail jsonb not null default '{}',
  opened_at timestamptz not null default now(),
  cleared_at timestamptz,
  primary key (tenant_id, condition_id),
  foreign key (tenant_id, rule_id) references notifications.rules (tenant_id, rule_id) on delete cascade
);
create unique index conditions_open on notifications.conditions (tenant_id, rule_id, subject) where cleared_at is null;

create table notifications.notifications (
  tenant_id uuid not null,
  notification_id uuid not null,
  rule_id uuid,
  kind text not null,
  subject text not null,
  title text not null,
  body text not null,
  link_path text not null,
  created_at timestamptz not null default now(),
  -- Email: due when the rule's digest hour ends or its quiet hours do; null when the rule has no recipients.
  email_due_at timestamptz,
  emailed_at timestamptz,
  email_attempts integer not null default 0,
  email_error text,
  push_due_at timestamptz,
  pushed_at timestamptz,
  primary key (tenant_id, notification_id)
  -- rule_id: the rule that raised it (kept when the rule is deleted; the notification stays readable)
);
create index notifications_newest on notifications.notifications (tenant_id, notification_id desc);
create index notifications_email_due on notifications.notifications (tenant_id, email_due_at) where emailed_at is null and email_due_at is not null;
create index notifications_push_due on notifications.notifications (tenant_id, push_due_at) where pushed_at is null and push_due_at is not null;

-- Who has read which notification: each person marks their own (the bell counts the signed-in person's unread).
create table notifications.reads (
  tenant_id uuid not null,
  person_id text not null,
  notification_id uuid not null,
  read_at timestamptz not null default now(),
  primary key (tenant_id, person_id, notification_id)
);

-- The tenant's VAPID key pair for web push (the private key sealed with tx.secrets).
create table notifications.vapid_keys (
  tenant_id uuid not null primary key,
  public_key text not null,
  private_key_sealed text not null,
  created_at timestamptz not null default now()
);

-- Browsers of the tenant's people that asked for web push (a PushSubscription).
create table notifications.push_subscriptions (
  tenant_id uuid not null,
  subscription_id uuid not null,
  user_id text not null,
  endpoint text not null check (length(endpoint) <= 2000),
  p256dh text not null,
  auth text not null,
  created_at timestamptz not null default now(),
  failures integer not null default 0,
  primary key (tenant_id, subscription_id)
);
create unique index push_subscriptions_endpoint on notifications.push_subscriptions (tenant_id, endpoint);
