import type { ServerPluginContext } from '@kits/plugin-sdk';
import type { ReportsSettings } from '../settings.ts';
import { rebuildStep } from './rebuild-steps.ts';
import { registerRebuildRoutes } from './routes.ts';

/**
 * The rebuild route, and the chain that runs it: `reports.rebuild.started` (from the route) and
 * each `reports.rebuild.continued` run one step in the delivery's own transaction and publish the
 * next, so every step commits on its own; the last publishes `reports.rebuild.finished`.
 */
export function registerRebuild({ routes, events }: ServerPluginContext<ReportsSettings>): void {
  registerRebuildRoutes(routes);
  events.subscribe<{ rebuildId: string }>('reports.rebuild.*', async (event, { tx }) => {
    if (event.type !== 'reports.rebuild.started' && event.type !== 'reports.rebuild.continued') return;
    const state = await rebuildStep(tx, event.payload.rebuildId);
    // Another rebuild replaced this one: its own chain carries on.
    if (!state) return;
    if (state.status === 'running') {
      await tx.publish({
        type: 'reports.rebuild.continued',
        payload: { rebuildId: state.rebuildId, phase: state.phase, eventsApplied: state.eventsApplied },
      });
      return;
    }
    await tx.publish({
      type: 'reports.rebuild.finished',
      payload: { rebuildId: state.rebuildId, eventsApplied: state.eventsApplied, startedAt: state.startedAt, finishedAt: state.finishedAt },
    });
  });
}
