import type { TillEventStatus } from '@kits/plugin-sdk/till';
import type { SalesTill } from '../sales-till.ts';

/** A sale this till made, as its own log has it (works offline). */
export interface TillSaleSummary {
  readonly receiptNumber: number;
  readonly occurredAt: string;
  readonly total: number;
  readonly lines: number;
  /** Where it stands: waiting to be sent, accepted by the server, denied (in the resolution queue), or resolved. */
  readonly status: TillEventStatus;
}

type CompletedPayload = { receiptNumber: number; sale: { expectedTotal?: number; lines: unknown[] } };

/** A day's worth of a busy till: more is never on one screen. */
const LIMIT = 2000;

/**
 * Calls `listener` with the sales this till made since `since` (the start of today, say), newest
 * first, from its own log, now and whenever one is made or answered; returns an unsubscribe.
 */
export function watchSalesSince(till: Pick<SalesTill, 'events'>, since: Date, listener: (sales: TillSaleSummary[]) => void): () => void {
  return till.events.watch<CompletedPayload>(
    { types: ['sales.sale.completed'], since: since.toISOString(), newestFirst: true, limit: LIMIT },
    (events) =>
      listener(
        events.map((event) => ({
          receiptNumber: event.payload.receiptNumber,
          occurredAt: event.occurredAt,
          total: event.payload.sale.expectedTotal ?? 0,
          lines: event.payload.sale.lines.length,
          status: event.status,
        })),
      ),
  );
}
