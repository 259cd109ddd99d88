import type { EventDoc } from './collections.ts';
import { appendEvent, deniedEvents } from './event-log.ts';
import type { TillDatabase } from './till-database.ts';

/** A sale the server denied (an offline sale of stock that was not there, say): what the queue shows. */
export interface DeniedSale {
  readonly eventId: string;
  readonly saleId: string;
  readonly receiptNumber: number;
  readonly code: string;
  readonly reason: string;
  readonly event: EventDoc;
}

/** The denied sales waiting for a cashier or manager, oldest first. */
export async function deniedSales(db: TillDatabase): Promise<DeniedSale[]> {
  return (await deniedEvents(db))
    .filter((event) => event.type === 'sales.sale.completed')
    .map((event) => {
      const payload = event.payload as { sale: { id: string }; receiptNumber: number };
      const answer = (event.answer ?? {}) as { code?: string; reason?: string };
      return {
        eventId: event.id,
        saleId: payload.sale.id,
        receiptNumber: payload.receiptNumber,
        code: answer.code ?? 'unknown',
        reason: answer.reason ?? '',
        event,
      };
    });
}

/**
 * Voids a denied sale: the customer was refunded (or the goods taken back) at the till; the
 * receipt number is kept on the server as void, so the device's numbering has no gap.
 */
export async function voidDeniedSale(db: TillDatabase, deviceId: string, sale: DeniedSale, reason: string): Promise<void> {
  await appendEvent(db, deviceId, 'sales.sale.voided', { saleId: sale.saleId, receiptNumber: sale.receiptNumber, reason });
  await db.events.findOne(sale.eventId).incrementalPatch({ status: 'resolved' });
}
