import type { DashboardHour, DashboardReport, DashboardTender, DashboardTopProduct } from '../../shared/report-types.ts';
import { variantLabel, variantNames } from './group-labels.ts';
import { addSums, basketMeasures, NO_BASKETS, NO_VARIANT_SALES } from './measures.ts';
import { reportMeta } from './report-meta.ts';
import { reportLocations } from './report-scope.ts';
import { integer } from './rollup-window.ts';
import { LOCATION_COLUMNS, locationSums, type LocationSums } from './sales-rollups.ts';
import type { ReportRequest } from './sales-report.ts';

const TOP_PRODUCTS = 5;

/** Today and the same stretch a week ago, in the tenant's time zone, as instants. */
interface DashboardClock {
  /** Today's local date. */
  readonly today: string;
  /** Local midnight today. */
  readonly todayStart: Date;
  /** Local midnight tomorrow (every range is bounded on both sides, so a cached generic plan still reads by index). */
  readonly tomorrowStart: Date;
  /** Local midnight seven days ago. */
  readonly weekAgoStart: Date;
  /** This moment seven local days ago (the same time of day, even across a change of clocks). */
  readonly weekAgoNow: Date;
}

type Request = ReportRequest;
type Sql = { sql: string; params: unknown[] };

async function clock(request: Request, timezone: string): Promise<DashboardClock> {
  const [row] = await request.tx.query<{
    today: string;
    today_start: Date;
    tomorrow_start: Date;
    week_ago_start: Date;
    week_ago_now: Date;
  }>(
    `select to_char(local_now, 'YYYY-MM-DD') as today,
            local_now::date::timestamp at time zone $1 as today_start,
            (local_now::date + 1)::timestamp at time zone $1 as tomorrow_start,
            (local_now::date - 7)::timestamp at time zone $1 as week_ago_start,
            (local_now - interval '7 days') at time zone $1 as week_ago_now
       from (select now() at time zone $1 as local_now) local_clock`,
    [timezone],
  );
  return {
    today: row!.today,
    todayStart: row!.today_start,
    tomorrowStart: row!.tomorrow_start,
    weekAgoStart: row!.week_ago_start,
    weekAgoNow: row!.week_ago_now,
  };
}

/**
 * Today's figures per local hour, every hour from midnight to now (an hour with no sale is there
 * with zeros, so a chart has no gaps), from location_hours. An hour belongs to the local day it
 * starts in, as in the sales report; on the night clocks go back two UTC hours share one local hour.
 */
function todayByHour(tenantId: string, timezone: string, locationIds: readonly string[], since: Date, until: Date): Sql {
  return {
    sql: `with sums as materialized (
            select l.hour, ${LOCATION_COLUMNS.map((column) => `sum(l.${column}) as ${column}`).join(', ')} from reports.location_hours l
             where l.tenant_id = $1 and l.location_id = any($3::uuid[]) and l.hour >= $4 and l.hour < $5
             group by l.hour
          )
          select to_char(h at time zone $2, 'YYYY-MM-DD"T"HH24:MI') as hour,
                 ${LOCATION_COLUMNS.map((column) => `coalesce(sum(sums.${column}), 0)::text as ${column}`).join(', ')}
            from generate_series(date_trunc('hour', ($4::timestamptz + interval '59 minutes 59.999999 seconds') at time zone 'UTC') at time zone 'UTC',
                                 least(now(), $5::timestamptz - interval '1 microsecond'), interval '1 hour') h
            left join sums on sums.hour = h
           group by 1
           order by min(h)`,
    params: [tenantId, timezone, locationIds, since, until],
  };
}

/** Baskets and goods (by when they happened) in [since, until), from location_hours. */
async function figuresBetween(request: Request, locationIds: readonly string[], since: Date, until: Date): Promise<LocationSums> {
  const [row] = await request.tx.query<Record<string, unknown>>(
    `select ${LOCATION_COLUMNS.map((column) => `sum(${column})::text as ${column}`).join(', ')} from reports.location_hours
      where tenant_id = $1 and location_id = any($2::uuid[]) and hour >= $3 and hour < $4`,
    [request.tenantId, locationIds, since, until],
  );
  return locationSums(row ?? {});
}

async function topProducts(
  request: Request,
  locationIds: readonly string[],
  since: Date,
  until: Date,
): Promise<Array<{ variantId: string; quantity: number; net: number }>> {
  const rows = await request.tx.query<{ variant_id: string; quantity: string; net: string }>(
    `select variant_id, sum(quantity)::text as quantity, sum(net)::text as net
       from reports.variant_hours
      where tenant_id = $1 and location_id = any($2::uuid[]) and hour >= $3 and hour < $4
      group by variant_id
     having sum(quantity) > 0
      order by sum(net) desc, sum(quantity) desc, variant_id
      limit ${TOP_PRODUCTS}`,
    [request.tenantId, locationIds, since, until],
  );
  return rows.map((row) => ({ variantId: row.variant_id, quantity: integer(row.quantity), net: integer(row.net) }));
}

