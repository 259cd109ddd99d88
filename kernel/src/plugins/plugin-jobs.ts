import type { Coordination } from '../coordination/coordination.ts';
import type { Database } from '../db/database.ts';
import { withTimeLimit } from '../time-limit.ts';
import type { LoadedPlugin } from './loaded-plugin.ts';
import type { PluginHost } from './plugin-host.ts';
import { openSettings, type SettingsCipher } from './plugin-settings.ts';
import { systemActor } from './tenant-transaction.ts';

export interface PluginJobsDeps {
  readonly db: Database;
  readonly coordination: Coordination;
  readonly settingsCipher: SettingsCipher;
  readonly config: { readonly handlerTimeoutMs: number };
}

/** The plugins' jobs (`jobs.every`): a timer per job of each loaded version, each run once across processes per tenant. */
export class PluginJobs {
  readonly #deps: PluginJobsDeps;
  readonly #host: Pick<PluginHost, 'installsOf' | 'loadEnabled' | 'handlerContext'>;
  /** Each loaded version's job timers, so one version can be unloaded (a yanked release) without the rest. */
  readonly #timers = new Map<LoadedPlugin, Set<NodeJS.Timeout>>();
  /** Runs under way, waited for at stop so none reaches a closed database. */
  readonly #running = new Set<Promise<void>>();
  #stopped = false;

  constructor(deps: PluginJobsDeps, host: Pick<PluginHost, 'installsOf' | 'loadEnabled' | 'handlerContext'>) {
    this.#deps = deps;
    this.#host = host;
  }

  /** No job starts again; a run under way finishes the tenant it is on (within its time limit), then stops. */
  async stop(): Promise<void> {
    this.#stopped = true;
    for (const loaded of [...this.#timers.keys()]) this.unschedule(loaded);
    await Promise.allSettled([...this.#running]);
  }

  /** Stops the jobs of one plugin version (it is being unloaded). */
  unschedule(loaded: LoadedPlugin): void {
    for (const timer of this.#timers.get(loaded) ?? []) clearInterval(timer);
    this.#timers.delete(loaded);
  }

  /** Runs a job of one plugin version for each tenant on that version, once across processes. */
  schedule(loaded: LoadedPlugin, name: string): void {
    const job = loaded.jobs.find((j) => j.name === name)!;
    const timer = setInterval(() => {
      if (this.#stopped) return;
      const run = this.#run(loaded, job).catch((error: unknown) => loaded.log.error({ err: error, job: name }, 'job run failed'));
      this.#running.add(run);
      void run.finally(() => this.#running.delete(run));
    }, job.intervalMs);
    timer.unref();
    let timers = this.#timers.get(loaded);
    if (!timers) this.#timers.set(loaded, (timers = new Set()));
    timers.add(timer);
  }

  async #run(loaded: LoadedPlugin, job: LoadedPlugin['jobs'][number]): Promise<void> {
    const tenants = await this.#deps.db.query<{ tenant_id: string; settings: Record<string, unknown> }>(
      'select tenant_id, settings from kernel.plugin_installs where plugin_id = $1 and resolved_version = $2 and enabled',
      [loaded.pkg.id, loaded.pkg.version],
    );
    const timeLimitMs = job.timeLimitMs ?? this.#deps.config.handlerTimeoutMs;
    // The lock outlasts the run it guards, so a long run is not started again beside itself.
    const lockMs = Math.max(job.intervalMs, timeLimitMs + 1_000);
    for (const { tenant_id: tenantId, settings } of tenants) {
      if (this.#stopped) return;
      await this.#deps.coordination.locks.tryWithLock(`job:${loaded.pkg.id}:${job.name}:${tenantId}`, lockMs, async () => {
        const installs = await this.#host.installsOf(tenantId);
        await this.#host.loadEnabled(installs);
        await this.#deps.db.transaction({ tenantId }, async (tx) => {
          const actor = systemActor(tenantId, loaded.pkg.id);
          // Not logged here: a secret that cannot be opened is logged where installs are read, not on every tick.
          const { settings: opened } = openSettings(this.#deps.settingsCipher, tenantId, loaded.pkg.id, settings);
          await withTimeLimit(
            job.handler({ ...this.#host.handlerContext(tx, actor, loaded, opened, installs), now: new Date() }),
            timeLimitMs,
            `${loaded.pkg.id} job ${job.name}`,
          );
        });
      });
    }
  }
}
