import { defineOfficePlugin } from '@kits/plugin-sdk/office';
import { registerQuickBooksPages } from './office/register-pages.tsx';

/** The back-office side: the QuickBooks Online connection page (also where Intuit sends the merchant back). */
export default defineOfficePlugin({
  activate(context) {
    registerQuickBooksPages(context);
  },
});
