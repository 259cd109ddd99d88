import {
  conflict,
  type Actor,
  type CatalogueEventType,
  type EventContext,
  type EventEnvelope,
  type ServiceLocator,
  type TenantTransaction,
} from '@kits/plugin-sdk';
import type { Logger } from 'pino';
import { operatorConfigKey, type KernelConfig } from '../config/config.ts';
import type { Coordination } from '../coordination/coordination.ts';
import type { Database, Sql, Transaction } from '../db/database.ts';
import type { EventBus, Subscriber } from '../events/event-bus.ts';
import type { Validators } from '../http/validation.ts';
import { meterPluginHandler, type PluginHandlerMetrics } from '../observability/plugin-handler-meter.ts';
import { withTimeLimit } from '../time-limit.ts';
import { CapabilityProviders } from './capability-providers.ts';
import { TenantServices } from './capability-services.ts';
import type { PluginCatalog, PluginPackage } from './discovery.ts';
import { loadPlugin, type LoadedPlugin } from './loaded-plugin.ts';
import { openApiPathsOf } from './openapi.ts';
import type { PluginInstaller } from './plugin-installer.ts';
import { declaredEventTypes, eventCatalogue } from './event-catalogue.ts';
import { runPluginHandlers } from './plugin-event-runs.ts';
import { PluginJobs } from './plugin-jobs.ts';
import { PluginWorkers } from './plugin-workers.ts';
import { readRoleInheritance, roleOf } from './plugin-roles.ts';
import type { ReleaseHealth } from './rollouts/release-health.ts';
import { migratePluginSchema } from './plugin-schema-migration.ts';
import type { SettingsCipher } from './plugin-settings.ts';
import { TenantInstalls, type TenantInstall } from './tenant-installs.ts';
import { PLUGINS_CHANGED_CHANNEL, TenantPluginChanges } from './tenant-plugin-changes.ts';
import { PluginTransaction, systemActor, type AuditWriter } from './tenant-transaction.ts';

// Importers of the host (sync, plugin routes, marketplace) read a tenant's installs through it.
export type { TenantInstall } from './tenant-installs.ts';

export interface PluginHostDeps {
  readonly db: Database;
  readonly bus: EventBus;
  readonly coordination: Coordination;
  readonly catalog: PluginCatalog;
  readonly validators: Validators;
  readonly config: Pick<KernelConfig, 'handlerTimeoutMs'> & Partial<Pick<KernelConfig, 'pluginOperatorConfig'>>;
  readonly log: Logger;
  readonly metrics: PluginHandlerMetrics;
  readonly audit: AuditWriter;
  /** Told which event types each committed plugin transaction published (live sync streams). */
  readonly changes?: { announce(tenantId: string, types: readonly string[]): void };
  readonly kernelVersion: string;
  readonly kernelPermissions: readonly string[];
  /** Installs versions from the registry: ranges given to `enable`, and versions other processes enabled. */
  readonly installer?: PluginInstaller;
  /** Seals secret settings in `kernel.plugin_installs.settings` and opens them for plugins. */
  readonly settingsCipher: SettingsCipher;
  /** Counts each release's handler runs and failures, for rollouts (D-231). */
  readonly releaseHealth: Pick<ReleaseHealth, 'counted'>;
}

/**
 * Resolves each tenant's enabled plugins and their versions, loads plugin versions into this
 * process (several versions of one plugin side by side), runs their migrations, and gives the
 * dispatcher, the event bus and the job runner the right version for each tenant.
 */
