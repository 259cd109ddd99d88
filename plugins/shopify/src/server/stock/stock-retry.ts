import type { TenantTransaction } from '@kits/plugin-sdk';
import { parseStockTarget, SHOP_TARGET } from './stock-targets.ts';
import { markVariantsWanted } from './wanted-stock.ts';

/**
 * The merchant's retry of a stock failure: the level is wanted again at once, with what Shopify
 * holds forgotten (the push reads it afresh); a failure of the whole push lifts its pause. The
 * failure stays open until the push goes through (or fails again, with Shopify's new message).
 */
export async function retryStockFailure(tx: TenantTransaction, target: string): Promise<void> {
  const level = parseStockTarget(target);
  if (level) await markVariantsWanted(tx, [level.variantId], { forgetKnown: true, locationIds: [level.locationId] });
  else if (target === SHOP_TARGET) await tx.query('update shopify.stock_sync set paused_until = null, failures_in_row = 0');
}
