import { definePlugin } from '@kits/plugin-sdk';
import { registerCatalog } from './catalog/index.ts';
import { registerConnection } from './connection/index.ts';
import { registerOrders } from './orders/index.ts';
import type { ShopifySettings } from './settings.ts';
import { registerStock } from './stock/index.ts';
import { registerSyncStatus } from './sync-status/index.ts';

/**
 * shopify: a merchant's Shopify store beside KiTS — the connection (OAuth install or a custom
 * app's token) and its location map, catalog links, KiTS-authoritative stock pushed to Shopify,
 * and Shopify orders, cancellations and refunds recorded as sales.
 */
export default definePlugin<ShopifySettings>({
  register(context) {
    registerConnection(context);
    registerCatalog(context);
    registerStock(context);
    registerOrders(context);
    registerSyncStatus(context);
  },
  // The demo has no Shopify store: connecting needs the merchant's app, so the demo leaves it disabled.
  async demo() {},
});
