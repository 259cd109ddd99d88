-- What a fiscal receipt prints about the shop: its address, its tax (VAT) number, and the time
-- zone its receipts and reports tell the time in (the tenant's when the location has none).
alter table kernel.locations add column address_lines text[] not null default '{}' check (cardinality(address_lines) <= 6);
alter table kernel.locations add column tax_id text check (length(tax_id) between 1 and 40);
alter table kernel.locations add column timezone text check (length(timezone) between 1 and 64);
