import {
  badRequest,
  decodeCursor,
  Page,
  pageOf,
  pageRequest,
  PageQuery,
  Type,
  timestampKeySql,
  unprocessable,
  type RouteRegistrar,
  type TenantTransaction,
} from '@kits/plugin-sdk';
import { v7 as uuidv7 } from 'uuid';
import { isWellFormedPattern, unknownPatterns, wildcardsOf } from '../../shared/event-patterns.ts';
import { PING_EVENT_TYPE } from '../../shared/endpoint.ts';
import { deliveryBody } from '../deliveries/record-deliveries.ts';
import type { SendingOptions } from '../operator-options.ts';
import { EndpointInput, EndpointParams, EndpointPatch, Endpoint, EndpointWithSecret } from '../schemas.ts';
import { checkEndpointUrl, DestinationRefused, type ResolvedAddress } from '../sending/destination.ts';
import type { SenderWakeup } from '../sending/sender-wakeup.ts';
import { ENDPOINT_COLUMNS, endpointOf, findEndpoint, insertEndpoint, rotateSecret, type EndpointRow } from './endpoint-store.ts';

export interface EndpointRouteDeps {
  readonly options: SendingOptions;
  readonly resolve: (host: string) => Promise<ResolvedAddress[]>;
  readonly wakeup: SenderWakeup;
}

/** The URL as saved, or a 400/422 problem saying why it is refused (before anything is written). */
async function checkedUrl(text: string, deps: EndpointRouteDeps): Promise<string> {
  try {
    return (await checkEndpointUrl(text, deps.options, deps.resolve)).href;
  } catch (error) {
    if (!(error instanceof DestinationRefused)) throw error;
    const status = error.code === 'webhooks.private_address' || error.code === 'webhooks.host_not_found' ? unprocessable : badRequest;
    throw status(error.code, error.message, { field: 'body.url' });
  }
}

/** Patterns the tenant's catalogue knows, or 400 `webhooks.unknown_event_type` naming the others. */
async function checkedEventTypes(tx: TenantTransaction, patterns: readonly string[]): Promise<string[]> {
  const malformed = patterns.filter((p) => !isWellFormedPattern(p));
  const types = (await tx.directory.eventTypes()).map((t) => t.type);
  const unknown = [...new Set([...malformed, ...unknownPatterns(patterns.filter(isWellFormedPattern), types)])];
  if (unknown.length > 0)
    throw badRequest(
      'webhooks.unknown_event_type',
      `No event of this tenant's plugins is named by ${unknown.map((u) => `"${u}"`).join(', ')}: pick types from the catalogue (GET /api/v1/webhooks/event-types), a "<prefix>.*" wildcard, or "*".`,
      { unknown, field: 'body.eventTypes' },
    );
  return [...patterns];
}

