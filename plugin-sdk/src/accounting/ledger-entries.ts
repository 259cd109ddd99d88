import { unprocessable } from '../errors.ts';
import {
  readPayload,
  SaleCompletedPayload,
  SaleRefundedPayload,
  SaleVoidedPayload,
  ShiftClosedPayload,
  StockMovedPayload,
} from './event-payloads.ts';
import type { LedgerEntry, Posting } from './postings.ts';
import { refundPostings, salePostings, voidPostings } from './sale-postings.ts';
import { shiftPostings } from './shift-postings.ts';
import { stockPostings } from './stock-postings.ts';

/** The events the day ledger posts; any other event type posts nothing. */
export const LEDGER_EVENT_TYPES = [
  'sales.sale.completed',
  'sales.sale.refunded',
  'sales.sale.voided',
  'sales.shift.closed',
  'inventory.stock.moved',
] as const;
export type LedgerEventType = (typeof LEDGER_EVENT_TYPES)[number];

/** The local date (YYYY-MM-DD) of instant `at` at the location (its time zone). */
export type DayOf = (locationId: string, at: string) => string;

/**
 * What an event adds to the day ledger: one entry (the location's business day the event belongs
 * to, its currency, postings that sum to exactly 0), or none. A sale, refund or channel void posts
 * on the day it happened (the till's clock), so a return of another day's sale posts on the
 * return's day; a shift's cash over/short on the day the shift opened; a stock movement on the day
 * it moved. Throws `accounting.malformed_event` for a payload that does not match, and
 * `accounting.unbalanced_event` for figures that do not add up (naming the document and the difference).
 */
export function ledgerEntriesOf(event: { readonly type: string; readonly payload: unknown }, dayOf: DayOf): LedgerEntry[] {
  const entry = (locationId: string, at: string, currency: string, postings: Posting[]): LedgerEntry[] => {
    if (postings.length === 0) return [];
    const sum = postings.reduce((n, p) => n + p.amount, 0);
    // The postings functions check their figures; this guards the invariant itself.
    if (sum !== 0)
      throw unprocessable(
        'accounting.unbalanced_event',
        `A ${event.type} event's postings come to ${sum}, not 0; nothing of it was posted.`,
      );
    const day = dayOf(locationId, at);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day))
      throw new Error(`dayOf(${locationId}, ${at}) answered "${day}", which is not a date (YYYY-MM-DD).`);
    return [{ locationId, day, currency, postings }];
  };
  switch (event.type) {
    case 'sales.sale.completed': {
      const sale = readPayload(SaleCompletedPayload, event.payload, event.type);
      return entry(sale.locationId, sale.occurredAt, sale.currency, salePostings(sale));
    }
    case 'sales.sale.refunded': {
      const refund = readPayload(SaleRefundedPayload, event.payload, event.type);
      const at = refund.occurredAt ?? refund.receivedAt;
      if (at === undefined)
        throw unprocessable(
          'accounting.malformed_event',
          `Refund ${refund.id} says neither when it happened (occurredAt) nor when it was received.`,
        );
      return entry(refund.locationId, at, refund.currency, refundPostings(refund));
    }
    case 'sales.sale.voided': {
      const voided = readPayload(SaleVoidedPayload, event.payload, event.type);
      const postings = voidPostings(voided);
      if (postings.length === 0) return [];
      if (voided.currency === undefined)
        throw unprocessable(
          'accounting.malformed_event',
          `The void of sale ${voided.saleId} gives money back but does not say its currency.`,
        );
      return entry(voided.locationId, voided.occurredAt, voided.currency, postings);
    }
    case 'sales.shift.closed': {
      const given = event.payload as { locationId?: unknown; currency?: unknown } | null;
      if (given && typeof given === 'object' && (given.locationId === undefined || given.currency === undefined))
        throw unprocessable(
          'accounting.malformed_event',
          "A sales.shift.closed payload names the device, not its location: add the device's locationId and the shop's currency to it before asking for its entries.",
        );
      const shift = readPayload(ShiftClosedPayload, event.payload, event.type);
      return entry(shift.locationId, shift.openedAt, shift.currency, shiftPostings(shift));
    }
    case 'inventory.stock.moved': {
      const movement = readPayload(StockMovedPayload, event.payload, event.type);
      const costed = stockPostings(movement);
      return costed ? entry(movement.locationId, movement.occurredAt, costed.currency, costed.postings) : [];
    }
    default:
      return [];
  }
}
