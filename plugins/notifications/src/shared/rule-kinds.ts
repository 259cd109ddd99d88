/** What a rule watches. Each kind says what opens a condition and what clears it (README). */
export const RULE_KINDS = [
  'low-stock',
  'po-overdue',
  'till-stuck',
  'sync-conflicts',
  'event-dead-lettered',
  'export-failed',
  'webhook-disabled',
] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

/** How each kind is named to people, and whether a rule of it may be kept to one location. */
export const RULE_KIND_INFO: Readonly<Record<RuleKind, { readonly title: string; readonly what: string; readonly perLocation: boolean }>> =
  {
    'low-stock': { title: 'Low stock', what: 'Available stock of an item fell below its reorder point at a location.', perLocation: true },
    'po-overdue': {
      title: 'Purchase order overdue',
      what: 'A sent purchase order is past its expected date and still waits for goods.',
      perLocation: true,
    },
    'till-stuck': { title: 'Till stuck', what: 'A till has held unsent sales for more than 5 minutes.', perLocation: true },
    'sync-conflicts': {
      title: 'Offline conflicts',
      what: 'More than the threshold of a location’s till events were denied in the last hour.',
      perLocation: true,
    },
    'event-dead-lettered': { title: 'Event dead-lettered', what: 'A plugin gave up on an event after its last retry.', perLocation: false },
    'export-failed': { title: 'Export failed', what: 'An accounting export or a Shopify sync failed.', perLocation: false },
    'webhook-disabled': {
      title: 'Webhook endpoint disabled',
      what: 'A webhook endpoint kept failing and was disabled.',
      perLocation: false,
    },
  };

/** A rule's parameters (only sync-conflicts has any). */
export interface RuleParams {
  /** sync-conflicts: notify above this share of denied till events in an hour, in percent (default 5). */
  readonly thresholdPercent?: number;
  /** sync-conflicts: only judge a location that received at least this many events in the hour (default 20). */
  readonly minEvents?: number;
}

export const DEFAULT_CONFLICT_PERCENT = 5;
export const DEFAULT_CONFLICT_MIN_EVENTS = 20;
