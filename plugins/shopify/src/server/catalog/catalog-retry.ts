import type { TenantTransaction } from '@kits/plugin-sdk';
import { SCAN_TARGET, startScan } from './catalog-scan.ts';
import { markProductChanged } from './kits-to-shopify.ts';

/**
 * The merchant's retry of a catalog failure, taken up by the catalog job's next run: a product's
 * title and prices go to Shopify again (kits_to_shopify) or the next pull comes at once
 * (shopify_to_kits, and a failed pull); a failed scan of the store starts again.
 */
export async function retryCatalogFailure(tx: TenantTransaction, target: string): Promise<void> {
  const product = /^product:([0-9a-f-]{36})$/.exec(target);
  if (product) {
    await markProductChanged(tx, product[1]!);
    await tx.query('update shopify.products set push_next_at = null where product_id = $1', [product[1]]);
    await tx.query('update shopify.catalog_sync set pulled_at = null');
    return;
  }
  if (target === SCAN_TARGET) await startScan(tx);
  else await tx.query('update shopify.catalog_sync set pulled_at = null');
}
