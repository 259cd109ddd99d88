-- Each receipt number a till gives now raises its device's counter, so a number given by the
-- server (the counter's next) needs no look at the device's sales. Counters start where the
-- devices' sales so far have taken them.
insert into sales.receipt_counters (tenant_id, device_id, last_number)
select tenant_id, device_id, max(receipt_number) from sales.sales where receipt_number is not null group by tenant_id, device_id
on conflict (tenant_id, device_id) do update set last_number = greatest(sales.receipt_counters.last_number, excluded.last_number);
