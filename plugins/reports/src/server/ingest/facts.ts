import { checkPayload, type TSchema, type Static } from '@kits/plugin-sdk';
import { SaleCompleted, SaleRefunded, SaleVoided, StockMoved } from './event-payloads.ts';
import type { JournalEntry } from './journal.ts';

/**
 * Journal entries turned into fact rows (one per sale line, refund line, tender, stock movement
 * and void) and the sale-, refund- and void-level figures the basket rollup needs. Pure: the live
 * path and a rebuild get the same rows from the same entries.
 */

export interface SaleLineFact {
  readonly saleId: string;
  readonly lineNo: number;
  readonly occurredAt: string;
  readonly receivedAt: string;
  readonly locationId: string;
  readonly deviceId: string | null;
  readonly cashierId: string | null;
  readonly receiptNumber: string | null;
  readonly variantId: string;
  readonly sku: string;
  readonly name: string;
  readonly categoryId: string | null;
  readonly quantity: number;
  readonly unitPrice: number;
  readonly gross: number;
  /** Promotion, line and cart discounts together. */
  readonly discount: number;
  readonly net: number;
  readonly tax: number;
  readonly total: number;
  readonly currency: string;
}

export interface RefundLineFact {
  readonly refundId: string;
  readonly lineNo: number;
  readonly saleId: string | null;
  readonly occurredAt: string;
  readonly locationId: string;
  readonly deviceId: string | null;
  readonly cashierId: string | null;
  readonly variantId: string;
  readonly quantity: number;
  /** Given back, tax included. */
  readonly amount: number;
  readonly tax: number;
  readonly restock: boolean;
  readonly currency: string;
  /**
   * Where the category the refunded variant was sold in comes from (see `refundCategoryOf`):
   * `batch` — the refunded sale is earlier in this batch, and `categoryId` is its line's; `stored`
   * — write-facts looks among the sale lines stored before the batch (`categoryId` is null here).
   */
  readonly categorySource: 'batch' | 'stored';
  readonly categoryId: string | null;
}

export interface TenderFact {
  readonly sourceKind: 'sale' | 'refund';
  readonly sourceId: string;
  readonly tenderNo: number;
  readonly occurredAt: string;
  readonly locationId: string;
  readonly deviceId: string | null;
  readonly method: string;
  /** Taken (sale, cash net of change) or paid back (refund). */
  readonly amount: number;
  readonly currency: string;
}

export interface MovementFact {
  readonly movementId: string;
  /** The event that announced it: what orders movements (see stock_positions). */
  readonly eventId: string;
  readonly occurredAt: string;
  readonly locationId: string;
  readonly variantId: string;
  readonly kind: string;
  readonly quantity: number;
  readonly unitCost: number | null;
  readonly costCurrency: string | null;
  readonly referenceKind: string | null;
  readonly referenceId: string | null;
  readonly onHandAfter: number;
  /** The variant's cost once the movement is in, when the event says it (see `variantCostOf`). */
  readonly variantCost: { readonly amount: number; readonly currency: string } | null;
}

export interface VoidFact {
  readonly saleId: string;
  readonly occurredAt: string;
  readonly receivedAt: string;
  readonly locationId: string;
  readonly deviceId: string | null;
  readonly cashierId: string | null;
  readonly receiptNumber: string | null;
  readonly reason: string | null;
}

/** A sale as a basket: what the till and cashier rang up, when it happened and when it arrived. */
export interface SaleBasket {
  readonly saleId: string;
  readonly occurredAt: string;
  readonly receivedAt: string;
  readonly locationId: string;
  readonly deviceId: string | null;
  readonly cashierId: string | null;
  readonly total: number;
  readonly currency: string;
}

export interface RefundBasket {
  readonly refundId: string;
  readonly occurredAt: string;
  readonly receivedAt: string;
  readonly locationId: string;
  readonly deviceId: string | null;
  readonly cashierId: string | null;
  readonly total: number;
  readonly currency: string;
}

export interface IngestFacts {
  readonly saleLines: readonly SaleLineFact[];
  readonly refundLines: readonly RefundLineFact[];
  readonly tenders: readonly TenderFact[];
  readonly movements: readonly MovementFact[];
  readonly voids: readonly VoidFact[];
  readonly sales: readonly SaleBasket[];
  readonly refunds: readonly RefundBasket[];
}

