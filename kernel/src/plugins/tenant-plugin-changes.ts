import { badRequest, conflict, DomainError, notFound, type Actor, type PluginLogger, type TenantLifecycleContext } from '@kits/plugin-sdk';
import type { ValidateFunction } from 'ajv';
import semver from 'semver';
import type { Transaction } from '../db/database.ts';
import { describeValidationErrors } from '../http/validation.ts';
import { withTimeLimit } from '../time-limit.ts';
import type { PluginPackage } from './discovery.ts';
import type { LoadedPlugin } from './loaded-plugin.ts';
import type { PluginHost, PluginHostDeps } from './plugin-host.ts';
import { knownSettings, sealSettings, secretsHeld, withKeptSecrets } from './plugin-settings.ts';
import { dependents, missingRequirements } from './requirements.ts';
import { assertSchemaCompatible, migratedSchemaRelease } from './schema-compat.ts';
import type { TenantInstall, TenantInstalls } from './tenant-installs.ts';
import { systemActor } from './tenant-transaction.ts';

/** Pub/sub channel on which every kernel process hears that a tenant's plugins changed. */
export const PLUGINS_CHANGED_CHANNEL = 'kits:plugins:changed';

/** What changing a tenant's plugins needs of the plugin host. */
export interface PluginHostSteps extends Pick<PluginHost, 'load' | 'tenantTransaction'> {
  /** A version this process knows, or installs from the registry; undefined without a registry. */
  installed(pluginId: string, version: string): Promise<PluginPackage | undefined>;
  /** Migrates a version's schema, brings role grants up to date and loads it: ready for a tenant. */
  prepare(pkg: PluginPackage): Promise<LoadedPlugin>;
}

/**
 * A tenant's plugin changes — enable (install, upgrade, pin), disable, settings — checked first
 * (kernel and schema compatibility, requirements, settings schema), then written with the plugin's
 * lifecycle callbacks in one transaction, and announced to every kernel process.
 */
export class TenantPluginChanges {
  readonly #deps: PluginHostDeps;
  readonly #installs: TenantInstalls;
  readonly #host: PluginHostSteps;
  readonly #settingsValidators = new Map<string, ValidateFunction>();

  constructor(deps: PluginHostDeps, installs: TenantInstalls, host: PluginHostSteps) {
    this.#deps = deps;
    this.#installs = installs;
    this.#host = host;
  }

  /**
   * Enables (installing or changing version when needed) a plugin for a tenant; takes effect on every
   * process. `given` settings replace the stored ones (a plugin whose required settings have no
   * default is enabled with them at once); they are checked before anything is written.
   */
  async enable(
    tenantId: string,
    pluginId: string,
    versionRange: string | undefined,
    actor: Actor,
    given?: Record<string, unknown>,
    exactVersion?: string,
  ): Promise<TenantInstall> {
    this.#requireEveryProcessReachable();
    const installs = await this.#installs.of(tenantId);
    // Without a version, enabling again keeps the range the tenant had (a disabled pin comes back as it was).
    const range = versionRange ?? installs.get(pluginId)?.versionRange ?? '*';
    if (!semver.validRange(range))
      throw badRequest('plugins.invalid_range', `"${range}" is not a version or semver range (try 1.2.3 or ^1).`);
    const pkg = exactVersion ? await this.#exactly(pluginId, exactVersion, range) : await this.#resolve(pluginId, range);
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
    const stored = installs.get(pluginId)?.settings ?? {};
    const settings = this.validateSettings(
      pkg,
      given === undefined ? knownSettings(pkg.manifest.settings, stored) : withKeptSecrets(pkg.manifest.settings, stored, given),
    );
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
    const loaded = await this.#host.prepare(pkg);
    const previous = installs.get(pluginId);
    const install: TenantInstall = {
      pluginId,
      versionRange: range,
      version: pkg.version,
      enabled: true,
      settings,
      secretsSet: secretsHeld(pkg.manifest.settings, settings),
      notice: null,
    };

    await this.#deps.db.transaction({ tenantId }, async (tx) => {
      await tx.query(
        `insert into kernel.plugin_installs (tenant_id, plugin_id, version_range, resolved_version, enabled, settings)
         values ($1, $2, $3, $4, true, $5)
         on conflict (tenant_id, plugin_id) do update
           set version_range = excluded.version_range, resolved_version = excluded.resolved_version,
               enabled = true, settings = excluded.settings, notice = null, updated_at = now()`,
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

  #resolve(pluginId: string, range: string): Promise<PluginPackage> {
    return this.#deps.installer ? this.#deps.installer.resolve(pluginId, range) : Promise.resolve(this.#resolveInstalled(pluginId, range));
  }

  /** One version within the tenant's range (a release rollout moves tenants version by version, D-231). */
  async #exactly(pluginId: string, version: string, range: string): Promise<PluginPackage> {
    if (!semver.satisfies(version, range))
      throw conflict('plugins.outside_range', `${pluginId}@${version} is outside this tenant's range "${range}".`);
    const pkg = this.#deps.installer ? await this.#deps.installer.install(pluginId, version) : this.#deps.catalog.get(pluginId, version);
    if (!pkg) throw notFound('plugins.no_matching_version', `${pluginId}@${version} is not installed on this kernel.`);
    return pkg;
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

  /** Disables a plugin for a tenant, unless another enabled plugin needs what it provides. */
  async disable(tenantId: string, pluginId: string, actor: Actor): Promise<TenantInstall> {
    this.#requireEveryProcessReachable();
    const installs = await this.#installs.of(tenantId);
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
    // A yanked release is not loaded again: it is disabled without running its onDisable.
    const loaded = pkg
      ? await this.#host.load(pkg).catch((error: unknown) => {
          if ((error as { code?: string }).code === 'plugins.release_yanked') return undefined;
          throw error;
        })
      : undefined;
    await this.#deps.db.transaction({ tenantId }, async (tx) => {
      await tx.query(
        'update kernel.plugin_installs set enabled = false, notice = null, updated_at = now() where tenant_id = $1 and plugin_id = $2',
        [tenantId, pluginId],
      );
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
    const install = (await this.#installs.of(tenantId)).get(pluginId);
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
      tx: this.#host.tenantTransaction(tx, tenantId, loaded.pkg, systemActor(tenantId, loaded.pkg.id)),
      settings,
      log: loaded.log as PluginLogger,
    };
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
    this.#installs.forget(tenantId);
    await this.#deps.coordination.pubsub.publish(PLUGINS_CHANGED_CHANNEL, tenantId);
  }
}
