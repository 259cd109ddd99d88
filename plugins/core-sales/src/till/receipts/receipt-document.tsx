import { receiptCardLine, receiptTime, type TillReceipt } from '@kits/plugin-sdk/till';

const percent = (basisPoints: number) => `${basisPoints / 100} %`;
const tenderName = (method: string) => (method === 'cash' ? 'Cash' : method === 'card' ? 'Card' : method);

/**
 * The receipt on screen, from the same `TillReceipt` a printer plugin prints: the shop (name,
 * address, tax ID), receipt number, date and time in the store's time zone, till and cashier;
 * every line with quantity, unit price, discount and total; subtotal, sale discount, total; tax by
 * rate (net, tax, gross); tenders (a card's brand, last four digits and approval code) and change.
 */
export function ReceiptDocument({ receipt, fmt }: { receipt: TillReceipt; fmt: (amount: number) => string }) {
  const { location } = receipt;
  return (
    <>
      <header class="receipt-shop" data-testid="receipt-shop">
        {location.name && <h2>{location.name}</h2>}
        {location.addressLines?.map((line, i) => (
          <p key={i}>{line}</p>
        ))}
        {location.taxId && <p>Tax ID: {location.taxId}</p>}
      </header>
      <p class="receipt-facts" data-testid="receipt-facts">
        <span>Receipt {receipt.receiptNumber}</span>
        <time dateTime={receipt.completedAt}>{receiptTime(receipt)}</time>
        <span>Till: {receipt.device.name ?? receipt.device.id}</span>
        <span>Served by: {receipt.cashier.name}</span>
      </p>
      <table class="receipt-lines">
        <tbody>
          {receipt.lines.flatMap((line, i) => [
            <tr key={`l${i}`}>
              <td>
                {line.quantity} × {line.name}
                <span class="unit-price">
                  {fmt(line.unitPrice)} each ·{' '}
                  {line.taxRates.length > 0 ? line.taxRates.map((tax) => percent(tax.basisPoints)).join(' + ') : '0 %'}
                </span>
              </td>
              <td class="amount">{fmt(line.quantity * line.unitPrice)}</td>
            </tr>,
            ...(line.discount !== 0
              ? [
                  <tr key={`d${i}`} class="discount">
                    <td>Discount</td>
                    <td class="amount">{fmt(-line.discount)}</td>
                  </tr>,
                ]
              : []),
          ])}
        </tbody>
        <tfoot>
          <tr>
            <td>Subtotal</td>
            <td class="amount">{fmt(receipt.subtotal)}</td>
          </tr>
          {receipt.cartDiscount !== 0 && (
            <tr class="discount">
              <td>Sale discount</td>
              <td class="amount">{fmt(-receipt.cartDiscount)}</td>
            </tr>
          )}
          {!receipt.pricesIncludeTax &&
            receipt.taxes.map((tax) => (
              <tr key={`${tax.name}${tax.basisPoints}`}>
                <td>
                  {tax.name} {percent(tax.basisPoints)}
                </td>
                <td class="amount">{fmt(tax.amount)}</td>
              </tr>
            ))}
          {receipt.rounding !== 0 && (
            <tr>
              <td>Rounding</td>
              <td class="amount">{fmt(receipt.rounding)}</td>
            </tr>
          )}
          <tr class="total">
            <td>Total</td>
            <td class="amount">{fmt(receipt.total)}</td>
          </tr>
        </tfoot>
      </table>
      {receipt.taxes.length > 0 && (
        <table class="receipt-taxes" data-testid="receipt-taxes">
          <caption>{receipt.pricesIncludeTax ? 'Prices include tax' : 'Tax added'}</caption>
          <thead>
            <tr>
              <th>Rate</th>
              <th class="amount">Net</th>
              <th class="amount">Tax</th>
              <th class="amount">Gross</th>
            </tr>
          </thead>
          <tbody>
            {receipt.taxes.map((tax) => (
              <tr key={`${tax.name}${tax.basisPoints}`}>
                <td>
                  {tax.name} {percent(tax.basisPoints)}
                </td>
                <td class="amount">{fmt(tax.net)}</td>
                <td class="amount">{fmt(tax.amount)}</td>
                <td class="amount">{fmt(tax.gross)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <table class="receipt-tenders">
        <tbody>
          {receipt.tenders.flatMap((tender, i) => [
            <tr key={i}>
              <td>{tenderName(tender.method)}</td>
              <td class="amount">{fmt(tender.amount)}</td>
            </tr>,
            // The card under its tender (brand, last four, approval code), as the printed receipt has it.
            ...(tender.card
              ? [
                  <tr key={`c${i}`} class="card-line" data-testid="receipt-card">
                    <td colSpan={2}>{receiptCardLine(tender.card)}</td>
                  </tr>,
                ]
              : []),
          ])}
          <tr>
            <td>Change</td>
            <td class="amount" data-testid="receipt-change">
              {fmt(receipt.change)}
            </td>
          </tr>
        </tbody>
      </table>
    </>
  );
}
