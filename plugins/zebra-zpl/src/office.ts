import { defineOfficePlugin } from '@kits/plugin-sdk/office';
import { registerLabelPages } from './office/register-pages.ts';

/** The back-office side: label templates with their live preview, label printers, the price-change queue, print actions (see src/office/). */
export default defineOfficePlugin({
  activate(context) {
    registerLabelPages(context);
  },
});
