import { DomainError } from '@kits/plugin-sdk';
import type { Logger } from 'pino';
import { ANY_ROLE, openDatabase, type Database, type Transaction } from './database.ts';
import { isDatabaseUnavailable } from './database-errors.ts';

/**
 * The reporting database's pool: small (reports are few and long next to the tills' sales), every
 * transaction read-only, and a connection that cannot be had within 3 s counts as the replica
 * being away rather than holding a report until the handler's time limit.
 */
const REPORTING_POOL = { maxConnections: 5, readOnlySessions: true, connectTimeoutMs: 3_000 } as const;

/**
 * Opens REPORTING_DATABASE_URL: a read replica of the primary, reached with the same database roles
 * (physical replication copies them), so its tenant transactions are scoped exactly like the
 * primary's (row-level security on `kits.tenant_id`, the plugin's own role). Nothing connects until
 * the first report: a replica that is away does not keep the kernel from starting.
 */
export function openReportingDatabase(url: string, log: Logger): Promise<Database> {
  return openDatabase({ databaseUrl: url, dataDir: 'memory://' }, [], log.child({ database: 'reporting' }), REPORTING_POOL);
}

/** The replica's lag in seconds as replicaLagSeconds explains it (also the kernel's replication lag gauge). */
export const REPLICA_LAG_SQL = `select case
         when not pg_is_in_recovery() then null
         when pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() then 0
         else greatest(0, extract(epoch from clock_timestamp() - pg_last_xact_replay_timestamp()))
       end::float8 as lag`;

/**
 * How far behind the primary the replica's data is, in seconds (to the millisecond), read in the
 * transaction that read the data: 0 when it has replayed all the WAL it received (an idle primary
 * sends nothing, and that is not lag); otherwise the time since the primary committed the last
 * transaction it replayed. Null when it cannot say: nothing replayed since it started, or the
 * server is not in recovery (a promoted replica no longer follows the primary).
 */
export async function replicaLagSeconds(tx: Transaction): Promise<number | null> {
  const [row] = await tx.queryAs<{ lag: string | null }>(ANY_ROLE, REPLICA_LAG_SQL);
  return row?.lag === null || row?.lag === undefined ? null : Math.round(Number(row.lag) * 1000) / 1000;
}

/**
 * What a route reading from the reporting database answers when the replica cannot be reached:
 * 503 naming it. Reports wait for the replica rather than moving their load onto the primary,
 * which serves the tills; everything else goes on as usual.
 */
export function reportingUnavailable(error: unknown): DomainError | undefined {
  if (!isDatabaseUnavailable(error)) return undefined;
  return new DomainError(
    'reporting.unavailable',
    503,
    'The reporting database (a read replica) cannot be reached just now, so reports cannot be read; sales and the rest of the API are not affected. Try again in a few seconds.',
    { retryAfterSeconds: 5 },
  );
}
