import { defineOfficePlugin } from '@kits/plugin-sdk/office';
import { registerCatalogPages } from './office/catalog/register-catalog-pages.tsx';
import { registerStockPages } from './office/stock/register-stock-pages.tsx';

/** The back-office side of inventory: the catalog (products, import, export) and stock (levels, ledger, transfers, counts, lots). */
export default defineOfficePlugin({
  activate(context) {
    registerCatalogPages(context);
    registerStockPages(context);
  },
});
