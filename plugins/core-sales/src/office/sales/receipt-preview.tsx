import { Fragment } from 'preact';
import { formatMoney } from '@kits/plugin-sdk/money';
import { receiptCardLine } from '@kits/plugin-sdk/office';
import { ReceiptHead, ReceiptLine, ReceiptNote, ReceiptPaper, ReceiptRule, useKit } from '@kits/ui-kit';
import { sumByRate } from '../../shared/shift-report.ts';
import { saleTitle, tenderName, type Sale } from '../sales-api.ts';

/** Where and by whom, as the receipt printed them. */
export interface ReceiptFacts {
  readonly shop: {
    readonly name: string;
    readonly addressLines: readonly string[];
    readonly taxId: string | null;
    readonly timezone?: string;
  };
  readonly till: string;
  readonly cashier: string;
}

const percent = (basisPoints: number) => `${basisPoints / 100} %`;

/** A receipt's date and time as printed: in the store's time zone, `2026-03-04 17:05`. */
function printedTime(iso: string, timeZone: string | undefined): string {
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
    format = new Intl.DateTimeFormat('en-GB', { ...options, timeZone });
  } catch {
    format = new Intl.DateTimeFormat('en-GB', options);
  }
  const parts = format.formatToParts(new Date(iso));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}`;
}

/**
 * The sale's receipt as the customer got it, from the same figures the till printed: the shop,
 * receipt number, time in the store's zone, till and cashier, every line (quantity × price, its
 * discount), subtotal, promotions and the sale's discount, tax by rate, tenders and change.
 */
export function ReceiptPreview({ sale, facts }: { sale: Sale; facts: ReceiptFacts }) {
  const { locale } = useKit();
  const fmt = (amount: number) => formatMoney(amount, sale.currency, locale);
  const charges = sale.charges ?? [];
  // A channel's sale says whether its prices include tax; a till's shows it in its figures.
  const included = sale.taxIncluded ?? sale.total - sale.rounding === sale.subtotal - sale.discountTotal;
  const promotions = sale.promotions.reduce((sum, p) => sum + p.discount, 0);
  const ownDiscounts = sale.lines.reduce((sum, l) => sum + l.lineDiscount, 0);
  // The sale's discount is what is left of all discounts once promotions and line discounts are taken out.
  const saleDiscount = Math.max(0, sale.discountTotal - promotions - ownDiscounts);
  const lineSum = sale.lines.reduce((sum, l) => sum + l.quantity * l.unitPrice - l.lineDiscount, 0);
  const nets = sumByRate([
    ...sale.lines.map((l) => ({ net: l.total - l.tax, taxes: l.taxes })),
    ...charges.map((c) => ({ net: c.amount, taxes: c.taxes })),
  ]);
  const title = saleTitle(sale);
  const taxes = sale.taxes.map((tax) => {
    const net = nets.find((n) => n.name === tax.name && n.basisPoints === tax.basisPoints)?.net ?? 0;
    return { ...tax, net, gross: net + tax.amount };
  });
  return (
    <ReceiptPaper label={sale.source || sale.receiptNumber !== null ? title : 'Receipt'}>
      <ReceiptHead title>{facts.shop.name}</ReceiptHead>
      {facts.shop.addressLines.map((line, i) => (
        <ReceiptHead key={i}>{line}</ReceiptHead>
      ))}
      {facts.shop.taxId && <ReceiptHead>Tax ID: {facts.shop.taxId}</ReceiptHead>}
      <ReceiptRule />
      <ReceiptLine
        label={sale.source ? title : `Receipt ${sale.receiptNumber ?? '—'}`}
        amount={printedTime(sale.occurredAt, facts.shop.timezone)}
      />
      {sale.source ? (
        <div>Sold on: {facts.till}</div>
      ) : (
        <>
          <div>Till: {facts.till}</div>
          <div>Served by: {facts.cashier}</div>
        </>
      )}
      <ReceiptRule />
      {sale.lines.map((line) => (
        <div key={line.lineNo}>
          <ReceiptLine label={`${line.quantity} × ${line.title ?? line.name}`} amount={fmt(line.quantity * line.unitPrice)} />
          <ReceiptNote>
            {fmt(line.unitPrice)} each · {line.taxes.length > 0 ? line.taxes.map((t) => percent(t.basisPoints)).join(' + ') : '0 %'}
          </ReceiptNote>
          {line.lineDiscount !== 0 && <ReceiptLine label="  Discount" amount={fmt(-line.lineDiscount)} />}
        </div>
      ))}
      <ReceiptRule />
      <ReceiptLine label="Subtotal" amount={fmt(lineSum)} />
      {promotions !== 0 && <ReceiptLine label="Promotions" amount={fmt(-promotions)} />}
      {saleDiscount !== 0 && <ReceiptLine label="Sale discount" amount={fmt(-saleDiscount)} />}
      {charges.map((charge, i) => (
        <ReceiptLine key={`charge${i}`} label={charge.title} amount={fmt(included ? charge.total : charge.amount)} />
      ))}
      {!included &&
        taxes.map((tax) => (
          <ReceiptLine key={`${tax.name}${tax.basisPoints}`} label={`${tax.name} ${percent(tax.basisPoints)}`} amount={fmt(tax.amount)} />
        ))}
      {sale.rounding !== 0 && <ReceiptLine label="Rounding" amount={fmt(sale.rounding)} />}
      <ReceiptLine label="Total" amount={fmt(sale.total)} strong />
      {taxes.length > 0 && (
        <>
          <ReceiptRule />
          <div>{included ? 'Prices include tax' : 'Tax added'}</div>
          {taxes.map((tax) => (
            <ReceiptLine
              key={`${tax.name}${tax.basisPoints}`}
              label={`${tax.name} ${percent(tax.basisPoints)}`}
              amount={`${fmt(tax.net)} + ${fmt(tax.amount)} = ${fmt(tax.gross)}`}
            />
          ))}
        </>
      )}
      <ReceiptRule />
      {sale.tenders.map((tender, i) => (
        <Fragment key={i}>
          <ReceiptLine label={tenderName(tender.method)} amount={fmt(tender.tendered || tender.amount)} />
          {tender.card && <ReceiptNote>{receiptCardLine(tender.card)}</ReceiptNote>}
        </Fragment>
      ))}
      <ReceiptLine label="Change" amount={fmt(sale.change)} />
    </ReceiptPaper>
  );
}
