import { DomainError, type Actor } from '@kits/plugin-sdk';
import type { Logger } from 'pino';
import type { Coordination } from '../coordination/coordination.ts';
import type { Database } from '../db/database.ts';
import type { PluginHost } from './plugin-host.ts';
import type { RegistryClient } from './registry-client.ts';
import { leaveInstallNotice } from './install-notices.ts';
import { systemActor } from './tenant-transaction.ts';

/** Pub/sub channel on which the kernel that first sees a yank tells the others (`id@version`). */
export const PLUGINS_YANKED_CHANNEL = 'kits:plugins:yanked';

export interface YankedReleasesDeps {
  readonly db: Database;
  readonly coordination: Coordination;
  readonly registry: Pick<RegistryClient, 'plugin' | 'release'>;
  readonly host: Pick<PluginHost, 'loadedVersions' | 'unloadYanked' | 'enable' | 'disable' | 'installsOf'>;
  readonly log: Logger;
  readonly intervalMs: number;
}

interface RunningRelease {
  readonly pluginId: string;
  readonly version: string;
}

/**
 * A release its publisher (or the operator) yanked stops running everywhere within seconds (D-230):
 * each kernel asks its registry every few seconds about the releases it has loaded or some tenant
 * runs, unloads a yanked one at once and tells the other kernels; one kernel (a lock) then moves
 * each tenant on it to the newest release its range still allows, or disables the plugin — and
 * leaves the shop a notice saying which and why.
 */
export class YankedReleases {
  readonly #deps: YankedReleasesDeps;
  /** Releases this process has handled: unloaded here, and their tenants moved by some kernel. */
  readonly #handled = new Set<string>();
  #timer: NodeJS.Timeout | undefined;
  #checking: Promise<void> | undefined;
  #unsubscribe: (() => Promise<void>) | undefined;

  constructor(deps: YankedReleasesDeps) {
    this.#deps = deps;
  }

  async start(): Promise<void> {
    this.#unsubscribe = await this.#deps.coordination.pubsub.subscribe(PLUGINS_YANKED_CHANNEL, (key) => {
      const at = key.lastIndexOf('@');
      if (at > 0) void this.#deps.host.unloadYanked(key.slice(0, at), key.slice(at + 1));
    });
    this.#timer = setInterval(() => void this.check(), this.#deps.intervalMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.#unsubscribe?.();
    await this.#checking;
  }

  /** One look at the registry (one at a time); a registry that cannot be reached is asked again next time. */
  check(): Promise<void> {
    this.#checking ??= this.#check()
      .catch((error: unknown) =>
        this.#deps.log.warn({ err: error }, 'checking the registry for yanked releases failed; trying again shortly'),
      )
      .finally(() => (this.#checking = undefined));
    return this.#checking;
  }

  async #check(): Promise<void> {
    const running = await this.#running();
    const byPlugin = new Map<string, Set<string>>();
    for (const { pluginId, version } of running) {
      if (this.#handled.has(`${pluginId}@${version}`)) continue;
      let versions = byPlugin.get(pluginId);
      if (!versions) byPlugin.set(pluginId, (versions = new Set()));
      versions.add(version);
    }
    for (const [pluginId, versions] of byPlugin) {
      const plugin = await this.#deps.registry.plugin(pluginId);
      if (!plugin) continue;
      for (const version of versions) {
        if (plugin.yankedVersions.includes(version)) await this.#yanked(pluginId, version);
      }
    }
  }

  /** Versions loaded in this process and versions some tenant has enabled (maybe loaded only elsewhere). */
  async #running(): Promise<RunningRelease[]> {
    const loaded = this.#deps.host.loadedVersions().map((key) => {
      const at = key.lastIndexOf('@');
      return { pluginId: key.slice(0, at), version: key.slice(at + 1) };
    });
    const enabled = await this.#deps.db.query<{ plugin_id: string; resolved_version: string }>(
      'select distinct plugin_id, resolved_version from kernel.plugin_installs where enabled',
    );
    return [...loaded, ...enabled.map((row) => ({ pluginId: row.plugin_id, version: row.resolved_version }))];
  }

  async #yanked(pluginId: string, version: string): Promise<void> {
    const key = `${pluginId}@${version}`;
    const release = await this.#deps.registry.release(pluginId, version);
    const reason = release?.yankReason ?? null;
    this.#deps.log.warn({ plugin: pluginId, version, reason }, 'a release this kernel runs was yanked; unloading it');
    await this.#deps.host.unloadYanked(pluginId, version);
    await this.#deps.coordination.pubsub.publish(PLUGINS_YANKED_CHANNEL, key);
    // One kernel moves the tenants; one that finds the lock held leaves them to it and looks again next time.
    const moved = await this.#deps.coordination.locks.tryWithLock(`plugins:yanked:${key}`, 120_000, () =>
      this.#moveTenants(pluginId, version, reason),
    );
    if (moved !== undefined) this.#handled.add(key);
  }

  async #moveTenants(pluginId: string, version: string, reason: string | null): Promise<true> {
    const tenants = await this.#deps.db.query<{ tenant_id: string; version_range: string }>(
      'select tenant_id, version_range from kernel.plugin_installs where plugin_id = $1 and resolved_version = $2 and enabled',
      [pluginId, version],
    );
    const why = `${pluginId} ${version} was withdrawn by its publisher${reason ? ` (${reason})` : ''}`;
    for (const { tenant_id: tenantId, version_range: range } of tenants) {
      const actor = systemActor(tenantId, 'kernel');
      try {
        const moved = await this.#deps.host.enable(tenantId, pluginId, range, actor);
        await leaveInstallNotice(
          this.#deps,
          tenantId,
          [pluginId],
          `${why}; KiTS moved this shop to ${moved.version}, the newest release "${range}" allows.`,
        );
        this.#deps.log.warn({ tenantId, plugin: pluginId, from: version, to: moved.version }, 'tenant moved off a yanked release');
      } catch (error) {
        const disabled = await this.#disableWithDependents(tenantId, pluginId, actor);
        await leaveInstallNotice(
          this.#deps,
          tenantId,
          disabled,
          `${why} and no other release "${range}" allows could take its place (${(error as Error).message}); KiTS disabled ${disabled.join(', ')}. Enable another version from the marketplace.`,
        );
        this.#deps.log.warn({ tenantId, plugin: pluginId, version, disabled }, 'plugin disabled: its release was yanked');
      }
    }
    return true;
  }

  /** Disables the plugin, and first the tenant's plugins that need it (they cannot run without it). */
  async #disableWithDependents(tenantId: string, pluginId: string, actor: Actor, depth = 0): Promise<string[]> {
    try {
      await this.#deps.host.disable(tenantId, pluginId, actor);
      return [pluginId];
    } catch (error) {
      const needing = error instanceof DomainError ? (error.extensions.requiredBy as string[] | undefined) : undefined;
      if ((error as { code?: string }).code !== 'plugins.required_by' || !needing || depth > 8) throw error;
      const disabled: string[] = [];
      for (const dependent of needing) disabled.push(...(await this.#disableWithDependents(tenantId, dependent, actor, depth + 1)));
      await this.#deps.host.disable(tenantId, pluginId, actor);
      return [...disabled, pluginId];
    }
  }
}
