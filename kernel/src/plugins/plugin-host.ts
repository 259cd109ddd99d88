import { join } from 'node:path';
import {
  declaresCapability,
  parseCapability,
  pluginSchemaName,
  conflict,
  notFound,
  badRequest,
  DomainError,
  type Actor,
  type CapabilityService,
  type EventContext,
  type EventEnvelope,
  type PluginLogger,
  type ServiceLocator,
  type TenantLifecycleContext,
  type TenantTransaction,
} from '@kits/plugin-sdk';
import type { ValidateFunction } from 'ajv';
import type { Logger } from 'pino';
import semver from 'semver';
import type { KernelConfig } from '../config/config.ts';
import type { Coordination } from '../coordination/coordination.ts';
import type { Database, Sql, Transaction } from '../db/database.ts';
import { migrateSchema, readMigrations } from '../db/migrations.ts';
import type { EventBus } from '../events/event-bus.ts';
import { describeValidationErrors, type Validators } from '../http/validation.ts';
import type { PluginCatalog, PluginPackage } from './discovery.ts';
import { loadPlugin, type LoadedPlugin, type PluginSubscription } from './loaded-plugin.ts';
import { openApiPathsOf } from './openapi.ts';
import type { PluginInstaller } from './plugin-installer.ts';
import { dependents, missingRequirements, providerOf } from './requirements.ts';
import { grantDeclaredProviders, readRoleInheritance, roleOf } from './plugin-roles.ts';
import { assertSchemaCompatible, migratedSchemaRelease, recordSchemaRelease } from './schema-compat.ts';
import { PluginTransaction, type AuditWriter } from './tenant-transaction.ts';
import { knownSettings, openSettings, sealSettings, secretsHeld, withKeptSecrets, type SettingsCipher } from './plugin-settings.ts';
import { withTimeLimit } from '../time-limit.ts';

/** One tenant's install of one plugin. */
export interface TenantInstall {
  readonly pluginId: string;
  readonly versionRange: string;
  readonly version: string;
  readonly enabled: boolean;
  /** Plain text: secret settings are opened for the plugin's server code; the API leaves them out. */
  readonly settings: Readonly<Record<string, unknown>>;
  /** The secret settings (`x-kits-secret`, dotted paths) that hold a value. */
  readonly secretsSet: readonly string[];
}

export interface PluginHostDeps {
  readonly db: Database;
  readonly bus: EventBus;
  readonly coordination: Coordination;
  readonly catalog: PluginCatalog;
  readonly validators: Validators;
  readonly config: Pick<KernelConfig, 'handlerTimeoutMs'>;
  readonly log: Logger;
  readonly audit: AuditWriter;
  /** Told which event types each committed plugin transaction published (live sync streams). */
  readonly changes?: { announce(tenantId: string, types: readonly string[]): void };
  readonly kernelVersion: string;
  readonly kernelPermissions: readonly string[];
  /** Installs versions from the registry: ranges given to `enable`, and versions other processes enabled. */
  readonly installer?: PluginInstaller;
  /** Seals secret settings in `kernel.plugin_installs.settings` and opens them for plugins. */
  readonly settingsCipher: SettingsCipher;
}

/** Pub/sub channel on which every kernel process hears that a tenant's plugins changed. */
export const PLUGINS_CHANGED_CHANNEL = 'kits:plugins:changed';

/** How long a process trusts its cached view of a tenant's plugins without hearing of a change. */
const INSTALL_CACHE_MS = 30_000;

const systemActor = (tenantId: string, pluginId: string): Actor => ({ kind: 'system', id: pluginId, tenantId });

/**
 * A plugin asked for a capability its manifest does not declare: a defect of the plugin (its
 * author must add it to `requires` or `optionalRequires`), so the request fails as a plugin error.
 */
