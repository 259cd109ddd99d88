import { holdIngestExclusive } from '../ingest/ingest-locks.ts';
import type { SqlRunner, TransactionRunner } from '../ingest/sql.ts';
import { readRebuild } from '../rebuild/rebuild-state.ts';
import { CUT_STEP, cutDaysStep, type CutStepOptions } from './cut-steps.ts';
import { readDayCut, type DayCut } from './day-cut.ts';

/**
 * Cuts the tenant's days in `timezone` (its zone now) for up to `budgetMs`, in the caller's
 * transaction: nothing when they are cut in that zone already or a rebuild is running (it replays
 * the days itself; the cut goes on after it), else steps under the tenant's exclusive ingest lock,
 * at least one. Live batches wait while the lock is held: the budget bounds how long. Answers the
 * cut as it is after, or that a rebuild keeps it waiting.
 */
export async function cutDaysFor(
  sql: SqlRunner,
  timezone: string,
  options: { readonly budgetMs: number; readonly step?: CutStepOptions },
): Promise<DayCut | 'rebuilding'> {
  const before = await readDayCut(sql);
  if (before?.state === 'ready' && before.timezone === timezone) return before;
  const started = performance.now();
  await holdIngestExclusive(sql);
  // Read under the lock: a rebuild begins under it too, so none can start until this commits.
  if ((await readRebuild(sql))?.status === 'running') return 'rebuilding';
  let cut: DayCut;
  do cut = await cutDaysStep(sql, timezone, options.step ?? CUT_STEP);
  while (cut.state !== 'ready' && performance.now() - started < options.budgetMs);
  return cut;
}

/**
 * Cuts the tenant's days to the end, a step per transaction from `transaction` (the tenant's): what
 * the job does a few seconds at a time, run in a loop — for the bench (a database generated before
 * day rollups existed) and for tests. Throws when a rebuild keeps it from starting.
 */
export async function cutDays(options: {
  readonly transaction: TransactionRunner;
  readonly timezone: string;
  readonly step?: CutStepOptions;
}): Promise<DayCut & { readonly steps: number }> {
  let steps = 0;
  for (;;) {
    const cut = await options.transaction((sql) =>
      cutDaysFor(sql, options.timezone, { budgetMs: 0, ...(options.step ? { step: options.step } : {}) }),
    );
    steps += 1;
    if (cut === 'rebuilding') throw new Error('A rebuild of the tenant is running: its days are cut when it has finished.');
    if (cut.state === 'ready' && cut.timezone === options.timezone) return { ...cut, steps };
  }
}
