import { defineOfficePlugin } from '@kits/plugin-sdk/office';
import { registerReportPages } from './office/register-pages.ts';

/** The back-office side: the reports pages and the live dashboard (see src/office/). */
export default defineOfficePlugin({
  activate(context) {
    registerReportPages(context);
  },
});
