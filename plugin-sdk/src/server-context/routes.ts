import type { Static, TSchema } from 'typebox';
import type { Actor, PluginLogger, ServiceLocator, TenantTransaction } from './transaction.ts';

/* A plugin's HTTP routes: their schemas, the request and reply a handler gets, and the registrar (re-exported by ../server-context.ts). */

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
