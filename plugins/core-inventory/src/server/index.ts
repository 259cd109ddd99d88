import { definePlugin } from '@kits/plugin-sdk';
import { createCatalogService } from './catalog/catalog-service.ts';
import { categoriesById } from './catalog/category-names.ts';
import { sellableVariants } from './catalog/product-store.ts';
import { registerCatalogListRoutes } from './catalog/list-routes.ts';
import { registerCatalogRoutes } from './catalog/routes.ts';
import { registerCountRoutes } from './counts/routes.ts';
import { seedDemoCatalog } from './demo.ts';
import { registerTransferRoutes } from './transfers/routes.ts';
import type { InventorySettings } from './settings.ts';
import { registerStockRoutes } from './stock/routes.ts';
import { createStockLedger } from './stock/stock-ledger.ts';
import { catalogSource, stockSource } from './sync/sources.ts';

/** core-inventory: the catalog and the stock ledger; provides inventory@1 and catalog@1. */
export default definePlugin<InventorySettings>({
  register({ routes, services, jobs, sync }) {
    registerCatalogRoutes(routes);
    registerCatalogListRoutes(routes);
    registerStockRoutes(routes);
    registerTransferRoutes(routes);
    registerCountRoutes(routes);
    // What tills replicate: the catalog they sell from and the stock of their location.
    sync.source('catalog', catalogSource);
    sync.source('stock', stockSource);
    // The tenant's settings hold here as in the routes: no low-stock events when it turned them off.
    services.provide('inventory@1', ({ tx, settings }) => ({
      ...createStockLedger(tx, { lowStockEvents: settings.lowStockEvents !== false }),
      sellable: (variantIds, pricing) => sellableVariants(tx, variantIds, pricing),
      categories: (categoryIds) => categoriesById(tx, categoryIds),
    }));
    // The catalog as other plugins (a sales channel) read and change it, never through these tables.
    services.provide('catalog@1', ({ tx, settings }) => createCatalogService(tx, settings));
    // Expired holds give their stock back.
    jobs.every('release-expired-reservations', 5_000, async ({ tx, services: locator }) => {
      const due = await tx.query<{ reservation_id: string }>(
        'select reservation_id from inventory.reservations where released_at is null and expires_at <= now() order by expires_at limit 200',
      );
      const inventory = locator.use('inventory@1');
      for (const { reservation_id: id } of due) await inventory.release(id);
    });
  },
  demo: seedDemoCatalog,
});
