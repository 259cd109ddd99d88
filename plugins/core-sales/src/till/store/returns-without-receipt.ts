import { priceSale, type PricedSale } from '../../shared/pricing.ts';
import { uuidv7 } from '@kits/plugin-sdk/till';
import { CheckoutRefused, type TillPricing } from '../checkout/checkout-machine.ts';
import { refundedPayload, type RefundAllowance } from '../checkout/refund-limit.ts';
import { variantPrice } from '../checkout/logged-sale-pricing.ts';
import { withoutReceiptAllowed } from '../checkout/without-receipt-approval.ts';
import { variantsByIds, type SalesTill } from '../sales-till.ts';

export interface ReturnWithoutReceipt {
  readonly lines: ReadonlyArray<{ readonly variantId: string; readonly quantity: number }>;
  readonly reason: string;
  readonly restock: boolean;
}

/**
 * What goods brought back without a receipt come to, as the server prices them: each at its
 * catalog price here, no discounts or promotions (nobody knows what was given).
 */
export async function priceWithoutReceipt(
  till: Pick<SalesTill, 'catalog'>,
  lines: ReturnWithoutReceipt['lines'],
  pricing: TillPricing,
): Promise<number> {
  return (await pricedWithoutReceipt(till, lines, pricing)).total;
}

/** The same, line by line with their taxes (the shift's report takes the tax back by rate). */
export async function pricedWithoutReceipt(
  till: Pick<SalesTill, 'catalog'>,
  lines: ReturnWithoutReceipt['lines'],
  pricing: TillPricing,
): Promise<PricedSale> {
  const found = await variantsByIds(
    till.catalog,
    lines.map((line) => line.variantId),
  );
  return priceSale(
    lines.map((line) => {
      const variant = found.get(line.variantId);
      if (!variant) throw new CheckoutRefused('returns.unknown_item', 'This till does not know that item: scan it again or look it up.');
      const unitPrice = variantPrice(variant, pricing.currency);
      if (unitPrice === undefined)
        throw new CheckoutRefused('returns.no_price', `${variant.name} has no price here: a manager refunds it.`);
      return { variantId: line.variantId, quantity: line.quantity, unitPrice, taxRates: pricing.taxRates[variant.taxClass] ?? [] };
    }),
    undefined,
    [],
    { pricesIncludeTax: pricing.pricesIncludeTax, taxRounding: pricing.taxRounding },
  );
}

/**
 * Takes goods back with no receipt (`sales.sale.refunded` without a sale): refunded in cash, kept
 * and sent like a sale (offline too). Answers what to give back. `allow` sees the amount and says
 * who allowed it (`allowReturnWithoutReceipt`: a manager, for a cashier without the permission or
 * over the refund limit); when it throws, nothing is kept. Without the permission or a manager's
 * approval of it, the return is refused.
 */
export async function returnWithoutReceipt(
  till: Pick<SalesTill, 'catalog' | 'events' | 'session'>,
  request: ReturnWithoutReceipt,
  pricing: TillPricing,
  allow: (amount: number) => Promise<RefundAllowance> = () => Promise.resolve({}),
): Promise<{ readonly refundId: string; readonly amount: number }> {
  const lines = request.lines.filter((line) => line.quantity > 0);
  if (lines.length === 0) throw new CheckoutRefused('returns.nothing', 'Scan what comes back: at least one item.');
  if (lines.some((line) => !Number.isInteger(line.quantity))) {
    throw new CheckoutRefused('returns.bad_quantity', 'Count what comes back in whole items.');
  }
  const reason = request.reason.trim();
  if (!reason) throw new CheckoutRefused('returns.reason_required', 'Say why it comes back (damaged, wrong size…).');
  const amount = await priceWithoutReceipt(till, lines, pricing);
  const allowance = await allow(amount);
  if (!withoutReceiptAllowed(till, allowance))
    throw new CheckoutRefused('returns.needs_permission', 'A return without a receipt needs a manager: ask one to approve it.');
  const refundId = uuidv7();
  await till.events.append(
    'sales.sale.refunded',
    refundedPayload(
      { id: refundId, lines: lines.map(({ variantId, quantity }) => ({ variantId, quantity })), reason, restock: request.restock },
      allowance,
    ),
  );
  return { refundId, amount };
}
