// Part of the till context ('@kits/plugin-sdk/till'): bundled into one module for the till (till/vite.config.ts).
import type { TillLocation } from './session.ts';

/**
 * One tax rate on a receipt: 2000 basis points = 20 %. What a fiscal receipt lists per rate: the
 * amount taxed at it (`net`, after discounts), the tax, and both together. A line with two rates
 * (a state and a city sales tax) counts its net under each.
 */
export interface TillReceiptTax {
  readonly name: string;
  readonly basisPoints: number;
  /** Minor units: what was taxed at this rate, without tax. */
  readonly net: number;
  /** Minor units: the tax of the whole sale at this rate. */
  readonly amount: number;
  /** net + amount. */
  readonly gross: number;
}

/** One line of a receipt. Amounts in minor units of the receipt's currency. */
export interface TillReceiptLine {
  readonly name: string;
  readonly sku: string;
  readonly quantity: number;
  readonly unitPrice: number;
  /** The line's own discounts (promotions and a discount given on the line); 0 when none. */
  readonly discount: number;
  /** quantity × unit price − the line's discount: what the line comes to before the sale's discount. */
  readonly total: number;
  /** The rates the line is taxed at (none: untaxed), so a receipt can mark each line with its rate. */
  readonly taxRates: ReadonlyArray<{ readonly name: string; readonly basisPoints: number }>;
}

/**
 * A receipt as the till prints it: everything a printed receipt shows, in plain data. Amounts are
 * integer minor units of `currency` (1250 = €12.50); `pricesIncludeTax` says whether the taxes are
 * inside the total (“incl. VAT”) or were added to it.
 */
export interface TillReceipt {
  /** `sale`, or `return` for goods taken back (its amounts are what goes back to the customer). */
  readonly kind: 'sale' | 'return';
  readonly saleId: string;
  /** The till's own receipt number (numbered per device, offline too). */
  readonly receiptNumber: number;
  /** For a return, the receipt the goods were bought on. */
  readonly returnOf?: { readonly receiptNumber: number };
  readonly device: { readonly id: string; readonly name?: string };
  /** When the sale completed, ISO 8601 UTC; print it in `location.timezone`. */
  readonly completedAt: string;
  /**
   * The store the till sells at, as far as the till knows it (it learns it online and keeps it):
   * its name, its address a line each, its VAT or tax number, and the IANA time zone the receipt
   * tells the time in (the store's, or the tenant's).
   */
  readonly location: TillLocation;
  readonly cashier: { readonly id: string; readonly name: string };
  readonly currency: string;
  readonly pricesIncludeTax: boolean;
  readonly lines: readonly TillReceiptLine[];
  /** Σ line totals. */
  readonly subtotal: number;
  /** The discount given on the whole sale; 0 when none. */
  readonly cartDiscount: number;
  readonly taxes: readonly TillReceiptTax[];
  /** What the customer paid (after cash rounding). */
  readonly total: number;
  /** Cash rounding applied to the total (positive or negative); 0 when none. */
  readonly rounding: number;
  /** Each tender; a card tender names the card (brand, last four digits, authorization code) when the provider told them. */
  readonly tenders: ReadonlyArray<{ readonly method: string; readonly amount: number; readonly card?: TillReceiptCard }>;
  readonly change: number;
  /** True when this receipt was printed before: a copy, not the customer's first receipt. */
  readonly reprint: boolean;
}

// The card line receipts print (till, office, paper) is one function: src/payments/card-text.ts.
export { receiptCardLine, receiptCardParts, type TillReceiptCard } from '../payments/card-text.ts';
import type { TillReceiptCard } from '../payments/card-text.ts';

/**
 * When a receipt's sale completed, as receipts print it: `2026-11-26 15:03` in the store's time
 * zone (`location.timezone`; the till's own zone when it is not known).
 */
export function receiptTime(receipt: Pick<TillReceipt, 'completedAt' | 'location'>): string {
  const options: Intl.DateTimeFormatOptions = {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  };
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-GB', { ...options, timeZone: receipt.location.timezone });
  } catch {
    // A zone this runtime does not know (an older browser): the till's own clock.
    format = new Intl.DateTimeFormat('en-GB', options);
  }
  const parts = format.formatToParts(new Date(receipt.completedAt));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}`;
}

/**
 * A receipt printer a plugin offers the till. The cashier picks one on the settings screen; the
 * till calls `print` after each sale (when set to print every receipt) or when asked. Rejecting
 * with an Error whose message says what to do is the way to fail: the till shows it and the sale
 * stays done.
 */
export interface ReceiptPrinter {
  /** What the cashier sees in the settings (“Front counter printer (ESC/POS)”); unique within the plugin. */
  readonly name: string;
  print(receipt: TillReceipt): Promise<void>;
  /** Opens the cash drawer wired to this printer, when it has one. */
  openCashDrawer?(): Promise<void>;
}

/** The receipt printer this till prints on, as the cashier chose it in Settings. */
export interface TillChosenPrinter {
  /** What the cashier sees (“Front counter printer (ESC/POS)”). */
  readonly name: string;
  /** Whether the till prints every receipt as the sale completes (else only when asked). */
  readonly printsEveryReceipt: boolean;
}

/** Receipts on this till: offer a printer, or print a receipt on the one the cashier chose. */
export interface TillReceipts {
  /** Offers a receipt printer: the cashier may choose it on the settings screen. */
  addPrinter(printer: ReceiptPrinter): void;
  /** The printer receipts go to, or undefined when none is chosen. */
  chosen(): TillChosenPrinter | undefined;
  /** How many printers the till's plugins offer (none: receipts are on screen only). */
  offered(): number;
  /**
   * Prints on the chosen printer; resolves with its name once printed. Rejects with an Error whose
   * message says what to do (no printer chosen, the printer failed, it took over 30 s).
   */
  print(receipt: TillReceipt): Promise<{ readonly printer: string }>;
}
