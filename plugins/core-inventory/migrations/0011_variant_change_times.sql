-- When each variant last changed — itself, its barcodes or prices, or its product — for the
-- catalogue lists' `updatedSince`. The trigger that already stamps a variant's change id stamps the
-- time too, so a change costs no further trigger call. Rows there before this migration count as
-- changed when it ran (a column default, not an update: under forced row-level security an update
-- by a role that is not a superuser would reach no row).
alter table inventory.variants add column updated_at timestamptz not null default now();

create function inventory.stamp_variant_change() returns trigger language plpgsql as $$
begin
  new.change_id := inventory.current_change_id();
  new.updated_at := now();
  return new;
end $$;
drop trigger variants_change_id on inventory.variants;
create trigger variants_change_id before update on inventory.variants
  for each row execute function inventory.stamp_variant_change();

-- `updatedSince` reaches the changed rows by these (a range on a timestamp is leakproof, so the
-- index serves under row-level security).
create index products_updated on inventory.products (tenant_id, updated_at);
create index variants_updated on inventory.variants (tenant_id, updated_at);
