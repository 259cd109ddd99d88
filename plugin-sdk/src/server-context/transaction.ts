import type { EntityManager } from '@mikro-orm/core';
import type { CapabilityService } from '../capabilities.ts';
import type { EventEnvelope, NewEvent } from '../events.ts';
import type { TenantDirectory } from '../tenant-directory.ts';

/*
 * What every server-side hook of a plugin works with: its log, the actor, the tenant's transaction,
 * sealed secrets and other plugins' capabilities (re-exported by ../server-context.ts).
 */

/** The log a plugin writes to: pino's calling convention, bound to the plugin and the request. */
export interface PluginLogger {
  debug(objOrMsg: object | string, msg?: string): void;
  info(objOrMsg: object | string, msg?: string): void;
  warn(objOrMsg: object | string, msg?: string): void;
  error(objOrMsg: object | string, msg?: string): void;
}

/** Who is making the call. */
export interface Actor {
  readonly kind: 'user' | 'cashier' | 'api-key' | 'system';
  /** user id, api key id, or the plugin id for `system` */
  readonly id: string;
  readonly tenantId: string;
  /** set when a cashier signed in with a PIN on a registered device */
  readonly deviceId?: string;
  readonly locationId?: string;
}

/**
 * One database transaction of one tenant. Row-level security restricts every statement to
 * `tenantId`; the transaction commits when the route or handler returns and rolls back when it throws.
 */
export interface TenantTransaction {
  readonly tenantId: string;
  /** Runs one parameterised statement (`$1`, `$2` …) in this transaction and returns its rows. */
  query<Row extends object = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  /**
   * A MikroORM entity manager bound to this transaction, for the plugin's own entities. Async
   * because a route's transaction begins only when it first touches the database.
   */
  entityManager(): Promise<EntityManager>;
  /** Writes a domain event to the outbox in this transaction; it is delivered after commit. */
  publish<Payload>(event: NewEvent<Payload>): Promise<EventEnvelope<Payload>>;
  /** Records a change in the audit log (who, what, when, from which device). */
  audit(action: string, detail: Readonly<Record<string, unknown>>): Promise<void>;
  /**
   * A value computed once per database transaction and plugin (`key` names it): a till's sync
   * batch runs many events in one transaction, and lookups that cannot change within it (active
   * promotions, say) need not run per event. Only for values the transaction itself does not change.
   */
  memo<T>(key: string, compute: () => Promise<T>): Promise<T>;
  /**
   * Runs `work` in a savepoint: when it throws, everything it did in this transaction — rows,
   * events published, audit entries — is undone and the error rethrown, and the transaction goes on
   * (to record what the refusal means: a card hold released when stock refused a sale). Await
   * everything `work` starts before it settles; do not run other statements of this transaction
   * beside it.
   */
  savepoint<T>(work: () => Promise<T>): Promise<T>;
  /**
   * Calls `callback` once this transaction has committed (never when it rolls back): to wake work of
   * this process that reads what the transaction wrote (a background worker's next look). Keep it
   * short and let it not throw; nothing it does is part of the transaction.
   */
  afterCommit(callback: () => void): void;
  /** The tenant, its locations and devices as the kernel keeps them: read here, never from the kernel's tables. */
  readonly directory: TenantDirectory;
  /** Seals secrets the plugin obtains at run time (an OAuth access token) for its own tables. */
  readonly secrets: SecretBox;
}

/**
 * Secrets a plugin obtains at run time — an access token from an OAuth install, a refresh token
 * that rotates — sealed as its secret settings are (AES-256-GCM under the kernel's settings key),
 * bound to the tenant, the plugin and a `purpose` the plugin names, so a sealed value copied to
 * another tenant, plugin or purpose does not open. Store the sealed string in the plugin's own
 * table; never store or log the plaintext.
 */
export interface SecretBox {
  /** The plaintext sealed for this tenant, plugin and `purpose` (`[a-z0-9._-]{1,64}`): a string to store. */
  seal(purpose: string, plaintext: string): string;
  /**
   * What `seal` sealed with the same purpose for this tenant and plugin; undefined when it was
   * sealed for another, under a kernel key since replaced (ask the merchant to connect again), or is damaged.
   */
  open(purpose: string, sealed: string): string | undefined;
}

/** Capability services of the tenant, bound to the current transaction. */
export interface ServiceLocator {
  use<Name extends string>(capability: Name): CapabilityService<Name>;
  /**
   * The id of the tenant's enabled plugin that provides `capability` (`stripe-pay` for
   * `payments@2`), or null when none does — to record which provider took a payment, say.
   */
  providerOf(capability: string): string | null;
}

/** What a provider gets when another plugin uses its capability. */
export interface ServiceScope<Settings = Record<string, unknown>> {
  readonly tx: TenantTransaction;
  readonly actor: Actor;
  readonly services: ServiceLocator;
  /** The providing plugin's settings for the tenant, as its routes and handlers get them. */
  readonly settings: Settings;
  readonly log: PluginLogger;
}
