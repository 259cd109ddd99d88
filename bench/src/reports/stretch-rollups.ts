/**
 * A stretch's sales into the hour rollups and their day rollups, as ingest's write-rollups.ts and
 * write-goods-rollups.ts add a live batch to them: one statement per rollup — the stretch's rows
 * summed per hour key (`delta`), added to the hour table, and the same rows added to the day table
 * per local day of the zone reports.day_zones names, for the hours its cut covers (all once it is
 * ready; none before the tenant's days were ever cut: the plugin's cut copies them then). Costs:
 * the sale's (or refund's) movements at their unit cost, in the hour the sale (or refund) happened.
 * Named parameter :tenant (history-sql.ts bindNamed); reads the stretch's temporary tables.
 */

/** category_hours' key for goods without a category (ingest's NO_CATEGORY). */
const NO_CATEGORY = '00000000-0000-0000-0000-000000000000';

interface StretchRollup {
  readonly hours: string;
  readonly days: string;
  /** The hour table's key after tenant_id, in its primary key's order (with `hour`). */
  readonly hourKey: readonly string[];
  /** The day table's key after tenant_id, in its primary key's order (with `day`). */
  readonly dayKey: readonly string[];
  readonly sums: readonly string[];
  /** The stretch's rows: the hour key's and the sums' columns, not yet summed. */
  readonly rows: string;
}

const GOODS = ['quantity', 'gross', 'discount', 'net', 'tax', 'cost', 'refunded_quantity', 'refunded_net', 'refunded_tax', 'refunded_cost'];
const BASKETS = ['sales', 'items', 'gross', 'discount', 'net', 'tax', 'total', 'refunds', 'refunded_total', 'voids', 'late_sales'];

/** A variant's category on its hour row: the greatest the hour saw, as ingest keeps it (variant_hours only). */
const CATEGORY = {
  delta: 'max(category_id::text)::uuid as category_id',
  merge: 'category_id = greatest(h.category_id, excluded.category_id),',
};

function statement(rollup: StretchRollup, category?: typeof CATEGORY): string {
  const hourKey = rollup.hourKey.join(', ');
  const extra = category ? ', category_id' : '';
  const dayKeyValues = rollup.dayKey.map((column) => (column === 'day' ? '(r.hour at time zone zone.timezone)::date' : `r.${column}`));
  const positions = rollup.dayKey.map((_, i) => i + 2).join(', ');
  return `with delta as (
      select ${hourKey}${category ? `, ${category.delta}` : ''}, ${rollup.sums.map((sum) => `sum(${sum}) as ${sum}`).join(', ')}
        from (${rollup.rows}) rows
       group by ${hourKey}),
    zone as (select timezone, state, fill_hour from reports.day_zones where tenant_id = :tenant::uuid),
    hours as (
      insert into reports.${rollup.hours} as h (tenant_id, ${hourKey}${extra}, ${rollup.sums.join(', ')})
      select :tenant::uuid, ${hourKey}${extra}, ${rollup.sums.join(', ')} from delta order by ${hourKey}
      on conflict (tenant_id, ${hourKey}) do update set ${category ? category.merge : ''}
        ${rollup.sums.map((sum) => `${sum} = h.${sum} + excluded.${sum}`).join(', ')})
    insert into reports.${rollup.days} as d (tenant_id, ${rollup.dayKey.join(', ')}, ${rollup.sums.join(', ')})
    select :tenant::uuid, ${dayKeyValues.join(', ')}, ${rollup.sums.map((sum) => `sum(r.${sum})`).join(', ')}
      from delta r join zone on zone.state = 'ready' or (zone.state = 'filling' and r.hour < zone.fill_hour)
     group by ${positions} order by ${positions}
    on conflict (tenant_id, ${rollup.dayKey.join(', ')}) do update set
      ${rollup.sums.map((sum) => `${sum} = d.${sum} + excluded.${sum}`).join(', ')}`;
}

/** The sums of a sale's arriving lines, per sale. */
const SALE_LINES = `select sale_id, sum(quantity) as items, sum(gross) as gross, sum(discount) as discount, sum(net) as net, sum(tax) as tax,
                           sum(total) as total, sum(quantity * unit_cost) as cost
                      from gen_line where arrives group by sale_id`;

