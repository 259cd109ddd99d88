/**
 * The day rollups (migrations/0002_local_day_rollups.sql): each hour rollup summed per local day of
 * the tenant, the day an hour starts in, in the zone reports.day_zones names. What the ingest adds
 * to them beside the hours, what the cut copies from the hours, and what a rebuild empties, made
 * from one description per table so the three agree.
 */

export interface DayRollup {
  /** The hour table, in schema reports. */
  readonly hours: string;
  /** Its day table. */
  readonly days: string;
  /** The day table's key after tenant_id, in its primary key's order: `day` stands where the hour table has `hour`. */
  readonly key: readonly string[];
  /** The figures, each a sum. */
  readonly sums: readonly string[];
}

const GOODS = ['quantity', 'gross', 'discount', 'net', 'tax', 'cost', 'refunded_quantity', 'refunded_net', 'refunded_tax', 'refunded_cost'];
const BASKETS = ['sales', 'items', 'gross', 'discount', 'net', 'tax', 'total', 'refunds', 'refunded_total', 'voids', 'late_sales'];

export const LOCATION_DAYS: DayRollup = {
  hours: 'location_hours',
  days: 'location_days',
  key: ['location_id', 'day'],
  sums: [...BASKETS, 'cost', 'refunded_quantity', 'refunded_net', 'refunded_tax', 'refunded_cost'],
};
export const CATEGORY_DAYS: DayRollup = {
  hours: 'category_hours',
  days: 'category_days',
  key: ['location_id', 'day', 'category_id'],
  sums: GOODS,
};
export const VARIANT_DAYS: DayRollup = {
  hours: 'variant_hours',
  days: 'variant_days',
  key: ['location_id', 'day', 'variant_id'],
  sums: GOODS,
};
export const BASKET_DAYS: DayRollup = {
  hours: 'basket_hours',
  days: 'basket_days',
  key: ['basis', 'location_id', 'day', 'device_id', 'cashier_id'],
  sums: BASKETS,
};
export const TENDER_DAYS: DayRollup = {
  hours: 'tender_hours',
  days: 'tender_days',
  key: ['location_id', 'day', 'method'],
  sums: ['count', 'amount', 'refunded_count', 'refunded_amount'],
};

/** Every day rollup, in the order the ingest writes them (as their hour tables). */
export const DAY_ROLLUPS: readonly DayRollup[] = [VARIANT_DAYS, CATEGORY_DAYS, LOCATION_DAYS, BASKET_DAYS, TENDER_DAYS];

/** The day tables' names (a rebuild empties them with the hour tables). */
export const DAY_TABLES = DAY_ROLLUPS.map((rollup) => rollup.days);

/**
 * The tenant's cut (reports.day_zones) as a one-row relation `zone` for a statement's WITH, and the
 * condition under which an hour row of `hour` is added to the days: the days are cut (ready), or the
 * cut has copied every hour before it (filling). No row (never cut) or clearing: no day is written;
 * the cut copies the hour later.
 */
export const ZONE = (tenant: string): string =>
  `zone as (select timezone, state, fill_hour from reports.day_zones where tenant_id = ${tenant})`;
export const ZONE_COVERS = (hour: string): string => `(zone.state = 'ready' or (zone.state = 'filling' and ${hour} < zone.fill_hour))`;

/**
 * `insert … select … on conflict do update` adding hour rows to a day table: `from` names the
 * rows (and joins, conditions) with the hour table's columns, `timezone` the zone to cut them in;
 * `columns` overrides how a key column or sum is read from them (default: the column of that name
 * on alias `r`). Rows are summed per day key and written in key order, so concurrent writers lock
 * alike. `$1` is the tenant.
 */
export function addToDays(
  rollup: DayRollup,
  options: {
    readonly from: string;
    readonly timezone: string;
    readonly hour?: string;
    readonly columns?: Readonly<Record<string, string>>;
  },
): string {
  const read = (column: string) => options.columns?.[column] ?? `r.${column}`;
  const keyValues = rollup.key.map((column) =>
    column === 'day' ? `(${options.hour ?? 'r.hour'} at time zone ${options.timezone})::date` : read(column),
  );
  const positions = rollup.key.map((_, i) => i + 2).join(', ');
  return `insert into reports.${rollup.days} as d (tenant_id, ${rollup.key.join(', ')}, ${rollup.sums.join(', ')})
     select $1::uuid, ${keyValues.join(', ')}, ${rollup.sums.map((sum) => `sum(${read(sum)})`).join(', ')}
       from ${options.from}
      group by ${positions}
      order by ${positions}
     on conflict (tenant_id, ${rollup.key.join(', ')}) do update set
       ${rollup.sums.map((sum) => `${sum} = d.${sum} + excluded.${sum}`).join(',\n       ')}`;
}
