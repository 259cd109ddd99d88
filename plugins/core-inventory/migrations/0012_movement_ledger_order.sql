-- The back office's movement ledger lists a tenant's movements newest first, a page at a time
-- (keyset on occurred_at, movement_id), optionally by location or kind: without this index the
-- first page of a large tenant's unfiltered ledger sorts every movement it has.
create index stock_movements_newest on inventory.stock_movements (tenant_id, occurred_at desc, movement_id desc);
create index stock_movements_at_location on inventory.stock_movements (tenant_id, location_id, occurred_at desc, movement_id desc);
