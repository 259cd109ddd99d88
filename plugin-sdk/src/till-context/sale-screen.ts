// Part of the till context ('@kits/plugin-sdk/till'): bundled into one module for the till (till/vite.config.ts).

/** A line of the sale as the sale screen shows it. Amounts are integer minor units of the view's currency. */
export interface TillSaleScreenLine {
  readonly name: string;
  readonly quantity: number;
  /** What the line comes to (quantity × price, less its discounts). */
  readonly total: number;
}

/**
 * What the sale screen shows now, in plain data. Amounts are integer minor units of `currency`.
 * - `cart`: the sale being rung up; `lastLine` is the line just scanned or changed (absent when
 *   the cart is empty or a line was taken off), `total` what the sale comes to now.
 * - `tender`: the customer is paying: `total` to pay, `paid` so far.
 * - `completed`: the sale is done: `paid` what was tendered, `change` what goes back (0 for none),
 *   `cash` whether any of it was cash.
 */
export type TillSaleScreenView =
  | {
      readonly step: 'cart';
      readonly currency: string;
      readonly lines: readonly TillSaleScreenLine[];
      readonly lastLine?: TillSaleScreenLine;
      readonly total: number;
    }
  | { readonly step: 'tender'; readonly currency: string; readonly total: number; readonly paid: number }
  | {
      readonly step: 'completed';
      readonly currency: string;
      readonly saleId: string;
      readonly total: number;
      readonly paid: number;
      readonly change: number;
      readonly cash: boolean;
    };

/**
 * The sale screen as other plugins follow it: a customer display shows each scanned line, the total
 * and the change; a scale's screen the same. The plugin that draws the sale screen (core-sales, or
 * one that replaces it) calls `show` at each change; the others `follow`.
 * `saleScreen.follow((view) => { if (view.step === 'completed') … })`
 */
export interface TillSaleScreen {
  /** For the plugin drawing the sale screen: what it shows now. Every follower is told at once. */
  show(view: TillSaleScreenView): void;
  /** Calls `listener` with what the sale screen shows now (when it has shown anything) and at each change; returns an unsubscribe. */
  follow(listener: (view: TillSaleScreenView) => void): () => void;
}
