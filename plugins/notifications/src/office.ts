import { defineOfficePlugin } from '@kits/plugin-sdk/office';
import { registerNotificationPages } from './office/register-pages.ts';

/** The back-office side: the bell in the top bar, the notification centre, and the notification settings (see src/office/). */
export default defineOfficePlugin({
  activate(context) {
    registerNotificationPages(context);
  },
});