const parse = <S extends TSchema>(schema: S, entry: JournalEntry): Static<S> =>
  checkPayload(schema, entry.payload, 'reports.malformed_event', `Event ${entry.eventId} (${entry.type} v${entry.version})`);

/** An ISO timestamp in one spelling (UTC, milliseconds), so equal instants compare equal as text. */
const instant = (value: string): string => new Date(value).toISOString();

/**
 * The variant's cost a movement tells: the event's `variantCost` when it has one; else its
 * `unitCost`, which is the variant's cost on every movement but a costed receipt (there it is what
 * was paid, so an older event's receipt tells none).
 */
function variantCostOf(payload: StockMoved): MovementFact['variantCost'] {
  if (payload.variantCost !== undefined) return payload.variantCost;
  if (payload.kind === 'receive') return null;
  return payload.unitCost ?? null;
}

/**
 * Refund categories. A refund line counts (category_hours) in the category its variant was sold in
 * on the refunded sale — the refund event names none. That is known when reports applied the sale
 * before the refund: the sale is in the refund's batch, earlier (found here), or was stored before
 * the batch (write-facts looks). A sale later in the batch is not looked at, so a rebuild, which
 * applies a thousand entries at once, finds exactly what the live path found applying them one by
 * one in the same (journal) order; the live path locks the refunded sale's id, so a refund and its
 * sale are journaled in the order they are applied (ingest-events.ts).
 */
type SoldCategories = Map<string, Map<string, string | null>>;

/** The category of `variantId` on sale `saleId` of this batch (the least id when lines disagree); undefined when the sale is not in it. */
function refundCategoryOf(sold: SoldCategories, saleId: string | null, variantId: string): { categoryId: string | null } | undefined {
  const lines = saleId === null ? undefined : sold.get(saleId);
  if (!lines) return undefined;
  return { categoryId: lines.get(variantId) ?? null };
}

const leastId = (a: string | null | undefined, b: string | null): string | null =>
  a === null || a === undefined ? b : b === null ? a : a < b ? a : b;

type MutableFacts = { -readonly [K in keyof IngestFacts]: IngestFacts[K] extends readonly (infer T)[] ? T[] : never };

/** Money given back for goods: a refund, or a channel's canceled sale (occurredAt/receivedAt already instants). */
interface RefundOf extends Omit<RefundBasket, 'refundId'> {
  readonly id: string;
  readonly saleId: string | null;
  readonly restock: boolean;
  readonly lines: ReadonlyArray<{ readonly variantId: string; readonly quantity: number; readonly amount: number; readonly tax: number }>;
  readonly tenders: ReadonlyArray<{ readonly method: string; readonly amount: number }>;
}

function addRefund(facts: MutableFacts, sold: SoldCategories, refund: RefundOf): void {
  const { occurredAt, receivedAt } = refund;
  const place = { locationId: refund.locationId, deviceId: refund.deviceId, cashierId: refund.cashierId };
  facts.refunds.push({ refundId: refund.id, occurredAt, receivedAt, ...place, total: refund.total, currency: refund.currency });
  refund.lines.forEach((line, i) => {
    const inBatch = refundCategoryOf(sold, refund.saleId, line.variantId);
    facts.refundLines.push({
      refundId: refund.id,
      lineNo: i + 1,
      saleId: refund.saleId,
      occurredAt,
      ...place,
      variantId: line.variantId,
      quantity: line.quantity,
      amount: line.amount,
      tax: line.tax,
      restock: refund.restock,
      currency: refund.currency,
      categorySource: inBatch ? 'batch' : 'stored',
      categoryId: inBatch?.categoryId ?? null,
    });
  });
  refund.tenders.forEach((tender, i) =>
    facts.tenders.push({
      sourceKind: 'refund',
      sourceId: refund.id,
      tenderNo: i + 1,
      occurredAt,
      locationId: refund.locationId,
      deviceId: refund.deviceId,
      method: tender.method,
      amount: tender.amount,
      currency: refund.currency,
    }),
  );
}

