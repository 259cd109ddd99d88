import { notFound, Nullable, Timestamp, Type, Uuid, type RouteRegistrar } from '@kits/plugin-sdk';
import type { ReportsSettings } from '../settings.ts';
import { beginRebuild } from './rebuild-steps.ts';
import { readRebuild, type RebuildState } from './rebuild-state.ts';

/** The event that starts (and, as `continued`, carries on) a rebuild's chain of steps. */
export const REBUILD_STARTED = 'reports.rebuild.started';

const Rebuild = Type.Object({
  rebuildId: Uuid,
  status: Type.Union([Type.Literal('running'), Type.Literal('finished')]),
  phase: Type.Union([Type.Literal('clearing'), Type.Literal('replaying'), Type.Literal('done')]),
  /** Journal entries there were to replay when it started. */
  events: Type.Integer(),
  /** Entries replayed so far (those journaled while it runs included). */
  eventsApplied: Type.Integer(),
  startedAt: Timestamp,
  finishedAt: Nullable(Timestamp),
  /** How long it took; null while it runs. */
  tookMs: Nullable(Type.Integer()),
});

const answerOf = (state: RebuildState) => ({
  rebuildId: state.rebuildId,
  status: state.status,
  phase: state.phase,
  events: state.eventsTotal,
  eventsApplied: state.eventsApplied,
  startedAt: state.startedAt,
  finishedAt: state.finishedAt,
  tookMs: state.finishedAt === null ? null : Date.parse(state.finishedAt) - Date.parse(state.startedAt),
});

/** `POST /rebuild` starts a rebuild of the tenant's reports (it runs in steps, from events); `GET /rebuild` follows it. */
export function registerRebuildRoutes(routes: RouteRegistrar<ReportsSettings>): void {
  routes.post('/rebuild', {
    permission: 'reports:rebuild',
    schema: {
      summary: "Rebuild the tenant's facts and rollups from the journal of events (answers at once; follow it with GET)",
      tags: ['reports'],
      response: { 202: Rebuild },
    },
    async handler(request, reply) {
      const state = await beginRebuild(request.tx, { requestedBy: request.actor.id });
      await request.tx.publish({ type: REBUILD_STARTED, payload: { rebuildId: state.rebuildId } });
      await request.tx.audit('reports.rebuild.started', { rebuildId: state.rebuildId, events: state.eventsTotal });
      reply.status(202);
      return answerOf(state);
    },
  });

  routes.get('/rebuild', {
    permission: 'reports:rebuild',
    schema: {
      summary: "The tenant's last rebuild of its reports: running or finished, and how far it got",
      tags: ['reports'],
      response: { 200: Rebuild },
    },
    async handler(request) {
      const state = await readRebuild(request.tx);
      if (!state)
        throw notFound('reports.never_rebuilt', "This tenant's reports were never rebuilt; POST /api/v1/reports/rebuild starts a rebuild.");
      return answerOf(state);
    },
  });
}
