import type { KernelMetrics, SyncPushResult } from '../observability/metrics.ts';
import type { PushAnswer } from './push.ts';

/**
 * Whether an answer is an inventory conflict (`kits_sync_inventory_conflicts_total`): stock is
 * server-authoritative (DESIGN §6), so a till's event and the server's stock disagree when the
 * event is denied with a code of the inventory capability (`inventory.insufficient_stock`,
 * `inventory.lot_short`, …), or when an offline sale is accepted below zero stock — the sales
 * handler's result then names what was short (`stockShort`) and a discrepancy is raised.
 */
export function inventoryConflictOf(answer: PushAnswer): 'denied' | 'accepted_short' | undefined {
  if (answer.status === 'denied') return answer.code.startsWith('inventory.') ? 'denied' : undefined;
  if (answer.status !== 'accepted') return undefined;
  const short = (answer.result as { stockShort?: unknown } | null)?.stockShort;
  return Array.isArray(short) && short.length > 0 ? 'accepted_short' : undefined;
}

/** What a push did for the till's queue: held back (`retry`), moved past a denial (`denied`), or went through. */
export function pushResultOf(answers: readonly PushAnswer[]): SyncPushResult {
  if (answers.some((answer) => answer.status === 'retry')) return 'retry';
  if (answers.some((answer) => answer.status === 'denied')) return 'denied';
  return 'accepted';
}

/** Counts a push that was answered: the push, each event's answer, and the inventory conflicts among them. */
export function countAnsweredPush(metrics: KernelMetrics, answers: readonly PushAnswer[]): void {
  metrics.syncPushes.inc({ result: pushResultOf(answers) });
  for (const answer of answers) {
    metrics.syncEvents.inc({ status: answer.status });
    const conflict = inventoryConflictOf(answer);
    if (conflict) metrics.inventoryConflicts.inc({ outcome: conflict });
  }
}

/** Runs a push and counts it; a push that throws (time-out, database away) counts as `failed` and rethrows. */
export async function countedPush(metrics: KernelMetrics, push: () => Promise<PushAnswer[]>): Promise<PushAnswer[]> {
  let answers: PushAnswer[];
  try {
    answers = await push();
  } catch (error) {
    metrics.syncPushes.inc({ result: 'failed' });
    throw error;
  }
  countAnsweredPush(metrics, answers);
  return answers;
}