/** Facts of journal entries, which come in journal (seq) order. */
export function factsOf(entries: readonly JournalEntry[]): IngestFacts {
  const facts: MutableFacts = { saleLines: [], refundLines: [], tenders: [], movements: [], voids: [], sales: [], refunds: [] };
  const sold: SoldCategories = new Map();
  for (const entry of entries) {
    switch (entry.type) {
      case 'sales.sale.completed': {
        const sale = parse(SaleCompleted, entry);
        const occurredAt = instant(sale.occurredAt);
        const receivedAt = instant(sale.receivedAt ?? entry.occurredAt);
        const receiptNumber = sale.receiptNumber === undefined || sale.receiptNumber === null ? null : String(sale.receiptNumber);
        const place = { locationId: sale.locationId, deviceId: sale.deviceId, cashierId: sale.cashierId };
        facts.sales.push({ saleId: sale.id, occurredAt, receivedAt, ...place, total: sale.total, currency: sale.currency });
        const categories = new Map<string, string | null>();
        for (const line of sale.lines) categories.set(line.variantId, leastId(categories.get(line.variantId), line.categoryId ?? null));
        sold.set(sale.id, categories);
        for (const line of sale.lines)
          facts.saleLines.push({
            saleId: sale.id,
            lineNo: line.lineNo,
            occurredAt,
            receivedAt,
            ...place,
            receiptNumber,
            variantId: line.variantId,
            sku: line.sku,
            name: line.name,
            categoryId: line.categoryId ?? null,
            quantity: line.quantity,
            unitPrice: line.unitPrice,
            gross: line.gross,
            discount: line.promotionDiscount + line.lineDiscount + line.cartDiscount,
            net: line.net,
            tax: line.tax,
            total: line.total,
            currency: sale.currency,
          });
        sale.tenders.forEach((tender, i) =>
          facts.tenders.push({
            sourceKind: 'sale',
            sourceId: sale.id,
            tenderNo: i + 1,
            occurredAt,
            locationId: sale.locationId,
            deviceId: sale.deviceId,
            method: tender.method,
            amount: tender.amount,
            currency: sale.currency,
          }),
        );
        break;
      }
      case 'sales.sale.refunded': {
        const refund = parse(SaleRefunded, entry);
        addRefund(facts, sold, {
          ...refund,
          occurredAt: instant(refund.occurredAt ?? entry.occurredAt),
          receivedAt: instant(refund.receivedAt ?? entry.occurredAt),
        });
        break;
      }
      case 'sales.sale.voided': {
        const voided = parse(SaleVoided, entry);
        const occurredAt = instant(voided.occurredAt);
        const receivedAt = instant(voided.receivedAt ?? entry.occurredAt);
        // A channel's completed sale canceled: its goods and money come back, counted as a refund of
        // the whole sale under the sale's own id (D-181). A till's void (never completed) has no lines.
        if (voided.lines !== undefined && voided.tenders !== undefined && voided.currency !== undefined && voided.total !== undefined)
          addRefund(facts, sold, {
            id: voided.saleId,
            saleId: voided.saleId,
            occurredAt,
            receivedAt,
            locationId: voided.locationId,
            deviceId: voided.deviceId,
            cashierId: voided.cashierId,
            total: voided.total,
            currency: voided.currency,
            restock: voided.restock ?? true,
            lines: voided.lines,
            tenders: voided.tenders,
          });
        facts.voids.push({
          saleId: voided.saleId,
          occurredAt,
          receivedAt,
          locationId: voided.locationId,
          deviceId: voided.deviceId,
          cashierId: voided.cashierId,
          receiptNumber: voided.receiptNumber === null ? null : String(voided.receiptNumber),
          reason: voided.reason ?? null,
        });
        break;
      }
      case 'inventory.stock.moved': {
        const moved = parse(StockMoved, entry);
        facts.movements.push({
          movementId: moved.id,
          eventId: entry.eventId,
          occurredAt: instant(moved.occurredAt),
          locationId: moved.locationId,
          variantId: moved.variantId,
          kind: moved.kind,
          quantity: moved.quantity,
          unitCost: moved.unitCost?.amount ?? null,
          costCurrency: moved.unitCost?.currency ?? null,
          referenceKind: moved.reference?.kind ?? null,
          referenceId: moved.reference?.id ?? null,
          onHandAfter: moved.onHand,
          variantCost: variantCostOf(moved),
        });
        break;
      }
      // Receipts and counts are journaled only: their stock comes as movements (receive, count_correction).
      default:
        break;
    }
  }
  return facts;
}
