import websocket from '@fastify/websocket';
import { DomainError, Timestamp, type Actor } from '@kits/plugin-sdk';
import type { FastifyInstance } from 'fastify';
import { Type, type TSchema } from 'typebox';
import { isPairedDevice } from '../auth/authenticated.ts';
import { requireTenantActor } from '../auth/authenticator.ts';
import type { Database } from '../db/database.ts';
import type { KernelMetrics } from '../observability/metrics.ts';
import type { PluginHost } from '../plugins/plugin-host.ts';
import type { SyncChangeFeed } from './change-feed.ts';
import { pullSource } from './pull.ts';
import { applyPush, type PushedEvent } from './push.ts';
import { countedPush } from './push-counts.ts';
import { refuseOutdatedTill, revokedTillActor } from './revoked-till.ts';

export interface SyncRouteDeps {
  readonly db: Database;
  readonly host: PluginHost;
  readonly metrics: KernelMetrics;
  readonly changes: SyncChangeFeed;
  readonly handlerTimeoutMs: number;
}

const tags = ['sync'];
const body = (properties: Record<string, TSchema>) => Type.Object(properties, { additionalProperties: false });

const PushedEventSchema = body({
  id: Type.String({ minLength: 1, maxLength: 200, description: '{deviceId}#{sequence}#{uuid}' }),
  type: Type.String({ pattern: '^[a-z][a-z0-9-]*(\\.[a-z][a-zA-Z0-9-]*)+$', maxLength: 120, description: 'sales.sale.completed' }),
  occurredAt: Type.With(Timestamp, { description: "the till's clock" }),
  payload: Type.Unknown(),
});
const Answer = Type.Object(
  {
    id: Type.String(),
    status: Type.Union([Type.Literal('accepted'), Type.Literal('duplicate'), Type.Literal('denied'), Type.Literal('retry')]),
  },
  { additionalProperties: true },
);
const Checkpoint = Type.Object({ changeId: Type.String({ pattern: '^[0-9]{1,20}$' }), id: Type.String({ minLength: 1, maxLength: 200 }) });

/** A device's signed-in cashier (or user on a device): pushes come from a device. */
function requireDeviceActor(actor: Actor): Actor & { deviceId: string } {
  if (!actor.deviceId) {
    throw new DomainError(
      'sync.device_required',
      403,
      'Till events are pushed by a registered device: sign in with a PIN on the device first.',
    );
  }
  return actor as Actor & { deviceId: string };
}

/** `/api/v1/sync`: ordered push of till events, checkpointed pull of plugin sources, live change stream. */
export async function registerSyncRoutes(app: FastifyInstance, deps: SyncRouteDeps): Promise<void> {
  app.post('/api/v1/sync/push', {
    schema: {
      tags,
      summary: 'Push till events in order (at most 1000); each gets accepted, duplicate, denied or retry',
      description:
        'As a cashier signed in on the till. A till older than the tenant’s minimum version is answered 426 `till.update_required` (its events wait on it). A revoked till pushes with its device key (`Authorization: Device <key>`): events it recorded before the revocation apply, later ones are denied `sync.device_revoked`, and the answer says `erase: true`.',
      body: body({ events: Type.Array(PushedEventSchema, { minItems: 1, maxItems: 1000 }) }),
      response: {
        200: Type.Object({
          answers: Type.Array(Answer),
          erase: Type.Optional(
            Type.Boolean({ description: 'the till was revoked: once every event is answered, erase the local database' }),
          ),
        }),
      },
    },
    handler: async (request) => {
      const { events } = request.body as { events: PushedEvent[] };
      const pushDeps = { db: deps.db, host: deps.host, metrics: deps.metrics, handlerTimeoutMs: deps.handlerTimeoutMs };
      const principal = request.principal;
      if (isPairedDevice(principal) && principal.revokedAt) {
        const actor = await revokedTillActor(deps.db, principal);
        const limits = { recordedBefore: principal.revokedAt };
        const answers = await countedPush(deps.metrics, () => applyPush(pushDeps, actor, events, limits));
        return { answers, erase: true };
      }
      const actor = requireDeviceActor(requireTenantActor(request).actor);
      refuseOutdatedTill(request.deviceStanding);
      return { answers: await countedPush(deps.metrics, () => applyPush(pushDeps, actor, events)) };
    },
  });

  app.post('/api/v1/sync/pull/:source', {
    schema: {
      tags,
      summary: 'Documents of a sync source changed after a checkpoint (RxDB pull replication)',
      params: Type.Object({ source: Type.String({ pattern: '^[a-z][a-z0-9-]*\\.[a-z][a-z0-9-]*$', maxLength: 120 }) }),
      body: body({ checkpoint: Type.Union([Checkpoint, Type.Null()]), limit: Type.Integer({ minimum: 1, maximum: 1000 }) }),
      response: {
        200: Type.Object({
          documents: Type.Array(
            Type.Object({ id: Type.String(), deleted: Type.Boolean(), data: Type.Record(Type.String(), Type.Unknown()) }),
          ),
          checkpoint: Type.Union([Checkpoint, Type.Null()]),
        }),
      },
    },
    handler: async (request) => {
      const { actor } = requireTenantActor(request);
      const { source } = request.params as { source: string };
      const { checkpoint, limit } = request.body as { checkpoint: { changeId: string; id: string } | null; limit: number };
      return pullSource(deps, actor, source, checkpoint, limit);
    },
  });

  await app.register(websocket, { options: { maxPayload: 4096, handleProtocols: () => 'kits.sync.v1' } });
  app.get(
    '/api/v1/sync/live',
    {
      websocket: true,
      schema: {
        tags,
        summary:
          'WebSocket: a message {"changed": [event types]} whenever the tenant commits changes; pull again then. Authenticate with the subprotocols ["kits.sync.v1", "bearer.<access token>"].',
      },
    },
    (socket, request) => {
      const principal = request.principal;
      if (!principal || !('actor' in principal)) {
        socket.close(4401, 'sign in first');
        return;
      }
      const stop = deps.changes.listen(principal.actor.tenantId, (types) => socket.send(JSON.stringify({ changed: types })));
      socket.on('close', stop);
      socket.send(JSON.stringify({ ready: true }));
    },
  );
}
