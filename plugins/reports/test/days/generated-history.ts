import type { EventEnvelope } from '@kits/plugin-sdk';
import { v7 as uuidv7 } from 'uuid';

/**
 * A shop's history as the events reports takes in (sales, their stock movements, refunds, voids),
 * generated from a seed: sales at any minute of the day and night (the hours clocks change
 * included), on two tills per location, 1–3 lines of goods in two categories or none, paid by cash,
 * card or both; a tenth made offline and pushed 2–30 hours later; some refunded (restocked) and
 * some voided. What the live path is fed, so hours and days are written as they would be.
 */

export interface HistoryShape {
  readonly tenantId: string;
  readonly locationIds: readonly string[];
  /** UTC instants [from, to) the sales happen in (several stretches may be given). */
  readonly stretches: ReadonlyArray<{ readonly from: string; readonly to: string }>;
  /** Sales per location and day, on average. */
  readonly salesPerDay: number;
  readonly seed: number;
}

/** A small deterministic generator (mulberry32): the same seed, the same history. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const HOUR_MS = 3_600_000;
const CATEGORIES = ['0190b000-0000-7000-8000-00000000c001', '0190b000-0000-7000-8000-00000000c002', null] as const;
const VARIANTS = Array.from({ length: 7 }, (_, i) => ({
  variantId: `0190b000-0000-7000-8000-00000000a${String(i).padStart(3, '0')}`,
  sku: `SKU-${i}`,
  name: `Item ${i}`,
  categoryId: CATEGORIES[i % 3]!,
  unitPrice: 250 + 150 * i,
  unitCost: 100 + 70 * i,
}));

const CASHIERS = ['0190b000-0000-7000-8000-0000000000e1', '0190b000-0000-7000-8000-0000000000e2', '0190b000-0000-7000-8000-0000000000e3'];

const iso = (ms: number) => new Date(ms).toISOString();

/** The events of the history, in the order they happened (sales before their movements, refunds and voids later). */
export function generateHistory(shape: HistoryShape): EventEnvelope[] {
  const draw = random(shape.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(draw() * items.length)]!;
  const timed: Array<{ at: number; type: string; payload: unknown }> = [];
  const tills = new Map(shape.locationIds.map((location) => [location, [uuidv7(), uuidv7()]] as const));
  for (const stretch of shape.stretches) {
    const from = Date.parse(stretch.from);
    const to = Date.parse(stretch.to);
    for (const locationId of shape.locationIds) {
      const sales = Math.round(((to - from) / (24 * HOUR_MS)) * shape.salesPerDay);
      for (let n = 0; n < sales; n++) {
        // Truncated to the second, as tills send them.
        const occurredAt = Math.floor((from + draw() * (to - from)) / 1000) * 1000;
        const offline = draw() < 0.1;
        const receivedAt = offline ? occurredAt + (2 + draw() * 28) * HOUR_MS : occurredAt + 1000;
        const saleId = uuidv7();
        const deviceId = draw() < 0.05 ? null : pick(tills.get(locationId)!);
        const cashierId = draw() < 0.05 ? null : CASHIERS[Math.floor(draw() * CASHIERS.length)]!;
        const lines = Array.from({ length: 1 + Math.floor(draw() * 3) }, (_, i) => {
          const variant = pick(VARIANTS);
          const quantity = 1 + Math.floor(draw() * 3);
          const gross = quantity * variant.unitPrice;
          const discount = draw() < 0.2 ? Math.round(gross * 0.1) : 0;
          const total = gross - discount;
          const tax = Math.round((total * 2000) / 12000);
          return {
            lineNo: i + 1,
            variantId: variant.variantId,
            sku: variant.sku,
            name: variant.name,
            categoryId: variant.categoryId,
            quantity,
            unitPrice: variant.unitPrice,
            gross,
            promotionDiscount: discount,
            lineDiscount: 0,
            cartDiscount: 0,
            net: total - tax,
            tax,
            total,
            unitCost: variant.unitCost,
          };
        });
        const total = lines.reduce((sum, line) => sum + line.total, 0);
        const cash = draw() < 0.3 ? Math.floor(total / 2) : draw() < 0.5 ? total : 0;
        const tenders = [
          ...(cash > 0 ? [{ method: 'cash', amount: cash }] : []),
          ...(total - cash > 0 ? [{ method: 'card', amount: total - cash }] : []),
        ];
        timed.push({
          at: receivedAt,
          type: 'sales.sale.completed',
          payload: {
            id: saleId,
            receiptNumber: n,
            deviceId,
            locationId,
            cashierId,
            currency: 'EUR',
            total,
            occurredAt: iso(occurredAt),
            receivedAt: iso(receivedAt),
            lines: lines.map(({ unitCost: _cost, ...line }) => line),
            tenders,
          },
        });
        for (const line of lines)
          timed.push({
            at: receivedAt + 1,
            type: 'inventory.stock.moved',
            payload: {
              id: uuidv7(),
              variantId: line.variantId,
              locationId,
              kind: 'sale',
              quantity: -line.quantity,
              reference: { kind: 'sale', id: saleId },
              occurredAt: iso(receivedAt),
              unitCost: { amount: line.unitCost, currency: 'EUR' },
              variantCost: { amount: line.unitCost, currency: 'EUR' },
              onHand: 100 - line.quantity,
            },
          });
        if (draw() < 0.06) {
          const line = lines[0]!;
          const refundedAt = receivedAt + (1 + draw() * 50) * HOUR_MS;
          const refundId = uuidv7();
          timed.push({
            at: refundedAt,
            type: 'sales.sale.refunded',
            payload: {
              id: refundId,
              saleId,
              total: line.total,
              restock: true,
              deviceId,
              locationId,
              cashierId,
              currency: 'EUR',
              occurredAt: iso(refundedAt),
              receivedAt: iso(refundedAt),
              lines: [{ variantId: line.variantId, quantity: line.quantity, amount: line.total, tax: line.tax }],
              tenders: [{ method: tenders[0]!.method, amount: line.total }],
            },
          });
          timed.push({
            at: refundedAt + 1,
            type: 'inventory.stock.moved',
            payload: {
              id: uuidv7(),
              variantId: line.variantId,
              locationId,
              kind: 'return',
              quantity: line.quantity,
              reference: { kind: 'refund', id: refundId },
              occurredAt: iso(refundedAt),
              unitCost: { amount: line.unitCost, currency: 'EUR' },
              variantCost: { amount: line.unitCost, currency: 'EUR' },
              onHand: 100,
            },
          });
        } else if (draw() < 0.03) {
          timed.push({
            at: receivedAt + HOUR_MS,
            type: 'sales.sale.voided',
            payload: {
              saleId: uuidv7(),
              receiptNumber: null,
              locationId,
              deviceId,
              cashierId,
              occurredAt: iso(occurredAt + 600_000),
              receivedAt: iso(receivedAt + HOUR_MS),
              reason: 'wrong item',
            },
          });
        }
      }
    }
  }
  return timed
    .sort((a, b) => a.at - b.at)
    .map((event) => ({
      id: uuidv7(),
      tenantId: shape.tenantId,
      type: event.type,
      version: 1,
      occurredAt: iso(event.at),
      source: 'generated-history',
      payload: event.payload,
    }));
}

/** The events shuffled (with `seed`: they arrive in any order, from any time) into batches of `size`. */
export function inBatches(events: readonly EventEnvelope[], size: number, seed: number): EventEnvelope[][] {
  const draw = random(seed);
  const shuffled = [...events];
  for (let j = shuffled.length - 1; j > 0; j--) {
    const k = Math.floor(draw() * (j + 1));
    [shuffled[j], shuffled[k]] = [shuffled[k]!, shuffled[j]!];
  }
  const batches: EventEnvelope[][] = [];
  for (let i = 0; i < shuffled.length; i += size) batches.push(shuffled.slice(i, i + size));
  return batches;
}

/** One sale (with its stock movements) at each location, happening at `at`. */
export const salesAt = (tenantId: string, locationIds: readonly string[], at: string, seed: number): EventEnvelope[] =>
  generateHistory({
    tenantId,
    locationIds,
    stretches: [{ from: at, to: new Date(Date.parse(at) + 1000).toISOString() }],
    salesPerDay: 86_400_000 / 1000,
    seed,
  });
