import { defineOfficePlugin } from '@kits/plugin-sdk/office';
import { registerAccountingPages } from './office/register-pages.tsx';

/** The back-office side: Accounting → Exports (with each day's journal) and Accounting → Account mapping. */
export default defineOfficePlugin({
  activate(context) {
    registerAccountingPages(context);
  },
});
