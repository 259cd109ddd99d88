// Part of the till context ('@kits/plugin-sdk/till'): bundled into one module for the till (till/vite.config.ts).

/**
 * Named places in the till UI where plugins contribute components. `sale` is the sale screen
 * itself (F2; the one with the lowest `order` is shown: a plugin may replace core-sales' own);
 * `checkout.*` and `receipt.footer` are places on the sale screen, which renders them with
 * `slots.outlet(…)`; `menu` screens get a button in the till's bar; `settings` panels a tab.
 */
export type TillSlot = 'sale' | 'checkout.tender' | 'checkout.cartLine' | 'checkout.actions' | 'receipt.footer' | 'menu' | 'settings';

/** A Preact component, typed loosely so the SDK does not depend on Preact. */
export type SlotComponent<Props = Record<string, unknown>> = (props: Props) => unknown;

/** A tender a plugin takes (a card through a terminal, a voucher): its method, amount and reference. */
export interface SlotTender {
  readonly method: string;
  /** Minor units. */
  readonly amount: number;
  /** What the provider returned (a payment or terminal reference). */
  readonly token?: string;
}

/** What each slot's components are given. */
export interface TillSlotProps {
  /** The sale screen. */
  sale: Record<string, never>;
  /** A way to pay on the tender screen: `pay` adds the tender; the sale completes once it is covered. */
  'checkout.tender': { readonly due: number; readonly currency: string; pay(tender: SlotTender): void };
  /** Under each line of the cart: a line action (a gift note, a serial number, a warranty). */
  'checkout.cartLine': {
    readonly line: { readonly variantId: string; readonly name: string; readonly sku: string; readonly quantity: number };
  };
  /** Beside the checkout's own actions, while the cart is open. */
  'checkout.actions': { readonly lines: number };
  /** At the foot of the receipt on screen. */
  'receipt.footer': {
    readonly receipt: { readonly saleId: string; readonly receiptNumber: number; readonly total: number; readonly currency: string };
  };
  /** A screen of the till's menu. */
  menu: Record<string, never>;
  /** A panel of the settings screen. */
  settings: Record<string, never>;
}

export interface SlotOptions {
  /** What a person sees for it: the menu entry of a `menu` screen (required there), a tab title. */
  readonly title?: string;
  /** Lower comes first among contributions to one slot (default 100). */
  readonly order?: number;
  /** A key that opens it without the mouse (`F6`), for `menu` screens. */
  readonly shortcut?: string;
}

/** The slots of a plugin's context: contribute to a place, or render the contributions to one. */
export interface TillSlots {
  contribute<Slot extends TillSlot>(slot: Slot, component: SlotComponent<TillSlotProps[Slot]>, options?: SlotOptions): void;
  /**
   * A component that renders every contribution to `slot` (each plugin's in its own error box),
   * nothing when there is none: how a screen offers places to other plugins.
   * `const Tenders = slots.outlet('checkout.tender'); … <Tenders due={…} currency="EUR" pay={…} />`
   */
  outlet<Slot extends TillSlot>(slot: Slot): SlotComponent<TillSlotProps[Slot]>;
}
