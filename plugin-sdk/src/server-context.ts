import type { SyncRegistry } from './sync.ts';
import type { EntityManager } from '@mikro-orm/core';
import type { Static, TSchema } from 'typebox';
import type { CapabilityService } from './capabilities.ts';
import type { EventEnvelope, NewEvent } from './events.ts';
import type { TenantDirectory } from './tenant-directory.ts';

export type {
  CatalogueEventType,
  TenantDevice,
  TenantDeviceAlert,
  TenantDirectory,
  TenantLocation,
  TenantPerson,
  TillEventOutcomes,
} from './tenant-directory.ts';

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

export interface RouteSchema {
  readonly summary?: string;
  readonly description?: string;
  readonly tags?: readonly string[];
  readonly params?: TSchema;
  readonly querystring?: TSchema;
  readonly body?: TSchema;
  /** status code → response body schema */
  readonly response?: Readonly<Record<number, TSchema>>;
}

type StaticOr<S, Fallback> = S extends TSchema ? Static<S> : Fallback;

export interface RouteRequest<S extends RouteSchema = RouteSchema, Settings = Record<string, unknown>> {
  readonly params: StaticOr<S['params'], Record<string, string>>;
  readonly query: StaticOr<S['querystring'], Record<string, unknown>>;
  readonly body: StaticOr<S['body'], unknown>;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly actor: Actor;
  readonly tenantId: string;
  readonly tx: TenantTransaction;
  readonly services: ServiceLocator;
  readonly settings: Settings;
  readonly log: PluginLogger;
  /** Whether the actor holds the permission, at the location when one is given. */
  can(permission: string, locationId?: string): boolean;
  /** Throws a 403 problem (`auth.forbidden`) unless the actor holds the permission. */
  require(permission: string, locationId?: string): void;
  /**
   * Where this request's transaction reads: the primary, or the reporting database (a streaming
   * replica) for a GET route declared `readFrom: 'reporting'` when the kernel has
   * REPORTING_DATABASE_URL. A report shows it beside its figures (`lagSeconds` is how far behind the
   * replica's data is; see `DataSource`). On the replica the lag is read as the transaction's first
   * statement, so it dates the one snapshot the route reads.
   */
  dataSource(): Promise<DataSource>;
}

/** Where a route's reads ran, and how far behind the primary what they saw may be. */
export interface DataSource {
  readonly source: 'primary' | 'replica';
  /**
   * On the replica: seconds since the primary committed the last transaction the replica has
   * replayed, or 0 when it has replayed everything it received (an idle primary is not lag);
   * null when the replica cannot say (it replayed nothing since it started, or it is no longer a
   * replica). On the primary: 0.
   */
  readonly lagSeconds: number | null;
}

export interface RouteReply {
  status(code: number): RouteReply;
  header(name: string, value: string): RouteReply;
}

export interface RouteOptions<S extends RouteSchema, Settings> {
  readonly schema?: S;
  /** Permission the actor needs; checked before the handler runs. Omit for any signed-in actor. */
  readonly permission?: string;
  /**
   * The largest request body this route takes, in bytes (1 KiB to 64 MiB): the kernel's
   * BODY_LIMIT_BYTES (1 MiB by default) when left out. A larger body is answered 413
   * `request.too_large` naming `limitBytes`, before the handler runs.
   */
  readonly bodyLimit?: number;
  handler(request: RouteRequest<S, Settings>, reply: RouteReply): Promise<unknown>;
}

/** A GET route's options: it reads only (its transaction is read-only), and may read from the reporting database. */
export interface ReadRouteOptions<S extends RouteSchema, Settings> extends RouteOptions<S, Settings> {
  /**
   * `'reporting'`: run this route's read-only transaction on the reporting database (a streaming
   * replica, REPORTING_DATABASE_URL) when the kernel has one, on the primary otherwise — in one
   * snapshot either way (repeatable read: its queries agree with each other). For heavy reads that
   * may be a little behind (reports); `request.dataSource()` says where it ran and the replica's
   * lag. When the replica cannot be reached the route answers 503 `reporting.unavailable` (it does
   * not fall back to the primary, which serves the tills).
   */
  readonly readFrom?: 'reporting';
}

/** Routes of the plugin, mounted under `/api/v1/<plugin-id>`. */
export interface RouteRegistrar<Settings = Record<string, unknown>> {
  get<S extends RouteSchema>(url: string, options: ReadRouteOptions<S, Settings>): void;
  post<S extends RouteSchema>(url: string, options: RouteOptions<S, Settings>): void;
  put<S extends RouteSchema>(url: string, options: RouteOptions<S, Settings>): void;
  patch<S extends RouteSchema>(url: string, options: RouteOptions<S, Settings>): void;
  delete<S extends RouteSchema>(url: string, options: RouteOptions<S, Settings>): void;
}

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
