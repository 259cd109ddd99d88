import { settle } from '../../shared/pricing.ts';
import { addRateTaxes, refundedUpTo, refundShare, type RefundableLine } from '../../shared/refund-share.ts';
import { sumByRate, taxesNetOfRefunds, type ShiftTotals } from '../../shared/shift-report.ts';
import type { CompletedSaleEvent, TillPricing } from '../checkout/checkout-machine.ts';
import { priceLoggedSale } from '../checkout/logged-sale-pricing.ts';
import type { CountedCash } from './shift-log.ts';
import type { TillLoggedEvent } from '@kits/plugin-sdk/till';
import { pricedWithoutReceipt } from './returns-without-receipt.ts';
import { rememberedSale } from './store-receipts.ts';
import type { SalesTill } from '../sales-till.ts';

type EventDoc = TillLoggedEvent;
type ReportTill = Pick<SalesTill, 'events' | 'device' | 'catalog'>;

/** The events a shift's report reads. */
const SHIFT_EVENTS = ['sales.sale.completed', 'sales.sale.refunded', 'sales.shift.opened', 'sales.shift.closed', 'sales.shift.cash'];

/** An X (shift open) or Z (closed) report: the server's, or the till's own reckoning of its log. */
export interface ShiftReport extends ShiftTotals {
  readonly shiftId: string;
  readonly status: string;
  readonly openedAt: string;
}

type SalePayload = CompletedSaleEvent['payload'];
interface RefundPayload {
  readonly refund: {
    readonly saleId?: string;
    readonly lines: ReadonlyArray<{ readonly lineNo?: number; readonly variantId?: string; readonly quantity: number }>;
  };
}
/** A sale of this till as its report counts it: its lines (with what came back of each) and what each tender paid of it. */
interface CountedSale {
  readonly lines: Array<{ -readonly [K in keyof RefundableLine]: RefundableLine[K] }>;
  readonly tenders: Array<{ method: string; paid: number; refunded: number }>;
}

const nothingRefunded: RefundableLine['refunded'] = { quantity: 0, amount: 0, taxes: [] };

async function rememberedAsCounted(till: ReportTill, saleId: string): Promise<CountedSale | undefined> {
  const sale = await rememberedSale(till, saleId);
  if (!sale) return undefined;
  return {
    lines: sale.lineTotals.map((total, i) => {
      // Kept before the Z report counted refunded tax: no taxes, nothing known to have come back.
      const line = { quantity: sale.quantities[i]!, total, taxes: sale.lineTaxes?.[i] ?? [] };
      return { ...line, refunded: refundedUpTo(line, sale.refundedQuantities?.[i] ?? 0) };
    }),
    tenders: sale.tenders.map((tender) => ({ ...tender, refunded: 0 })),
  };
}

/** The events of the log in a range of sequence numbers, in order, but for sales denied or resolved away. */
async function standingEvents(till: ReportTill, range: { fromSequence: number } | { beforeSequence: number }): Promise<EventDoc[]> {
  const events = await till.events.find({ types: SHIFT_EVENTS, ...range });
  return events.filter((event) => !(event.type === 'sales.sale.completed' && (event.status === 'denied' || event.status === 'resolved')));
}

/** The event that opened the shift (the newest openings first: it is usually the last one). */
async function shiftOpening(till: ReportTill, shiftId: string): Promise<EventDoc | undefined> {
  const openings = await till.events.find<{ shiftId: string }>({ types: ['sales.shift.opened'], newestFirst: true });
  return openings.find((event) => event.payload.shiftId === shiftId);
}

const add = <K>(map: Map<K, number>, key: K, amount: number) => map.set(key, (map.get(key) ?? 0) + amount);

/**
 * The X or Z report of a shift reckoned from this till's own event log, so a cashier has one with no
 * network: the sales that stand (not denied or resolved away), priced as the server prices them;
 * returns taken during the shift, refunded to the sale's tenders as the server does (cards first,
 * cash last); cash in and out; the count at close. The server's report, when it can be had, is the
 * one of record.
 */
