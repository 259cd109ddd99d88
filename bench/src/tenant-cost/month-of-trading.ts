import { randomUUID } from 'node:crypto';
import type { Kernel } from '@kits/kernel';
import { v7 as uuidv7 } from 'uuid';
import { CASHIER_PIN, ok, type SignedUpShop } from './shop-signup.ts';

/** The shape of a small shop's month. */
export interface TradingPlan {
  readonly days: number;
  readonly salesPerDay: number;
  /** Sales refunded (one unit of their first line, back to stock), as a fraction of sales. */
  readonly refundRate: number;
  /** Products in the catalog, one variant each, with a barcode, a cost and a price. */
  readonly products: number;
  /** Tills selling, each with its own shift a day. */
  readonly tills: number;
  /** Events a till pushes at once (a till that was briefly offline; the rows kept are the same as one at a time). */
  readonly pushBatch: number;
}

/** What the month did, counted from the kernel's answers. */
export interface TradingDone {
  readonly sales: number;
  readonly refunds: number;
  readonly shifts: number;
  readonly purchaseOrders: number;
  readonly tillEvents: number;
  readonly pushes: number;
  /** Till events answered anything but `accepted` (each one is a failure of the run). */
  readonly notAccepted: readonly string[];
}

interface TillEvent {
  readonly id: string;
  readonly type: string;
  readonly occurredAt: string;
  readonly payload: unknown;
}

const DAY_MS = 86_400_000;
/** Units of each variant ordered from the supplier a week: about what a week's sales take, and some. */
const WEEKLY_UNITS = 30;

/** Products, one variant each, as a merchant types them into the back office. */
async function createCatalog(kernel: Kernel, token: string, products: number): Promise<string[]> {
  const variants: string[] = [];
  for (let i = 0; i < products; i++) {
    const product = await ok<{ variants: Array<{ id: string }> }>(kernel, 'POST', '/api/v1/core-inventory/products', {
      token,
      body: {
        name: `Product ${i + 1}`,
        description: 'A product of the bench shop',
        unit: 'piece',
        variants: [
          {
            sku: `TC-${String(i + 1).padStart(5, '0')}`,
            barcodes: [{ code: `2${String(100_000_000_000 + i).slice(1)}`, symbology: 'code128' }],
            cost: { currency: 'EUR', amount: 150 + (i % 40) * 50 },
            prices: [{ currency: 'EUR', amount: 299 + (i % 40) * 100 }],
          },
        ],
      },
    });
    variants.push(product.variants[0]!.id);
  }
  return variants;
}

/** A purchase order for every variant, sent and received in full: the week's stock. */
async function restock(kernel: Kernel, shop: SignedUpShop, supplierId: string, variants: readonly string[]): Promise<void> {
  const token = shop.adminToken;
  const lines = variants.map((variantId) => ({ variantId, packs: WEEKLY_UNITS, packSize: 1, unitCost: { currency: 'EUR', amount: 200 } }));
  const order = await ok<{ id: string }>(kernel, 'POST', '/api/v1/purchasing/purchase-orders', {
    token,
    body: { supplierId, locationId: shop.storeId, lines },
  });
  await ok(kernel, 'POST', `/api/v1/purchasing/purchase-orders/${order.id}/send`, { token });
  await ok(kernel, 'POST', `/api/v1/purchasing/purchase-orders/${order.id}/receipts`, {
    token,
    body: { id: randomUUID(), lines: variants.map((variantId) => ({ variantId, quantity: WEEKLY_UNITS })) },
  });
}

/** A till of the shop: a device at the store with the shop's cashier signed in by PIN. */
async function openTill(kernel: Kernel, shop: SignedUpShop, index: number): Promise<{ deviceId: string; token: string }> {
  const deviceId =
    index === 0
      ? shop.deviceId
      : (
          await ok<{ id: string }>(kernel, 'POST', '/api/v1/tenants/current/devices', {
            token: shop.adminToken,
            body: { name: `Till ${index + 1}`, locationId: shop.storeId },
          })
        ).id;
  const session = await ok<{ accessToken: string }>(kernel, 'POST', '/api/v1/auth/pin-login', {
    body: { tenant: shop.slug, deviceId, email: shop.cashier.email, pin: CASHIER_PIN },
  });
  return { deviceId, token: session.accessToken };
}

/** 1–3 lines of 1–2 units, from the catalog. */
function basket(variants: readonly string[]): Array<{ variantId: string; quantity: number }> {
  const lines = new Map<string, number>();
  for (let n = 1 + Math.floor(Math.random() * 3); n > 0; n--) {
    const variantId = variants[Math.floor(Math.random() * variants.length)]!;
    lines.set(variantId, (lines.get(variantId) ?? 0) + 1 + Math.floor(Math.random() * 2));
  }
  return [...lines].map(([variantId, quantity]) => ({ variantId, quantity }));
}

/**
 * One till's day as its event log holds it: the shift opened at 08:55, the day's sales spread over
 * 09:00–20:00 (paid in cash, the customer handing over a round sum), a few refunds of that day's
 * sales, and the shift closed with the cash counted.
 */
