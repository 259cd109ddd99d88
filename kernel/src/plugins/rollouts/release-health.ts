import type { Logger } from 'pino';
import type { Database, Sql } from '../../db/database.ts';

/** Handler runs and failures of one release over a time. */
export interface HealthCount {
  readonly runs: number;
  readonly failures: number;
}

/** The failure rate of a count, 0 when nothing ran. */
export const failureRate = (count: HealthCount): number => (count.runs === 0 ? 0 : count.failures / count.runs);

/**
 * Counts each plugin release's handler runs and failures (a throw or a time-out) in this process and
 * adds them every few seconds to `kernel.release_health`, one row per release per minute summed over
 * every kernel process: what a rollout compares a new release with its predecessor by (D-231).
 */
export class ReleaseHealth {
  readonly #db: Database;
  readonly #log: Logger;
  readonly #flushMs: number;
  #pending = new Map<string, { pluginId: string; version: string; runs: number; failures: number }>();
  #timer: NodeJS.Timeout | undefined;

  constructor(deps: { readonly db: Database; readonly log: Logger; readonly flushMs: number }) {
    this.#db = deps.db;
    this.#log = deps.log;
    this.#flushMs = deps.flushMs;
  }

  /** Runs a handler of a release, counting the run and whether it failed (threw or timed out). */
  async counted(pkg: { readonly id: string; readonly version: string }, run: Promise<void>): Promise<void> {
    try {
      await run;
      this.record(pkg.id, pkg.version, false);
    } catch (error) {
      this.record(pkg.id, pkg.version, true);
      throw error;
    }
  }

  record(pluginId: string, version: string, failed: boolean): void {
    const key = `${pluginId}@${version}`;
    let count = this.#pending.get(key);
    if (!count) this.#pending.set(key, (count = { pluginId, version, runs: 0, failures: 0 }));
    count.runs += 1;
    if (failed) count.failures += 1;
  }

  start(): void {
    this.#timer = setInterval(() => void this.flush(), this.#flushMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.flush();
  }

  /** Adds what was counted since the last flush; kept for the next one if the database is away. */
  async flush(): Promise<void> {
    if (this.#pending.size === 0) return;
    const counts = [...this.#pending.values()];
    this.#pending = new Map();
    try {
      await this.#db.query(
        `insert into kernel.release_health (plugin_id, version, minute, runs, failures)
         select plugin_id, version, date_trunc('minute', now()), runs, failures
           from unnest($1::text[], $2::text[], $3::bigint[], $4::bigint[]) as c(plugin_id, version, runs, failures)
         on conflict (plugin_id, version, minute) do update
           set runs = kernel.release_health.runs + excluded.runs, failures = kernel.release_health.failures + excluded.failures`,
        [counts.map((c) => c.pluginId), counts.map((c) => c.version), counts.map((c) => c.runs), counts.map((c) => c.failures)],
      );
    } catch (error) {
      for (const count of counts) {
        const key = `${count.pluginId}@${count.version}`;
        const later = this.#pending.get(key);
        this.#pending.set(key, later ? { ...count, runs: count.runs + later.runs, failures: count.failures + later.failures } : count);
      }
      this.#log.warn({ err: error }, 'recording release health failed; kept for the next flush');
    }
  }
}

/** Runs and failures of the given releases of a plugin since `since` (every kernel's, as flushed). */
export async function releaseHealthSince(sql: Sql, pluginId: string, versions: readonly string[], since: Date): Promise<HealthCount> {
  const [row] = await sql.query<{ runs: string | null; failures: string | null }>(
    `select sum(runs) as runs, sum(failures) as failures from kernel.release_health
      where plugin_id = $1 and version = any($2) and minute >= date_trunc('minute', $3::timestamptz)`,
    [pluginId, versions, since.toISOString()],
  );
  return { runs: Number(row?.runs ?? 0), failures: Number(row?.failures ?? 0) };
}