export async function localShiftReport(till: ReportTill, shiftId: string, pricing: TillPricing): Promise<ShiftReport | undefined> {
  const opened = await shiftOpening(till, shiftId);
  if (!opened) return undefined;
  let events = await standingEvents(till, { fromSequence: opened.sequence });
  // A return in this shift of a sale from before it: that sale's lines and tenders are needed too.
  const inWindow = new Set(events.filter((e) => e.type === 'sales.sale.completed').map((e) => (e.payload as SalePayload).sale.id));
  const outside = events
    .filter((e) => e.type === 'sales.sale.refunded')
    .map((e) => (e.payload as RefundPayload).refund.saleId)
    .filter((saleId): saleId is string => saleId !== undefined && !inWindow.has(saleId));
  const unknown = await Promise.all(outside.map(async (saleId) => (await rememberedSale(till, saleId)) === undefined));
  if (unknown.some(Boolean)) {
    events = [...(await standingEvents(till, { beforeSequence: opened.sequence })), ...events];
  }
  const closed = events.find((e) => e.type === 'sales.shift.closed' && (e.payload as { shiftId: string }).shiftId === shiftId);
  const inShift = (event: EventDoc) => event.sequence > opened.sequence && (!closed || event.sequence < closed.sequence);

  const sales = new Map<string, CountedSale>();
  const totals = { count: 0, total: 0, discounts: 0, tax: 0 };
  const tenderSales = new Map<string, number>();
  const tenderRefunds = new Map<string, number>();
  const soldLines: Array<{ net: number; taxes: RefundableLine['taxes'] }> = [];
  const refundedLines: Array<{ net: number; taxes: RefundableLine['taxes'] }> = [];
  const categories = new Map<string | null, number>();
  const refunds = { count: 0, total: 0, tax: 0 };
  const cashMoves = { in: 0, out: 0 };

  for (const event of events) {
    if (event.type === 'sales.sale.completed') {
      const { sale } = event.payload as SalePayload;
      const { priced, variants } = await priceLoggedSale(till, sale, pricing);
      const settled = settle(priced.total, sale.tenders, pricing.cashRounding);
      const applied = settled.ok ? settled.applied : sale.tenders.map((t) => t.amount);
      sales.set(sale.id, {
        lines: priced.lines.map((line) => ({ quantity: line.quantity, total: line.total, taxes: line.taxes, refunded: nothingRefunded })),
        tenders: sale.tenders.map((t, i) => ({ method: t.method, paid: applied[i]!, refunded: 0 })),
      });
      if (sale.shiftId !== shiftId) continue;
      totals.count += 1;
      totals.total += priced.total;
      totals.discounts += priced.discountTotal;
      totals.tax += priced.taxTotal;
      sale.tenders.forEach((t, i) => add(tenderSales, t.method, applied[i]!));
      for (const line of priced.lines) soldLines.push({ net: line.total - line.tax, taxes: line.taxes });
      sale.lines.forEach((line, i) => add(categories, variants.get(line.variantId)?.categoryId ?? null, priced.lines[i]!.total));
    } else if (event.type === 'sales.sale.refunded') {
      const { refund } = event.payload as RefundPayload;
      let amount = 0;
      const taken: Array<{ net: number; tax: number; taxes: RefundableLine['taxes'] }> = [];
      if (refund.saleId) {
        // This till's sale, or another till's it took goods back against (remembered then).
        const sale = sales.get(refund.saleId) ?? (await rememberedAsCounted(till, refund.saleId));
        if (!sale) continue;
        sales.set(refund.saleId, sale);
        for (const line of refund.lines) {
          // The server's rule, line by line: the units back so far come to their share, less what came back before.
          const sold = sale.lines[(line.lineNo ?? 0) - 1];
          const share = sold && refundShare(sold, line.quantity);
          if (!sold || !share) continue;
          sold.refunded = {
            quantity: sold.refunded.quantity + share.quantity,
            amount: sold.refunded.amount + share.amount,
            taxes: addRateTaxes(sold.refunded.taxes, share.taxes),
          };
          amount += share.amount;
          taken.push({ net: share.amount - share.tax, tax: share.tax, taxes: share.taxes });
        }
        // Back to the sale's own tenders, cards first and cash last, never more than each paid.
        let left = amount;
        for (const tender of [...sale.tenders].sort((a, b) => Number(a.method === 'cash') - Number(b.method === 'cash'))) {
          const back = Math.min(tender.paid - tender.refunded, left);
          if (back <= 0) continue;
          tender.refunded += back;
          left -= back;
          if (inShift(event)) add(tenderRefunds, tender.method, back);
        }
      } else {
        // Without a receipt: at the catalog price, in cash.
        const priced = await pricedWithoutReceipt(
          till,
          refund.lines.map((line) => ({ variantId: line.variantId ?? '', quantity: line.quantity })),
          pricing,
        );
        amount = priced.total;
        for (const line of priced.lines) taken.push({ net: line.total - line.tax, tax: line.tax, taxes: line.taxes });
        if (inShift(event)) add(tenderRefunds, 'cash', amount);
      }
      if (inShift(event)) {
        refunds.count += 1;
        refunds.total += amount;
        for (const line of taken) {
          refunds.tax += line.tax;
          refundedLines.push(line);
        }
      }
    } else if (event.type === 'sales.shift.cash') {
      const move = event.payload as { shiftId: string; kind: 'in' | 'out'; amount: number };
      if (move.shiftId === shiftId) cashMoves[move.kind] += move.amount;
    }
  }

  const float = (opened.payload as { openingFloat: number }).openingFloat;
  const cashSales = tenderSales.get('cash') ?? 0;
  const cashRefunds = tenderRefunds.get('cash') ?? 0;
  const expected = float + cashSales - cashRefunds + cashMoves.in - cashMoves.out;
  const countedCash = closed ? (closed.payload as { counted: CountedCash }).counted : undefined;
  const counted = countedCash ? countedCash.reduce((n, line) => n + line.denomination * line.count, 0) : null;
  const methods = [...new Set([...tenderSales.keys(), ...tenderRefunds.keys()])].sort();
  return {
    shiftId,
    status: closed ? 'closed' : 'open',
    openedAt: opened.occurredAt,
    sales: totals,
    refunds,
    afterRefunds: { total: totals.total - refunds.total, tax: totals.tax - refunds.tax },
    byTender: methods.map((method) => {
      const sold = tenderSales.get(method) ?? 0;
      const back = tenderRefunds.get(method) ?? 0;
      return { method, sales: sold, refunds: back, net: sold - back };
    }),
    byTax: taxesNetOfRefunds(sumByRate(soldLines), sumByRate(refundedLines)),
    byCategory: [...categories].map(([categoryId, total]) => ({ categoryId, total })).sort((a, b) => b.total - a.total),
    cash: {
      float,
      sales: cashSales,
      refunds: cashRefunds,
      paidIn: cashMoves.in,
      paidOut: cashMoves.out,
      expected,
      counted,
      overShort: counted === null ? null : counted - expected,
    },
  };
}
