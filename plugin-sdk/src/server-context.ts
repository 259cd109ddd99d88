import type { CapabilityService } from './capabilities.ts';
import type { EventEnvelope } from './events.ts';
import type { SyncRegistry } from './sync.ts';
import type { RouteReply, RouteRegistrar } from './server-context/routes.ts';
import type { PluginLogger, TenantTransaction, ServiceLocator, ServiceScope } from './server-context/transaction.ts';

export type * from './server-context/routes.ts';
export type * from './server-context/transaction.ts';
export type {
  CatalogueEventType,
  TenantDevice,
  TenantDeviceAlert,
  TenantDirectory,
  TenantLocation,
  TenantPerson,
  TillEventOutcomes,
} from './tenant-directory.ts';

export interface EventContext<Settings = Record<string, unknown>> {
  readonly tx: TenantTransaction;
  readonly services: ServiceLocator;
  readonly settings: Settings;
  readonly log: PluginLogger;
}

export interface EventSubscriptions<Settings = Record<string, unknown>> {
  /**
   * Runs `handler` once per event id for every tenant that has this plugin enabled. `type` is an
   * exact event type or a pattern with `*` for one segment (`inventory.stock.*`) and `#` for any
   * number of segments (`sales.#`; `#` alone: every event of the tenant). The handler runs
   * in a tenant transaction; it is retried with backoff when it throws, then dead-lettered. A
   * plugin's handlers run one at a time, in the order the events were committed, and several events
   * of one tenant may share a transaction (each in a savepoint: a throwing handler undoes only its own
   * event) — see docs/decisions.md, D-174.
   */
  subscribe<Payload = unknown>(
    type: string,
    handler: (event: EventEnvelope<Payload>, context: EventContext<Settings>) => Promise<void>,
  ): void;
  /**
   * Like `subscribe` for several types at once, with the events handed over together: `handler`
   * gets 1–500 new events of one tenant, in commit order, in one call — so a plugin that applies
   * events set-based (a report's rollups) writes a batch with one set of statements instead of one
   * per event. Each event is still applied once. When the handler throws, the batch is undone and
   * its events are handed over one at a time, so only the event that fails is retried (and finally
   * dead-lettered); the handler must therefore give the same result for a batch as for its events
   * one by one. A batch shares the handler time limit of one event. See docs/decisions.md, D-185.
   */
  subscribeBatch<Payload = unknown>(
    types: readonly string[],
    handler: (events: ReadonlyArray<EventEnvelope<Payload>>, context: EventContext<Settings>) => Promise<void>,
  ): void;
}

export interface ServiceRegistry<Settings = Record<string, unknown>> {
  /** Provides a capability listed in the manifest's `provides`, built per call from the caller's scope. */
  provide<Name extends string>(capability: Name, factory: (scope: ServiceScope<Settings>) => CapabilityService<Name>): void;
}

export interface JobContext<Settings = Record<string, unknown>> extends EventContext<Settings> {
  readonly now: Date;
}

/** The most a job's run may be given (`JobOptions.timeLimitMs`). */
export const MAX_JOB_TIME_LIMIT_MS = 30 * 60_000;

export interface JobOptions {
  /**
   * How long one run (for one tenant) may take, in ms: by default the kernel's handler limit
   * (HANDLER_TIMEOUT_MS, 10 s), at most 30 minutes. For batch work a request's limit does not fit
   * (a day's export); the run holds its transaction and the job's lock that long.
   */
  readonly timeLimitMs?: number;
}

export interface JobRegistry<Settings = Record<string, unknown>> {
  /**
   * Runs `handler` every `intervalMs` for each tenant that has the plugin enabled — once across all
   * kernel processes (a distributed lock guards each run).
   */
  every(name: string, intervalMs: number, handler: (context: JobContext<Settings>) => Promise<void>, options?: JobOptions): void;
}

/**
 * A call another system makes to the plugin (a payment provider's webhook): unauthenticated, so the
 * handler must prove the sender itself (a signature over `rawBody` with a secret from its settings)
 * and throw a 400 `DomainError` when it cannot — the transaction then rolls back and nothing changes.
 */
export interface WebhookRequest<Settings = Record<string, unknown>> {
  /** The tenant named in the URL; the plugin is enabled for it. */
  readonly tenantId: string;
  /**
   * The body exactly as it arrived, for signature checks; parse it yourself. A Node `Buffer` at run
   * time (typed as its base class so the SDK's browser-side types need no Node types).
   */
  readonly rawBody: Uint8Array;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The tenant's transaction (the actor is `system`, the plugin). */
  readonly tx: TenantTransaction;
  readonly services: ServiceLocator;
  readonly settings: Settings;
  readonly log: PluginLogger;
}

export interface WebhookOptions<Settings> {
  /** The largest body taken, in bytes (1 KiB to 64 MiB); BODY_LIMIT_BYTES when left out. */
  readonly bodyLimit?: number;
  /** Answers the sender: the value is sent as JSON with `reply`'s status (200 by default). */
  handler(request: WebhookRequest<Settings>, reply: RouteReply): Promise<unknown>;
}

