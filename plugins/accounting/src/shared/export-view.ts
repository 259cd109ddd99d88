/** What an export can be: waiting to be sent, sent with its outcome unknown, posted, failed for good, or paused until the provider is connected again. */
export const EXPORT_STATUSES = ['waiting', 'posting', 'posted', 'failed', 'paused'] as const;
export type ExportStatus = (typeof EXPORT_STATUSES)[number];

/** An export as the routes answer it: one journal posted for a location's day (sequence 0: the day; 1…: adjusting journals for late sales). */
export interface ExportView {
  readonly id: string;
  readonly locationId: string;
  readonly locationName: string;
  /** YYYY-MM-DD, the location's business day. */
  readonly day: string;
  readonly sequence: number;
  readonly kind: 'day' | 'adjustment';
  readonly status: ExportStatus;
  /** The journal's debits (= its credits), integer minor units of `currency`. */
  readonly debitTotal: number;
  readonly currency: string;
  /** The provider's id of the journal, once posted. */
  readonly providerJournalId: string | null;
  /** Where the merchant sees it in the provider. */
  readonly providerUrl: string | null;
  readonly attempts: number;
  /** Why the last attempt failed, with the provider's own message. */
  readonly lastError: string | null;
  /** When the next attempt runs (a backoff or the provider's rate limit). */
  readonly nextAttemptAt: string | null;
  readonly postedAt: string | null;
}