export class UndeclaredCapabilityError extends Error {
  constructor(caller: PluginPackage, capability: string) {
    const { name, major } = parseCapability(capability);
    super(
      `${caller.id}@${caller.version} used ${capability}, which its manifest does not declare. A plugin may use only the capabilities it names: add "${name}": "^${major}" to "requires" (or "optionalRequires") in its package.json "kits" manifest.`,
    );
    this.name = 'UndeclaredCapabilityError';
  }
}

/**
 * Resolves each tenant's enabled plugins and their versions, loads plugin versions into this
 * process (several versions of one plugin side by side), runs their migrations, and gives the
 * dispatcher, the event bus and the job runner the right version for each tenant.
 */
export class PluginHost {
  readonly #deps: PluginHostDeps;
  readonly #loaded = new Map<string, Promise<LoadedPlugin>>();
  readonly #installs = new Map<
    string,
    { at: number; installs: Promise<Map<string, TenantInstall>>; resolved?: Map<string, TenantInstall> }
  >();
  readonly #subscribed = new Set<string>();
  readonly #settingsValidators = new Map<string, ValidateFunction>();
  readonly #jobTimers = new Set<NodeJS.Timeout>();
  /** Versions whose `register` finished, for synchronous lookups (services.use). */
  readonly #loadedNow = new Map<string, LoadedPlugin>();
  readonly #openApi: Record<string, Record<string, unknown>> = {};
  /** Install maps whose every enabled version is loaded (each cached map is immutable). */
  readonly #fullyLoaded = new WeakSet<Map<string, TenantInstall>>();
  /** Which plugin roles each plugin role may act as (see plugin-roles.ts): services run in the caller's role when it may. */
  #roleInheritance = new Map<string, Set<string>>();
  #unsubscribe: (() => Promise<void>) | undefined;
  #stopListeningForGaps: (() => void) | undefined;
  #stopped = false;

  constructor(deps: PluginHostDeps) {
    this.#deps = deps;
  }

  get catalog(): PluginCatalog {
    return this.#deps.catalog;
  }