export class PluginHost {
  readonly #deps: PluginHostDeps;
  readonly #loaded = new Map<string, Promise<LoadedPlugin>>();
  readonly #installs: TenantInstalls;
  readonly #changes: TenantPluginChanges;
  readonly #jobs: PluginJobs;
  readonly #workers: PluginWorkers;
  readonly #providers: CapabilityProviders;
  /** What each plugin transaction is made with: the host's deps and the tenant's event catalogue. */
  readonly #transactionDeps: PluginHostDeps & {
    eventCatalogue: (tenantId: string, tx: Transaction) => Promise<readonly CatalogueEventType[]>;
  };
  readonly #subscribed = new Set<string>();
  /** Versions whose `register` finished, for synchronous lookups (services.use). */
  readonly #loadedNow = new Map<string, LoadedPlugin>();
  readonly #openApi: Record<string, Record<string, unknown>> = {};
  /** Install maps whose every enabled version is loaded (each cached map is immutable). */
  readonly #fullyLoaded = new WeakSet<Map<string, TenantInstall>>();
  /** Releases yanked since this process started (`id@version`): never loaded or installed again here (yanked-releases.ts). */
  readonly #yanked = new Set<string>();
  /** Which plugin roles each plugin role may act as (see plugin-roles.ts): services run in the caller's role when it may. */
  #roleInheritance = new Map<string, Set<string>>();
  #unsubscribe: (() => Promise<void>) | undefined;
  #stopListeningForGaps: (() => void) | undefined;

  constructor(deps: PluginHostDeps) {
    this.#deps = deps;
    this.#installs = new TenantInstalls(deps);
    this.#jobs = new PluginJobs(deps, this);
    this.#workers = new PluginWorkers(deps, this);
    this.#providers = new CapabilityProviders({
      catalog: deps.catalog,
      loadedNow: (pkg) => this.#loadedSync(pkg),
      mayActAs: (role, providerRole) => this.#roleInheritance.get(role)?.has(providerRole) ?? false,
      tenantTransaction: (tx, tenantId, plugin, actor, role) => this.tenantTransaction(tx, tenantId, plugin, actor, role),
    });
    this.#transactionDeps = { ...deps, eventCatalogue: (tenantId, tx) => this.eventCatalogue(tenantId, tx) };
    // Changing a tenant's plugins needs a few steps only the host can take; they stay private to it.
    this.#changes = new TenantPluginChanges(deps, this.#installs, {
      load: (pkg) => this.load(pkg),
      tenantTransaction: (tx, tenantId, plugin, actor, role) => this.tenantTransaction(tx, tenantId, plugin, actor, role),
      installed: (pluginId, version) => this.#installed(pluginId, version),
      prepare: async (pkg) => {
        await migratePluginSchema(this.#deps, pkg);
        await this.#refreshRoleInheritance();
        return this.load(pkg);
      },
    });
  }

  get catalog(): PluginCatalog {
    return this.#deps.catalog;
  }

  /** Listens for changes from other processes and loads every plugin version some tenant has enabled. */
  async start(): Promise<void> {
    this.#unsubscribe = await this.#deps.coordination.pubsub.subscribe(PLUGINS_CHANGED_CHANNEL, (tenantId) => {
      this.#installs.forget(tenantId);
      // Another process may have installed a plugin and granted its role: read the grants again.
      void this.#refreshRoleInheritance();
    });
    // Messages missed while Redis was away: every tenant's installs are read again.
    this.#stopListeningForGaps = this.#deps.coordination.pubsub.onGap(() => this.#installs.forget());
    const rows = await this.#deps.db.query<{ plugin_id: string; resolved_version: string }>(
      'select distinct plugin_id, resolved_version from kernel.plugin_installs where enabled',
    );
    for (const row of rows) {
      const pkg = await this.#installed(row.plugin_id, row.resolved_version).catch(() => undefined);
      if (!pkg) {
        this.#deps.log.error(
          { plugin: row.plugin_id, version: row.resolved_version },
          'a tenant has a plugin version enabled that this kernel cannot install; its routes answer 409 until it is',
        );
        continue;
      }
      await migratePluginSchema(this.#deps, pkg);
      await this.load(pkg);
    }
    await this.#refreshRoleInheritance();
  }

  async stop(): Promise<void> {
    await this.#jobs.stop();
    await this.#workers.stop();
    this.#stopListeningForGaps?.();
    await this.#unsubscribe?.();
  }

  /** Every permission a role may hold: the kernel's and every known plugin's. */
  permissionCatalog(): string[] {
    const plugin = this.#deps.catalog.all().flatMap((pkg) => pkg.manifest.permissions ?? []);
    return [...new Set([...this.#deps.kernelPermissions, ...plugin])].sort();
  }

  /** Loads (once per process) and registers one plugin version. */
  load(pkg: PluginPackage): Promise<LoadedPlugin> {
    const key = `${pkg.id}@${pkg.version}`;
    if (this.#yanked.has(key))
      return Promise.reject(conflict('plugins.release_yanked', `${key} was yanked by its publisher and is not loaded again.`));
    let loading = this.#loaded.get(key);
    if (!loading) {
      const operator = this.#deps.config.pluginOperatorConfig?.[operatorConfigKey(pkg.id)] ?? {};
      loading = loadPlugin(pkg, this.#deps.validators, this.#deps.log, operator).then(async (loaded) => {
        for (const subscription of loaded.subscriptions)
          await this.#subscribe(pkg.id, subscription.pattern, subscription.batch !== undefined);
        for (const job of loaded.jobs) this.#jobs.schedule(loaded, job.name);
        for (const worker of loaded.workers) this.#workers.start(loaded, worker);
        this.#loadedNow.set(key, loaded);
        Object.assign(this.#openApi, openApiPathsOf(loaded));
        return loaded;
      });
      loading.catch(() => this.#loaded.delete(key));
      this.#loaded.set(key, loading);
    }
    return loading;
  }

  loadedVersions(): string[] {
    return [...this.#loaded.keys()];
  }

  /** Unloads a yanked release (its jobs and workers stop) and never loads it again here; its tenants get 409 until moved (D-230). */
  async unloadYanked(pluginId: string, version: string): Promise<void> {
    const key = `${pluginId}@${version}`;
    this.#yanked.add(key);
    const loading = this.#loaded.get(key);
    if (!loading) return;
    this.#loaded.delete(key);
    this.#loadedNow.delete(key);
    const loaded = await loading.catch(() => undefined);
    if (!loaded) return;
    this.#jobs.unschedule(loaded);
    await this.#workers.stopVersion(loaded);
    // The OpenAPI paths are those of the versions still loaded.
    for (const path of Object.keys(this.#openApi)) delete this.#openApi[path];
    for (const other of this.#loadedNow.values()) Object.assign(this.#openApi, openApiPathsOf(other));
    this.#deps.log.warn({ plugin: pluginId, version }, 'yanked plugin release unloaded');
  }

  /** The tenant's installs, cached per process and dropped when any process announces a change. */
  installsOf(tenantId: string, sql?: Sql): Promise<Map<string, TenantInstall>> {
    return this.#installs.of(tenantId, sql);
  }

  /**
   * The synchronous fast path of the dispatcher: the tenant's active version of a plugin when the
   * tenant's installs are cached and every enabled version is loaded; undefined otherwise (then
   * the caller takes the async path, which fills the caches).
   */
  activePluginNow(
    tenantId: string,
    pluginId: string,
  ): { loaded: LoadedPlugin; install: TenantInstall; installs: Map<string, TenantInstall> } | undefined {
    const installs = this.#installs.cachedNow(tenantId);
    if (!installs || !this.#fullyLoaded.has(installs)) return undefined;
    const install = installs.get(pluginId);
    if (!install?.enabled) return undefined;
    const loaded = this.#loadedNow.get(`${pluginId}@${install.version}`);
    return loaded ? { loaded, install, installs } : undefined;
  }

  /** The plugin version the tenant runs, loaded; undefined when the plugin is not enabled for it. */
  async activePlugin(tenantId: string, pluginId: string, sql?: Sql): Promise<{ loaded: LoadedPlugin; install: TenantInstall } | undefined> {
    const install = (await this.installsOf(tenantId, sql)).get(pluginId);
    if (!install?.enabled) return undefined;
    const pkg = await this.#installed(pluginId, install.version);
    if (!pkg) {
      throw conflict(
        'plugins.version_missing',
        `${pluginId}@${install.version} is enabled for this tenant but not installed on this kernel; ask the operator to install it.`,
      );
    }
    return { loaded: await this.load(pkg), install };
  }

  /** Every plugin version the tenant runs, loaded. */
  async activePlugins(tenantId: string, sql?: Sql): Promise<Array<{ loaded: LoadedPlugin; install: TenantInstall }>> {
    const installs = await this.installsOf(tenantId, sql);
    const active = [];
    for (const install of installs.values()) {
      if (!install.enabled) continue;
      const found = await this.activePlugin(tenantId, install.pluginId, sql);
      if (found) active.push(found);
    }
    return active;
  }

  /**
   * Enables (installing or changing version when needed) a plugin for a tenant; takes effect on every
   * process. `settings`, when given, replace the tenant's settings as it is enabled (secrets kept unless cleared);
   * `exactVersion` runs that version of the range rather than its newest (a rollout moves tenants so).
   */
  enable(
    tenantId: string,
    pluginId: string,
    versionRange: string | undefined,
    actor: Actor,
    settings?: Record<string, unknown>,
    exactVersion?: string,
  ): Promise<TenantInstall> {
    return this.#changes.enable(tenantId, pluginId, versionRange, actor, settings, exactVersion);
  }

  /**
   * A version this process knows, or installs from the registry (another process enabled it for a
   * tenant); undefined without a registry. A refused release throws the installer's problem.
   */
  async #installed(pluginId: string, version: string): Promise<PluginPackage | undefined> {
    if (this.#yanked.has(`${pluginId}@${version}`))
      throw conflict(
        'plugins.release_yanked',
        `${pluginId}@${version} was withdrawn by its publisher; this shop moves off it within seconds.`,
      );
    const known = this.#deps.catalog.get(pluginId, version);
    if (known || !this.#deps.installer) return known;
    return this.#deps.installer.install(pluginId, version);
  }

  /** Disables a plugin for a tenant, unless another enabled plugin needs what it provides. */
  disable(tenantId: string, pluginId: string, actor: Actor): Promise<TenantInstall> {
    return this.#changes.disable(tenantId, pluginId, actor);
  }

  /** Replaces a tenant's settings of a plugin (checked against its schema; secrets kept unless cleared, and sealed). */
  updateSettings(tenantId: string, pluginId: string, settings: Record<string, unknown>, actor: Actor): Promise<TenantInstall> {
    return this.#changes.updateSettings(tenantId, pluginId, settings, actor);
  }

  /**
   * Capability services of the tenant's enabled plugins, bound to `tx` (resolved only when used),
   * as `caller` may use them: only the capabilities its manifest declares.
   */
  services(tenantId: string, tx: Transaction, actor: Actor, installs: Map<string, TenantInstall>, caller: PluginPackage): ServiceLocator {
    return new TenantServices(this.#providers, tenantId, tx, actor, installs, caller);
  }

  /** `plugin`'s view of `tx`: its statements run as the plugin's own role, its events name it as their source. */
  tenantTransaction(tx: Transaction, tenantId: string, plugin: PluginPackage, actor: Actor, role = roleOf(plugin)): TenantTransaction {
    return new PluginTransaction(tx, tenantId, plugin.id, role, actor, this.#transactionDeps, declaredEventTypes(plugin));
  }

  /** The tenant's event catalogue (`tx.directory.eventTypes()`): see event-catalogue.ts. */
  async eventCatalogue(tenantId: string, sql?: Sql): Promise<CatalogueEventType[]> {
    const installs = [...(await this.installsOf(tenantId, sql)).values()].filter((install) => install.enabled);
    const packages = await Promise.all(
      installs.map((install) => this.#installed(install.pluginId, install.version).catch(() => undefined)),
    );
    return eventCatalogue(packages.filter((pkg): pkg is PluginPackage => pkg !== undefined));
  }

  /** What a plugin's event handler, job, sync handler or pull source runs with, in one transaction. */
  handlerContext(
    tx: Transaction,
    actor: Actor,
    loaded: LoadedPlugin,
    settings: Readonly<Record<string, unknown>>,
    installs: Map<string, TenantInstall>,
  ): EventContext {
    return {
      tx: this.tenantTransaction(tx, actor.tenantId, loaded.pkg, actor),
      services: this.services(actor.tenantId, tx, actor, installs, loaded.pkg),
      settings,
      log: loaded.log,
    };
  }

  /** Makes sure every enabled plugin of the tenant is loaded, so `services.use` can answer synchronously. */
  async loadEnabled(installs: Map<string, TenantInstall>): Promise<void> {
    if (this.#fullyLoaded.has(installs)) return;
    for (const install of installs.values()) {
      if (!install.enabled) continue;
      const pkg = await this.#installed(install.pluginId, install.version).catch(() => undefined);
      if (pkg) await this.load(pkg);
    }
    this.#fullyLoaded.add(installs);
  }

  /** Paths of every loaded plugin version's routes, for the OpenAPI document. */
  openApiPaths(): Record<string, unknown> {
    return this.#openApi;
  }

  #loadedSync(pkg: PluginPackage): LoadedPlugin | undefined {
    return this.#loadedNow.get(`${pkg.id}@${pkg.version}`);
  }

  async #refreshRoleInheritance(): Promise<void> {
    try {
      this.#roleInheritance = await readRoleInheritance(this.#deps.db);
    } catch (error) {
      // Kept as it was: services switch roles where the known grants do not cover them.
      this.#deps.log.warn({ err: error }, 'reading plugin role grants failed');
    }
  }

  /** One bus subscriber per (plugin, pattern); each event runs the handler of the tenant's version. */
  async #subscribe(pluginId: string, pattern: string, batched: boolean): Promise<void> {
    const id = `${pluginId}:${pattern}`;
    if (this.#subscribed.has(id)) return;
    this.#subscribed.add(id);
    await this.#deps.bus.subscribe({
      id,
      pattern,
      // A plugin's subscriptions share a lane: its handlers see its events in commit order, one at a
      // time, and never deadlock each other over its own rows (docs/decisions.md, D-174).
      lane: pluginId,
      handle: (event: EventEnvelope, tx: Transaction) => this.#handle(pluginId, [{ pattern, event }], tx),
      // `subscribeBatch` subscriptions take consecutive deliveries together (D-185).
      ...(batched ? { batch: `${pluginId}:batch`, handleMany: (deliveries, tx) => this.#handle(pluginId, deliveries, tx) } : {}),
    } satisfies Subscriber);
  }

  /**
   * Runs deliveries of one tenant through the plugin version the tenant has (plugin-event-runs.ts),
   * all in one time limit.
   */
  async #handle(pluginId: string, deliveries: ReadonlyArray<{ pattern: string; event: EventEnvelope }>, tx: Transaction): Promise<void> {
    const tenantId = deliveries[0]!.event.tenantId;
    // Inside the delivery's transaction: look installs up through it (PGlite has one connection).
    const active = await this.activePlugin(tenantId, pluginId, tx);
    if (!active) return;
    const installs = await this.installsOf(tenantId, tx);
    await this.loadEnabled(installs);
    const context = this.handlerContext(tx, systemActor(tenantId, pluginId), active.loaded, active.install.settings, installs);
    const what = deliveries.length === 1 ? deliveries[0]!.event.type : `${deliveries.length} events`;
    const limit = this.#deps.config.handlerTimeoutMs;
    await meterPluginHandler(this.#deps.metrics, { plugin: pluginId, kind: 'event' }, () =>
      this.#deps.releaseHealth.counted(
        active.loaded.pkg,
        withTimeLimit(runPluginHandlers(active.loaded, deliveries, context), limit, `${pluginId} handler of ${what}`),
      ),
    );
  }
}
