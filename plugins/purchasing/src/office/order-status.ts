import type { OrderStatus } from './purchasing-api.ts';

type Tone = 'neutral' | 'success' | 'warning' | 'danger' | 'info';

/** How each order state reads to a merchant, and its badge colour. */
export const ORDER_STATUS: Readonly<Record<OrderStatus, { label: string; tone: Tone }>> = {
  draft: { label: 'Draft', tone: 'neutral' },
  sent: { label: 'Sent', tone: 'info' },
  partially_received: { label: 'Partly received', tone: 'warning' },
  received: { label: 'Received', tone: 'success' },
  closed: { label: 'Closed', tone: 'neutral' },
  cancelled: { label: 'Cancelled', tone: 'danger' },
};

export const ORDER_STATUSES = Object.keys(ORDER_STATUS) as OrderStatus[];

/** Orders the supplier still has to deliver (the dashboard's "awaiting delivery"). */
export const AWAITING_DELIVERY: readonly OrderStatus[] = ['sent', 'partially_received'];
