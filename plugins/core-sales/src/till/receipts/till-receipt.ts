import type { TillReceipt } from '@kits/plugin-sdk/till';
import type { Receipt } from '../checkout/checkout-machine.ts';

/** What the till knows beyond the sale itself: where, when, who. */
export interface ReceiptFacts {
  readonly completedAt: string;
  readonly device: { readonly id: string; readonly name?: string };
  readonly location: TillReceipt['location'];
  readonly cashier: { readonly id: string; readonly name: string };
  readonly pricesIncludeTax: boolean;
}

/**
 * A completed sale's receipt as printer plugins get it (`TillReceipt`): each line before the
 * sale's discount, which is one amount of its own, so a printed receipt adds up line by line.
 */
export function tillReceipt(receipt: Receipt, facts: ReceiptFacts, reprint = false): TillReceipt {
  const lines = receipt.lines.map((line) => ({
    name: line.name,
    sku: line.sku,
    quantity: line.quantity,
    unitPrice: line.unitPrice,
    discount: line.lineDiscount,
    total: line.quantity * line.unitPrice - line.lineDiscount,
    taxRates: line.taxRates,
  }));
  return {
    kind: 'sale',
    saleId: receipt.saleId,
    receiptNumber: receipt.receiptNumber,
    device: facts.device,
    completedAt: facts.completedAt,
    location: facts.location,
    cashier: facts.cashier,
    currency: receipt.currency,
    pricesIncludeTax: facts.pricesIncludeTax,
    lines,
    subtotal: lines.reduce((sum, line) => sum + line.total, 0),
    cartDiscount: receipt.lines.reduce((sum, line) => sum + line.cartDiscount, 0),
    taxes: receipt.taxes.map((tax) => ({
      name: tax.name,
      basisPoints: tax.basisPoints,
      net: tax.net,
      amount: tax.amount,
      gross: tax.gross,
    })),
    total: receipt.total,
    rounding: receipt.rounding,
    tenders: receipt.tenders.map((tender) => ({
      method: tender.method,
      amount: tender.amount,
      ...(tender.card
        ? {
            card: {
              brand: tender.card.brand,
              last4: tender.card.last4,
              ...(tender.card.authorizationCode ? { authorizationCode: tender.card.authorizationCode } : {}),
            },
          }
        : {}),
    })),
    change: receipt.change,
    reprint,
  };
}
