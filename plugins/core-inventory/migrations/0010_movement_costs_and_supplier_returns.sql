-- What a unit of each movement is worth (purchasing@1's receipts set the variant's moving average
-- cost; sales record the cost at the time of sale, so cost of goods sold is a sum over the ledger),
-- and a movement kind for stock sent back to a supplier. Expand only: older code writes no cost.
alter table inventory.stock_movements add column unit_cost_minor bigint check (unit_cost_minor >= 0);
alter table inventory.stock_movements add column cost_currency char(3) check (cost_currency ~ '^[A-Z]{3}$');
alter table inventory.stock_movements drop constraint stock_movements_kind_check;
alter table inventory.stock_movements add constraint stock_movements_kind_check
  check (kind in ('receive', 'sale', 'return', 'adjustment', 'transfer_out', 'transfer_in', 'count_correction', 'supplier_return'));
create index stock_movements_sales on inventory.stock_movements (tenant_id, occurred_at) where kind = 'sale';
