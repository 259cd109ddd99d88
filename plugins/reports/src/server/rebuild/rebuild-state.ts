import type { SqlRunner } from '../ingest/sql.ts';

/** The tenant's last rebuild, as `reports.rebuilds` keeps it (one row per tenant). */
export interface RebuildState {
  readonly rebuildId: string;
  readonly status: 'running' | 'finished';
  /** clearing: deleting the facts and rollups; replaying: applying the journal; done. */
  readonly phase: 'clearing' | 'replaying' | 'done';
  readonly requestedBy: string;
  readonly startedAt: string;
  readonly updatedAt: string;
  readonly finishedAt: string | null;
  /** Journal entries up to this seq were committed when it was read: replayed without gaps. */
  readonly horizonSeq: number;
  /** The last journal entry applied. */
  readonly appliedSeq: number;
  /** Journal entries there were to replay when it started. */
  readonly eventsTotal: number;
  /** Entries applied so far (those journaled while it ran included). */
  readonly eventsApplied: number;
}

interface RebuildRow {
  rebuild_id: string;
  status: RebuildState['status'];
  phase: RebuildState['phase'];
  requested_by: string;
  started_at: Date | string;
  updated_at: Date | string;
  finished_at: Date | string | null;
  horizon_seq: string | number;
  applied_seq: string | number;
  events_total: string | number;
  events_applied: string | number;
}

const COLUMNS =
  'rebuild_id, status, phase, requested_by, started_at, updated_at, finished_at, horizon_seq, applied_seq, events_total, events_applied';

const iso = (value: Date | string) => new Date(value).toISOString();

const stateOf = (row: RebuildRow): RebuildState => ({
  rebuildId: row.rebuild_id,
  status: row.status,
  phase: row.phase,
  requestedBy: row.requested_by,
  startedAt: iso(row.started_at),
  updatedAt: iso(row.updated_at),
  finishedAt: row.finished_at === null ? null : iso(row.finished_at),
  horizonSeq: Number(row.horizon_seq),
  appliedSeq: Number(row.applied_seq),
  eventsTotal: Number(row.events_total),
  eventsApplied: Number(row.events_applied),
});

/** The tenant's last rebuild; `lock` holds its row until commit (a step, or a new rebuild starting). */
export async function readRebuild(sql: SqlRunner, { lock = false } = {}): Promise<RebuildState | undefined> {
  const [row] = await sql.query<RebuildRow>(`select ${COLUMNS} from reports.rebuilds where tenant_id = $1${lock ? ' for update' : ''}`, [
    sql.tenantId,
  ]);
  return row ? stateOf(row) : undefined;
}

/** Records a rebuild starting now, replacing the tenant's last one. */
export async function startRebuildRow(
  sql: SqlRunner,
  start: { rebuildId: string; requestedBy: string; horizonSeq: number; eventsTotal: number },
): Promise<RebuildState> {
  const [row] = await sql.query<RebuildRow>(
    `insert into reports.rebuilds (tenant_id, rebuild_id, status, phase, requested_by, started_at, updated_at, horizon_seq, applied_seq,
                                   events_total, events_applied)
     values ($1, $2, 'running', 'clearing', $3, now(), now(), $4, 0, $5, 0)
     on conflict (tenant_id) do update set
       rebuild_id = excluded.rebuild_id, status = 'running', phase = 'clearing', requested_by = excluded.requested_by,
       started_at = now(), updated_at = now(), finished_at = null, horizon_seq = excluded.horizon_seq, applied_seq = 0,
       events_total = excluded.events_total, events_applied = 0
     returning ${COLUMNS}`,
    [sql.tenantId, start.rebuildId, start.requestedBy, start.horizonSeq, start.eventsTotal],
  );
  return stateOf(row!);
}

/** Records a step's progress; `finished` ends the rebuild (the live path applies again from its commit). */
export async function saveRebuildProgress(
  sql: SqlRunner,
  progress: { phase: RebuildState['phase']; horizonSeq: number; appliedSeq: number; eventsApplied: number; finished: boolean },
): Promise<RebuildState> {
  const [row] = await sql.query<RebuildRow>(
    `update reports.rebuilds set phase = $2, horizon_seq = $3, applied_seq = $4, events_applied = $5, updated_at = clock_timestamp(),
            status = case when $6::boolean then 'finished' else 'running' end,
            finished_at = case when $6::boolean then clock_timestamp() end
      where tenant_id = $1
     returning ${COLUMNS}`,
    [sql.tenantId, progress.phase, progress.horizonSeq, progress.appliedSeq, progress.eventsApplied, progress.finished],
  );
  return stateOf(row!);
}
