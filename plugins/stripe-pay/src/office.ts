import { defineOfficePlugin } from '@kits/plugin-sdk/office';
import { cardReadersPage } from './office/card-readers-page.tsx';

/** The back-office side: the Card readers page (register, pair with a till, remove) and the webhook URL to give Stripe. */
export default defineOfficePlugin({
  activate(context) {
    context.slots.contribute('office.page', cardReadersPage(context), {
      path: 'card-readers',
      title: 'Card readers',
      order: 20,
      permission: 'stripe-pay:readers.read',
      nav: { section: 'Settings', order: 25 },
    });
  },
});
