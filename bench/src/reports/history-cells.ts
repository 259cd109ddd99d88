import type pg from 'pg';

/**
 * A store-hour of trade ("cell") and how busy it is, relative to others: the store's size × the
 * weekday (Saturday busiest, Sunday for the few stores that open) × the season (a December peak
 * building to Christmas, a January dip) × a growth of 6 % a year × the hour's place in the day
 * (a lunchtime and an after-work peak). Closed on 25–26 December and 1 January. Local hours of the
 * shop's time zone; the cell starts at that local hour's instant.
 */
export async function createCellFunction(db: pg.Client): Promise<void> {
  await db.query(`
    create or replace function bench_reports.cells(tenant uuid, tz text, from_ts timestamptz, to_ts timestamptz)
    returns table (store int, location_id uuid, hour_start timestamptz, local_day date, local_hour int, weight float8,
                   devices uuid[], cashiers text[])
    language sql stable as $$
      select s.n, s.location_id, t.hour_start, d.day, h.h,
             s.size
             * (array[0.7, 0.85, 0.9, 0.95, 1.0, 1.15, 1.35])[extract(dow from d.day)::int + 1]
             * (1 + 0.12 * cos(2 * pi() * (extract(doy from d.day) - 355) / 365.25))
             * (case when extract(month from d.day) = 12 and extract(day from d.day) <= 23 then 1 + 0.3 * extract(day from d.day) / 23 else 1 end)
             * (1 + 0.06 * (d.day - date '2024-01-01') / 365.25)
             * (0.45 + 0.9 * exp(-power(((h.h + 0.5 - o.opens) / (o.closes - o.opens) - 0.35) / 0.16, 2))
                     + 0.7 * exp(-power(((h.h + 0.5 - o.opens) / (o.closes - o.opens) - 0.8) / 0.12, 2))),
             s.devices, s.cashiers
        from bench_reports.stores s
       cross join generate_series((from_ts at time zone tz)::date, (to_ts at time zone tz)::date, interval '1 day') as g(day_start)
       cross join lateral (select g.day_start::date as day) d
       cross join lateral (select case when extract(dow from d.day) = 0 then s.sunday_opens else s.opens end as opens,
                                  case when extract(dow from d.day) = 0 then s.sunday_closes else s.closes end as closes) o
       cross join lateral generate_series(o.opens, o.closes - 1) as h(h)
       cross join lateral (select (d.day + make_interval(hours => h.h))::timestamp at time zone tz as hour_start) t
       where s.tenant_id = tenant
         and to_char(d.day, 'MM-DD') not in ('12-25', '12-26', '01-01')
         and t.hour_start >= from_ts and t.hour_start < to_ts
    $$;
  `);
}

/** Lines per sale: 1 + a geometric draw with mean 2.6, at most 12 (see the generator). */
export const LINES_PER_SALE = { mean: 2.6, max: 12 } as const;

/** The expected lines of a sale, for the calibration (the geometric law cut at its maximum). */
export function expectedLinesPerSale(): number {
  const p = 1 / LINES_PER_SALE.mean;
  let expected = 0;
  for (let k = 1; k < LINES_PER_SALE.max; k++) expected += k * p * (1 - p) ** (k - 1);
  return expected + LINES_PER_SALE.max * (1 - p) ** (LINES_PER_SALE.max - 1);
}

/**
 * Sales per unit of weight that give about `saleLines` lines between `from` and `to`: a cell's
 * sales are this × its weight (its fraction decides by a draw).
 */
export async function salesPerWeight(
  db: pg.Client,
  shop: { readonly tenantId: string; readonly timezone: string },
  from: Date,
  to: Date,
  saleLines: number,
): Promise<number> {
  const { rows } = await db.query<{ weight: number }>('select sum(weight)::float8 as weight from bench_reports.cells($1, $2, $3, $4)', [
    shop.tenantId,
    shop.timezone,
    from,
    to,
  ]);
  return saleLines / expectedLinesPerSale() / rows[0]!.weight;
}