async function tenders(request: Request, locationIds: readonly string[], since: Date, until: Date): Promise<DashboardTender[]> {
  const rows = await request.tx.query<{ method: string; amount: string; count: string }>(
    `select method, sum(amount)::text as amount, sum(count)::text as count
       from reports.tender_hours
      where tenant_id = $1 and location_id = any($2::uuid[]) and hour >= $3 and hour < $4
      group by method
     having sum(count) > 0
      order by sum(amount) desc, method collate "C"`,
    [request.tenantId, locationIds, since, until],
  );
  return rows.map((row) => ({ method: row.method, amount: integer(row.amount), count: integer(row.count) }));
}

/** Sales that arrived today over an hour after they happened (offline tills catching up). */
async function lateArrivals(request: Request, locationIds: readonly string[], since: Date, until: Date): Promise<number> {
  const [row] = await request.tx.query<{ late: string | null }>(
    `select sum(late_sales)::text as late from reports.basket_hours
      where tenant_id = $1 and basis = 'arrived' and location_id = any($2::uuid[]) and hour >= $3 and hour < $4`,
    [request.tenantId, locationIds, since, until],
  );
  return integer(row?.late);
}

/** When the newest sale at these locations happened (by the till's clock: last_sales keeps it per variant). */
async function lastSaleAt(request: Request, locationIds: readonly string[]): Promise<string | null> {
  const [row] = await request.tx.query<{ last_sale_at: Date | null }>(
    `select max(newest.last_sale_at) as last_sale_at
       from unnest($2::uuid[]) as location(id)
       cross join lateral (select s.last_sale_at from reports.last_sales s
                            where s.tenant_id = $1 and s.location_id = location.id
                            order by s.last_sale_at desc limit 1) newest`,
    [request.tenantId, locationIds],
  );
  return row?.last_sale_at ? new Date(row.last_sale_at).toISOString() : null;
}

const run = async (request: Request, statement: Sql) => request.tx.query<Record<string, unknown>>(statement.sql, statement.params);

/**
 * GET /reports/dashboard: today so far (local day of the tenant) against the same stretch of the
 * same weekday a week ago, by hour, its best sellers, tenders and late arrivals. Rollups are
 * hourly, so "the same time last week" runs to the end of the hour this moment fell in a week ago.
 */
export async function dashboardReport(request: Request, query: { readonly locationId?: string | undefined }): Promise<DashboardReport> {
  const locations = await reportLocations(request, query.locationId);
  const locationIds = locations.map((location) => location.id);
  const tenant = await request.tx.directory.tenant();
  const now = await clock(request, tenant.timezone);
  const hourRows = await run(request, todayByHour(request.tenantId, tenant.timezone, locationIds, now.todayStart, now.tomorrowStart));
  const hours: DashboardHour[] = hourRows.map((row) => ({ hour: String(row.hour), net: integer(row.net), sales: integer(row.sales) }));
  const todayHours = hourRows.map(locationSums);
  const today: LocationSums = {
    baskets: addSums(
      NO_BASKETS,
      todayHours.map((sums) => sums.baskets),
    ),
    goods: addSums(
      NO_VARIANT_SALES,
      todayHours.map((sums) => sums.goods),
    ),
  };
  const weekAgo = await figuresBetween(request, locationIds, now.weekAgoStart, now.weekAgoNow);
  const best = await topProducts(request, locationIds, now.todayStart, now.tomorrowStart);
  const names = await variantNames(
    { tx: request.tx, services: request.services, currency: tenant.currency, locations },
    best.map((p) => p.variantId),
  );
  const top: DashboardTopProduct[] = best.map((product) => {
    const variant = names.get(product.variantId);
    return { ...product, label: variant ? variantLabel(variant) : product.variantId };
  });
  return {
    meta: await reportMeta(request, { from: now.today, to: now.today }, locations),
    today: basketMeasures(today.baskets, today.goods),
    sameTimeLastWeek: basketMeasures(weekAgo.baskets, weekAgo.goods),
    hours,
    topProducts: top,
    tenders: await tenders(request, locationIds, now.todayStart, now.tomorrowStart),
    lateArrivals: await lateArrivals(request, locationIds, now.todayStart, now.tomorrowStart),
    lastSaleAt: await lastSaleAt(request, locationIds),
  };
}
