import type { Discrepancy, DiscrepancyReason, Resolution } from '../shopify-api.ts';

export const STATES = ['open', 'resolved'] as const;
export type DiscrepancyState = (typeof STATES)[number];
export const STATE_LABELS: Readonly<Record<DiscrepancyState, string>> = { open: 'Open', resolved: 'Resolved' };

/** The list a URL query asks for (`?state=resolved`), open ones otherwise. */
export const stateOf = (query: URLSearchParams): DiscrepancyState => STATES.find((state) => state === query.get('state')) ?? 'open';

/** The order as people call it (#1001), or Shopify's number of it. */
export const orderName = (discrepancy: Discrepancy): string =>
  discrepancy.orderName ?? `Order ${discrepancy.orderId.replace(/^gid:\/\/shopify\/Order\//, '')}`;

export const REASON_LABELS: Readonly<Record<DiscrepancyReason, string>> = {
  short_stock: 'Not enough stock',
  unlinked_variant: 'Item not linked',
  unmapped_location: 'Location not mapped',
};

/** What happened, in a line a merchant acts on. */
export function reasonText(discrepancy: Discrepancy): string {
  switch (discrepancy.reason) {
    case 'short_stock':
      return discrepancy.wanted !== null && discrepancy.available !== null
        ? `The order wanted ${discrepancy.wanted}, KiTS had ${discrepancy.available}: the sale took stock below zero.`
        : 'KiTS had less stock than the order wanted: the sale took stock below zero.';
    case 'unlinked_variant':
      return 'A line’s Shopify variant is not linked to a KiTS item, so it was not recorded. Link it in the catalog review.';
    case 'unmapped_location':
      return 'Shopify fulfils the order from a location no KiTS location is mapped to. Map it in Locations.';
  }
}

export const RESOLUTION_LABELS: Readonly<Record<Resolution, string>> = {
  stock_adjusted: 'Stock adjusted in KiTS',
  order_cancelled_on_shopify: 'Order cancelled on Shopify',
  accepted: 'Accepted as it is',
};

/** What each resolution means, under the choice. */
export const RESOLUTION_HINTS: Readonly<Record<Resolution, string>> = {
  stock_adjusted: 'You counted or received the stock in KiTS, so the levels are right again.',
  order_cancelled_on_shopify: 'You cancelled the order on Shopify; its cancellation reaches KiTS as well.',
  accepted: 'The order stands as recorded (the stock turned up, or you will deal with it outside KiTS).',
};
