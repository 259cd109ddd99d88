-- Change ids for the till's pull replication through the kernel's sync gateway: each synced row
-- keeps the id of the transaction that last changed it (pg_current_xact_id), so a till pulls
-- "what changed after (change id, row id)" and the gateway only hands out change ids of
-- transactions that have all ended. A variant's document includes its product, barcodes and
-- prices: changing any of those touches the variant.

create function inventory.current_change_id() returns bigint language sql volatile
  as $$ select pg_current_xact_id()::text::bigint $$;

alter table inventory.variants add column change_id bigint not null default 0;
update inventory.variants set change_id = inventory.current_change_id();
alter table inventory.variants alter column change_id set default inventory.current_change_id();
create index variants_changes on inventory.variants (tenant_id, change_id, variant_id);

alter table inventory.stock_levels add column change_id bigint not null default 0;
update inventory.stock_levels set change_id = inventory.current_change_id();
alter table inventory.stock_levels alter column change_id set default inventory.current_change_id();
create index stock_levels_changes on inventory.stock_levels (tenant_id, location_id, change_id, variant_id);

create function inventory.stamp_change_id() returns trigger language plpgsql as $$
begin
  new.change_id := inventory.current_change_id();
  return new;
end $$;
create trigger variants_change_id before update on inventory.variants
  for each row execute function inventory.stamp_change_id();
create trigger stock_levels_change_id before update on inventory.stock_levels
  for each row execute function inventory.stamp_change_id();

create function inventory.touch_product_variants() returns trigger language plpgsql as $$
begin
  update inventory.variants set change_id = inventory.current_change_id()
   where tenant_id = new.tenant_id and product_id = new.product_id;
  return null;
end $$;
create trigger products_touch_variants after update on inventory.products
  for each row execute function inventory.touch_product_variants();

create function inventory.touch_variant() returns trigger language plpgsql as $$
declare
  row_changed record;
begin
  if tg_op = 'DELETE' then row_changed := old; else row_changed := new; end if;
  update inventory.variants set change_id = inventory.current_change_id()
   where tenant_id = row_changed.tenant_id and variant_id = row_changed.variant_id;
  return null;
end $$;
create trigger barcodes_touch_variant after insert or update or delete on inventory.barcodes
  for each row execute function inventory.touch_variant();
create trigger prices_touch_variant after insert or update or delete on inventory.prices
  for each row execute function inventory.touch_variant();