export const STRETCH_ROLLUPS: readonly string[] = [
  statement(
    {
      hours: 'variant_hours',
      days: 'variant_days',
      hourKey: ['location_id', 'variant_id', 'hour'],
      dayKey: ['location_id', 'day', 'variant_id'],
      sums: GOODS,
      rows: `select location_id, variant_id, date_trunc('hour', occurred_at, 'UTC') as hour, category_id, quantity, gross, discount, net, tax,
                    quantity * unit_cost as cost, 0 as refunded_quantity, 0 as refunded_net, 0 as refunded_tax, 0 as refunded_cost
               from gen_line where arrives
             union all
             select location_id, variant_id, date_trunc('hour', refund_at, 'UTC'), null, 0, 0, 0, 0, 0, 0,
                    quantity, amount - tax, tax, quantity * unit_cost
               from gen_refund`,
    },
    CATEGORY,
  ),
  statement({
    hours: 'category_hours',
    days: 'category_days',
    hourKey: ['location_id', 'hour', 'category_id'],
    dayKey: ['location_id', 'day', 'category_id'],
    sums: GOODS,
    rows: `select location_id, date_trunc('hour', occurred_at, 'UTC') as hour, coalesce(category_id, '${NO_CATEGORY}'::uuid) as category_id,
                  quantity, gross, discount, net, tax, quantity * unit_cost as cost,
                  0 as refunded_quantity, 0 as refunded_net, 0 as refunded_tax, 0 as refunded_cost
             from gen_line where arrives
           union all
           select location_id, date_trunc('hour', refund_at, 'UTC'), coalesce(category_id, '${NO_CATEGORY}'::uuid), 0, 0, 0, 0, 0, 0,
                  quantity, amount - tax, tax, quantity * unit_cost
             from gen_refund`,
  }),
  statement({
    hours: 'location_hours',
    days: 'location_days',
    hourKey: ['location_id', 'hour'],
    dayKey: ['location_id', 'day'],
    sums: [...BASKETS, 'cost', 'refunded_quantity', 'refunded_net', 'refunded_tax', 'refunded_cost'],
    rows: `select s.location_id, date_trunc('hour', s.occurred_at, 'UTC') as hour, 1 as sales, l.items, l.gross, l.discount, l.net, l.tax,
                  l.total, 0 as refunds, 0 as refunded_total, 0 as voids, (s.received_at - s.occurred_at > interval '1 hour')::int as late_sales,
                  l.cost, 0 as refunded_quantity, 0 as refunded_net, 0 as refunded_tax, 0 as refunded_cost
             from gen_sale s join (${SALE_LINES}) l on l.sale_id = s.sale_id
            where s.arrives
           union all
           select location_id, date_trunc('hour', refund_at, 'UTC'), 0, 0, 0, 0, 0, 0, 0, 1, amount, 0, 0,
                  0, quantity, amount - tax, tax, quantity * unit_cost
             from gen_refund`,
  }),
  statement({
    hours: 'basket_hours',
    days: 'basket_days',
    hourKey: ['basis', 'location_id', 'device_id', 'cashier_id', 'hour'],
    dayKey: ['basis', 'location_id', 'day', 'device_id', 'cashier_id'],
    sums: BASKETS,
    rows: `select basis.name as basis, s.location_id, s.device_id, s.cashier_id,
                  date_trunc('hour', case when basis.name = 'happened' then s.occurred_at else s.received_at end, 'UTC') as hour,
                  1 as sales, l.items, l.gross, l.discount, l.net, l.tax, l.total, 0 as refunds, 0 as refunded_total, 0 as voids,
                  (s.received_at - s.occurred_at > interval '1 hour')::int as late_sales
             from gen_sale s
             join (${SALE_LINES}) l on l.sale_id = s.sale_id
            cross join (values ('happened'), ('arrived')) as basis(name)
            where s.arrives
           union all
           select basis.name, r.location_id, r.device_id, r.cashier_id, date_trunc('hour', r.refund_at, 'UTC'), 0, 0, 0, 0, 0, 0, 0, 1, r.amount, 0, 0
             from gen_refund r cross join (values ('happened'), ('arrived')) as basis(name)`,
  }),
  statement({
    hours: 'tender_hours',
    days: 'tender_days',
    hourKey: ['location_id', 'method', 'hour'],
    dayKey: ['location_id', 'day', 'method'],
    sums: ['count', 'amount', 'refunded_count', 'refunded_amount'],
    rows: `select s.location_id, s.method, date_trunc('hour', s.occurred_at, 'UTC') as hour, 1 as count, l.total as amount,
                  0 as refunded_count, 0 as refunded_amount
             from gen_sale s join (select sale_id, sum(total) as total from gen_line where arrives group by sale_id) l on l.sale_id = s.sale_id
            where s.arrives
           union all
           select location_id, method, date_trunc('hour', refund_at, 'UTC'), 0, 0, 1, amount from gen_refund`,
  }),
];
