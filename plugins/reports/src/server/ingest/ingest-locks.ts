import type { SqlRunner } from './sql.ts';

/**
 * Transaction-scoped PostgreSQL advisory locks of ingest (released at commit or rollback):
 * - the tenant's ingest lock: every live batch holds it shared; a rebuild takes it exclusively for
 *   the moments it must see every journaled event committed (its start, and each time it reads how
 *   far the journal goes), so live batches wait only then;
 * - one lock per sale or refund id, held by a live batch that applies either half of it (the sale,
 *   or its stock movements), so the second half applied sees the first (write-rollups.ts).
 */

const INGEST_KEY = `hashtextextended('reports:ingest:' || $1, 0)`;

/** Shared: live batches go on side by side, and wait while a rebuild holds the lock. */
export const holdIngestShared = (sql: SqlRunner): Promise<unknown> =>
  sql.query(`select pg_advisory_xact_lock_shared(${INGEST_KEY}) is null as held`, [sql.tenantId]);

/** Exclusive: waits for the live batches under way to commit, and holds new ones back until commit. */
export const holdIngestExclusive = (sql: SqlRunner): Promise<unknown> =>
  sql.query(`select pg_advisory_xact_lock(${INGEST_KEY}) is null as held`, [sql.tenantId]);

/** The pairing locks of these sale and refund ids, taken in one order so batches cannot deadlock on them. */
export const holdPairingLocks = (sql: SqlRunner, ids: readonly string[]): Promise<unknown> =>
  sql.query(
    `select count(pg_advisory_xact_lock(k)) as held
       from (select distinct hashtextextended('reports:cost:' || $1 || ':' || id, 0) as k from unnest($2::text[]) as id order by k) as keys`,
    [sql.tenantId, ids],
  );
