import { defineOfficePlugin } from '@kits/plugin-sdk/office';
import { registerXeroPages } from './office/register-pages.tsx';

/** The back-office side: the Xero connection page (Accounting → Xero) and the page Xero's sign-in returns to. */
export default defineOfficePlugin({
  activate(context) {
    registerXeroPages(context);
  },
});
