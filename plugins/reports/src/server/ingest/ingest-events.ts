import type { EventEnvelope } from '@kits/plugin-sdk';
import { applyEntries } from './apply-entries.ts';
import { factsOf } from './facts.ts';
import { holdIngestShared, holdPairingLocks } from './ingest-locks.ts';
import { journalEvents, type JournalEntry } from './journal.ts';
import { settleStatements, type SqlRunner } from './sql.ts';
import { pairingIds } from './write-goods-rollups.ts';

export interface IngestOutcome {
  /** Events journaled now (the others were journaled before: already applied). */
  readonly journaled: number;
  /** Whether they were applied now; false while a rebuild runs (it applies them from the journal). */
  readonly applied: boolean;
}

const unjournaled = (event: EventEnvelope): JournalEntry => ({
  seq: 0,
  eventId: event.id,
  type: event.type,
  version: event.version,
  occurredAt: event.occurredAt,
  payload: event.payload,
});

/**
 * The live path, in the caller's transaction: journal the events (an event journaled before is
 * skipped: applied once), then apply the new ones to facts and rollups — unless a rebuild runs, in
 * which case they stay journaled for it to apply. The subscriber passes the kernel's batch (up to
 * 500 events); the bench may pass more (keep it to about a thousand events: each sale or refund in it
 * takes a lock).
 */
export async function ingestEvents(sql: SqlRunner, events: readonly EventEnvelope[]): Promise<IngestOutcome> {
  if (events.length === 0) return { journaled: 0, applied: false };
  // Payloads are checked before anything is written; a malformed one fails the whole call.
  const pairing = pairingIds(factsOf(events.map(unjournaled)));
  await settleStatements([holdIngestShared(sql), ...(pairing.length > 0 ? [holdPairingLocks(sql, pairing)] : [])]);
  // A statement after the locks, so it sees a rebuild that started or finished while they waited.
  const { added, rebuilding } = await journalEvents(sql, events);
  if (added.length === 0 || rebuilding) return { journaled: added.length, applied: false };
  await applyEntries(sql, added);
  return { journaled: added.length, applied: true };
}
