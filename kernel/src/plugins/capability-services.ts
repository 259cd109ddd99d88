import { parseCapability, type Actor, type CapabilityService, type ServiceLocator } from '@kits/plugin-sdk';
import type { Transaction } from '../db/database.ts';
import type { PluginPackage } from './discovery.ts';
import { roleOf } from './plugin-roles.ts';
import type { TenantInstall } from './tenant-installs.ts';

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

/** Builds the service a tenant's enabled plugin provides for a capability (the plugin host does). */
export interface CapabilityProvider {
  provideService(capability: string, locator: TenantServices): unknown;
  /** The id of the tenant's enabled plugin that provides `capability`, or null. */
  providerOf(capability: string, locator: TenantServices): string | null;
}

/** A tenant's capability services for one transaction: a small object, made per request. */
export class TenantServices implements ServiceLocator {
  readonly #host: CapabilityProvider;
  readonly tenantId: string;
  readonly tx: Transaction;
  readonly actor: Actor;
  readonly installs: Map<string, TenantInstall>;
  /** The plugin using these services: it may use only what its manifest declares. */
  readonly caller: PluginPackage;
  /** The database role the caller's statements run as. */
  readonly role: string;

  constructor(
    host: CapabilityProvider,
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

  providerOf(capability: string): string | null {
    return this.#host.providerOf(capability, this);
  }
}
