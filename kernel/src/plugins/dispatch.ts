import {
  DomainError,
  type DataSource,
  type RouteReply,
  type RouteRequest,
  type ServiceLocator,
  type TenantTransaction,
} from '@kits/plugin-sdk';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasPermission, type Authenticated } from '../auth/authenticated.ts';
import type { Database, Transaction } from '../db/database.ts';
import { isWriteInReadOnlyTransaction } from '../db/database-errors.ts';
import { replicaLagSeconds, reportingUnavailable } from '../db/reporting-database.ts';
import { limitBody, MAX_BODY_LIMIT_BYTES } from '../http/body-limit.ts';
import { problem, sendProblem } from '../http/problem.ts';
import { invalidInput } from '../http/validation.ts';
import type { PluginHost } from './plugin-host.ts';
import type { PluginRoute } from './route-table.ts';
import { withTimeLimit } from '../time-limit.ts';

const PLUGIN_ID = /^[a-z][a-z0-9-]{1,39}$/;

const DISPATCH = Symbol('kits.dispatch');
interface LocatedRoute {
  readonly pluginId: string;
  readonly actor: Authenticated['actor'];
  readonly grants: Authenticated['grants'];
  readonly active: NonNullable<ReturnType<PluginHost['activePluginNow']>>;
  readonly installs: Awaited<ReturnType<PluginHost['installsOf']>>;
  readonly route: PluginRoute;
  readonly params: Record<string, unknown>;
}
interface ResolvedRoute extends LocatedRoute {
  readonly query: Record<string, unknown>;
  readonly body: unknown;
}
type DispatchRequest = FastifyRequest & { [DISPATCH]?: LocatedRoute | ResolvedRoute };

function tenantPrincipal(request: FastifyRequest): Authenticated {
  const principal = request.principal;
  if (!principal) throw new DomainError('auth.required', 401, 'Sign in first: send Authorization: Bearer <access token> or ApiKey <key>.');
  if (!('actor' in principal))
    throw new DomainError('auth.forbidden', 403, 'Operators manage tenants; plugin routes act for a tenant. Sign in as a tenant user.');
  return principal;
}

function validate(route: PluginRoute, part: 'params' | 'query' | 'body', value: unknown): void {
  const check = route.validate[part];
  if (!check || check(value)) return;
  throw invalidInput(check.errors ?? [], part === 'query' ? 'querystring' : part, value);
}

/** Where a route's transaction runs; `dataSource()` tells the handler. */
type ReadDatabase = { readonly source: 'primary' } | { readonly source: 'replica'; readonly lagSeconds: Promise<number | null> };

const ON_THE_PRIMARY: DataSource = Object.freeze({ source: 'primary', lagSeconds: 0 });

/** What a plugin handler gets: a class with prototype methods, since one is made per request. */
class PluginRouteRequest implements RouteRequest {
  readonly params: Record<string, string>;
  readonly query: Record<string, unknown>;
  readonly body: unknown;
  readonly headers: FastifyRequest['headers'];
  readonly actor: Authenticated['actor'];
  readonly tenantId: string;
  readonly tx: TenantTransaction;
  readonly services: ServiceLocator;
  readonly settings: Readonly<Record<string, unknown>>;
  readonly #grants: Authenticated['grants'];
  readonly #request: FastifyRequest;
  readonly #logBindings: { plugin: string; pluginVersion: string };
  readonly #readsFrom: ReadDatabase;
  #log: FastifyRequest['log'] | undefined;
  #dataSource: Promise<DataSource> | undefined;

  constructor(request: FastifyRequest, resolved: ResolvedRoute, tx: TenantTransaction, services: ServiceLocator, readsFrom: ReadDatabase) {
    this.params = resolved.params as Record<string, string>;
    this.query = resolved.query;
    this.body = resolved.body;
    this.headers = request.headers;
    this.actor = resolved.actor;
    this.tenantId = resolved.actor.tenantId;
    this.tx = tx;
    this.services = services;
    this.settings = resolved.active.install.settings;
    this.#grants = resolved.grants;
    this.#request = request;
    this.#logBindings = { plugin: resolved.pluginId, pluginVersion: resolved.active.install.version };
    this.#readsFrom = readsFrom;
  }

  dataSource(): Promise<DataSource> {
    const readsFrom = this.#readsFrom;
    this.#dataSource ??=
      readsFrom.source === 'primary'
        ? Promise.resolve(ON_THE_PRIMARY)
        : readsFrom.lagSeconds.then((lagSeconds) => ({ source: 'replica', lagSeconds }));
    return this.#dataSource;
  }

