import { STRETCH_ROLLUPS } from './stretch-rollups.ts';

/**
 * The statements that generate one stretch of a shop's history, set-based, in one transaction.
 * A stretch is the sales that *arrived* in [from, to) (:from, :to): a sale that happened before `from`
 * and arrived after it (an offline till catching up) belongs to it, so stretches never overlap and
 * a reused database is topped up from where the last one ended. Every draw is a hash of what it is
 * for (bench_reports.draw), so a stretch generated again gives the same rows.
 *
 * Named parameters (bound by `bindNamed`): :tenant, :tz (the shop's time zone), :from, :to,
 * :sales_per_weight, :seed, :slots (of the popularity wheel). Temporary tables, dropped at commit:
 *   gen_sale    every sale of the cells that could arrive in the stretch (those up to 9 hours
 *               before it too), with `arrives` and `refunded` saying what the stretch takes of it;
 *   gen_line    their lines (those of arriving sales, and the first line of refunded ones);
 *   gen_refund  the refunds made in the stretch: 0.6 % of sales rung up online, their first line,
 *               10 minutes to 2 hours later, to the same tender, restocked;
 *   gen_move    the stock movements: one `sale` per arriving line, one `return` per refund.
 */

/** The parameters a stretch's statements name. */
export interface StretchParameters {
  readonly tenant: string;
  readonly tz: string;
  readonly from: Date;
  readonly to: Date;
  readonly sales_per_weight: number;
  readonly seed: number;
  readonly slots: number;
}

/**
 * A statement with named parameters (:tenant, :from, …) as node-postgres takes it: numbered, with
 * only the values it names (PostgreSQL refuses a parameter it cannot type because nothing uses it).
 */
