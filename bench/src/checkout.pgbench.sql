-- The SQL statements of one online 3-line cash checkout, as core-sales, core-inventory and the
-- kernel send them (same order, same role and settings — core-sales' role, which may act as
-- inventory's since sales requires inventory@1; outbox events and the audit entry in one
-- statement before COMMIT), for pgbench. {{…}} are filled in by the bench;
-- each pgbench client is one till (device) by client id; each sale takes one variant from each third
-- of the catalog, in id order (as inventory@1 orders lines), in one statement (as inventory@1
-- takes a sale of untracked variants). One difference the tool forces: the kernel sends BEGIN and
-- the settings in one message (simple protocol, one round trip); pgbench's prepared mode cannot
-- send two commands in one message, so here they are two round trips.
\set device_index :client_id + 1
\set a random(1, {{THIRD}})
\set b random({{THIRD}} + 1, 2 * {{THIRD}})
\set c random(2 * {{THIRD}} + 1, 3 * {{THIRD}})
BEGIN;
select set_config('kits.tenant_id', '{{TENANT}}', true), set_config('role', 'kits_plugin_sales', true), set_config('jit', 'off', true);
select (array[{{DEVICES}}]::uuid[])[:device_index] as device_id, (array[{{SHIFTS}}]::uuid[])[:device_index] as shift_id, gen_random_uuid() as sale_id,
       '00000000-0000-7000-8000-' || lpad(:a::text, 12, '0') as v1, '00000000-0000-7000-8000-' || lpad(:b::text, 12, '0') as v2,
       '00000000-0000-7000-8000-' || lpad(:c::text, 12, '0') as v3 \gset
select shift_id from sales.shifts where device_id = :device_id::uuid and status = 'open';
select promotion_id, kind, variant_ids, buy, get, quantity, price from sales.promotions where active order by created_at, promotion_id;
select v.variant_id, v.product_id, v.sku, p.name, p.category_id, p.tax_class, p.tracking,
       (v.status = 'active' and p.status = 'active') as active,
       (select pr.amount_minor from inventory.prices pr
         where pr.tenant_id = v.tenant_id and pr.variant_id = v.variant_id and pr.currency = 'EUR' and (pr.location_id is null or pr.location_id = '{{LOCATION}}'::uuid)
         order by pr.location_id nulls last limit 1) as unit_price
  from inventory.variants v
  join inventory.products p on p.tenant_id = v.tenant_id and p.product_id = v.product_id
 where v.variant_id = any(array[:v1::uuid, :v2::uuid, :v3::uuid]::uuid[]);
with input as (
       select * from jsonb_to_recordset(jsonb_build_array(
         jsonb_build_object('ord', 0, 'location_id', '{{LOCATION}}', 'variant_id', :v1::text, 'quantity', 2, 'movement_id', gen_random_uuid()),
         jsonb_build_object('ord', 1, 'location_id', '{{LOCATION}}', 'variant_id', :v2::text, 'quantity', 1, 'movement_id', gen_random_uuid()),
         jsonb_build_object('ord', 2, 'location_id', '{{LOCATION}}', 'variant_id', :v3::text, 'quantity', 3, 'movement_id', gen_random_uuid())))
         as x(ord int, location_id uuid, variant_id uuid, quantity bigint, movement_id uuid)),
     locked as materialized (
       select l.location_id, l.variant_id from inventory.stock_levels l join input i using (location_id, variant_id)
        where l.variant_id = any(array[:v1::uuid, :v2::uuid, :v3::uuid]::uuid[])
        order by l.location_id, l.variant_id for update of l),
     level as (
       update inventory.stock_levels l set on_hand = l.on_hand - i.quantity, version = l.version + 1, updated_at = now()
         from locked k join input i using (location_id, variant_id)
        where l.location_id = k.location_id and l.variant_id = k.variant_id and l.on_hand - l.reserved >= i.quantity
       returning l.location_id, l.variant_id, l.on_hand, l.reserved, l.reorder_point),
     moved as (
       insert into inventory.stock_movements (tenant_id, movement_id, location_id, variant_id, kind, quantity, reason, reference_kind, reference_id, lot_code, serials, unit_cost_minor, cost_currency)
       select '{{TENANT}}', i.movement_id, i.location_id, i.variant_id, 'sale', -i.quantity, null, 'sale', :sale_id::text, null, null, v.cost_minor, v.cost_currency
         from input i join level using (location_id, variant_id) left join inventory.variants v on v.tenant_id = '{{TENANT}}' and v.variant_id = i.variant_id
       returning movement_id, occurred_at, unit_cost_minor, cost_currency)
