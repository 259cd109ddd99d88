import type { Kernel, PluginPackage } from '@kits/kernel';
import type pg from 'pg';
import type { StatementCounter } from './statement-counter.ts';

/** What the kernel asked of the database while nobody did anything, over one window. */
export interface IdleWindow {
  readonly seconds: number;
  readonly shops: number;
  readonly statements: number;
  readonly transactions: number;
  /** Transactions committed in the database (pg_stat_database), as PostgreSQL counts them. */
  readonly commits: number;
  readonly byVerb: Readonly<Record<string, number>>;
  /** Connections open at the end of the window, and the most open at once since the kernel started. */
  readonly connectionsOpen: number;
  readonly mostConnectionsOpen: number;
}

/** One plugin job as the kernel runs it: for each tenant with the plugin enabled, every `intervalMs`. */
export interface ScheduledJob {
  readonly plugin: string;
  readonly job: string;
  readonly intervalMs: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function commits(client: pg.Client): Promise<number> {
  const { rows } = await client.query<{ n: string }>(
    'select xact_commit + xact_rollback as n from pg_stat_database where datname = current_database()',
  );
  return Number(rows[0]!.n);
}

/**
 * Counts, over `seconds` of nobody selling, the statements the kernel sends (through the counter)
 * and the transactions PostgreSQL counts (`client`, a connection of the bench's own outside the
 * counter; its own two reads are taken off). PostgreSQL's counters are flushed by each backend
 * at most once a second, so the window's edges blur by about that.
 */
export async function watchIdle(counter: StatementCounter, client: pg.Client, shops: number, seconds: number): Promise<IdleWindow> {
  const before = counter.counts();
  const committedBefore = await commits(client);
  await sleep(seconds * 1000);
  const after = counter.counts();
  const committedAfter = await commits(client);
  const byVerb: Record<string, number> = {};
  for (const [verb, n] of Object.entries(after.byVerb)) {
    const grown = n - (before.byVerb[verb] ?? 0);
    if (grown > 0) byVerb[verb] = grown;
  }
  return {
    seconds,
    shops,
    statements: after.statements - before.statements,
    transactions: after.transactions - before.transactions,
    commits: committedAfter - committedBefore - 1,
    byVerb,
    connectionsOpen: after.connectionsOpen,
    mostConnectionsOpen: after.mostConnectionsOpen,
  };
}

/** The jobs of the plugin versions this kernel has loaded (`jobs.every`), with their intervals. */
export async function scheduledJobs(kernel: Kernel, packages: readonly PluginPackage[]): Promise<ScheduledJob[]> {
  const loaded = new Set(kernel.plugins.loadedVersions());
  const jobs: ScheduledJob[] = [];
  for (const pkg of packages) {
    // Only versions loaded already: load() of one not loaded would load it and start its jobs.
    if (!loaded.has(`${pkg.id}@${pkg.version}`)) continue;
    for (const job of (await kernel.plugins.load(pkg)).jobs) jobs.push({ plugin: pkg.id, job: job.name, intervalMs: job.intervalMs });
  }
  return jobs.sort((a, b) => a.intervalMs - b.intervalMs || a.plugin.localeCompare(b.plugin));
}
