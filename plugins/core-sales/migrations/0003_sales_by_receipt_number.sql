-- A till looks a receipt up by its number across the store's tills (a return at another till).
create index sales_by_receipt_number on sales.sales (tenant_id, receipt_number) where receipt_number is not null;
