import { formatDecimal } from '@kits/plugin-sdk/money';
import { receiptCardParts, receiptTime, type TillReceipt, type TillReceiptCard } from '@kits/plugin-sdk/till';
import { encodeText, printedLength } from './code-page.ts';
import { columns, rule, wrap } from './columns.ts';
import { align, bold, characterSize, drawerKick, feed, initialize, partialCut, selectCodePage, textLine } from './escpos.ts';

/** How a receipt is laid out: the plugin's settings, as the till receives them. */
export interface ReceiptLayout {
  /** Characters per line: 32, 42 or 48. */
  readonly paperWidth: number;
  /** Printed large at the top; empty prints the store's name. */
  readonly shopName: string;
  /** Printed under it; none prints the store's address. */
  readonly addressLines: readonly string[];
  readonly footer: string;
  /** Kick the cash drawer as the job starts. */
  readonly openDrawer: boolean;
}

/** The currency's sign when the printer can print it (€, £, $…), its ISO code otherwise. */
function currencySign(currency: string): string {
  const sign =
    new Intl.NumberFormat('en', { style: 'currency', currency, currencyDisplay: 'narrowSymbol' })
      .formatToParts(0)
      .find((part) => part.type === 'currency')?.value ?? currency;
  return encodeText(sign).includes(0x3f) ? `${currency} ` : sign;
}

const percent = (basisPoints: number): string => `${basisPoints / 100}%`;
const rateKey = (rate: { name: string; basisPoints: number }): string => `${rate.name}:${rate.basisPoints}`;
const tenderName = (method: string): string => (method === 'cash' ? 'Cash' : method.charAt(0).toUpperCase() + method.slice(1));

/**
 * The card under its tender, indented: `  Visa **** 4242  Auth 123456` (the paper's code page has no
 * bullet: its stars are what card receipts print anyway). When it does not fit the paper, the
 * approval code goes on a line of its own; a part still too long wraps.
 */
function cardLines(card: TillReceiptCard, width: number): string[] {
  const parts = receiptCardParts(card);
  const indent = '  ';
  const oneLine = indent + parts.join('  ');
  if (printedLength(oneLine) <= width) return [oneLine];
  return parts.flatMap((part) => wrap(indent + part, width));
}

/**
 * The tax lines by rate as a table — rate, net, tax, gross — its amounts right-aligned in columns
 * as wide as the widest amount; a rate whose name does not fit beside them goes on a line of its
 * own, its amounts under it.
 */
function taxTable(receipt: TillReceipt, width: number, money: (amount: number) => string): string[] {
  const rows = receipt.taxes.map((tax) => ({
    label: `${String.fromCharCode(65 + receipt.taxes.indexOf(tax))} ${tax.name} ${percent(tax.basisPoints)}`,
    cells: [money(tax.net), money(tax.amount), money(tax.gross)],
  }));
  const cell = Math.max(5, ...rows.flatMap((row) => row.cells.map((text) => text.length))) + 1;
  const amounts = (texts: readonly string[]) =>
    texts
      .map((text) => text.padStart(cell))
      .join('')
      .padStart(width);
  const room = width - 3 * cell;
  const beside = (label: string, texts: readonly string[]) =>
    printedLength(label) < room ? [label + amounts(texts).slice(printedLength(label))] : [...wrap(label, width), amounts(texts)];
  return [...beside('Rate', ['Net', 'Tax', 'Gross']), ...rows.flatMap((row) => beside(row.label, row.cells))];
}

/**
 * The whole print job of a receipt, with what a fiscal receipt shows in the EU and the US: the
 * shop (name, address, tax number), receipt number, date and time in the store's time zone, till
 * and cashier; every line with quantity, unit price, discount and total; subtotal, sale discount,
 * total; tax by rate (net, tax, gross); tenders (a card's brand, last four digits and approval code
 * under its tender) and change — then the footer and the cut.
 */
