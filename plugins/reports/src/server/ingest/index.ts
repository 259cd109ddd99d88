/**
 * What the bench (and tests) use of ingest and rebuild, outside a kernel's plugin host
 * (`@kits/reports/ingest`): the live path for a batch of events, the apply step both paths share,
 * the whole rebuild of a tenant, and cutting its hours into days, over any tenant transaction that
 * runs SQL.
 */
export { ingestEvents, type IngestOutcome } from './ingest-events.ts';
export { applyEntries } from './apply-entries.ts';
export { journalEvents, readJournal, type JournalEntry } from './journal.ts';
export { INGESTED_EVENT_TYPES, type IngestedEventType } from './event-payloads.ts';
export type { SqlRunner, TransactionRunner } from './sql.ts';
export { rebuildTenant } from '../rebuild/rebuild-tenant.ts';
export { REBUILD_STEP, REBUILT_TABLES, type RebuildStepOptions } from '../rebuild/rebuild-steps.ts';
export type { RebuildState } from '../rebuild/rebuild-state.ts';
export { cutDays } from '../days/cut-days.ts';
export type { DayCut } from '../days/day-cut.ts';
export { DAY_TABLES } from '../days/day-rollups.ts';
