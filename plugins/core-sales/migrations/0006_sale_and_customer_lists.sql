-- The sale list pages newest first by (occurred_at, sale_id): this index walks it without sorting
-- every sale of the tenant.
create index sales_by_time on sales.sales (tenant_id, occurred_at, sale_id);

-- When each customer last changed, for the customer list's `updatedSince`; stamped by the trigger
-- that stamps the change id. Customers there before this migration count as changed when it ran
-- (a column default, not an update: under forced row-level security an update by a role that is
-- not a superuser would reach no row).
alter table sales.customers add column updated_at timestamptz not null default now();

create function sales.stamp_customer_change() returns trigger language plpgsql as $$
begin
  new.change_id := sales.current_change_id();
  new.updated_at := now();
  return new;
end $$;
drop trigger customers_change_id on sales.customers;
create trigger customers_change_id before update on sales.customers
  for each row execute function sales.stamp_customer_change();
create index customers_updated on sales.customers (tenant_id, updated_at);
-- The customer list is by name: an index in that order lets a page stop at its last row.
create index customers_by_name on sales.customers (tenant_id, lower(name), customer_id);