export function bindNamed(sql: string, values: Partial<StretchParameters>): { text: string; values: unknown[] } {
  const names: (keyof StretchParameters)[] = [];
  const text = sql.replace(/(?<![:'\w]):(tenant|tz|from|to|sales_per_weight|seed|slots)\b/g, (_, name: keyof StretchParameters) => {
    if (!names.includes(name)) names.push(name);
    return `$${names.indexOf(name) + 1}`;
  });
  const missing = names.filter((name) => values[name] === undefined);
  if (missing.length > 0) throw new Error(`The statement names :${missing.join(', :')}, which were not given`);
  return { text, values: names.map((name) => values[name]) };
}

const iso = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

export const GENERATE_SALES = `
  create temp table gen_sale on commit drop as
  with sale as (
    select c.*, i, c.location_id::text || ':' || extract(epoch from c.hour_start)::bigint || ':' || i as key
      from bench_reports.cells(:tenant::uuid, :tz, :from::timestamptz - interval '9 hours', :to) c
     cross join lateral generate_series(1, floor(:sales_per_weight * c.weight + bench_reports.draw(c.location_id::text || extract(epoch from c.hour_start)::bigint, :seed))::int) as i),
  drawn as (
    select s.*, date_trunc('milliseconds', s.hour_start + bench_reports.draw(s.key || ':t', :seed) * interval '1 hour') as occurred_at,
           1 + floor(power(bench_reports.draw(s.key || ':d', :seed), 1.4) * cardinality(s.devices))::int as till,
           bench_reports.draw(s.key || ':late', :seed) < 0.015 as late,
           bench_reports.draw(s.key || ':lag', :seed) as lag,
           least(12, 1 + floor(ln(1 - bench_reports.draw(s.key || ':k', :seed)) / ln(1 - 1 / 2.6)))::int as lines,
           bench_reports.draw(s.key || ':tender', :seed) as tender,
           bench_reports.draw(s.key || ':refund', :seed) as refund
      from sale s),
  timed as (
    select d.*,
           date_trunc('milliseconds', d.occurred_at + case when d.late then interval '1 hour' + d.lag * interval '7 hours'
                                                           else (0.15 + d.lag * 1.2) * interval '1 second' end) as received_at,
           case when not d.late and d.refund < 0.006
                then date_trunc('milliseconds', d.occurred_at + (10 + bench_reports.draw(d.key || ':refund-at', :seed) * 110) * interval '1 minute') end as refund_at
      from drawn d)
  select t.key, bench_reports.uuid7(t.occurred_at, t.key) as sale_id, t.location_id, t.devices[t.till] as device_id,
         -- Two shifts a day on each till, turning through the store's cashiers from day to day.
         t.cashiers[1 + ((t.till - 1) * 2 + (t.local_hour >= 14)::int + (t.local_day - date '2024-01-01')) % cardinality(t.cashiers)] as cashier_id,
         extract(epoch from t.hour_start)::bigint / 3600 * 1000 + t.i as receipt_number,
         t.occurred_at, t.received_at, t.lines,
         case when t.tender < 0.6 then 'card' when t.tender < 0.95 then 'cash' else 'voucher' end as method,
         t.received_at >= :from and t.received_at < :to as arrives,
         t.refund_at, coalesce(t.refund_at >= :from and t.refund_at < :to, false) as refunded,
         bench_reports.uuid7(t.refund_at, t.key || ':refund') as refund_id
    from timed t
   where (t.received_at >= :from and t.received_at < :to) or (t.refund_at >= :from and t.refund_at < :to)`;

export const GENERATE_LINES = `
  create temp table gen_line on commit drop as
  with line as (
    select s.*, j as line_no, s.key || ':' || j as line_key
      from gen_sale s cross join lateral generate_series(1, s.lines) as j
     where s.arrives or (j = 1 and s.refunded)),
  drawn as (
    select l.*, c.variant_id, c.sku, c.name, c.category_id, c.price, c.unit_cost, c.tax_basis_points,
           12 + 6 * ceil(c.slots / 20.0)::int as par,
           bench_reports.draw(l.line_key || ':q', :seed) as q,
           bench_reports.draw(l.line_key || ':discount', :seed) < 0.08 as discounted
      from line l
      join bench_reports.wheel w on w.tenant_id = :tenant::uuid and w.slot = floor(bench_reports.draw(l.line_key || ':v', :seed) * :slots)::int
      join bench_reports.catalog c on c.tenant_id = :tenant::uuid and c.n = w.n),
  priced as (
    select d.*, case when d.q < 0.8 then 1 when d.q < 0.94 then 2 else 3 + floor((d.q - 0.94) / 0.06 * 4)::int end as quantity
      from drawn d),
  discounted as (
    select p.*, p.quantity * p.price as gross, case when p.discounted then round(p.quantity * p.price * 0.1)::bigint else 0 end as discount
      from priced p),
  taxed as (
    select d.*, d.gross - d.discount as total,
           round((d.gross - d.discount) * d.tax_basis_points / (10000.0 + d.tax_basis_points))::bigint as tax
      from discounted d)
  select t.*, t.total - t.tax as net,
         -- Stock as each sale leaves it: the store is filled up to its par level every night.
         greatest(0, t.par - sum(t.quantity) filter (where t.arrives) over (
           partition by t.location_id, t.variant_id, (t.occurred_at at time zone :tz)::date
           order by t.occurred_at, t.sale_id, t.line_no))::int as on_hand_after
    from taxed t`;

export const GENERATE_REFUNDS = `
  create temp table gen_refund on commit drop as
  select s.refund_id, s.sale_id, s.key, s.refund_at, s.location_id, s.device_id, s.cashier_id, s.method,
         l.variant_id, l.category_id, l.quantity, l.total as amount, l.tax, l.unit_cost, l.par
    from gen_sale s join gen_line l on l.sale_id = s.sale_id and l.line_no = 1
   where s.refunded`;

export const GENERATE_MOVEMENTS = `
  create temp table gen_move on commit drop as
  select bench_reports.uuid7(l.received_at, l.line_key || ':movement') as movement_id,
         bench_reports.uuid7(l.received_at, l.line_key || ':movement-event') as event_id,
         l.received_at as published_at, l.occurred_at, l.location_id, l.variant_id, 'sale'::text as kind, -l.quantity as quantity,
         l.unit_cost, 'sale'::text as reference_kind, l.sale_id::text as reference_id, l.on_hand_after
    from gen_line l where l.arrives
  union all
  select bench_reports.uuid7(r.refund_at, r.key || ':return'), bench_reports.uuid7(r.refund_at, r.key || ':return-event'),
         r.refund_at, r.refund_at, r.location_id, r.variant_id, 'return', r.quantity, r.unit_cost, 'refund', r.refund_id::text, r.par
    from gen_refund r`;

/** The facts, as ingest's write-facts.ts writes them. */
export const WRITE_FACTS = [
  `insert into reports.sale_lines (tenant_id, sale_id, line_no, occurred_at, received_at, location_id, device_id, cashier_id, receipt_number,
                                   variant_id, sku, name, category_id, quantity, unit_price, gross, discount, net, tax, total, currency)
   select :tenant::uuid, sale_id, line_no, occurred_at, received_at, location_id, device_id, cashier_id, receipt_number::text,
          variant_id, sku, name, category_id, quantity, price, gross, discount, net, tax, total, 'EUR'
     from gen_line where arrives`,
  `insert into reports.refund_lines (tenant_id, refund_id, line_no, sale_id, occurred_at, location_id, device_id, cashier_id, variant_id,
                                     quantity, amount, tax, restock, currency, category_id)
   select :tenant::uuid, refund_id, 1, sale_id, refund_at, location_id, device_id, cashier_id, variant_id, quantity, amount, tax, true, 'EUR',
          category_id
     from gen_refund`,
  `insert into reports.tenders (tenant_id, source_kind, source_id, tender_no, occurred_at, location_id, device_id, method, amount, currency)
   select :tenant::uuid, 'sale', s.sale_id, 1, s.occurred_at, s.location_id, s.device_id, s.method, sum(l.total), 'EUR'
     from gen_sale s join gen_line l on l.sale_id = s.sale_id where s.arrives
    group by s.sale_id, s.occurred_at, s.location_id, s.device_id, s.method
   union all
   select :tenant::uuid, 'refund', refund_id, 1, refund_at, location_id, device_id, method, amount, 'EUR' from gen_refund`,
  `insert into reports.stock_movements (tenant_id, movement_id, occurred_at, location_id, variant_id, kind, quantity, unit_cost, cost_currency,
                                        reference_kind, reference_id, on_hand_after)
   select :tenant::uuid, movement_id, occurred_at, location_id, variant_id, kind, quantity, unit_cost, 'EUR', reference_kind, reference_id, on_hand_after
     from gen_move`,
];

/**
 * The rollups, as ingest's write-rollups.ts adds to them (the same upserts: a stretch adds to what
 * earlier stretches left, as one live batch adds to another): the hour rollups with their day
 * rollups (stretch-rollups.ts), then costs, positions, movement days and last sales.
 */
export const WRITE_ROLLUPS = [
  ...STRETCH_ROLLUPS,
  `insert into reports.variant_costs as c (tenant_id, variant_id, unit_cost, cost_currency, event_id)
   select distinct on (variant_id) :tenant::uuid, variant_id, unit_cost, 'EUR', event_id from gen_move order by variant_id, event_id desc
   on conflict (tenant_id, variant_id) do update set
     unit_cost = case when excluded.event_id > c.event_id or c.event_id is null then excluded.unit_cost else c.unit_cost end,
     cost_currency = case when excluded.event_id > c.event_id or c.event_id is null then excluded.cost_currency else c.cost_currency end,
     event_id = case when excluded.event_id > c.event_id or c.event_id is null then excluded.event_id else c.event_id end`,
  `insert into reports.stock_positions as p (tenant_id, location_id, variant_id, on_hand, as_of, event_id)
   select distinct on (location_id, variant_id) :tenant::uuid, location_id, variant_id, on_hand_after, occurred_at, event_id
     from gen_move order by location_id, variant_id, event_id desc
   on conflict (tenant_id, location_id, variant_id) do update set
     on_hand = case when excluded.event_id > p.event_id then excluded.on_hand else p.on_hand end,
     as_of = case when excluded.event_id > p.event_id then excluded.as_of else p.as_of end,
     event_id = greatest(p.event_id, excluded.event_id)`,
  `insert into reports.movement_days as d (tenant_id, location_id, variant_id, day, kind, quantity, cost)
   select :tenant::uuid, location_id, variant_id, (occurred_at at time zone 'UTC')::date, kind, sum(quantity), sum(quantity * unit_cost)
     from gen_move group by location_id, variant_id, (occurred_at at time zone 'UTC')::date, kind
     order by 2, 3, 4, 5
   on conflict (tenant_id, location_id, variant_id, day, kind) do update set
     quantity = d.quantity + excluded.quantity, cost = d.cost + excluded.cost`,
  `insert into reports.last_sales as s (tenant_id, location_id, variant_id, last_sale_at)
   select :tenant::uuid, location_id, variant_id, max(occurred_at) from gen_line where arrives
    group by location_id, variant_id order by location_id, variant_id
   on conflict (tenant_id, location_id, variant_id) do update set last_sale_at = greatest(s.last_sale_at, excluded.last_sale_at)`,
];

/** Once a shop's history is generated: every stock position at its variant's newest cost (as the live path leaves them). */
export const PRICE_POSITIONS = `
  update reports.stock_positions p set unit_cost = c.unit_cost, cost_currency = c.cost_currency
    from reports.variant_costs c
   where p.tenant_id = :tenant::uuid and c.tenant_id = :tenant::uuid and c.variant_id = p.variant_id
     and (p.unit_cost is distinct from c.unit_cost or p.cost_currency is distinct from c.cost_currency)`;

/**
 * The journal rows the live path would have written for the stretch: each sale, refund and stock
 * movement as the event core-sales or core-inventory publishes (the fields reports reads, and more
 * of the real payloads), journaled in the order they arrived.
 */
export const WRITE_JOURNAL = `
  insert into reports.journal (tenant_id, event_id, type, version, occurred_at, journaled_at, payload)
  select :tenant::uuid, event_id, type, 1, published_at, published_at, payload
    from (
      select bench_reports.uuid7(s.received_at, s.key || ':event') as event_id, 'sales.sale.completed' as type, s.received_at as published_at,
             jsonb_build_object(
               'id', s.sale_id, 'status', 'completed', 'origin', case when s.received_at - s.occurred_at > interval '1 hour' then 'offline' else 'online' end,
               'receiptNumber', s.receipt_number, 'deviceId', s.device_id, 'locationId', s.location_id, 'cashierId', s.cashier_id,
               'currency', 'EUR', 'total', l.total, 'subtotal', l.gross, 'discountTotal', l.discount, 'taxTotal', l.tax,
               'occurredAt', ${iso('s.occurred_at')}, 'receivedAt', ${iso('s.received_at')},
               'lines', l.lines,
               'tenders', jsonb_build_array(jsonb_build_object('method', s.method, 'tendered', l.total, 'amount', l.total)),
               'stockShort', '[]'::jsonb) as payload
        from gen_sale s
        join (select sale_id, sum(total) as total, sum(gross) as gross, sum(discount) as discount, sum(tax) as tax,
                     jsonb_agg(jsonb_build_object(
                       'lineNo', line_no, 'variantId', variant_id, 'sku', sku, 'name', name, 'categoryId', category_id,
                       'quantity', quantity, 'unitPrice', price, 'priceOverridden', false, 'gross', gross,
                       'promotionDiscount', discount, 'lineDiscount', 0, 'cartDiscount', 0, 'net', net, 'tax', tax,
                       'taxes', jsonb_build_array(jsonb_build_object('name', 'VAT', 'basisPoints', tax_basis_points, 'amount', tax)),
                       'total', total, 'lotCode', null, 'serials', null) order by line_no) as lines
                from gen_line where arrives group by sale_id) l on l.sale_id = s.sale_id
       where s.arrives
      union all
      select bench_reports.uuid7(r.refund_at, r.key || ':refund-event'), 'sales.sale.refunded', r.refund_at,
             jsonb_build_object(
               'id', r.refund_id, 'saleId', r.sale_id, 'total', r.amount, 'restock', true, 'reason', 'changed their mind',
               'deviceId', r.device_id, 'locationId', r.location_id, 'cashierId', r.cashier_id, 'currency', 'EUR',
               'occurredAt', ${iso('r.refund_at')}, 'receivedAt', ${iso('r.refund_at')},
               'lines', jsonb_build_array(jsonb_build_object('lineNo', 1, 'variantId', r.variant_id, 'quantity', r.quantity,
                                                             'amount', r.amount, 'tax', r.tax)),
               'tenders', jsonb_build_array(jsonb_build_object('method', r.method, 'amount', r.amount)))
        from gen_refund r
      union all
      select m.event_id, 'inventory.stock.moved', m.published_at,
             jsonb_build_object(
               'id', m.movement_id, 'variantId', m.variant_id, 'locationId', m.location_id, 'kind', m.kind, 'quantity', m.quantity,
               'reason', null, 'reference', jsonb_build_object('kind', m.reference_kind, 'id', m.reference_id),
               'occurredAt', ${iso('m.occurred_at')}, 'lotCode', null, 'serials', null,
               'unitCost', jsonb_build_object('amount', m.unit_cost, 'currency', 'EUR'),
               'variantCost', jsonb_build_object('amount', m.unit_cost, 'currency', 'EUR'),
               'onHand', m.on_hand_after, 'available', m.on_hand_after)
        from gen_move m) events
   order by published_at, event_id`;
