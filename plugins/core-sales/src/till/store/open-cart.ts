import type { CheckoutState, KeptCart } from '../checkout/checkout-machine.ts';
import type { SalesTill } from '../sales-till.ts';

/**
 * The sale in progress, kept on the device as it changes, so a till that restarts (the browser
 * or Electron closed, a crash, a power cut) opens on the same cart: its lines with their prices
 * and discounts, the sale's discount, its customer, the managers' approvals. It is the cart a
 * parked sale resumes into, kept in core-sales' device state (sealed at rest) rather
 * than on the server; a completed, parked or emptied sale clears it.
 */
export interface OpenCart {
  readonly cart: KeptCart;
  /** The customer named on the sale, with the name the checkout shows. */
  readonly customer?: { readonly id: string; readonly name: string };
  readonly keptAt: string;
}

const OPEN_CART = 'open-cart';

export interface OpenCartKeeper {
  /** Keeps the cart of `state` (a tender step's cart without its tenders), or clears it when the sale is done or empty. */
  keep(state: CheckoutState, customer: OpenCart['customer']): void;
  /** The cart kept when the till stopped, if a sale was in progress. */
  load(): Promise<OpenCart | undefined>;
  /** Resolves once every change asked so far is written. */
  settled(): Promise<void>;
}

/**
 * Keeps the open cart in the till's database: one write at a time, the newest state winning. A
 * write that fails is told to `failed` (the sale goes on; only a restart would lose it).
 */
export function openCartKeeper(till: Pick<SalesTill, 'device'>, failed: (error: Error) => void): OpenCartKeeper {
  let next: OpenCart | null | undefined;
  let writing: Promise<void> | undefined;
  const drain = async () => {
    try {
      while (next !== undefined) {
        const value = next;
        next = undefined;
        await till.device.set(OPEN_CART, value ?? undefined);
      }
    } catch (error) {
      failed(error as Error);
    } finally {
      writing = undefined;
    }
  };
  return {
    keep(state, customer) {
      if (state.step === 'receipt' || state.lines.length === 0) next = null;
      else
        next = {
          cart: {
            lines: state.lines,
            ...(state.cartDiscount ? { cartDiscount: state.cartDiscount } : {}),
            ...(state.customerId ? { customerId: state.customerId } : {}),
            ...(state.resumedFrom ? { resumedFrom: state.resumedFrom } : {}),
            ...(state.approvals?.length ? { approvals: state.approvals } : {}),
          },
          ...(customer && customer.id === state.customerId ? { customer } : {}),
          keptAt: new Date().toISOString(),
        };
      writing ??= drain();
    },
    async load() {
      const kept = await till.device.get<OpenCart | null>(OPEN_CART);
      return kept && kept.cart.lines.length > 0 ? kept : undefined;
    },
    settled: () => writing ?? Promise.resolve(),
  };
}
