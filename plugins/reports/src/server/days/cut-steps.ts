import type { SqlRunner } from '../ingest/sql.ts';
import { addToDays, DAY_ROLLUPS, DAY_TABLES, type DayRollup } from './day-rollups.ts';
import { readDayCut, saveDayCut, startDayCut, type DayCut } from './day-cut.ts';

/**
 * Cutting a tenant's hours into days in its zone, a step at a time, each step short enough to
 * hold the tenant's exclusive ingest lock (the caller takes it: no live batch writes meanwhile, so
 * what a step reads of the hours is all there is):
 *   - a new zone (the first cut, or the tenant's zone changed): record it, state `clearing`;
 *   - clearing: delete up to `clearRows` rows of each day table, until none is left;
 *   - filling: copy the hour rows in [the first hour at or after fill_hour, + fill_span_hours) into
 *     the days and move fill_hour past them (the ingest adds to days every hour before fill_hour);
 *     the span doubles while steps copy little and halves when one copies too much;
 *   - when no hour is left at or after fill_hour: ready.
 */

export interface CutStepOptions {
  /** Rows deleted per day table per step while clearing. */
  readonly clearRows: number;
  /** About how many day rows a filling step should write (its span of hours is fitted to it). */
  readonly targetRows: number;
}

export const CUT_STEP: CutStepOptions = { clearRows: 20_000, targetRows: 20_000 };

const FIRST_SPAN_HOURS = 24;
const MOST_SPAN_HOURS = 366 * 24;

/** Hour tables keyed by location first: an hour range is read per location through their (tenant_id, location_id, hour…) indexes. */
const BY_LOCATION = new Set(['location_hours', 'variant_hours', 'category_hours']);

/** Every location that has rows in the location-keyed hour tables (a skip scan of each table's index on location_id). */
async function locationsWithHours(sql: SqlRunner): Promise<string[]> {
  const skipScan = (table: string) => `(with recursive found as (
        (select location_id from reports.${table} where tenant_id = $1 order by location_id limit 1)
        union all
        select (select t.location_id from reports.${table} t where t.tenant_id = $1 and t.location_id > found.location_id
                 order by t.location_id limit 1)
          from found where found.location_id is not null)
      select location_id from found where location_id is not null)`;
  const rows = await sql.query<{ location_id: string }>(`${[...BY_LOCATION].map(skipScan).join(' union ')} order by location_id`, [
    sql.tenantId,
  ]);
  return rows.map((row) => row.location_id);
}

/** The first hour at or after `from` in any hour table (null: none). */
async function firstHourFrom(sql: SqlRunner, from: string, locations: readonly string[]): Promise<string | null> {
  const perLocation = (table: string) =>
    `(select min(first.hour) from unnest($3::uuid[]) as l(id)
        cross join lateral (select min(hour) as hour from reports.${table}
                             where tenant_id = $1 and location_id = l.id and hour >= $2::timestamptz) first)`;
  const [row] = await sql.query<{ hour: string | null }>(
    `select to_char(least(${[...BY_LOCATION].map(perLocation).join(', ')},
                          (select min(hour) from reports.basket_hours where tenant_id = $1 and basis = 'happened' and hour >= $2::timestamptz),
                          (select min(hour) from reports.basket_hours where tenant_id = $1 and basis = 'arrived' and hour >= $2::timestamptz),
                          (select min(hour) from reports.tender_hours where tenant_id = $1 and hour >= $2::timestamptz))
                    at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as hour`,
    [sql.tenantId, from, locations],
  );
  return row?.hour ?? null;
}

/** Copies the hour rows of [from, until) into `rollup`'s days, cut in `timezone`; answers how many day rows it wrote. */
async function copyHours(
  sql: SqlRunner,
  rollup: DayRollup,
  timezone: string,
  span: { readonly from: string; readonly until: string; readonly locations: readonly string[] },
): Promise<number> {
  const where = BY_LOCATION.has(rollup.hours)
    ? 'r.location_id = any($5::uuid[])'
    : rollup.hours === 'basket_hours'
      ? `r.basis = any('{happened,arrived}'::text[])`
      : 'true';
  const [row] = await sql.query<{ n: number }>(
    `with written as (
       ${addToDays(rollup, {
         from: `reports.${rollup.hours} r where r.tenant_id = $1 and ${where} and r.hour >= $3::timestamptz and r.hour < $4::timestamptz`,
         timezone: '$2::text',
       })}
       returning 1)
     select count(*)::int as n from written`,
    [sql.tenantId, timezone, span.from, span.until, ...(BY_LOCATION.has(rollup.hours) ? [span.locations] : [])],
  );
  return row?.n ?? 0;
}

/** Deletes up to `rows` rows of each day table; answers whether any may hold more. */
async function clearChunk(sql: SqlRunner, rows: number): Promise<boolean> {
  const deleted = await Promise.all(
    DAY_TABLES.map((table) =>
      sql.query<{ n: number }>(
        `with gone as (delete from reports.${table} where ctid in (select ctid from reports.${table} where tenant_id = $1 limit $2) returning 1)
         select count(*)::int as n from gone`,
        [sql.tenantId, rows],
      ),
    ),
  );
  return deleted.some(([row]) => row!.n === rows);
}

const addHours = (iso: string, hours: number): string => new Date(Date.parse(iso) + hours * 3_600_000).toISOString();

/** The next step's span: twice as long after a step that wrote under half the target, half after one that wrote over twice it. */
function nextSpan(hours: number, written: number, target: number): number {
  if (written < target / 2) return Math.min(hours * 2, MOST_SPAN_HOURS);
  if (written > target * 2) return Math.max(Math.floor(hours / 2), 1);
  return hours;
}

/**
 * One step of cutting the tenant's days in `timezone`, its zone now. The caller holds the tenant's
 * exclusive ingest lock and has checked no rebuild is running (a rebuild replays the days itself).
 */
export async function cutDaysStep(sql: SqlRunner, timezone: string, options: CutStepOptions = CUT_STEP): Promise<DayCut> {
  const cut = await readDayCut(sql, { lock: true });
  if (!cut || cut.timezone !== timezone) return startDayCut(sql, timezone);
  if (cut.state === 'ready') return cut;
  if (cut.state === 'clearing') {
    if (await clearChunk(sql, options.clearRows)) return saveDayCut(sql, { state: 'clearing' });
    return saveDayCut(sql, { state: 'filling', fillHour: '-infinity', fillSpanHours: FIRST_SPAN_HOURS });
  }
  const locations = await locationsWithHours(sql);
  const from = await firstHourFrom(sql, cut.fillHour!, locations);
  if (from === null) return saveDayCut(sql, { state: 'ready' });
  const spanHours = cut.fillSpanHours!;
  const until = addHours(from, spanHours);
  let written = 0;
  for (const rollup of DAY_ROLLUPS) written += await copyHours(sql, rollup, timezone, { from, until, locations });
  return saveDayCut(sql, { state: 'filling', fillHour: until, fillSpanHours: nextSpan(spanHours, written, options.targetRows) });
}