export function receiptJob(receipt: TillReceipt, layout: ReceiptLayout): Uint8Array {
  const width = layout.paperWidth;
  // Amounts as plain decimals (`1234.50`, the currency's ISO digits): columns line up without symbols.
  const money = (amount: number) => formatDecimal(amount, receipt.currency);
  const bytes: number[] = [...initialize(), ...selectCodePage()];
  const lines = (texts: readonly string[]) => texts.forEach((text) => bytes.push(...textLine(text)));
  if (layout.openDrawer) bytes.push(...drawerKick());

  // The shop, centred; its name twice as large (so half as many characters fit). The plugin's
  // settings may name it and give its address; otherwise the store's own, as the kernel has them.
  const shopName = layout.shopName.trim() || receipt.location.name || '';
  const address = layout.addressLines.length > 0 ? layout.addressLines : (receipt.location.addressLines ?? []);
  bytes.push(...align('center'));
  if (shopName) {
    bytes.push(...bold(true), ...characterSize(2, 2));
    lines(wrap(shopName, Math.floor(width / 2)));
    bytes.push(...characterSize(1, 1), ...bold(false));
  }
  for (const line of address) lines(wrap(line, width));
  if (receipt.location.taxId) lines(wrap(`Tax ID: ${receipt.location.taxId}`, width));
  if (receipt.reprint || receipt.kind === 'return') {
    bytes.push(...bold(true));
    if (receipt.kind === 'return') lines(['RETURN']);
    if (receipt.reprint) lines(['COPY']);
    bytes.push(...bold(false));
  }
  bytes.push(...align('left'), ...feed(1));

  lines(columns(`Receipt ${receipt.receiptNumber}`, receiptTime(receipt), width));
  if (receipt.returnOf) lines([`Refund for receipt ${receipt.returnOf.receiptNumber}`]);
  lines(wrap(`Till: ${receipt.device.name ?? receipt.device.id}`, width));
  lines(wrap(`Served by: ${receipt.cashier.name}`, width));
  lines([rule(width)]);

  // Tax rates are lettered A, B, C… in the order of the receipt's taxes; a line's letters follow its
  // amount in a column of their own, and every amount above the tenders ends where the lines' do.
  const codeOf = new Map(receipt.taxes.map((tax, i) => [rateKey(tax), String.fromCharCode(65 + i)]));
  const gutter = receipt.taxes.length > 0 ? Math.max(1, ...receipt.lines.map((line) => line.taxRates.length)) + 1 : 0;
  const inner = width - gutter;
  for (const line of receipt.lines) {
    lines(wrap(line.name, width));
    // Each line's amount carries its rates' letters, as EU receipts mark a line's VAT rate.
    const codes = line.taxRates.map((rate) => codeOf.get(rateKey(rate)) ?? '').join('');
    lines(
      columns(`  ${line.quantity} x ${money(line.unitPrice)}`, money(line.quantity * line.unitPrice), inner).map((text, i, all) =>
        i === all.length - 1 && gutter > 0 ? `${text} ${codes}`.trimEnd() : text,
      ),
    );
    if (line.discount !== 0) lines(columns('  Discount', money(-line.discount), inner));
  }
  lines([rule(width)]);

  lines(columns('Subtotal', money(receipt.subtotal), inner));
  if (receipt.cartDiscount !== 0) lines(columns('Sale discount', money(-receipt.cartDiscount), inner));
  // Taxes added to shelf prices (as in the US) are part of the sum; included ones are inside it.
  if (!receipt.pricesIncludeTax)
    for (const tax of receipt.taxes) lines(columns(`${tax.name} ${percent(tax.basisPoints)}`, money(tax.amount), inner));
  if (receipt.rounding !== 0) lines(columns('Rounding', money(receipt.rounding), inner));
  bytes.push(...bold(true), ...characterSize(1, 2));
  lines(columns('TOTAL', `${currencySign(receipt.currency)}${money(receipt.total)}`, inner));
  bytes.push(...characterSize(1, 1), ...bold(false));
  if (receipt.taxes.length > 0) {
    lines([receipt.pricesIncludeTax ? 'Prices include tax:' : 'Tax added:']);
    lines(taxTable(receipt, width, money));
  }
  lines([rule(width)]);
  for (const tender of receipt.tenders) {
    lines(columns(tenderName(tender.method), money(tender.amount), inner));
    if (tender.card) lines(cardLines(tender.card, width));
  }
  lines(columns('Change', money(receipt.change), inner));

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
