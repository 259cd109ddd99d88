import type { EventEnvelope } from '@kits/plugin-sdk';
import type { SqlRunner } from './sql.ts';

/** One event as reports journaled it: the unit the live path and a rebuild apply. */
export interface JournalEntry {
  readonly seq: number;
  readonly eventId: string;
  readonly type: string;
  readonly version: number;
  /** The envelope's time: when the publishing plugin published it (a payload's own times come first). */
  readonly occurredAt: string;
  readonly payload: unknown;
}

interface JournalRow {
  seq: string | number;
  event_id: string;
  type: string;
  version: number;
  occurred_at: Date | string;
  payload: unknown;
}

const entryOf = (row: JournalRow): JournalEntry => ({
  seq: Number(row.seq),
  eventId: row.event_id,
  type: row.type,
  version: row.version,
  occurredAt: new Date(row.occurred_at).toISOString(),
  payload: row.payload,
});

/**
 * Journals events (the tenant's, in the order given) and answers those that were new — an event
 * journaled before is left out: it was applied already — and whether a rebuild is running, in which
 * case the rebuild applies them and the caller must not. One statement.
 */
export async function journalEvents(
  sql: SqlRunner,
  events: readonly EventEnvelope[],
): Promise<{ readonly added: readonly JournalEntry[]; readonly rebuilding: boolean }> {
  if (events.length === 0) return { added: [], rebuilding: false };
  const rows = await sql.query<{ seq: string; event_id: string; rebuilding: boolean }>(
    `with input as (
       select * from unnest($2::uuid[], $3::text[], $4::int[], $5::timestamptz[], $6::text[]) with ordinality
         as e(event_id, type, version, occurred_at, payload, ord)),
     added as (
       insert into reports.journal (tenant_id, event_id, type, version, occurred_at, payload)
       select $1, event_id, type, version, occurred_at, payload::jsonb from input order by ord
       on conflict (tenant_id, event_id) do nothing
       returning seq, event_id)
     select added.seq::text as seq, added.event_id,
            exists (select 1 from reports.rebuilds r where r.tenant_id = $1 and r.status = 'running') as rebuilding
       from added`,
    [
      sql.tenantId,
      events.map((e) => e.id),
      events.map((e) => e.type),
      events.map((e) => e.version),
      events.map((e) => e.occurredAt),
      events.map((e) => JSON.stringify(e.payload ?? null)),
    ],
  );
  const seqOf = new Map(rows.map((row) => [row.event_id, Number(row.seq)]));
  const added = events
    .filter((e) => seqOf.has(e.id))
    .map((e) => ({ seq: seqOf.get(e.id)!, eventId: e.id, type: e.type, version: e.version, occurredAt: e.occurredAt, payload: e.payload }))
    .sort((a, b) => a.seq - b.seq);
  return { added, rebuilding: rows[0]?.rebuilding ?? false };
}

/** Journal entries with `afterSeq < seq ≤ throughSeq`, in seq order, at most `limit`. */
export async function readJournal(sql: SqlRunner, afterSeq: number, throughSeq: number, limit: number): Promise<JournalEntry[]> {
  const rows = await sql.query<JournalRow>(
    `select j.seq::text as seq, j.event_id, j.type, j.version, j.occurred_at, j.payload from reports.journal j
      where j.tenant_id = $1 and j.seq > $2 and j.seq <= $3 order by j.seq limit $4`,
    [sql.tenantId, afterSeq, throughSeq, limit],
  );
  return rows.map(entryOf);
}

/** The newest journal seq of the tenant (0 when the journal is empty). */
export async function lastJournalSeq(sql: SqlRunner): Promise<number> {
  const [row] = await sql.query<{ seq: string | null }>('select max(seq)::text as seq from reports.journal where tenant_id = $1', [
    sql.tenantId,
  ]);
  return Number(row?.seq ?? 0);
}
