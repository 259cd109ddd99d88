/**
 * The day ledger model behind `accounting@1` exports: events to signed postings
 * (`ledgerEntriesOf`), postings to a balanced day journal (`dayJournal`, `assertBalanced`,
 * `postingsDifference` for adjusting journals), a journal to what a provider posts
 * (`toProviderJournal`), default account choices (`suggestMapping`) and names for people
 * (`ledgerLabel`). Pure functions: no I/O.
 */
export * from './postings.ts';
export * from './event-payloads.ts';
export { ledgerEntriesOf, LEDGER_EVENT_TYPES, type DayOf, type LedgerEventType } from './ledger-entries.ts';
export { taxCodeOf, tenderKey, REFUNDED_CHARGES_KEY } from './sale-postings.ts';
export { ledgerLabel } from './labels.ts';
export * from './provider-journal.ts';
export { suggestMapping } from './suggest-mapping.ts';
