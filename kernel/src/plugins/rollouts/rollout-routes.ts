import { DomainError, Timestamp, Uuid } from '@kits/plugin-sdk';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { requireOperator } from '../../auth/authenticator.ts';
import type { Database } from '../../db/database.ts';
import type { PluginRollouts } from './plugin-rollouts.ts';

const PluginId = Type.String({ pattern: '^[a-z][a-z0-9-]{1,39}$' });
const Version = Type.String({
  pattern: '^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(-[0-9A-Za-z.-]+)?$',
  maxLength: 64,
  description: 'an exact release version, 1.2.3',
});
const Health = Type.Object({ runs: Type.Integer(), failures: Type.Integer() });

const RolloutSchema = Type.Object({
  rolloutId: Uuid,
  pluginId: Type.String(),
  version: Type.String(),
  stage: Type.Union([Type.Literal('canary'), Type.Literal('general'), Type.Literal('completed'), Type.Literal('rolled_back')]),
  soakSeconds: Type.Integer(),
  minRuns: Type.Integer(),
  startedBy: Type.String(),
  startedAt: Timestamp,
  stageStartedAt: Timestamp,
  moved: Type.Array(Type.Object({ tenantId: Uuid, from: Type.String() }), {
    description: 'the shops this rollout moved, and the version each ran before',
  }),
  baseline: Type.Union([Health, Type.Null()], { description: "the predecessors' handler runs and failures the release is held to" }),
  outcome: Type.Union([Type.String(), Type.Null()]),
  finishedAt: Type.Union([Timestamp, Type.Null()]),
});
const RolloutParams = Type.Object({ rolloutId: Uuid }, { additionalProperties: false });

/** Operators' release rings (D-231): which shops are canaries, and rollouts of a release through them. */
export function registerRolloutRoutes(app: FastifyInstance, deps: { db: Database; rollouts: PluginRollouts }): void {
  const { db, rollouts } = deps;

  app.put('/api/v1/tenants/:tenantId/release-ring', {
    schema: {
      tags: ['Plugins'],
      summary: 'Put a shop in the canary ring (new releases reach it first) or the general one (operators only)',
      params: Type.Object({ tenantId: Uuid }, { additionalProperties: false }),
      body: Type.Object(
        { ring: Type.Union([Type.Literal('canary'), Type.Literal('general')], { description: 'canary or general' }) },
        { additionalProperties: false },
      ),
      response: { 200: Type.Object({ tenantId: Uuid, ring: Type.String() }) },
    },
    handler: async (request) => {
      requireOperator(request);
      const { tenantId } = request.params as { tenantId: string };
      const { ring } = request.body as { ring: 'canary' | 'general' };
      const updated = await db.query('update kernel.tenants set release_ring = $2 where tenant_id = $1 returning tenant_id', [
        tenantId,
        ring,
      ]);
      if (updated.length === 0)
        throw new DomainError('tenancy.tenant_not_found', 404, `There is no tenant ${tenantId}. GET /api/v1/tenants lists them.`);
      return { tenantId, ring };
    },
  });

  app.post('/api/v1/plugin-rollouts', {
    schema: {
      tags: ['Plugins'],
      summary:
        'Roll a release out to the shops whose range allows it: the canary ring first, the rest after a soak unless its handlers fail more often than its predecessors’ (then the canaries go back) — operators only',
      body: Type.Object(
        {
          pluginId: PluginId,
          version: Version,
          soakSeconds: Type.Optional(
            Type.Integer({ minimum: 1, maximum: 604_800, default: 3600, description: 'how long each ring runs it before it is judged' }),
          ),
          minRuns: Type.Optional(
            Type.Integer({ minimum: 1, maximum: 1_000_000, default: 100, description: 'handler runs of the release needed to judge it' }),
          ),
        },
        { additionalProperties: false },
      ),
      response: { 201: RolloutSchema },
    },
    handler: async (request, reply) => {
      const operatorId = requireOperator(request);
      const body = request.body as { pluginId: string; version: string; soakSeconds?: number; minRuns?: number };
      const rollout = await rollouts.start(
        { pluginId: body.pluginId, version: body.version, soakSeconds: body.soakSeconds ?? 3600, minRuns: body.minRuns ?? 100 },
        operatorId,
      );
      return reply.code(201).send(rollout);
    },
  });

  app.get('/api/v1/plugin-rollouts', {
    schema: {
      tags: ['Plugins'],
      summary: 'The latest 100 rollouts, newest first (operators only)',
      response: { 200: Type.Object({ items: Type.Array(RolloutSchema) }) },
    },
    handler: async (request) => {
      requireOperator(request);
      return { items: await rollouts.list() };
    },
  });

  app.get('/api/v1/plugin-rollouts/:rolloutId', {
    schema: { tags: ['Plugins'], summary: 'One rollout (operators only)', params: RolloutParams, response: { 200: RolloutSchema } },
    handler: async (request) => {
      requireOperator(request);
      return rollouts.get((request.params as { rolloutId: string }).rolloutId);
    },
  });

  app.post('/api/v1/plugin-rollouts/:rolloutId/rollback', {
    schema: {
      tags: ['Plugins'],
      summary: 'Roll a running rollout back: every shop it moved returns to the version it ran before (operators only)',
      params: RolloutParams,
      response: { 200: RolloutSchema },
    },
    handler: async (request) => {
      const operatorId = requireOperator(request);
      return rollouts.rollBack((request.params as { rolloutId: string }).rolloutId, operatorId);
    },
  });
}
