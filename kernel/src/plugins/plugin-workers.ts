import type { Database } from '../db/database.ts';
import { withTimeLimit } from '../time-limit.ts';
import type { LoadedPlugin, PluginWorker } from './loaded-plugin.ts';
import type { PluginHost } from './plugin-host.ts';
import { openSettings, type SettingsCipher } from './plugin-settings.ts';
import { systemActor } from './tenant-transaction.ts';

export interface PluginWorkersDeps {
  readonly db: Database;
  readonly settingsCipher: SettingsCipher;
  readonly config: { readonly handlerTimeoutMs: number };
}

/** How long a worker that returned or threw waits before it is started again. */
const RESTART_MS = 1_000;

/**
 * The plugins' background workers (`workers.run`): each runs in every kernel process for as long as
 * its plugin version is loaded, outside any transaction, and reaches tenants through short ones.
 */
export class PluginWorkers {
  readonly #deps: PluginWorkersDeps;
  readonly #host: Pick<PluginHost, 'installsOf' | 'loadEnabled' | 'handlerContext'>;
  readonly #stop = new AbortController();
  readonly #running = new Set<Promise<void>>();
  /** Each loaded version's own stop signal and loops, so one version can be unloaded (a yanked release) without the rest. */
  readonly #versions = new Map<LoadedPlugin, { readonly stop: AbortController; readonly running: Set<Promise<void>> }>();

  constructor(deps: PluginWorkersDeps, host: Pick<PluginHost, 'installsOf' | 'loadEnabled' | 'handlerContext'>) {
    this.#deps = deps;
    this.#host = host;
  }

  /** Aborts every worker's signal and waits (a few seconds at most) for them to return. */
  async stop(): Promise<void> {
    this.#stop.abort();
    await Promise.race([Promise.allSettled([...this.#running]), new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
  }

  /** Aborts the workers of one plugin version (it is being unloaded) and waits, a few seconds at most, for them to return. */
  async stopVersion(loaded: LoadedPlugin): Promise<void> {
    const version = this.#versions.get(loaded);
    if (!version) return;
    this.#versions.delete(loaded);
    version.stop.abort();
    await Promise.race([Promise.allSettled([...version.running]), new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
  }

  start(loaded: LoadedPlugin, worker: PluginWorker): void {
    if (this.#stop.signal.aborted) return;
    let version = this.#versions.get(loaded);
    if (!version) this.#versions.set(loaded, (version = { stop: new AbortController(), running: new Set() }));
    const loop = this.#loop(loaded, worker, AbortSignal.any([this.#stop.signal, version.stop.signal]));
    this.#running.add(loop);
    version.running.add(loop);
    void loop.finally(() => {
      this.#running.delete(loop);
      version.running.delete(loop);
    });
  }

  async #loop(loaded: LoadedPlugin, worker: PluginWorker, signal: AbortSignal): Promise<void> {
    const { db, settingsCipher, config } = this.#deps;
    const pluginId = loaded.pkg.id;
    const context = {
      signal,
      log: loaded.log,
      tenants: async () => {
        const rows = await db.query<{ tenant_id: string; settings: Record<string, unknown> }>(
          'select tenant_id, settings from kernel.plugin_installs where plugin_id = $1 and resolved_version = $2 and enabled',
          [pluginId, loaded.pkg.version],
        );
        return rows.map((row) => ({
          tenantId: row.tenant_id,
          settings: openSettings(settingsCipher, row.tenant_id, pluginId, row.settings).settings,
        }));
      },
      inTenant: async <T>(tenantId: string, work: (c: ReturnType<PluginHost['handlerContext']>) => Promise<T>): Promise<T> => {
        const installs = await this.#host.installsOf(tenantId);
        const install = installs.get(pluginId);
        if (!install?.enabled || install.version !== loaded.pkg.version)
          throw new Error(`${pluginId}@${loaded.pkg.version} is not enabled for tenant ${tenantId}`);
        await this.#host.loadEnabled(installs);
        return db.transaction({ tenantId }, (tx) =>
          withTimeLimit(
            work(this.#host.handlerContext(tx, systemActor(tenantId, pluginId), loaded, install.settings, installs)),
            config.handlerTimeoutMs,
            `${pluginId} worker ${worker.name}`,
          ),
        );
      },
    };
    while (!signal.aborted) {
      try {
        await worker.run(context);
      } catch (error) {
        if (!signal.aborted) loaded.log.error({ err: error, worker: worker.name }, 'worker failed; starting it again');
      }
      if (signal.aborted) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, RESTART_MS);
        timer.unref();
        signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
      });
    }
  }
}