export interface WebhookRegistry<Settings = Record<string, unknown>> {
  /**
   * Receives `POST /webhooks/<plugin-id>/<tenant-id>/<name>` (outside `/api/v1`, no sign-in), for
   * tenants that have the plugin enabled (404 `webhooks.not_found` otherwise). `name` is
   * `[a-z][a-z0-9-]{0,39}`. The merchant gives the sender this URL (the office can show it).
   */
  receive(name: string, options: WebhookOptions<Settings>): void;
}

/** What a background worker gets (`workers.run`): a way into each tenant, and when to stop. */
export interface WorkerContext<Settings = Record<string, unknown>> {
  /** Aborted when the kernel stops (or unloads the plugin): finish the current step and return. */
  readonly signal: AbortSignal;
  readonly log: PluginLogger;
  /** The tenants that have this plugin version enabled now, with their settings (secrets opened). */
  tenants(): Promise<ReadonlyArray<{ readonly tenantId: string; readonly settings: Settings }>>;
  /**
   * Runs `work` in one short transaction of `tenantId` (actor `system`, the plugin), as a job run
   * does, with the kernel's handler time limit. Keep network calls outside it: take what to do in
   * one transaction, do it, record the outcome in another.
   */
  inTenant<T>(tenantId: string, work: (context: EventContext<Settings>) => Promise<T>): Promise<T>;
}

export interface WorkerRegistry<Settings = Record<string, unknown>> {
  /**
   * Runs `worker` once in every kernel process while the plugin version is loaded, for work that
   * must not hold a transaction open (sending HTTP requests, waiting on a remote system). It runs
   * in every process at once: claim work in the database (`for update skip locked`, a lease) so
   * processes share it. When it returns or throws before `signal` aborts, it is started again after
   * a second (a throw is logged). Name: `[a-z][a-z0-9-]{0,39}`.
   */
  run(name: string, worker: (context: WorkerContext<Settings>) => Promise<void>): void;
}

/**
 * The operator's configuration of the plugin (not a tenant's: one per kernel installation), from
 * the kernel's environment: `PLUGIN_<ID>__<NAME>` (the plugin id upper-cased, dashes as
 * underscores), e.g. `PLUGIN_WEBHOOKS__ALLOW_HTTP=1` is `operator.get('ALLOW_HTTP')` for `webhooks`.
 */
export interface OperatorConfig {
  get(name: string): string | undefined;
}

/** What `register` gets: declare routes, handlers, services and jobs. No work at import time. */
export interface ServerPluginContext<Settings = Record<string, unknown>> {
  readonly plugin: { readonly id: string; readonly version: string; readonly schema: string };
  readonly log: PluginLogger;
  readonly routes: RouteRegistrar<Settings>;
  readonly events: EventSubscriptions<Settings>;
  readonly services: ServiceRegistry<Settings>;
  readonly jobs: JobRegistry<Settings>;
  /** Till sync: handlers for pushed till events and pull sources the till replicates. */
  readonly sync: SyncRegistry<Settings>;
  /** Calls other systems make to the plugin (a provider's webhooks), with the raw body. */
  readonly webhooks: WebhookRegistry<Settings>;
  /** Long-running background work outside any transaction (a sender draining its own outbox). */
  readonly workers: WorkerRegistry<Settings>;
  /** The operator's settings of this plugin for the whole installation (`PLUGIN_<ID>__<NAME>`). */
  readonly operator: OperatorConfig;
}

/** What lifecycle callbacks get: one tenant, in one transaction. */
export interface TenantLifecycleContext<Settings = Record<string, unknown>> {
  readonly tenantId: string;
  readonly tx: TenantTransaction;
  readonly settings: Settings;
  readonly log: PluginLogger;
}

/**
 * What the `demo` hook gets: the demo tenant `npm start` creates on a fresh database, in one
 * transaction, with every plugin the kernel knows enabled.
 */
export interface DemoContext<Settings = Record<string, unknown>> extends TenantLifecycleContext<Settings> {
  /** The demo tenant's store (where its till sells) and warehouse. */
  readonly locations: { readonly storeId: string; readonly warehouseId: string };
  /** Capability services — the plugin's own and those its manifest declares — in this transaction. */
  readonly services: ServiceLocator;
  /** Lets the demo cashier hold these of the plugin's own permissions at the store (granted after the hook commits). */
  allowCashier(permissions: readonly string[]): void;
}

export interface ServerPlugin<Settings = Record<string, unknown>> {
  register(context: ServerPluginContext<Settings>): void | Promise<void>;
  onEnable?(context: TenantLifecycleContext<Settings>): Promise<void>;
  onDisable?(context: TenantLifecycleContext<Settings>): Promise<void>;
  onUpgrade?(context: TenantLifecycleContext<Settings> & { readonly from: string; readonly to: string }): Promise<void>;
  /**
   * Sample data for the demo tenant (`npm start`, `KITS_DEMO=1`): a plugin seeds its own part — a
   * catalog, stock, the cashier's permissions — so the kernel names no plugin. Called once per
   * demo tenant, providers before the plugins that require them; never for other tenants.
   */
  demo?(context: DemoContext<Settings>): Promise<void>;
}

/** Declares a plugin's server side. The object is inert until the kernel calls `register`. */
export function definePlugin<Settings = Record<string, unknown>>(plugin: ServerPlugin<Settings>): ServerPlugin<Settings> {
  if (typeof plugin.register !== 'function') {
    throw new TypeError('definePlugin needs a register(context) function');
  }
  return plugin;
}
