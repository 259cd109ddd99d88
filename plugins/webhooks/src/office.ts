import { defineOfficePlugin } from '@kits/plugin-sdk/office';
import { registerWebhookPages } from './office/register-pages.ts';

/** The back-office side: endpoints, their form with the event catalogue, their detail with the delivery log and replay (src/office/). */
export default defineOfficePlugin({
  activate(context) {
    registerWebhookPages(context);
  },
});
