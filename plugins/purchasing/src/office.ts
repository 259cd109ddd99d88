import { defineOfficePlugin } from '@kits/plugin-sdk/office';
import { registerPurchasingPages } from './office/register-pages.ts';
import { providePurchasingSearch } from './office/search-providers.ts';

/** The back-office side: suppliers, purchase orders, reorder; a dashboard card and search (see src/office/). */
export default defineOfficePlugin({
  activate(context) {
    registerPurchasingPages(context);
    providePurchasingSearch(context);
  },
});
