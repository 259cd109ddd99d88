import { DomainError, type RouteReply, type RouteRequest } from '@kits/plugin-sdk';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasPermission, type Authenticated } from '../auth/authenticated.ts';
import type { Database } from '../db/database.ts';
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
  readonly active: NonNullable<Awaited<ReturnType<PluginHost['activePlugin']>>>;
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

/**
 * Mounts `/api/v1/:plugin/*`: every plugin route of every version is served through here, so
 * enabling, disabling and upgrading take effect per tenant without touching Fastify's router.
 */
export function installPluginDispatch(app: FastifyInstance, deps: { host: PluginHost; db: Database; handlerTimeoutMs: number }): void {
  const { host, db } = deps;

  /**
   * Resolution, permission and validation happen in preValidation, before the global preHandler
   * hooks (idempotency): a request rejected here claims no idempotency key.
   */
  const resolve = async (request: FastifyRequest, reply: FastifyReply) => {
    const { plugin: pluginId } = request.params as { plugin: string };
    const rest = (request.params as Record<string, string>)['*'] ?? '';
    const path = `/${rest}`.replace(/\/+$/, '') || '/';
    if (!PLUGIN_ID.test(pluginId) || host.catalog.versions(pluginId).length === 0) {
      return sendProblem(
        reply,
        problem(404, 'route.not_found', `There is no ${request.method} ${request.url.split('?')[0]}. See /docs for the API.`),
      );
    }
    const { actor, grants } = tenantPrincipal(request);
    const active = await host.activePlugin(actor.tenantId, pluginId);
    if (!active) {
      return sendProblem(
        reply,
        problem(
          404,
          'plugins.not_enabled',
          `The plugin "${pluginId}" is not enabled for this tenant. An admin can enable it with POST /api/v1/plugins/${pluginId}/enable.`,
        ),
      );
    }
    const match = active.loaded.routes.find(request.method, path);
    if (!match) {
      if (active.loaded.routes.hasPath(path)) {
        return sendProblem(
          reply,
          problem(405, 'route.method_not_allowed', `${request.method} is not allowed on ${request.url.split('?')[0]}.`),
        );
      }
      return sendProblem(
        reply,
        problem(
          404,
          'route.not_found',
          `There is no ${request.method} ${request.url.split('?')[0]} in ${pluginId}@${active.install.version}. See /docs for its routes.`,
        ),
      );
    }
    (request as { kitsRoute?: string }).kitsRoute = `/api/v1/${pluginId}${match.route.url}`;
    const { route } = match;
    const permission = route.options.permission;
    if (permission && !hasPermission(grants, permission)) {
      return sendProblem(
        reply,
        problem(403, 'auth.forbidden', `You need the permission "${permission}" for this; ask an admin to grant it.`, { permission }),
      );
    }
    const params: Record<string, unknown> = { ...match.params };
    const query: Record<string, unknown> = { ...(request.query as Record<string, unknown>) };
    const body: unknown = request.body ?? (route.validate.body ? {} : undefined);
    validate(route, 'params', params);
    validate(route, 'query', query);
    validate(route, 'body', body);
    const installs = await host.installsOf(actor.tenantId);
    await host.loadEnabled(installs);
    (request as DispatchRequest)[DISPATCH] = { pluginId, actor, grants, active, installs, route, params, query, body };
  };

  const dispatch = async (request: FastifyRequest, reply: FastifyReply) => {
    const resolved = (request as DispatchRequest)[DISPATCH];
    if (!resolved) return reply;
    const { pluginId, actor, grants, active, installs, route, params, query, body } = resolved;
    let status = 200;
    const headers: Record<string, string> = {};
    const routeReply: RouteReply = {
      status(code) {
        status = code;
        return routeReply;
      },
      header(name, value) {
        headers[name] = value;
        return routeReply;
      },
    };
    // The time limit sits inside the transaction, so a hung handler's transaction is rolled back
    // and its connection freed when the limit strikes.
    let childLog: FastifyRequest['log'] | undefined;
    const result = await db.transaction({ tenantId: actor.tenantId, deferred: true }, async (tx) => {
      const routeRequest: RouteRequest = {
        params: params as Record<string, string>,
        query,
        body,
        headers: request.headers,
        actor,
        tenantId: actor.tenantId,
        tx: host.tenantTransaction(tx, actor.tenantId, pluginId, actor),
        services: host.services(actor.tenantId, tx, actor, installs),
        settings: active.install.settings,
        get log() {
          childLog ??= request.log.child({ plugin: pluginId, pluginVersion: active.install.version });
          return childLog;
        },
        can: (needed, locationId) => hasPermission(grants, needed, locationId),
        require(needed, locationId) {
          if (!hasPermission(grants, needed, locationId)) {
            throw new DomainError(
              'auth.forbidden',
              403,
              `You need the permission "${needed}"${locationId ? ' at this location' : ''} for this; ask an admin to grant it.`,
              { permission: needed },
            );
          }
        },
      };
      return withTimeLimit(
        route.options.handler(routeRequest, routeReply),
        deps.handlerTimeoutMs,
        `${pluginId} ${route.method} ${route.url}`,
      );
    });
    reply.headers(headers);
    if (result === undefined) return reply.code(status === 200 ? 204 : status).send();
    return reply.code(status).send(result);
  };

  // Reads and writes are separate routes, so hooks meant for writes (idempotency) skip reads.
  for (const method of [['GET'], ['POST', 'PUT', 'PATCH', 'DELETE']]) {
    app.route({ method, url: '/api/v1/:plugin/*', schema: { hide: true }, preValidation: resolve, handler: dispatch });
    app.route({ method, url: '/api/v1/:plugin', schema: { hide: true }, preValidation: resolve, handler: dispatch });
  }
}
