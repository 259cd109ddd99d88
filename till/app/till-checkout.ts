import { v7 as uuidv7 } from 'uuid';
import { CheckoutMachine, CheckoutRefused, type TillPricing } from '../src/checkout/checkout-machine.ts';
import { appendEvent, nextReceiptNumber } from '../src/store/event-log.ts';
import { openShift, openShiftId } from '../src/store/shift-log.ts';
import { lookupCode } from '../src/store/till-catalog.ts';
import type { TillRuntime } from './till-runtime.ts';

const PRICING = 'pricing';

/** The tenant's pricing for this till: fetched when online, kept in `meta` for offline use. */
export async function loadPricing(runtime: TillRuntime): Promise<TillPricing> {
  try {
    const pricing = await runtime.client.get<TillPricing>('/api/v1/core-sales/till-settings');
    await runtime.db.meta.upsert({ id: PRICING, value: pricing });
    return pricing;
  } catch {
    const saved = await runtime.db.meta.findOne(PRICING).exec();
    if (!saved) throw new Error('This till has never been online: it does not know the store’s prices and taxes yet.');
    return saved.value as TillPricing;
  }
}

/**
 * The checkout as the screens drive it: the state machine, scans resolved from the local store,
 * and a completed sale appended to the event log (the push agent sends it when it can).
 */
export class TillCheckout {
  readonly machine: CheckoutMachine;
  readonly pricing: TillPricing;
  readonly #runtime: TillRuntime;
  #receiptNumber = 0;
  #shiftId: string | undefined;

  private constructor(runtime: TillRuntime, pricing: TillPricing) {
    this.#runtime = runtime;
    this.pricing = pricing;
    const { session } = runtime;
    this.machine = new CheckoutMachine({
      pricing,
      can: (permission) => session.permissions.includes(permission) || session.permissions.includes('*'),
      nextReceiptNumber: () => this.#receiptNumber,
      newSaleId: () => uuidv7(),
      cashierId: session.cashierId,
      shiftId: () => this.#shiftId,
    });
  }

  static async start(runtime: TillRuntime): Promise<TillCheckout> {
    return new TillCheckout(runtime, await loadPricing(runtime));
  }

  /** Adds the variant a scanned or typed code means; false when the till knows no such code. */
  async scan(code: string): Promise<boolean> {
    const variant = await lookupCode(this.#runtime.db, code.trim());
    if (!variant) return false;
    const { currency } = this.pricing;
    const price =
      variant.prices.find((p) => p.currency === currency && p.locationId === this.#runtime.session.locationId) ??
      variant.prices.find((p) => p.currency === currency && p.locationId === null);
    if (!price) return false;
    this.machine.add({ variantId: variant.id, name: variant.name, sku: variant.sku, unitPrice: price.amount, taxClass: variant.taxClass });
    return true;
  }

  /** Completes the sale: numbers the receipt (only once it is paid: no gaps), logs it, nudges the push agent. */
  async complete() {
    const settlement = this.machine.settlement();
    if (!settlement.ok) throw new CheckoutRefused(settlement.code, settlement.detail);
    // A sale belongs to the open shift; a till that sells with none opens one (float 0).
    const { db, session } = this.#runtime;
    this.#shiftId = (await openShiftId(db)) ?? (await openShift(db, session.deviceId, 0));
    this.#receiptNumber = await nextReceiptNumber(this.#runtime.db);
    const done = this.machine.complete();
    await appendEvent(this.#runtime.db, this.#runtime.session.deviceId, done.event.type, done.event.payload);
    void this.#runtime.push.flush();
    return done;
  }
}