function tillDay(
  day: Date,
  sales: number,
  refundRate: number,
  variants: readonly string[],
  till: { deviceId: string; cashierId: string; next: () => number; receipt: () => number },
): TillEvent[] {
  const at = (minutes: number) => new Date(day.getTime() + minutes * 60_000).toISOString();
  const event = (type: string, minutes: number, payload: unknown): TillEvent => ({
    id: `${till.deviceId}#${till.next()}#${randomUUID()}`,
    type,
    occurredAt: at(minutes),
    payload,
  });
  const shiftId = uuidv7();
  const events = [event('sales.shift.opened', 8 * 60 + 55, { shiftId, openingFloat: 10_000 })];
  const sold: string[] = [];
  for (let n = 0; n < sales; n++) {
    const minutes = 9 * 60 + Math.floor((n * 11 * 60) / sales);
    const saleId = uuidv7();
    sold.push(saleId);
    events.push(
      event('sales.sale.completed', minutes, {
        sale: { id: saleId, shiftId, lines: basket(variants), tenders: [{ method: 'cash', amount: 50_000 }] },
        receiptNumber: till.receipt(),
        cashierId: till.cashierId,
      }),
    );
    // A refund returns one unit of an earlier sale's first line; each sale is refunded at most once.
    if (Math.random() < refundRate && sold.length > 1) {
      const refunded = sold.splice(Math.floor(Math.random() * (sold.length - 1)), 1)[0]!;
      events.push(
        event('sales.sale.refunded', minutes, {
          refund: {
            id: uuidv7(),
            saleId: refunded,
            lines: [{ lineNo: 1, quantity: 1 }],
            reason: 'Returned by the customer',
            restock: true,
          },
        }),
      );
    }
  }
  events.push(event('sales.shift.closed', 20 * 60 + 5, { shiftId, counted: [{ denomination: 5000, count: 2 }] }));
  return events;
}

/** A shop ready to trade: its catalog, its supplier and its tills, each with a signed-in cashier. */
export interface TradingShop {
  readonly variants: readonly string[];
  readonly supplierId: string;
  readonly tills: ReadonlyArray<{ readonly deviceId: string; readonly token: string }>;
}

/** Sets a signed-up shop up to trade, through the API: its catalog, a supplier, and its tills signed in. */
export async function openForTrading(kernel: Kernel, shop: SignedUpShop, plan: TradingPlan): Promise<TradingShop> {
  const variants = await createCatalog(kernel, shop.adminToken, plan.products);
  const supplier = await ok<{ id: string }>(kernel, 'POST', '/api/v1/purchasing/suppliers', {
    token: shop.adminToken,
    body: { name: 'Wholesale Co', currency: 'EUR', paymentTermsDays: 30, leadTimeDays: 2, email: 'orders@wholesale.test' },
  });
  const tills = [];
  for (let i = 0; i < plan.tills; i++) tills.push(await openTill(kernel, shop, i));
  return { variants, supplierId: supplier.id, tills };
}

/**
 * A month of a small shop through the real API: a purchase order received each week, and each day
 * every till's shift, sales and refunds pushed through the sync gateway as the till's event log
 * sends them (`POST /api/v1/sync/push`, the path a till's sale takes), dated over the past `days` days.
 */
export async function tradeForAMonth(kernel: Kernel, shop: SignedUpShop, plan: TradingPlan, trading: TradingShop): Promise<TradingDone> {
  const { variants, supplierId, tills } = trading;
  const done = { sales: 0, refunds: 0, shifts: 0, purchaseOrders: 0, tillEvents: 0, pushes: 0, notAccepted: [] as string[] };
  const sequences = tills.map(() => 0);
  const receipts = tills.map(() => 0);
  const firstDay = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate()) - plan.days * DAY_MS);
  for (let d = 0; d < plan.days; d++) {
    if (d % 7 === 0) {
      await restock(kernel, shop, supplierId, variants);
      done.purchaseOrders += 1;
    }
    const day = new Date(firstDay.getTime() + d * DAY_MS);
    for (const [t, till] of tills.entries()) {
      const sales = Math.floor(plan.salesPerDay / plan.tills) + (t < plan.salesPerDay % plan.tills ? 1 : 0);
      const events = tillDay(day, sales, plan.refundRate, variants, {
        deviceId: till.deviceId,
        cashierId: shop.cashier.id,
        next: () => ++sequences[t]!,
        receipt: () => ++receipts[t]!,
      });
      for (let from = 0; from < events.length; from += plan.pushBatch) {
        const batch = events.slice(from, from + plan.pushBatch);
        const answer = await ok<{ answers: Array<{ id: string; status: string; code?: string }> }>(kernel, 'POST', '/api/v1/sync/push', {
          token: till.token,
          body: { events: batch },
        });
        done.pushes += 1;
        for (const [i, a] of answer.answers.entries()) {
          if (a.status !== 'accepted') done.notAccepted.push(`${batch[i]!.type} ${a.id}: ${a.status} ${a.code ?? ''}`);
          else if (batch[i]!.type === 'sales.sale.completed') done.sales += 1;
          else if (batch[i]!.type === 'sales.sale.refunded') done.refunds += 1;
          else if (batch[i]!.type === 'sales.shift.closed') done.shifts += 1;
        }
        done.tillEvents += batch.length;
      }
    }
  }
  return done;
}
