/**
 * The SDK's day ledger model (plugin-sdk/src/accounting/), the one place this plugin takes it from:
 * events → signed postings, postings → a balanced journal, a journal → the provider's accounts.
 */
export {
  dayJournal,
  journalTotals,
  ledgerEntriesOf,
  ledgerLabel,
  LEDGER_EVENT_TYPES,
  postingsDifference,
  suggestMapping,
  toProviderJournal,
  type JournalLine,
  type Posting,
} from '@kits/plugin-sdk';
