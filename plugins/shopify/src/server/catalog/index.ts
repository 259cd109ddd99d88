import type { ServerPluginContext } from '@kits/plugin-sdk';
import type { ShopifySettings } from '../settings.ts';
import { registerCatalogRoutes } from './catalog-routes.ts';
import { continueScan } from './catalog-scan.ts';
import { productsOf, saveProducts } from './kits-products.ts';
import { markProductChanged, pushWantedProducts } from './kits-to-shopify.ts';
import { pullStoreChanges } from './store-pull.ts';

export { receiveProductUpdate } from './product-webhook.ts';
export { retryCatalogFailure } from './catalog-retry.ts';
export { readScan, type ScanState } from './catalog-scan.ts';

/** How often the catalog job runs: a scan's next pages, KiTS changes waiting for Shopify, the pull when due. */
const CATALOG_TICK_MS = 2_000;
/** A scan's share of one job run (a large store's catalog is read over many runs). */
const SCAN_CHUNK_MS = 4_000;

/** core-inventory's `inventory.product.changed` (only what is read). */
interface ProductChanged {
  readonly productId: string;
  readonly change: 'created' | 'updated';
  readonly variantIds?: readonly string[];
}

/**
 * Catalog: variants linked one to one by SKU, then barcode (the rest reviewed), by hand, by import
 * from Shopify or by publishing to it; each product's price and title flow one way — KiTS changes
 * go to Shopify for kits_to_shopify products, Shopify's (webhook or pull) come into KiTS for
 * shopify_to_kits ones.
 */
export function registerCatalog(context: ServerPluginContext<ShopifySettings>): void {
  registerCatalogRoutes(context.routes);

  context.events.subscribe<ProductChanged>('inventory.product.changed', async (event, { tx, services }) => {
    const { productId, variantIds } = event.payload;
    if (variantIds && variantIds.length > 0) {
      // The product's variants as they are now (an event names those saved, and those archived by the save).
      const variants = (await services.use('catalog@1').variantsById(variantIds)).filter((v) => v.productId === productId);
      await saveProducts(tx, productsOf(variants), { mergeVariants: true });
    }
    if (event.payload.change === 'updated') await markProductChanged(tx, productId);
  });

  context.jobs.every(
    'sync-catalog',
    CATALOG_TICK_MS,
    async (job) => {
      await continueScan(job, { budgetMs: SCAN_CHUNK_MS, maxWaitMs: 1_000 });
      await pushWantedProducts(job);
      await pullStoreChanges(job, job.now);
    },
    { timeLimitMs: 30_000 },
  );
}
