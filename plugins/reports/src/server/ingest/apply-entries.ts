import { factsOf } from './facts.ts';
import type { JournalEntry } from './journal.ts';
import { rollupDeltasOf } from './rollup-deltas.ts';
import { settleStatements, type SqlRunner } from './sql.ts';
import { writeFacts } from './write-facts.ts';
import { writeRollups } from './write-rollups.ts';

/**
 * Applies journaled events to the facts and rollups: what the live path does with each new event
 * and a rebuild with each batch it replays — the same code, so the two agree. The statements are
 * sent together (facts first: the cost of goods sold reads them), in one round trip where the
 * connection pipelines.
 */
export async function applyEntries(sql: SqlRunner, entries: readonly JournalEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const facts = factsOf(entries);
  const pending = [...writeFacts(sql, facts), ...writeRollups(sql, facts, rollupDeltasOf(facts))];
  await settleStatements(pending);
}
