import { defineOfficePlugin } from '@kits/plugin-sdk/office';
import { registerShopifyPages } from './office/register-pages.tsx';

/** The back-office side: the Shopify connection, its locations, the catalog review, sync status and order discrepancies. */
export default defineOfficePlugin({
  activate(context) {
    registerShopifyPages(context);
  },
});
