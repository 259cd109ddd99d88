import { conflict, declaresCapability, type Actor, type TenantTransaction } from '@kits/plugin-sdk';
import type { Transaction } from '../db/database.ts';
import { TenantServices, UndeclaredCapabilityError, type CapabilityProvider } from './capability-services.ts';
import type { PluginCatalog, PluginPackage } from './discovery.ts';
import type { LoadedPlugin } from './loaded-plugin.ts';
import { roleOf } from './plugin-roles.ts';
import { providerOf } from './requirements.ts';

/** What building a capability service needs of the plugin host. */
export interface CapabilityProviderDeps {
  readonly catalog: PluginCatalog;
  /** The version's registered plugin, when loaded in this process. */
  loadedNow(pkg: PluginPackage): LoadedPlugin | undefined;
  /** Whether statements of `role` may run as `providerRole` (plugin-roles.ts). */
  mayActAs(role: string, providerRole: string): boolean;
  tenantTransaction(tx: Transaction, tenantId: string, plugin: PluginPackage, actor: Actor, role: string): TenantTransaction;
}

/** Finds which of a tenant's enabled plugins provides a capability and builds its service for the caller's transaction. */
export class CapabilityProviders implements CapabilityProvider {
  readonly #deps: CapabilityProviderDeps;

  constructor(deps: CapabilityProviderDeps) {
    this.#deps = deps;
  }

  /** The service a tenant's enabled plugin provides for `capability`, built for `locator`'s transaction. */
  provideService(capability: string, locator: TenantServices): unknown {
    if (!declaresCapability(locator.caller.manifest, capability)) {
      throw new UndeclaredCapabilityError(locator.caller, capability);
    }
    const provider = this.#providerPackage(capability, locator);
    if (!provider) throw conflict('plugins.capability_missing', `No enabled plugin provides ${capability} for this tenant.`);
    const loaded = this.#deps.loadedNow(provider.pkg);
    const factory = loaded?.providers.get(capability);
    if (!loaded || !factory)
      throw conflict('plugins.capability_missing', `${provider.pkg.id} declares ${capability} but did not provide it.`);
    // The provider's statements run in the caller's role when that role may act as the provider's
    // (granted for declared capabilities): no switch of role in the middle of the caller's work.
    const providerRole = roleOf(loaded.pkg);
    const runAs = this.#deps.mayActAs(locator.role, providerRole) ? locator.role : providerRole;
    const scopeTx = this.#deps.tenantTransaction(locator.tx, locator.tenantId, loaded.pkg, locator.actor, runAs);
    const services = new TenantServices(this, locator.tenantId, locator.tx, locator.actor, locator.installs, loaded.pkg);
    // The provider's own settings for this tenant, as its routes and handlers get them.
    const settings = locator.installs.get(provider.pkg.id)?.settings ?? {};
    return factory({ tx: scopeTx, actor: locator.actor, services, settings, log: loaded.log });
  }

  /** The id of the tenant's enabled plugin that provides `capability` (whether or not `locator`'s caller may use it), or null. */
  providerOf(capability: string, locator: TenantServices): string | null {
    return this.#providerPackage(capability, locator)?.pkg.id ?? null;
  }

  #providerPackage(capability: string, locator: TenantServices) {
    const packages = [...locator.installs.values()]
      .filter((install) => install.enabled)
      .map((install) => this.#deps.catalog.get(install.pluginId, install.version))
      .filter((pkg): pkg is PluginPackage => pkg !== undefined);
    return providerOf(
      capability,
      packages.map((pkg) => ({ ...pkg.manifest, pkg })),
    );
  }
}
