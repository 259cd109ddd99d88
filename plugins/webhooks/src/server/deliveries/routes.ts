import {
  badRequest,
  decodeCursor,
  notFound,
  Page,
  pageOf,
  pageRequest,
  PageQuery,
  SqlConditions,
  Timestamp,
  timestampKeySql,
  Type,
  type RouteRegistrar,
} from '@kits/plugin-sdk';
import { findEndpoint } from '../endpoints/endpoint-store.ts';
import { Delivery, DeliveryDetail, DeliveryParams, EndpointParams } from '../schemas.ts';
import type { SenderWakeup } from '../sending/sender-wakeup.ts';
import { attemptOf, DELIVERY_COLUMNS, deliveryOf, replayDelivery, replayRange, type DeliveryRow } from './delivery-store.ts';

const DeliveryState = Type.Union([Type.Literal('pending'), Type.Literal('sending'), Type.Literal('succeeded'), Type.Literal('failed')]);

export function registerDeliveryRoutes(routes: RouteRegistrar, wakeup: SenderWakeup): void {
  routes.get('/endpoints/:endpointId/deliveries', {
    permission: 'webhooks:read',
    schema: {
      summary: "The endpoint's delivery log, newest first",
      params: EndpointParams,
      querystring: PageQuery({ state: Type.Optional(DeliveryState), eventType: Type.Optional(Type.String({ maxLength: 120 })) }),
      response: { 200: Page(Delivery) },
    },
    async handler(request) {
      await findEndpoint(request.tx, request.params.endpointId);
      const page = pageRequest(request.query);
      const after = decodeCursor(page.cursor, ['timestamp', 'uuid']);
      const sql = new SqlConditions();
      sql.and(`endpoint_id = ${sql.param(request.params.endpointId)}::uuid`);
      if (request.query.state) sql.and(`state = ${sql.param(request.query.state)}`);
      if (request.query.eventType) sql.and(`event_type = ${sql.param(request.query.eventType)}`);
      if (after) sql.and(`(created_at, delivery_id) < (${sql.param(after[0])}::timestamptz, ${sql.param(after[1])}::uuid)`);
      const rows = await request.tx.query<DeliveryRow & { sort_time: string }>(
        `select ${DELIVERY_COLUMNS}, ${timestampKeySql('created_at')} as sort_time from webhooks.deliveries ${sql.where}
          order by created_at desc, delivery_id desc limit ${sql.param(page.limit + 1)}`,
        sql.params,
      );
      return pageOf(rows, page.limit, deliveryOf, (r) => [r.sort_time, r.delivery_id]);
    },
  });

  routes.get('/endpoints/:endpointId/deliveries/:deliveryId', {
    permission: 'webhooks:read',
    schema: {
      summary: 'One delivery: the body sent and every attempt (request headers, response status, first KiB of the answer, duration)',
      params: DeliveryParams,
      response: { 200: DeliveryDetail },
    },
    async handler(request) {
      const [row] = await request.tx.query<DeliveryRow & { body: unknown }>(
        `select ${DELIVERY_COLUMNS}, body from webhooks.deliveries where endpoint_id = $1 and delivery_id = $2`,
        [request.params.endpointId, request.params.deliveryId],
      );
      if (!row)
        throw notFound(
          'webhooks.delivery_not_found',
          `Endpoint ${request.params.endpointId} has no delivery ${request.params.deliveryId}.`,
        );
      const attempts = await request.tx.query<Parameters<typeof attemptOf>[0]>(
        `select attempt_id, attempted_at, url, request_headers, response_status, response_excerpt, duration_ms, error
           from webhooks.attempts where delivery_id = $1 order by attempted_at, attempt_id`,
        [request.params.deliveryId],
      );
      return { ...deliveryOf(row), body: row.body, attemptLog: attempts.map(attemptOf) };
    },
  });

  routes.post('/endpoints/:endpointId/deliveries/:deliveryId/replay', {
    permission: 'webhooks:manage',
    schema: {
      summary: 'Sends a delivery again (a new delivery of the same event, same webhook-id)',
      params: DeliveryParams,
      response: { 202: Delivery },
    },
    async handler(request, reply) {
      await findEndpoint(request.tx, request.params.endpointId);
      const row = await replayDelivery(request.tx, request.params.endpointId, request.params.deliveryId);
      if (!row)
        throw notFound(
          'webhooks.delivery_not_found',
          `Endpoint ${request.params.endpointId} has no delivery ${request.params.deliveryId}.`,
        );
      await request.tx.audit('webhooks.delivery.replayed', {
        endpointId: request.params.endpointId,
        deliveryId: request.params.deliveryId,
      });
      request.tx.afterCommit(() => wakeup.wake(request.tenantId));
      reply.status(202);
      return deliveryOf(row);
    },
  });

  routes.post('/endpoints/:endpointId/replay', {
    permission: 'webhooks:manage',
    schema: {
      summary: 'Sends again every event of the endpoint that occurred in [from, to) (at most 10,000), oldest first',
      params: EndpointParams,
      body: Type.Object(
        { from: Timestamp, to: Timestamp, onlyFailed: Type.Optional(Type.Boolean({ description: 'Only deliveries given up as failed' })) },
        { additionalProperties: false },
      ),
      response: { 202: Type.Object({ replayed: Type.Integer() }) },
    },
    async handler(request, reply) {
      const { from, to } = request.body;
      if (!(Date.parse(from) < Date.parse(to)))
        throw badRequest('webhooks.bad_range', `"from" (${from}) must be before "to" (${to}).`, { field: 'body.from' });
      if (Date.parse(from) > Date.now())
        throw badRequest('webhooks.bad_range', `"from" (${from}) is in the future: nothing has occurred there yet.`, {
          field: 'body.from',
        });
      await findEndpoint(request.tx, request.params.endpointId);
      const replayed = await replayRange(request.tx, request.params.endpointId, { from, to, onlyFailed: request.body.onlyFailed ?? false });
      await request.tx.audit('webhooks.range.replayed', { endpointId: request.params.endpointId, from, to, replayed });
      if (replayed > 0) request.tx.afterCommit(() => wakeup.wake(request.tenantId));
      reply.status(202);
      return { replayed };
    },
  });
}
