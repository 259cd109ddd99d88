-- The back office's lists, newest first: shifts by when they opened, promotions by when they were
-- added, and a sale's refunds (its page lists them). Each index walks its list without sorting the
-- tenant's every row.
create index shifts_by_time on sales.shifts (tenant_id, opened_at, shift_id);
create index promotions_by_time on sales.promotions (tenant_id, created_at, promotion_id);
create index refunds_by_sale on sales.refunds (tenant_id, sale_id, created_at);
create index refunds_by_time on sales.refunds (tenant_id, created_at, refund_id);
