-- Sales another channel took (an online shop's orders, through sales@1 recordExternalSale): no till,
-- no cashier, no receipt number; priced and taxed as the channel computed it; recorded once per
-- (channel, the channel's id). Till sales are channel 'till' with no source.
alter table sales.sales alter column device_id drop not null;
alter table sales.sales alter column cashier_id drop not null;
alter table sales.sales add column channel text not null default 'till' check (channel ~ '^[a-z][a-z0-9-]{0,63}$');
alter table sales.sales add column source_id text check (length(source_id) between 1 and 200);
alter table sales.sales add column source_name text check (length(source_name) between 1 and 200);
-- Line prices include tax (the channel's `taxesIncluded`); null for a till sale (the tenant's setting then).
alter table sales.sales add column tax_included boolean;
alter table sales.sales drop constraint sales_origin_check;
alter table sales.sales add constraint sales_origin_check check (origin in ('online', 'offline', 'channel'));
-- A till sale has its device and cashier; a channel's has its source instead.
alter table sales.sales add constraint sales_channel_source check (
  (channel = 'till' and source_id is null and device_id is not null and cashier_id is not null) or (channel <> 'till' and source_id is not null));
create unique index sales_by_source on sales.sales (tenant_id, channel, source_id) where source_id is not null;

-- The title the channel sold a line under, kept as sold.
alter table sales.sale_lines add column title text check (length(title) between 1 and 500);

-- Shipping and other charges of a channel's sale that are not goods: amount before tax, and its tax.
create table sales.sale_charges (
  tenant_id uuid not null,
  sale_id uuid not null,
  charge_no int not null,
  kind text not null check (kind in ('shipping', 'other')),
  title text not null check (length(title) between 1 and 200),
  amount bigint not null check (amount >= 0),
  tax bigint not null check (tax >= 0),
  primary key (tenant_id, sale_id, charge_no),
  foreign key (tenant_id, sale_id) references sales.sales (tenant_id, sale_id)
);

-- A channel's refund (sales@1 recordExternalRefund): recorded once per (channel, its id); no till,
-- no cashier. Its money may be nothing (goods back with no money, a restock on the channel).
alter table sales.refunds alter column cashier_id drop not null;
alter table sales.refunds add column channel text not null default 'till' check (channel ~ '^[a-z][a-z0-9-]{0,63}$');
alter table sales.refunds add column source_id text check (length(source_id) between 1 and 200);
alter table sales.refunds add column source_name text check (length(source_name) between 1 and 200);
alter table sales.refunds drop constraint refunds_total_check;
alter table sales.refunds add constraint refunds_total_check check (total > 0 or (total = 0 and source_id is not null));
alter table sales.refunds add constraint refunds_channel_source check (
  (channel = 'till' and source_id is null and cashier_id is not null) or (channel <> 'till' and source_id is not null));
create unique index refunds_by_source on sales.refunds (tenant_id, channel, source_id) where source_id is not null;
