import type { TillSaleScreenLine, TillSaleScreenView } from '@kits/plugin-sdk/till';
import type { PricedSale } from '../../shared/pricing.ts';
import type { CartLine, CheckoutState } from './checkout-types.ts';

/**
 * What the sale screen shows, for the plugins that follow it (a customer display): the cart with
 * the line just scanned or changed, the payment, the completed sale with its change. `previous` is
 * the state before this one: a line that is not among its lines (object identity: the machine keeps
 * the lines it did not touch) is the one just scanned or changed.
 */
export function saleScreenView(
  state: CheckoutState,
  previous: CheckoutState | undefined,
  priced: () => PricedSale,
  currency: string,
): TillSaleScreenView {
  if (state.step === 'receipt') {
    const { receipt } = state;
    return {
      step: 'completed',
      currency: receipt.currency,
      saleId: receipt.saleId,
      total: receipt.total,
      paid: receipt.tenders.reduce((sum, tender) => sum + tender.amount, 0),
      change: receipt.change,
      cash: receipt.tenders.some((tender) => tender.method === 'cash'),
    };
  }
  const sale = priced();
  if (state.step === 'tender') {
    return { step: 'tender', currency, total: sale.total, paid: state.tenders.reduce((sum, tender) => sum + tender.amount, 0) };
  }
  const lines: TillSaleScreenLine[] = state.lines.map((line, i) => ({
    name: line.item.name,
    quantity: line.quantity,
    total: sale.lines[i]?.total ?? 0,
  }));
  const before = new Set<CartLine>(previous && previous.step !== 'receipt' ? previous.lines : []);
  const changed = state.lines.findIndex((line) => !before.has(line));
  return { step: 'cart', currency, lines, ...(changed >= 0 ? { lastLine: lines[changed]! } : {}), total: sale.total };
}
