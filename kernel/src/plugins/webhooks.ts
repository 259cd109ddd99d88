import type { IncomingHttpHeaders } from 'node:http';
import type { ServiceLocator, TenantTransaction, WebhookRequest } from '@kits/plugin-sdk';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../db/database.ts';
import { limitBody, MAX_BODY_LIMIT_BYTES } from '../http/body-limit.ts';
import { problem, sendProblem } from '../http/problem.ts';
import { withTimeLimit } from '../time-limit.ts';
import { PluginRouteReply } from './dispatch.ts';
import type { LoadedPlugin, PluginWebhook } from './loaded-plugin.ts';
import type { PluginHost, TenantInstall } from './plugin-host.ts';
import { systemActor } from './tenant-transaction.ts';

const PLUGIN_ID = /^[a-z][a-z0-9-]{1,39}$/;
const TENANT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const WEBHOOK_NAME = /^[a-z][a-z0-9-]{0,39}$/;

/** A webhook found for a request: the tenant's version of the plugin and the webhook it declares. */
interface FoundWebhook {
  readonly pluginId: string;
  readonly tenantId: string;
  readonly name: string;
  readonly loaded: LoadedPlugin;
  readonly install: TenantInstall;
  readonly installs: Map<string, TenantInstall>;
  readonly webhook: PluginWebhook;
  /** The headers as they arrived (the Idempotency-Key is taken off the request, see onRequest). */
  readonly headers: IncomingHttpHeaders;
}

const FOUND = Symbol('kits.webhook');
const HEADERS = Symbol('kits.webhookHeaders');
type WebhookFastifyRequest = FastifyRequest & { [FOUND]?: FoundWebhook; [HEADERS]?: IncomingHttpHeaders };

/** What a plugin's webhook handler gets: one per delivery. */
class PluginWebhookRequest implements WebhookRequest {
  readonly tenantId: string;
  readonly rawBody: Buffer;
  readonly headers: IncomingHttpHeaders;
  readonly tx: TenantTransaction;
  readonly services: ServiceLocator;
  readonly settings: Readonly<Record<string, unknown>>;
  readonly log: FastifyRequest['log'];

  constructor(found: FoundWebhook, rawBody: Buffer, tx: TenantTransaction, services: ServiceLocator, log: FastifyRequest['log']) {
    this.tenantId = found.tenantId;
    this.rawBody = rawBody;
    this.headers = found.headers;
    this.tx = tx;
    this.services = services;
    this.settings = found.install.settings;
    this.log = log;
  }
}

/**
 * Serves `POST /webhooks/:plugin/:tenant/:name`: calls other systems make to a plugin (a payment
 * provider's webhooks), outside `/api/v1` and without sign-in — the plugin proves the sender from
 * the raw body. Every body arrives as the exact bytes sent, whatever its content type
 * (docs/decisions.md, D-161).
 */
