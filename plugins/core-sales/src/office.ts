import { defineOfficePlugin } from '@kits/plugin-sdk/office';
import { registerSalesOffice } from './office/register-office.ts';

/** The back-office side: sales, refunds, customers, promotions, shifts and tax settings (see src/office/). */
export default defineOfficePlugin({
  activate(context) {
    registerSalesOffice(context);
  },
});