  get log(): FastifyRequest['log'] {
    this.#log ??= this.#request.log.child(this.#logBindings);
    return this.#log;
  }

  can(permission: string, locationId?: string): boolean {
    return hasPermission(this.#grants, permission, locationId);
  }

  require(permission: string, locationId?: string): void {
    if (!hasPermission(this.#grants, permission, locationId)) {
      throw new DomainError(
        'auth.forbidden',
        403,
        `You need the permission "${permission}"${locationId ? ' at this location' : ''} for this; ask an admin to grant it.`,
        { permission },
      );
    }
  }
}

/**
 * The replica's lag, read as the transaction's first statement: the snapshot every later statement
 * sees is taken there, so the lag dates what the route reads. A failure (the replica away) reaches
 * the handler through its own statements.
 */
function lagAtTheSnapshot(tx: Transaction): Promise<number | null> {
  const lag = replicaLagSeconds(tx);
  lag.catch(() => undefined);
  return lag;
}

/** What a plugin's route or webhook handler sets on its answer: status and headers. */
export class PluginRouteReply implements RouteReply {
  statusCode = 200;
  headers: Record<string, string> | undefined;

  status(code: number): RouteReply {
    this.statusCode = code;
    return this;
  }

  header(name: string, value: string): RouteReply {
    (this.headers ??= {})[name] = value;
    return this;
  }
}

/**
 * Mounts `/api/v1/:plugin/*`: every plugin route of every version is served through here, so
 * enabling, disabling and upgrading take effect per tenant without touching Fastify's router.
 */
export function installPluginDispatch(
  app: FastifyInstance,
  deps: {
    host: PluginHost;
    db: Database;
    /** REPORTING_DATABASE_URL's replica, where GET routes declared `readFrom: 'reporting'` run; the primary without it. */
    reporting?: Database;
    handlerTimeoutMs: number;
    bodyLimitBytes: number;
  },
): void {
  const { host, db } = deps;
  const notFoundProblem = (request: FastifyRequest) =>
    problem(404, 'route.not_found', `There is no ${request.method} ${request.url.split('?')[0]}. See /docs for the API.`);

  /** Finds the tenant's version of the plugin and the route, checks permission; undefined when it answered already. */
  const locate = async (request: FastifyRequest, reply: FastifyReply): Promise<LocatedRoute | undefined> => {
    const { plugin: pluginId } = request.params as { plugin: string };
    const rest = (request.params as Record<string, string>)['*'] ?? '';
    const path = rest === '' ? '/' : `/${rest}`.replace(/\/+$/, '') || '/';
    const { actor, grants } = tenantPrincipal(request);
    // Fast path: everything cached and loaded, no await; otherwise the async path fills the caches.
    let active = host.activePluginNow(actor.tenantId, pluginId);
    if (!active) {
      if (!PLUGIN_ID.test(pluginId)) {
        sendProblem(reply, notFoundProblem(request));
        return undefined;
      }
      // A version another kernel process enabled is installed from the registry here when first asked for.
      const found = await host.activePlugin(actor.tenantId, pluginId);
      if (!found && host.catalog.versions(pluginId).length === 0) {
        sendProblem(reply, notFoundProblem(request));
        return undefined;
      }
      if (!found) {
        sendProblem(
          reply,
          problem(
            404,
            'plugins.not_enabled',
            `The plugin "${pluginId}" is not enabled for this tenant. An admin can enable it with POST /api/v1/plugins/${pluginId}/enable.`,
          ),
        );
        return undefined;
      }
      const installs = await host.installsOf(actor.tenantId);
      await host.loadEnabled(installs);
      active = { ...found, installs };
    }
    const match = active.loaded.routes.find(request.method, path);
    if (!match) {
      if (active.loaded.routes.hasPath(path)) {
        sendProblem(reply, problem(405, 'route.method_not_allowed', `${request.method} is not allowed on ${request.url.split('?')[0]}.`));
      } else {
        sendProblem(
          reply,
          problem(
            404,
            'route.not_found',
            `There is no ${request.method} ${request.url.split('?')[0]} in ${pluginId}@${active.install.version}. See /docs for its routes.`,
          ),
        );
      }
      return undefined;
    }
    (request as { kitsRoute?: string }).kitsRoute =
      match.route.url === '/' ? `/api/v1/${pluginId}` : `/api/v1/${pluginId}${match.route.url}`;
    const { route } = match;
    const permission = route.options.permission;
    if (permission && !hasPermission(grants, permission)) {
      sendProblem(
        reply,
        problem(403, 'auth.forbidden', `You need the permission "${permission}" for this; ask an admin to grant it.`, { permission }),
      );
      return undefined;
    }
    return { pluginId, actor, grants, active, installs: active.installs, route, params: match.params };
  };

  /** Checks the located route's params, query and body against its schemas. */
  const withInput = (request: FastifyRequest, located: LocatedRoute): ResolvedRoute => {
    const { route } = located;
    const query = request.query as Record<string, unknown>;
    const body: unknown = request.body ?? (route.validate.body ? {} : undefined);
    validate(route, 'params', located.params);
    validate(route, 'query', query);
    validate(route, 'body', body);
    return { ...located, query, body };
  };

  const run = async (request: FastifyRequest, reply: FastifyReply, resolved: ResolvedRoute, readOnly: boolean) => {
    const { pluginId, actor, route } = resolved;
    const routeReply = new PluginRouteReply();
    // A report reads one snapshot (its totals and rows agree), on the replica when there is one.
    const oneSnapshot = readOnly && route.readFrom === 'reporting';
    const onReplica = oneSnapshot && deps.reporting !== undefined;
    // The time limit sits inside the transaction, so a hung handler's transaction is rolled back
    // and its connection freed when the limit strikes.
    const result = await (onReplica ? deps.reporting! : db)
      .transaction({ tenantId: actor.tenantId, deferred: true, readOnly, oneSnapshot }, (tx) => {
        const routeRequest = new PluginRouteRequest(
          request,
          resolved,
          host.tenantTransaction(tx, actor.tenantId, resolved.active.loaded.pkg, actor),
          host.services(actor.tenantId, tx, actor, resolved.installs, resolved.active.loaded.pkg),
          onReplica ? { source: 'replica', lagSeconds: lagAtTheSnapshot(tx) } : { source: 'primary' },
        );
        return withTimeLimit(
          route.options.handler(routeRequest, routeReply),
          deps.handlerTimeoutMs,
          `${pluginId} ${route.method} ${route.url}`,
        );
      })
      .catch((error: unknown) => {
        const replicaAway = onReplica ? reportingUnavailable(error) : undefined;
        if (replicaAway) {
          request.log.warn({ err: error }, 'the reporting database (REPORTING_DATABASE_URL) cannot be reached; reports answer 503');
          throw replicaAway;
        }
        throw readOnly && isWriteInReadOnlyTransaction(error)
          ? new Error(
              `${pluginId} ${route.method} ${route.url} tried to change data: a GET route's handler runs in a read-only transaction. ` +
                'Move the change to a POST, PUT, PATCH or DELETE route.',
              { cause: error },
            )
          : error;
      });
    if (routeReply.headers) reply.headers(routeReply.headers);
    if (result === undefined) return reply.code(routeReply.statusCode === 200 ? 204 : routeReply.statusCode).send();
    return reply.code(routeReply.statusCode).send(result);
  };

  // Reads locate and run in one handler, in a read-only transaction. Writes locate their route in
  // preParsing, so its own body limit applies while the body is read, and check their input in
  // preValidation, before the preHandler hooks (idempotency): a request rejected there claims no
  // idempotency key.
  const read = async (request: FastifyRequest, reply: FastifyReply) => {
    const located = await locate(request, reply);
    if (!located) return reply;
    return run(request, reply, withInput(request, located), true);
  };
  const locateWrite = async (request: FastifyRequest, reply: FastifyReply, payload: NodeJS.ReadableStream) => {
    const located = await locate(request, reply);
    if (!located) return payload;
    (request as DispatchRequest)[DISPATCH] = located;
    return limitBody(request, payload, located.route.options.bodyLimit ?? deps.bodyLimitBytes);
  };
  const checkWrite = async (request: FastifyRequest) => {
    const located = (request as DispatchRequest)[DISPATCH];
    if (located) (request as DispatchRequest)[DISPATCH] = withInput(request, located);
  };
  const write = async (request: FastifyRequest, reply: FastifyReply) => {
    const resolved = (request as DispatchRequest)[DISPATCH];
    if (!resolved || !('body' in resolved)) return reply;
    return run(request, reply, resolved, false);
  };

  for (const url of ['/api/v1/:plugin/*', '/api/v1/:plugin']) {
    app.route({ method: 'GET', url, schema: { hide: true }, handler: read });
    app.route({
      method: ['POST', 'PUT', 'PATCH', 'DELETE'],
      url,
      schema: { hide: true },
      // Each plugin route's own limit (`bodyLimit`, the kernel's by default) is applied by limitBody.
      bodyLimit: MAX_BODY_LIMIT_BYTES,
      preParsing: locateWrite,
      preValidation: checkWrite,
      handler: write,
    });
  }
}
