import type { TransactionRunner } from '../ingest/sql.ts';
import { beginRebuild, REBUILD_STEP, rebuildStep, type RebuildStepOptions } from './rebuild-steps.ts';
import type { RebuildState } from './rebuild-state.ts';

/**
 * Rebuilds one tenant's facts and rollups from its journal to the end, step after step, each in a
 * transaction of its own from `transaction` (the tenant's). What the plugin's rebuild route does
 * through events, run in a loop: for the bench and for tests.
 */
export async function rebuildTenant(options: {
  readonly transaction: TransactionRunner;
  readonly requestedBy?: string;
  readonly step?: RebuildStepOptions;
}): Promise<RebuildState> {
  const started = await options.transaction((sql) => beginRebuild(sql, { requestedBy: options.requestedBy ?? 'rebuildTenant' }));
  let state = started;
  while (state.status === 'running') {
    const next = await options.transaction((sql) => rebuildStep(sql, started.rebuildId, options.step ?? REBUILD_STEP));
    if (!next) throw new Error(`Rebuild ${started.rebuildId} was replaced by another one started meanwhile; follow that one instead.`);
    state = next;
  }
  return state;
}
