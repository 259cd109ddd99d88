import { conflict, notFound, type SellableVariant } from '@kits/plugin-sdk';
import { priceSale, type PricedSale, type PricingLine, type Promotion } from '../../shared/pricing.ts';
import { requireSalePermission, type SaleContext } from './sale-context.ts';
import type { SaleInput } from './sale-input.ts';

export interface PricedSaleWithItems {
  readonly priced: PricedSale;
  /** Per input line: the variant as the catalog has it, and whether its price was overridden. */
  readonly items: ReadonlyArray<{ readonly variant: SellableVariant; readonly overridden: boolean }>;
}

/** Active promotions, read once per transaction (a sync batch prices many sales in one). */
export function activePromotions(context: SaleContext): Promise<Promotion[]> {
  return context.tx.memo('active-promotions', () => readPromotions(context));
}

async function readPromotions(context: SaleContext): Promise<Promotion[]> {
  const rows = await context.tx.query<{
    promotion_id: string;
    kind: 'buy_x_get_y' | 'bundle';
    variant_ids: string[];
    buy: number | null;
    get: number | null;
    quantity: number | null;
    price: string | null;
  }>(
    'select promotion_id, kind, variant_ids, buy, get, quantity, price from sales.promotions where active order by created_at, promotion_id',
  );
  return rows.map((r) =>
    r.kind === 'buy_x_get_y'
      ? { id: r.promotion_id, kind: r.kind, variantIds: r.variant_ids, buy: r.buy!, get: r.get! }
      : { id: r.promotion_id, kind: r.kind, variantIds: r.variant_ids, quantity: r.quantity!, price: Number(r.price) },
  );
}

/**
 * Prices a sale on the server from the catalog, the tenant's tax rates and active promotions.
 * Unknown or archived variants, missing prices and unpermitted overrides or discounts are refused.
 */
export async function priceSaleInput(context: SaleContext, input: SaleInput, locationId: string): Promise<PricedSaleWithItems> {
  const { settings } = context;
  const ids = [...new Set(input.lines.map((l) => l.variantId))];
  // Both reads at once: with the role switch between them, they share one round trip.
  const [promotions, found] = await Promise.all([
    activePromotions(context),
    context.services.use('inventory@1').sellable(ids, { currency: settings.currency, locationId }),
  ]);
  const byId = new Map(found.map((v) => [v.variantId, v]));
  const unknown = ids.filter((id) => !byId.has(id));
  if (unknown.length > 0)
    throw notFound('sales.unknown_variant', `Unknown variant${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}.`, {
      variantIds: unknown,
    });
  if (input.cartDiscount) requireSalePermission(context, 'core-sales:discount', 'A cart discount');
  const items = input.lines.map((line) => {
    const variant = byId.get(line.variantId)!;
    if (!variant.active) throw conflict('sales.variant_archived', `${variant.sku} (${variant.name}) is archived and cannot be sold.`);
    const overridden = line.unitPrice !== undefined && line.unitPrice !== variant.unitPrice;
    if (overridden) requireSalePermission(context, 'core-sales:price.override', `Selling ${variant.sku} at another price`);
    if (line.discount) requireSalePermission(context, 'core-sales:discount', `A discount on ${variant.sku}`);
    const unitPrice = line.unitPrice ?? variant.unitPrice;
    if (unitPrice === null)
      throw conflict('sales.no_price', `${variant.sku} has no price in ${settings.currency}; set one in the catalog or override it.`);
    const taxRates = settings.taxRates[variant.taxClass];
    if (!taxRates)
      throw conflict(
        'sales.unknown_tax_class',
        `No tax rates are set for the tax class "${variant.taxClass}" of ${variant.sku}; add them in the sales settings.`,
      );
    const pricing: PricingLine = {
      variantId: line.variantId,
      quantity: line.quantity,
      unitPrice,
      taxRates,
      ...(line.discount ? { discount: line.discount } : {}),
    };
    return { variant, overridden, pricing };
  });
  const priced = priceSale(
    items.map((i) => i.pricing),
    input.cartDiscount,
    promotions,
    { pricesIncludeTax: settings.pricesIncludeTax, taxRounding: settings.taxRounding },
  );
  return { priced, items: items.map(({ variant, overridden }) => ({ variant, overridden })) };
}