select i.ord, level.on_hand, level.reserved, level.reorder_point, moved.occurred_at, moved.unit_cost_minor, moved.cost_currency
  from input i join level using (location_id, variant_id) join moved using (movement_id) order by i.ord;
with counter as (
  insert into sales.receipt_counters (tenant_id, device_id, last_number) values ('{{TENANT}}', :device_id::uuid, 1)
  on conflict (tenant_id, device_id) do update set last_number = receipt_counters.last_number + 1
  returning last_number),
sale as (
  insert into sales.sales (tenant_id, sale_id, status, origin, device_id, location_id, shift_id, receipt_number, cashier_id, customer_id, currency,
                           subtotal, discount_total, tax_total, total, rounding, paid, change_given, cart_discount, taxes, promotions, client_total,
                           reservation_id, occurred_at)
  values ('{{TENANT}}', :sale_id::uuid, 'completed', 'online', :device_id::uuid, '{{LOCATION}}', :shift_id::uuid, (select last_number from counter), 'pgbench', null, 'EUR',
          1699, 0, 283, 1699, 0, 1699, 301, null, '[{"name": "VAT", "basisPoints": 2000, "amount": 283}]', '[]', null, null, now()) returning received_at, receipt_number),
lines as (
  insert into sales.sale_lines (tenant_id, sale_id, line_no, variant_id, sku, name, category_id, quantity, unit_price, price_overridden, discount,
                                gross, promotion_discount, line_discount, cart_discount, net, tax, taxes, total, lot_code, serials)
  select '{{TENANT}}', :sale_id::uuid, x.line_no, x.variant_id, x.sku, x.name, x.category_id, x.quantity, x.unit_price, x.price_overridden, x.discount,
         x.gross, x.promotion_discount, x.line_discount, x.cart_discount, x.net, x.tax, x.taxes, x.total, x.lot_code, x.serials
    from jsonb_to_recordset('{{LINES}}'::jsonb) as x(line_no int, variant_id uuid, sku text, name text, category_id uuid, quantity bigint, unit_price bigint,
         price_overridden boolean, discount jsonb, gross bigint, promotion_discount bigint, line_discount bigint, cart_discount bigint, net bigint,
         tax bigint, taxes jsonb, total bigint, lot_code text, serials text[])),
tenders as (
  insert into sales.tenders (tenant_id, sale_id, tender_no, method, tendered, amount, reference)
  select '{{TENANT}}', :sale_id::uuid, x.tender_no, x.method, x.tendered, x.amount, x.reference
    from jsonb_to_recordset('[{"tender_no": 1, "method": "cash", "tendered": 2000, "amount": 1699, "reference": null}]'::jsonb)
         as x(tender_no int, method text, tendered bigint, amount bigint, reference text))
select received_at, receipt_number from sale;
with outbox as (
  insert into kernel.outbox (tenant_id, event_id, type, version, source, payload, occurred_at)
  -- (the kernel sends the event ids; pgbench makes them here, one per row)
  select x.tenant_id, gen_random_uuid(), x.type, x.version, x.source, x.payload, x.occurred_at
    from jsonb_array_elements('{{OUTBOX}}'::jsonb) with ordinality as e(item, ord),
         jsonb_to_record(e.item) as x(tenant_id uuid, type text, version int, source text, payload jsonb, occurred_at timestamptz)
   order by e.ord),
audit as (
  insert into kernel.audit_log (tenant_id, audit_id, actor_kind, actor_id, device_id, action, detail)
  select x.tenant_id, gen_random_uuid(), x.actor_kind, x.actor_id, x.device_id, x.action, x.detail
    from jsonb_to_recordset('{{AUDIT}}'::jsonb) as x(tenant_id uuid, actor_kind text, actor_id text, device_id uuid, action text, detail jsonb))
select 1;
COMMIT;