  /** Listens for changes from other processes and loads every plugin version some tenant has enabled. */
  async start(): Promise<void> {
    this.#unsubscribe = await this.#deps.coordination.pubsub.subscribe(PLUGINS_CHANGED_CHANNEL, (tenantId) => {
      this.#installs.delete(tenantId);
      // Another process may have installed a plugin and granted its role: read the grants again.
      void this.#refreshRoleInheritance();
    });
    // Messages missed while Redis was away: every tenant's installs are read again.
    this.#stopListeningForGaps = this.#deps.coordination.pubsub.onGap(() => this.#installs.clear());
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
      await this.#migrate(pkg);
      await this.load(pkg);
    }
    await this.#refreshRoleInheritance();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    for (const timer of this.#jobTimers) clearInterval(timer);
    this.#jobTimers.clear();
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
    let loading = this.#loaded.get(key);
    if (!loading) {
      loading = loadPlugin(pkg, this.#deps.validators, this.#deps.log).then(async (loaded) => {
        for (const subscription of loaded.subscriptions) await this.#subscribe(pkg.id, subscription.pattern);
        for (const job of loaded.jobs) this.#scheduleJob(loaded, job.name);
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

  /** The tenant's installs, cached per process and dropped when any process announces a change. */
  installsOf(tenantId: string, sql: Sql = this.#deps.db): Promise<Map<string, TenantInstall>> {
    const cached = this.#installs.get(tenantId);
    if (cached && Date.now() - cached.at < INSTALL_CACHE_MS) return cached.installs;
    const installs = sql
      .query<{ plugin_id: string; version_range: string; resolved_version: string; enabled: boolean; settings: Record<string, unknown> }>(
        'select plugin_id, version_range, resolved_version, enabled, settings from kernel.plugin_installs where tenant_id = $1',
        [tenantId],
      )
      .then(
        (rows) =>
          new Map(
            rows.map((row) => {
              const opened = this.#openSettings(tenantId, row.plugin_id, row.settings);
              return [
                row.plugin_id,
                {
                  pluginId: row.plugin_id,
                  versionRange: row.version_range,
                  version: row.resolved_version,
                  enabled: row.enabled,
                  settings: opened.settings,
                  secretsSet: opened.secretsSet,
                },
              ];
            }),
          ),
      );
    const entry: { at: number; installs: Promise<Map<string, TenantInstall>>; resolved?: Map<string, TenantInstall> } = {
      at: Date.now(),
      installs,
    };
    installs.then(
      (map) => {
        entry.resolved = map;
      },
      () => this.#installs.delete(tenantId),
    );
    this.#installs.set(tenantId, entry);
    return installs;
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
    const cached = this.#installs.get(tenantId);
    const installs = cached?.resolved;
    if (!cached || !installs || Date.now() - cached.at >= INSTALL_CACHE_MS || !this.#fullyLoaded.has(installs)) return undefined;
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

  /** Enables (installing or changing version when needed) a plugin for a tenant; takes effect on every process. */
  async enable(tenantId: string, pluginId: string, versionRange: string | undefined, actor: Actor): Promise<TenantInstall> {
    this.#requireEveryProcessReachable();
    const installs = await this.installsOf(tenantId);
    // Without a version, enabling again keeps the range the tenant had (a disabled pin comes back as it was).
    const range = versionRange ?? installs.get(pluginId)?.versionRange ?? '*';
    if (!semver.validRange(range))
      throw badRequest('plugins.invalid_range', `"${range}" is not a version or semver range (try 1.2.3 or ^1).`);
    const pkg = this.#deps.installer ? await this.#deps.installer.resolve(pluginId, range) : this.#resolveInstalled(pluginId, range);
    if (!semver.satisfies(this.#deps.kernelVersion, pkg.manifest.kernel)) {
      throw conflict(
        'plugins.kernel_incompatible',
        `${pluginId}@${pkg.version} needs kernel ${pkg.manifest.kernel}; this kernel is ${this.#deps.kernelVersion}.`,
      );
    }
    const enabledManifests = this.#enabledManifests(installs);
    const missing = missingRequirements(pkg.manifest, enabledManifests);
    if (missing.length > 0) {
      throw conflict(
        'plugins.requirement_missing',
        `${pluginId} needs ${missing.map((m) => `${m.capability} ${m.range}`).join(' and ')}, which no enabled plugin provides. Enable a plugin that provides it first.`,
        { missing },
      );
    }
    const settings = this.validateSettings(pkg, knownSettings(pkg.manifest.settings, installs.get(pluginId)?.settings ?? {}));
    // Other tenants' enabled versions, across tenants: read as the kernel, not as this tenant.
    const others = await this.#deps.db.query<{ resolved_version: string }>(
      'select distinct resolved_version from kernel.plugin_installs where plugin_id = $1 and tenant_id <> $2 and enabled',
      [pluginId, tenantId],
    );
    assertSchemaCompatible(
      pkg,
      await migratedSchemaRelease(this.#deps.db, pkg),
      others.map((row) => row.resolved_version),
    );
    await this.#migrate(pkg);
    await this.#refreshRoleInheritance();
    const loaded = await this.load(pkg);
    const previous = installs.get(pluginId);
    const install: TenantInstall = {
      pluginId,
      versionRange: range,
      version: pkg.version,
      enabled: true,
      settings,
      secretsSet: secretsHeld(pkg.manifest.settings, settings),
    };

    await this.#deps.db.transaction({ tenantId }, async (tx) => {
      await tx.query(
        `insert into kernel.plugin_installs (tenant_id, plugin_id, version_range, resolved_version, enabled, settings)
         values ($1, $2, $3, $4, true, $5)
         on conflict (tenant_id, plugin_id) do update
           set version_range = excluded.version_range, resolved_version = excluded.resolved_version,
               enabled = true, settings = excluded.settings, updated_at = now()`,
        [tenantId, pluginId, range, pkg.version, JSON.stringify(this.#sealSettings(tenantId, pkg, settings))],
      );
      const context = this.#lifecycleContext(tx, tenantId, loaded, settings);
      if (previous && previous.version !== pkg.version && loaded.module.onUpgrade) {
        await withTimeLimit(
          loaded.module.onUpgrade({ ...context, from: previous.version, to: pkg.version }),
          this.#deps.config.handlerTimeoutMs,
          `${pluginId} onUpgrade`,
        );
      }
      if (!previous?.enabled && loaded.module.onEnable) {
        await withTimeLimit(loaded.module.onEnable(context), this.#deps.config.handlerTimeoutMs, `${pluginId} onEnable`);
      }
      await this.#deps.audit(tx, actor, 'plugins.plugin.enabled', {
        pluginId,
        version: pkg.version,
        range,
        previousVersion: previous?.version ?? null,
      });
    });
    await this.#announce(tenantId);
    return install;
  }

  /** The newest version in the catalog matching `range` (a kernel without a registry). */
  #resolveInstalled(pluginId: string, range: string): PluginPackage {
    if (this.#deps.catalog.versions(pluginId).length === 0) {
      throw notFound('plugins.unknown', `There is no plugin "${pluginId}". GET /api/v1/plugins lists the plugins you can enable.`);
    }
    const pkg = this.#deps.catalog.resolve(pluginId, range);
    if (!pkg) {
      const known = this.#deps.catalog
        .versions(pluginId)
        .map((p) => p.version)
        .join(', ');
      throw notFound('plugins.no_matching_version', `No version of "${pluginId}" matches "${range}"; known versions: ${known}.`);
    }
    return pkg;
  }

  /**
   * A version this process knows, or installs from the registry (another process enabled it for a
   * tenant); undefined without a registry. A refused release throws the installer's problem.
   */
  async #installed(pluginId: string, version: string): Promise<PluginPackage | undefined> {
    const known = this.#deps.catalog.get(pluginId, version);
    if (known || !this.#deps.installer) return known;
    return this.#deps.installer.install(pluginId, version);
  }

  /** Disables a plugin for a tenant, unless another enabled plugin needs what it provides. */
  async disable(tenantId: string, pluginId: string, actor: Actor): Promise<TenantInstall> {
    this.#requireEveryProcessReachable();
    const installs = await this.installsOf(tenantId);
    const install = installs.get(pluginId);
    if (!install?.enabled) throw notFound('plugins.not_enabled', `The plugin "${pluginId}" is not enabled for this tenant.`);
    const pkg = this.#deps.catalog.get(pluginId, install.version);
    if (pkg) {
      const needing = dependents(pkg.manifest, this.#enabledManifests(installs));
      if (needing.length > 0) {
        throw conflict(
          'plugins.required_by',
          `${pluginId} cannot be disabled: ${needing.join(', ')} need${needing.length === 1 ? 's' : ''} it. Disable ${needing.length === 1 ? 'it' : 'them'} first.`,
          { requiredBy: needing },
        );
      }
    }
    const loaded = pkg ? await this.load(pkg) : undefined;
    await this.#deps.db.transaction({ tenantId }, async (tx) => {
      await tx.query('update kernel.plugin_installs set enabled = false, updated_at = now() where tenant_id = $1 and plugin_id = $2', [
        tenantId,
        pluginId,
      ]);
      if (loaded?.module.onDisable) {
        await withTimeLimit(
          loaded.module.onDisable(this.#lifecycleContext(tx, tenantId, loaded, install.settings)),
          this.#deps.config.handlerTimeoutMs,
          `${pluginId} onDisable`,
        );
      }
      await this.#deps.audit(tx, actor, 'plugins.plugin.disabled', { pluginId, version: install.version });
    });
    await this.#announce(tenantId);
    return { ...install, enabled: false };
  }

  /**
   * Replaces a tenant's settings of a plugin after checking them against the plugin's settings
   * schema. A secret setting not sent keeps its value; `null` or `""` clears it. Secrets are sealed.
   */
  async updateSettings(tenantId: string, pluginId: string, settings: Record<string, unknown>, actor: Actor): Promise<TenantInstall> {
    this.#requireEveryProcessReachable();
    const install = (await this.installsOf(tenantId)).get(pluginId);
    if (!install) throw notFound('plugins.not_installed', `The plugin "${pluginId}" is not installed for this tenant; enable it first.`);
    const pkg = this.#deps.catalog.get(pluginId, install.version);
    if (!pkg) throw conflict('plugins.version_missing', `${pluginId}@${install.version} is not installed on this kernel.`);
    const valid = this.validateSettings(pkg, withKeptSecrets(pkg.manifest.settings, install.settings, settings));
    await this.#deps.db.transaction({ tenantId }, async (tx) => {
      await tx.query('update kernel.plugin_installs set settings = $3, updated_at = now() where tenant_id = $1 and plugin_id = $2', [
        tenantId,
        pluginId,
        JSON.stringify(this.#sealSettings(tenantId, pkg, valid)),
      ]);
      await this.#deps.audit(tx, actor, 'plugins.settings.updated', { pluginId, fields: Object.keys(valid) });
    });
    await this.#announce(tenantId);
    return { ...install, settings: valid, secretsSet: secretsHeld(pkg.manifest.settings, valid) };
  }

  #sealSettings(tenantId: string, pkg: PluginPackage, settings: Record<string, unknown>): Record<string, unknown> {
    return sealSettings(this.#deps.settingsCipher, tenantId, pkg.id, pkg.manifest.settings, settings);
  }

  /** Stored settings with their secrets opened; a secret that cannot be opened is left out and logged. */
  #openSettings(tenantId: string, pluginId: string, stored: Record<string, unknown>) {
    const opened = openSettings(this.#deps.settingsCipher, tenantId, pluginId, stored);
    if (opened.unreadable.length > 0) {
      this.#deps.log.error(
        { tenantId, plugin: pluginId, settings: opened.unreadable },
        'secret plugin settings cannot be opened (sealed under another PLUGIN_SETTINGS_KEY or JWT_SECRET); they count as not set until entered again',
      );
    }
    return opened;
  }

  /** Checks settings against the manifest's JSON Schema, filling defaults; 400 naming each bad field. */
  validateSettings(pkg: PluginPackage, settings: Record<string, unknown>): Record<string, unknown> {
    const schema = pkg.manifest.settings;
    if (!schema) return {};
    const key = `${pkg.id}@${pkg.version}`;
    let validate = this.#settingsValidators.get(key);
    if (!validate) {
      validate = this.#deps.validators.body.compile(schema);
      this.#settingsValidators.set(key, validate);
    }
    const copy = structuredClone(settings);
    if (!validate(copy)) {
      const errors = describeValidationErrors(validate.errors ?? [], 'settings');
      throw badRequest(
        'plugins.invalid_settings',
        `The settings of ${pkg.id} are invalid: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}.`,
        { errors },
      );
    }
    return copy;
  }

  /**
   * Capability services of the tenant's enabled plugins, bound to `tx` (resolved only when used),
   * as `caller` may use them: only the capabilities its manifest declares.
   */
  services(tenantId: string, tx: Transaction, actor: Actor, installs: Map<string, TenantInstall>, caller: PluginPackage): ServiceLocator {
    return new TenantServices(this, tenantId, tx, actor, installs, caller);
  }

  /** The service a tenant's enabled plugin provides for `capability`, built for `locator`'s transaction. */
  provideService(capability: string, locator: TenantServices): unknown {
    if (!declaresCapability(locator.caller.manifest, capability)) {
      throw new UndeclaredCapabilityError(locator.caller, capability);
    }
    const packages = [...locator.installs.values()]
      .filter((install) => install.enabled)
      .map((install) => this.#deps.catalog.get(install.pluginId, install.version))
      .filter((pkg): pkg is PluginPackage => pkg !== undefined);
    const provider = providerOf(
      capability,
      packages.map((pkg) => ({ ...pkg.manifest, pkg })),
    );
    if (!provider) throw conflict('plugins.capability_missing', `No enabled plugin provides ${capability} for this tenant.`);
    const loaded = this.#loadedSync(provider.pkg);
    const factory = loaded?.providers.get(capability);
    if (!loaded || !factory)
      throw conflict('plugins.capability_missing', `${provider.pkg.id} declares ${capability} but did not provide it.`);
    // The provider's statements run in the caller's role when that role may act as the provider's
    // (granted for declared capabilities): no switch of role in the middle of the caller's work.
    const providerRole = roleOf(loaded.pkg);
    const runAs = this.#roleInheritance.get(locator.role)?.has(providerRole) ? locator.role : providerRole;
    const scopeTx: TenantTransaction = this.tenantTransaction(locator.tx, locator.tenantId, loaded.pkg, locator.actor, runAs);
    const services = new TenantServices(this, locator.tenantId, locator.tx, locator.actor, locator.installs, loaded.pkg);
    return factory({ tx: scopeTx, actor: locator.actor, services, log: loaded.log });
  }

  /** `plugin`'s view of `tx`: its statements run as the plugin's own role, its events name it as their source. */
  tenantTransaction(tx: Transaction, tenantId: string, plugin: PluginPackage, actor: Actor, role = roleOf(plugin)): TenantTransaction {
    return new PluginTransaction(tx, tenantId, plugin.id, role, actor, this.#deps);
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

  #enabledManifests(installs: Map<string, TenantInstall>) {
    return [...installs.values()]
      .filter((install) => install.enabled)
      .map((install) => this.#deps.catalog.get(install.pluginId, install.version)?.manifest)
      .filter((manifest) => manifest !== undefined);
  }

  #lifecycleContext(
    tx: Transaction,
    tenantId: string,
    loaded: LoadedPlugin,
    settings: Readonly<Record<string, unknown>>,
  ): TenantLifecycleContext {
    return {
      tenantId,
      tx: this.tenantTransaction(tx, tenantId, loaded.pkg, systemActor(tenantId, loaded.pkg.id)),
      settings,
      log: loaded.log as PluginLogger,
    };
  }

  async #migrate(pkg: PluginPackage): Promise<void> {
    const schema = pluginSchemaName(pkg.manifest);
    const applied = await migrateSchema(this.#deps.db, schema, readMigrations(join(pkg.dir, 'migrations')), { role: roleOf(pkg) });
    if (applied.length > 0) this.#deps.log.info({ plugin: pkg.id, version: pkg.version, applied }, 'plugin migrations applied');
    await recordSchemaRelease(this.#deps.db, pkg);
    try {
      await grantDeclaredProviders(this.#deps.db, this.#deps.catalog, pkg);
    } catch (error) {
      // Another process granting at the same moment: its grant stands; services then switch roles.
      this.#deps.log.warn({ err: error, plugin: pkg.id }, 'granting plugin roles failed; cross-plugin calls switch roles instead');
    }
  }

  async #refreshRoleInheritance(): Promise<void> {
    try {
      this.#roleInheritance = await readRoleInheritance(this.#deps.db);
    } catch (error) {
      // Kept as it was: services switch roles where the known grants do not cover them.
      this.#deps.log.warn({ err: error }, 'reading plugin role grants failed');
    }
  }

  /**
   * A plugin change takes effect on every kernel process (DESIGN §3): while the processes cannot
   * tell each other (Redis away), it waits — 503 with Retry-After, nothing changed.
   */
  #requireEveryProcessReachable(): void {
    if (this.#deps.coordination.pubsub.reachesEveryProcess()) return;
    throw new DomainError(
      'plugins.change_unavailable',
      503,
      'Plugin changes wait while the kernel processes cannot reach each other (Redis is unreachable); nothing was changed. Try again shortly.',
      { retryAfterSeconds: 5 },
    );
  }

  async #announce(tenantId: string): Promise<void> {
    this.#installs.delete(tenantId);
    await this.#deps.coordination.pubsub.publish(PLUGINS_CHANGED_CHANNEL, tenantId);
  }

  /** One bus subscriber per (plugin, pattern); each event runs the handler of the tenant's version. */
  async #subscribe(pluginId: string, pattern: string): Promise<void> {
    const id = `${pluginId}:${pattern}`;
    if (this.#subscribed.has(id)) return;
    this.#subscribed.add(id);
    await this.#deps.bus.subscribe({
      id,
      pattern,
      handle: async (event: EventEnvelope, tx: Transaction) => {
        // Inside the delivery's transaction: look installs up through it (PGlite has one connection).
        const active = await this.activePlugin(event.tenantId, pluginId, tx);
        if (!active) return;
        const subscription: PluginSubscription | undefined = active.loaded.subscriptions.find((s) => s.pattern === pattern);
        if (!subscription) return;
        const installs = await this.installsOf(event.tenantId, tx);
        await this.loadEnabled(installs);
        const actor = systemActor(event.tenantId, pluginId);
        await withTimeLimit(
          subscription.handler(event, this.handlerContext(tx, actor, active.loaded, active.install.settings, installs)),
          this.#deps.config.handlerTimeoutMs,
          `${pluginId} handler of ${event.type}`,
        );
      },
    });
  }

  /** Runs a job of one plugin version for each tenant on that version, once across processes. */
  #scheduleJob(loaded: LoadedPlugin, name: string): void {
    const job = loaded.jobs.find((j) => j.name === name)!;
    const timer = setInterval(() => {
      if (this.#stopped) return;
      void this.#runJob(loaded, job).catch((error: unknown) => loaded.log.error({ err: error, job: name }, 'job run failed'));
    }, job.intervalMs);
    timer.unref();
    this.#jobTimers.add(timer);
  }

  async #runJob(loaded: LoadedPlugin, job: LoadedPlugin['jobs'][number]): Promise<void> {
    const tenants = await this.#deps.db.query<{ tenant_id: string; settings: Record<string, unknown> }>(
      'select tenant_id, settings from kernel.plugin_installs where plugin_id = $1 and resolved_version = $2 and enabled',
      [loaded.pkg.id, loaded.pkg.version],
    );
    for (const { tenant_id: tenantId, settings } of tenants) {
      await this.#deps.coordination.locks.tryWithLock(`job:${loaded.pkg.id}:${job.name}:${tenantId}`, job.intervalMs, async () => {
        const installs = await this.installsOf(tenantId);
        await this.loadEnabled(installs);
        await this.#deps.db.transaction({ tenantId }, async (tx) => {
          const actor = systemActor(tenantId, loaded.pkg.id);
          // Not logged here: a secret that cannot be opened is logged where installs are read, not on every tick.
          const { settings: opened } = openSettings(this.#deps.settingsCipher, tenantId, loaded.pkg.id, settings);
          await withTimeLimit(
            job.handler({ ...this.handlerContext(tx, actor, loaded, opened, installs), now: new Date() }),
            this.#deps.config.handlerTimeoutMs,
            `${loaded.pkg.id} job ${job.name}`,
          );
        });
      });
    }
  }
}

/** A tenant's capability services for one transaction: a small object, made per request. */
class TenantServices implements ServiceLocator {
  readonly #host: PluginHost;
  readonly tenantId: string;
  readonly tx: Transaction;
  readonly actor: Actor;
  readonly installs: Map<string, TenantInstall>;
  /** The plugin using these services: it may use only what its manifest declares. */
  readonly caller: PluginPackage;
  /** The database role the caller's statements run as. */
  readonly role: string;

  constructor(
    host: PluginHost,
    tenantId: string,
    tx: Transaction,
    actor: Actor,
    installs: Map<string, TenantInstall>,
    caller: PluginPackage,
  ) {
    this.#host = host;
    this.tenantId = tenantId;
    this.tx = tx;
    this.actor = actor;
    this.installs = installs;
    this.caller = caller;
    this.role = roleOf(caller);
  }

  use<Name extends string>(capability: Name): CapabilityService<Name> {
    return this.#host.provideService(capability, this) as CapabilityService<Name>;
  }
}
