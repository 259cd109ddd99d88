import type { TillReceipt } from '@kits/plugin-sdk/till';
import { encodeText } from './code-page.ts';
import { columns, rule, wrap } from './columns.ts';
import { align, bold, characterSize, drawerKick, feed, initialize, partialCut, selectCodePage, textLine } from './escpos.ts';

/** How a receipt is laid out: the plugin's settings, as the till receives them. */
export interface ReceiptLayout {
  /** Characters per line: 32, 42 or 48. */
  readonly paperWidth: number;
  /** Printed large at the top; empty prints the store's name. */
  readonly shopName: string;
  readonly addressLines: readonly string[];
  readonly footer: string;
  /** Kick the cash drawer as the job starts. */
  readonly openDrawer: boolean;
}

/** Minor units per major unit of a currency (2 for EUR, 0 for JPY). */
function currencyDigits(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/** An amount in minor units as `1234.50` (integer arithmetic: no floating point). */
export function formatAmount(amount: number, currency: string): string {
  const digits = currencyDigits(currency);
  const sign = amount < 0 ? '-' : '';
  const absolute = Math.abs(amount);
  const unit = 10 ** digits;
  const whole = Math.floor(absolute / unit);
  return digits === 0 ? `${sign}${whole}` : `${sign}${whole}.${String(absolute % unit).padStart(digits, '0')}`;
}

/** The currency's sign when the printer can print it (€, £, $…), its ISO code otherwise. */
function currencySign(currency: string): string {
  const sign =
    new Intl.NumberFormat('en', { style: 'currency', currency, currencyDisplay: 'narrowSymbol' })
      .formatToParts(0)
      .find((part) => part.type === 'currency')?.value ?? currency;
  return encodeText(sign).includes(0x3f) ? `${currency} ` : sign;
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** The sale's time on the till's clock: `2026-11-26 14:03`. */
function localTime(iso: string): string {
  const at = new Date(iso);
  return `${at.getFullYear()}-${pad2(at.getMonth() + 1)}-${pad2(at.getDate())} ${pad2(at.getHours())}:${pad2(at.getMinutes())}`;
}

const percent = (basisPoints: number): string => `${basisPoints / 100}%`;
const tenderName = (method: string): string => (method === 'cash' ? 'Cash' : method.charAt(0).toUpperCase() + method.slice(1));

/** The whole print job of a receipt: header, lines, totals, tenders, footer, then the cut. */
export function receiptJob(receipt: TillReceipt, layout: ReceiptLayout): Uint8Array {
  const width = layout.paperWidth;
  const money = (amount: number) => formatAmount(amount, receipt.currency);
  const bytes: number[] = [...initialize(), ...selectCodePage()];
  const lines = (texts: readonly string[]) => texts.forEach((text) => bytes.push(...textLine(text)));
  if (layout.openDrawer) bytes.push(...drawerKick());

  // The shop, centred; its name twice as large (so half as many characters fit).
  const shopName = layout.shopName.trim() || receipt.location.name || '';
  bytes.push(...align('center'));
  if (shopName) {
    bytes.push(...bold(true), ...characterSize(2, 2));
    lines(wrap(shopName, Math.floor(width / 2)));
    bytes.push(...characterSize(1, 1), ...bold(false));
  }
  for (const address of layout.addressLines) lines(wrap(address, width));
  if (receipt.reprint || receipt.kind === 'return') {
    bytes.push(...bold(true));
    if (receipt.kind === 'return') lines(['RETURN']);
    if (receipt.reprint) lines(['COPY']);
    bytes.push(...bold(false));
  }
  bytes.push(...align('left'), ...feed(1));

  lines(columns(`Receipt ${receipt.receiptNumber}`, localTime(receipt.completedAt), width));
  if (receipt.returnOf) lines([`Refund for receipt ${receipt.returnOf.receiptNumber}`]);
  lines(wrap(`Till: ${receipt.device.name ?? receipt.device.id}`, width));
  lines(wrap(`Served by: ${receipt.cashier.name}`, width));
  lines([rule(width)]);

  for (const line of receipt.lines) {
    const gross = line.quantity * line.unitPrice;
    if (line.quantity === 1) lines(columns(line.name, money(gross), width));
    else {
      lines(wrap(line.name, width));
      lines(columns(`  ${line.quantity} x ${money(line.unitPrice)}`, money(gross), width));
    }
    if (line.discount !== 0) lines(columns('  Discount', money(-line.discount), width));
  }
  lines([rule(width)]);

  const addedTaxes = receipt.pricesIncludeTax ? [] : receipt.taxes;
  if (receipt.cartDiscount !== 0 || addedTaxes.length > 0 || receipt.rounding !== 0) {
    lines(columns('Subtotal', money(receipt.subtotal), width));
    if (receipt.cartDiscount !== 0) lines(columns('Sale discount', money(-receipt.cartDiscount), width));
    for (const tax of addedTaxes) lines(columns(`${tax.name} ${percent(tax.basisPoints)}`, money(tax.amount), width));
    if (receipt.rounding !== 0) lines(columns('Rounding', money(receipt.rounding), width));
  }
  bytes.push(...bold(true), ...characterSize(1, 2));
  lines(columns('TOTAL', `${currencySign(receipt.currency)}${money(receipt.total)}`, width));
  bytes.push(...characterSize(1, 1), ...bold(false));
  if (receipt.pricesIncludeTax) {
    for (const tax of receipt.taxes) lines(columns(`  incl. ${tax.name} ${percent(tax.basisPoints)}`, money(tax.amount), width));
  }
  lines([rule(width)]);
  for (const tender of receipt.tenders) lines(columns(tenderName(tender.method), money(tender.amount), width));
  if (receipt.change !== 0) lines(columns('Change', money(receipt.change), width));

  if (layout.footer.trim()) {
    bytes.push(...feed(1), ...align('center'));
    for (const paragraph of layout.footer.split(/\r?\n/)) lines(wrap(paragraph, width));
    bytes.push(...align('left'));
  }
  bytes.push(...feed(4), ...partialCut());
  return Uint8Array.from(bytes);
}

/** A job that only opens the cash drawer. */
export const drawerJob = (): Uint8Array => Uint8Array.from([...initialize(), ...drawerKick()]);