export async function installPluginWebhooks(
  app: FastifyInstance,
  deps: { host: PluginHost; db: Database; handlerTimeoutMs: number; bodyLimitBytes: number },
): Promise<void> {
  const { host, db } = deps;
  // One answer for every webhook that is not there — unknown plugin, tenant or name, plugin not
  // enabled — so an unauthenticated caller learns nothing about which tenants exist.
  const notFound = (reply: FastifyReply) =>
    sendProblem(
      reply,
      problem(
        404,
        'webhooks.not_found',
        'There is no such webhook. Check the URL (/webhooks/<plugin-id>/<tenant-id>/<webhook-name>, as the plugin documents it): ' +
          'the plugin id, the tenant id and the webhook name, and that the plugin is enabled for the tenant.',
      ),
    );

  /** The tenant's enabled version of the plugin, loaded with every plugin it may use; undefined when not enabled. */
  const activeVersion = async (tenantId: string, pluginId: string) => {
    const now = host.activePluginNow(tenantId, pluginId);
    if (now) return now;
    if (host.catalog.versions(pluginId).length === 0) return undefined;
    // Asked of the database first, so made-up tenant ids never fill the host's per-tenant cache.
    const [enabled] = await db.query('select 1 from kernel.plugin_installs where tenant_id = $1 and plugin_id = $2 and enabled', [
      tenantId,
      pluginId,
    ]);
    if (!enabled) return undefined;
    const found = await host.activePlugin(tenantId, pluginId);
    if (!found) return undefined;
    const installs = await host.installsOf(tenantId);
    await host.loadEnabled(installs);
    return { ...found, installs };
  };

  /** Finds the webhook before the body is read, so its own body limit applies while it arrives. */
  const locate = async (request: FastifyRequest, reply: FastifyReply, payload: NodeJS.ReadableStream) => {
    const params = request.params as { plugin: string; tenant: string; name: string };
    const pluginId = params.plugin;
    const tenantId = params.tenant.toLowerCase();
    const name = params.name;
    if (!PLUGIN_ID.test(pluginId) || !TENANT_ID.test(tenantId) || !WEBHOOK_NAME.test(name)) {
      notFound(reply);
      return payload;
    }
    const active = await activeVersion(tenantId, pluginId);
    const webhook = active?.loaded.webhooks.get(name);
    if (!active || !webhook) {
      notFound(reply);
      return payload;
    }
    (request as { kitsRoute?: string }).kitsRoute = `/webhooks/${pluginId}/:tenant/${name}`;
    const headers = (request as WebhookFastifyRequest)[HEADERS] ?? request.headers;
    (request as WebhookFastifyRequest)[FOUND] = {
      pluginId,
      tenantId,
      name,
      loaded: active.loaded,
      install: active.install,
      installs: active.installs,
      webhook,
      headers,
    };
    return limitBody(request, payload, webhook.bodyLimit ?? deps.bodyLimitBytes);
  };

  const deliver = async (request: FastifyRequest, reply: FastifyReply) => {
    const found = (request as WebhookFastifyRequest)[FOUND];
    if (!found) return reply;
    const { pluginId, tenantId, name, loaded } = found;
    const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const webhookReply = new PluginRouteReply();
    const actor = systemActor(tenantId, pluginId);
    // As with plugin routes, the time limit sits inside the transaction: a hung handler's
    // transaction is rolled back when it strikes.
    const result = await db.transaction({ tenantId, deferred: true }, (tx) =>
      withTimeLimit(
        found.webhook.handler(
          new PluginWebhookRequest(
            found,
            rawBody,
            host.tenantTransaction(tx, tenantId, loaded.pkg, actor),
            host.services(tenantId, tx, actor, found.installs, loaded.pkg),
            request.log.child({ plugin: pluginId, pluginVersion: found.install.version, webhook: name }),
          ),
          webhookReply,
        ),
        deps.handlerTimeoutMs,
        `${pluginId} webhook ${name}`,
      ),
    );
    if (webhookReply.headers) reply.headers(webhookReply.headers);
    if (result === undefined) return reply.code(webhookReply.statusCode === 200 ? 204 : webhookReply.statusCode).send();
    return reply.code(webhookReply.statusCode).type('application/json; charset=utf-8').send(JSON.stringify(result));
  };

  await app.register(async (scope) => {
    // Only in this scope: every content type (or none) is read as the bytes sent, for signature checks.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    scope.route({
      method: 'POST',
      url: '/webhooks/:plugin/:tenant/:name',
      // Not in the OpenAPI document: each plugin documents its own webhooks for the senders.
      schema: { hide: true },
      // Each webhook's own limit (`bodyLimit`, the kernel's by default) is applied by limitBody.
      bodyLimit: MAX_BODY_LIMIT_BYTES,
      // The sender is anonymous: its Idempotency-Key would share one scope across tenants, and a
      // replayed answer would hide deliveries from the plugin, which tells repeats apart itself (by
      // the sender's event id). So the kernel's replay does not apply; the handler still sees the header.
      onRequest: (request, _reply, done) => {
        if (request.headers['idempotency-key'] !== undefined) {
          (request as WebhookFastifyRequest)[HEADERS] = { ...request.headers };
          delete request.headers['idempotency-key'];
        }
        done();
      },
      preParsing: locate,
      handler: deliver,
    });
  });
}