export function registerEndpointRoutes(routes: RouteRegistrar, deps: EndpointRouteDeps): void {
  routes.get('/event-types', {
    permission: 'webhooks:read',
    schema: {
      summary: "The tenant's event catalogue (what its enabled plugins publish) and the wildcards an endpoint may use",
      response: {
        200: Type.Object({
          types: Type.Array(Type.Object({ type: Type.String(), description: Type.String(), pluginId: Type.String() })),
          wildcards: Type.Array(Type.String()),
        }),
      },
    },
    async handler(request) {
      const types = await request.tx.directory.eventTypes();
      return { types, wildcards: wildcardsOf(types.map((t) => t.type)) };
    },
  });

  routes.get('/endpoints', {
    permission: 'webhooks:read',
    schema: { summary: 'Webhook endpoints, oldest first', querystring: PageQuery({}), response: { 200: Page(Endpoint) } },
    async handler(request) {
      const page = pageRequest(request.query);
      const after = decodeCursor(page.cursor, ['timestamp', 'uuid']);
      const rows = await request.tx.query<EndpointRow & { sort_time: string }>(
        `select ${ENDPOINT_COLUMNS}, ${timestampKeySql('created_at')} as sort_time from webhooks.endpoints
          ${after ? 'where (created_at, endpoint_id) > ($2::timestamptz, $3::uuid)' : ''}
          order by created_at, endpoint_id limit $1`,
        after ? [page.limit + 1, after[0], after[1]] : [page.limit + 1],
      );
      return pageOf(rows, page.limit, endpointOf, (r) => [r.sort_time, r.endpoint_id]);
    },
  });

  routes.post('/endpoints', {
    permission: 'webhooks:manage',
    schema: {
      summary: 'Adds an endpoint; the answer carries its signing secret, shown this once',
      body: EndpointInput,
      response: { 201: EndpointWithSecret },
    },
    async handler(request, reply) {
      const url = await checkedUrl(request.body.url, deps);
      const eventTypes = await checkedEventTypes(request.tx, request.body.eventTypes);
      const { row, secret } = await insertEndpoint(request.tx, {
        id: uuidv7(),
        url,
        description: request.body.description ?? '',
        eventTypes,
        ordered: request.body.ordered ?? false,
        enabled: request.body.enabled ?? true,
      });
      await request.tx.audit('webhooks.endpoint.created', { endpointId: row.endpoint_id, url, eventTypes });
      reply.status(201);
      return { ...endpointOf(row), secret };
    },
  });

  routes.get('/endpoints/:endpointId', {
    permission: 'webhooks:read',
    schema: { params: EndpointParams, response: { 200: Endpoint } },
    async handler(request) {
      return endpointOf(await findEndpoint(request.tx, request.params.endpointId));
    },
  });

  routes.patch('/endpoints/:endpointId', {
    permission: 'webhooks:manage',
    schema: {
      summary: 'Changes an endpoint; enabling it again clears a day-of-failures disablement',
      params: EndpointParams,
      body: EndpointPatch,
      response: { 200: Endpoint },
    },
    async handler(request) {
      const { body } = request;
      const url = body.url === undefined ? undefined : await checkedUrl(body.url, deps);
      const eventTypes = body.eventTypes === undefined ? undefined : await checkedEventTypes(request.tx, body.eventTypes);
      await findEndpoint(request.tx, request.params.endpointId, true);
      const [row] = await request.tx.query<EndpointRow>(
        `update webhooks.endpoints
            set url = coalesce($2, url), description = coalesce($3, description), event_types = coalesce($4::text[], event_types),
                ordered = coalesce($5, ordered), enabled = coalesce($6, enabled),
                disabled_reason = case when $6 = true then null else disabled_reason end,
                failing_since = case when $6 = true then null else failing_since end,
                updated_at = now()
          where endpoint_id = $1 returning ${ENDPOINT_COLUMNS}`,
        [request.params.endpointId, url ?? null, body.description ?? null, eventTypes ?? null, body.ordered ?? null, body.enabled ?? null],
      );
      await request.tx.audit('webhooks.endpoint.changed', { endpointId: request.params.endpointId, ...body });
      if (body.enabled) request.tx.afterCommit(() => deps.wakeup.wake(request.tenantId));
      return endpointOf(row!);
    },
  });

  routes.delete('/endpoints/:endpointId', {
    permission: 'webhooks:manage',
    schema: { summary: 'Removes an endpoint with its deliveries and their log', params: EndpointParams },
    async handler(request, reply) {
      const endpoint = await findEndpoint(request.tx, request.params.endpointId, true);
      // The log goes with the endpoint (the tables keep no foreign keys: see the migration).
      await request.tx.query(
        `delete from webhooks.attempts a using webhooks.deliveries d
          where d.endpoint_id = $1 and a.tenant_id = d.tenant_id and a.delivery_id = d.delivery_id`,
        [request.params.endpointId],
      );
      await request.tx.query('delete from webhooks.deliveries where endpoint_id = $1', [request.params.endpointId]);
      await request.tx.query('delete from webhooks.endpoints where endpoint_id = $1', [request.params.endpointId]);
      await request.tx.audit('webhooks.endpoint.deleted', { endpointId: request.params.endpointId, url: endpoint.url });
      reply.status(204);
      return null;
    },
  });

  routes.post('/endpoints/:endpointId/rotate-secret', {
    permission: 'webhooks:manage',
    schema: {
      summary: 'A new signing secret (shown this once); the old one keeps signing beside it for 24 hours',
      params: EndpointParams,
      response: { 200: EndpointWithSecret },
    },
    async handler(request) {
      const { row, secret } = await rotateSecret(request.tx, request.params.endpointId);
      await request.tx.audit('webhooks.endpoint.secret_rotated', { endpointId: request.params.endpointId });
      return { ...endpointOf(row), secret };
    },
  });

  routes.post('/endpoints/:endpointId/ping', {
    permission: 'webhooks:manage',
    schema: {
      summary: `Sends a test delivery (${PING_EVENT_TYPE}) to the endpoint; follow it in the delivery log`,
      params: EndpointParams,
      response: { 202: Type.Object({ deliveryId: Type.String(), eventId: Type.String() }) },
    },
    async handler(request, reply) {
      await findEndpoint(request.tx, request.params.endpointId);
      const eventId = uuidv7();
      const deliveryId = uuidv7();
      const occurredAt = new Date().toISOString();
      const body = deliveryBody({
        id: eventId,
        type: PING_EVENT_TYPE,
        version: 1,
        occurredAt,
        source: 'webhooks',
        tenantId: request.tenantId,
        payload: { endpointId: request.params.endpointId, message: 'A test delivery from KiTS POS.' },
      });
      await request.tx.query(
        `insert into webhooks.deliveries (tenant_id, delivery_id, endpoint_id, event_id, event_type, body, occurred_at)
         values ($1, $2, $3, $4, $5, $6::jsonb, $7)`,
        [request.tenantId, deliveryId, request.params.endpointId, eventId, PING_EVENT_TYPE, body, occurredAt],
      );
      request.tx.afterCommit(() => deps.wakeup.wake(request.tenantId));
      reply.status(202);
      return { deliveryId, eventId };
    },
  });
}
