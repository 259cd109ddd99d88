-- Customers a sale can name: who bought (for receipts by email, returns and reports). The till
-- replicates them by change id (the transaction that last changed the row), as core-inventory does.
create function sales.current_change_id() returns bigint language sql volatile
  as $$ select pg_current_xact_id()::text::bigint $$;

create table sales.customers (
  tenant_id uuid not null,
  customer_id uuid not null,
  name text not null check (length(name) between 1 and 200),
  email text check (email is null or length(email) <= 320),
  phone text check (phone is null or length(phone) <= 40),
  note text check (note is null or length(note) <= 1000),
  archived boolean not null default false,
  created_at timestamptz not null default now(),
  change_id bigint not null default sales.current_change_id(),
  primary key (tenant_id, customer_id)
);
-- One customer per email address in a tenant (any case).
create unique index customers_email on sales.customers (tenant_id, lower(email)) where email is not null;
create index customers_changes on sales.customers (tenant_id, change_id, customer_id);
create index customers_name on sales.customers (tenant_id, lower(name) text_pattern_ops);

create function sales.stamp_change_id() returns trigger language plpgsql as $$
begin
  new.change_id := sales.current_change_id();
  return new;
end $$;
create trigger customers_change_id before update on sales.customers
  for each row execute function sales.stamp_change_id();
