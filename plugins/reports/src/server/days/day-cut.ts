import type { SqlRunner } from '../ingest/sql.ts';

/** How a tenant's hours are cut into days, as reports.day_zones keeps it (migrations/0002_local_day_rollups.sql). */
export interface DayCut {
  /** The IANA zone the days are (being) cut in. */
  readonly timezone: string;
  readonly state: 'clearing' | 'filling' | 'ready';
  /** Filling: every hour before this (ISO, or `-infinity` before the first step) is in the days. */
  readonly fillHour: string | null;
  /** Filling: how many hours the next step copies. */
  readonly fillSpanHours: number | null;
  readonly startedAt: string;
  readonly readyAt: string | null;
}

interface DayCutRow {
  timezone: string;
  state: DayCut['state'];
  fill_hour: string | null;
  fill_span_hours: number | null;
  started_at: string;
  ready_at: string | null;
}

// Times travel as ISO text: '-infinity' is a timestamptz that neither driver turns into a Date.
const iso = (column: string) =>
  `case when isfinite(${column}) then to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') else ${column}::text end as ${column}`;
const COLUMNS = `timezone, state, ${iso('fill_hour')}, fill_span_hours, ${iso('started_at')}, ${iso('ready_at')}`;

const cutOf = (row: DayCutRow): DayCut => ({
  timezone: row.timezone,
  state: row.state,
  fillHour: row.fill_hour === null ? null : row.fill_hour,
  fillSpanHours: row.fill_span_hours,
  startedAt: row.started_at,
  readyAt: row.ready_at === null ? null : row.ready_at,
});

/** The tenant's cut, if the days were ever cut; `lock` holds its row until commit. */
export async function readDayCut(sql: SqlRunner, { lock = false } = {}): Promise<DayCut | undefined> {
  const [row] = await sql.query<DayCutRow>(`select ${COLUMNS} from reports.day_zones where tenant_id = $1${lock ? ' for update' : ''}`, [
    sql.tenantId,
  ]);
  return row ? cutOf(row) : undefined;
}

/** Starts cutting the tenant's days in `timezone` from the beginning: the days cut so far are deleted first. */
export async function startDayCut(sql: SqlRunner, timezone: string): Promise<DayCut> {
  const [row] = await sql.query<DayCutRow>(
    `insert into reports.day_zones (tenant_id, timezone, state, started_at, updated_at)
     values ($1, $2, 'clearing', now(), now())
     on conflict (tenant_id) do update set timezone = excluded.timezone, state = 'clearing', fill_hour = null, fill_span_hours = null,
       started_at = now(), updated_at = now(), ready_at = null
     returning ${COLUMNS}`,
    [sql.tenantId, timezone],
  );
  return cutOf(row!);
}

/** Records how far the cut got: filling up to `fillHour`, or ready. */
export async function saveDayCut(
  sql: SqlRunner,
  progress:
    | { readonly state: 'clearing' }
    | { readonly state: 'filling'; readonly fillHour: string; readonly fillSpanHours: number }
    | { readonly state: 'ready' },
): Promise<DayCut> {
  const filling = progress.state === 'filling' ? progress : null;
  const [row] = await sql.query<DayCutRow>(
    `update reports.day_zones set state = $2, fill_hour = $3::timestamptz, fill_span_hours = $4, updated_at = clock_timestamp(),
            ready_at = case when $2 = 'ready' then clock_timestamp() end
      where tenant_id = $1
     returning ${COLUMNS}`,
    [sql.tenantId, progress.state, filling?.fillHour ?? null, filling?.fillSpanHours ?? null],
  );
  return cutOf(row!);
}

/**
 * Whether a report may read the day rollups: the tenant's days are cut, in `timezone` (the
 * tenant's zone as the report's transaction sees it). Otherwise it reads hours — a zone changed
 * since the days were cut never shows days of the old one.
 */
export async function daysAreCutIn(sql: SqlRunner, timezone: string): Promise<boolean> {
  const [row] = await sql.query<{ ready: boolean }>(
    `select exists (select 1 from reports.day_zones where tenant_id = $1 and state = 'ready' and timezone = $2) as ready`,
    [sql.tenantId, timezone],
  );
  return row?.ready === true;
}
