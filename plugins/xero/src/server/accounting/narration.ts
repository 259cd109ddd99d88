import type { ProviderJournal } from '@kits/plugin-sdk';

/**
 * The Narration a day's manual journal carries: the memo, led by the journal's reference unless the
 * memo already holds it. ManualJournals have no reference field, so the reference inside the
 * narration is what findJournal looks for (an exact `Narration==` match: `… 2026-12-06` is not
 * `… 2026-12-06 adj 1`).
 */
export function narrationOf(journal: ProviderJournal): string {
  return journal.memo.includes(journal.reference) ? journal.memo : `${journal.reference}: ${journal.memo}`;
}

/** The narration of the invoices style's manual journal for what is not a sale (cost of goods, stock, cash). */
export function restNarrationOf(journal: ProviderJournal): string {
  return `${journal.reference}: cost of goods, stock and cash differences`;
}

/** A string literal for Xero's `where` filter (C#-like: backslashes and quotes escaped). */
export function whereString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}
