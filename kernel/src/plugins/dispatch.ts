import { DomainError, type RouteReply, type RouteRequest, type ServiceLocator, type TenantTransaction } from '@kits/plugin-sdk';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasPermission, type Authenticated } from '../auth/authenticated.ts';
import type { Database } from '../db/database.ts';
import { isWriteInReadOnlyTransaction } from '../db/database-errors.ts';
import { problem, sendProblem } from '../http/problem.ts';
import { describeValidationErrors, validationSummary } from '../http/validation.ts';
import type { PluginHost } from './plugin-host.ts';
import type { PluginRoute } from './route-table.ts';
import { withTimeLimit } from '../time-limit.ts';

const PLUGIN_ID = /^[a-z][a-z0-9-]{1,39}$/;

const DISPATCH = Symbol('kits.dispatch');
interface ResolvedRoute {
  readonly pluginId: string;
  readonly actor: Authenticated['actor'];
  readonly grants: Authenticated['grants'];
  readonly active: NonNullable<ReturnType<PluginHost['activePluginNow']>>;
  readonly installs: Awaited<ReturnType<PluginHost['installsOf']>>;
  readonly route: PluginRoute;
  readonly params: Record<string, unknown>;
  readonly query: Record<string, unknown>;
  readonly body: unknown;
}
type DispatchRequest = FastifyRequest & { [DISPATCH]?: ResolvedRoute };

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
  const issues = describeValidationErrors(check.errors ?? [], part === 'query' ? 'querystring' : part);
  throw new DomainError('request.invalid', 400, validationSummary(issues), { errors: issues });
}

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
  #log: FastifyRequest['log'] | undefined;

  constructor(request: FastifyRequest, resolved: ResolvedRoute, tx: TenantTransaction, services: ServiceLocator) {
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

class PluginRouteReply implements RouteReply {
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
export function installPluginDispatch(app: FastifyInstance, deps: { host: PluginHost; db: Database; handlerTimeoutMs: number }): void {
  const { host, db } = deps;
  const notFoundProblem = (request: FastifyRequest) =>
    problem(404, 'route.not_found', `There is no ${request.method} ${request.url.split('?')[0]}. See /docs for the API.`);

  /** Finds the tenant's version of the plugin, the route, checks permission and input; undefined when it answered already. */
  const resolve = async (request: FastifyRequest, reply: FastifyReply): Promise<ResolvedRoute | undefined> => {
    const { plugin: pluginId } = request.params as { plugin: string };
    const rest = (request.params as Record<string, string>)['*'] ?? '';
    const path = rest === '' ? '/' : `/${rest}`.replace(/\/+$/, '') || '/';
    const { actor, grants } = tenantPrincipal(request);
    // Fast path: everything cached and loaded, no await; otherwise the async path fills the caches.
    let active = host.activePluginNow(actor.tenantId, pluginId);
    if (!active) {
      if (!PLUGIN_ID.test(pluginId) || host.catalog.versions(pluginId).length === 0) {
        sendProblem(reply, notFoundProblem(request));
        return undefined;
      }
      const found = await host.activePlugin(actor.tenantId, pluginId);
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
    const params: Record<string, unknown> = match.params;
    const query = request.query as Record<string, unknown>;
    const body: unknown = request.body ?? (route.validate.body ? {} : undefined);
    validate(route, 'params', params);
    validate(route, 'query', query);
    validate(route, 'body', body);
    return { pluginId, actor, grants, active, installs: active.installs, route, params, query, body };
  };

  const run = async (request: FastifyRequest, reply: FastifyReply, resolved: ResolvedRoute, readOnly: boolean) => {
    const { pluginId, actor, route } = resolved;
    const routeReply = new PluginRouteReply();
    // The time limit sits inside the transaction, so a hung handler's transaction is rolled back
    // and its connection freed when the limit strikes.
    const result = await db
      .transaction({ tenantId: actor.tenantId, deferred: true, readOnly }, (tx) => {
        const routeRequest = new PluginRouteRequest(
          request,
          resolved,
          host.tenantTransaction(tx, actor.tenantId, resolved.active.loaded.pkg, actor),
          host.services(actor.tenantId, tx, actor, resolved.installs, resolved.active.loaded.pkg),
        );
        return withTimeLimit(
          route.options.handler(routeRequest, routeReply),
          deps.handlerTimeoutMs,
          `${pluginId} ${route.method} ${route.url}`,
        );
      })
      .catch((error: unknown) => {
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

  // Reads resolve and run in one handler, in a read-only transaction. Writes resolve in
  // preValidation, before the preHandler hooks (idempotency), so a request rejected there claims
  // no idempotency key.
  const read = async (request: FastifyRequest, reply: FastifyReply) => {
    const resolved = await resolve(request, reply);
    if (!resolved) return reply;
    return run(request, reply, resolved, true);
  };
  const resolveWrite = async (request: FastifyRequest, reply: FastifyReply) => {
    const resolved = await resolve(request, reply);
    if (resolved) (request as DispatchRequest)[DISPATCH] = resolved;
  };
  const write = async (request: FastifyRequest, reply: FastifyReply) => {
    const resolved = (request as DispatchRequest)[DISPATCH];
    if (!resolved) return reply;
    return run(request, reply, resolved, false);
  };

  for (const url of ['/api/v1/:plugin/*', '/api/v1/:plugin']) {
    app.route({ method: 'GET', url, schema: { hide: true }, handler: read });
    app.route({ method: ['POST', 'PUT', 'PATCH', 'DELETE'], url, schema: { hide: true }, preValidation: resolveWrite, handler: write });
  }
}
