import { defineTillPlugin } from '@kits/plugin-sdk/till';
import { TillCheckout } from './checkout/till-checkout.ts';
import { loadPricing } from './checkout/till-pricing.ts';
import { DeniedSaleCard } from './screens/denied-sale.tsx';
import { Checkout } from './screens/checkout.tsx';
import { ShiftScreen } from './screens/shift.tsx';
import { TodaysSales } from './screens/todays-sales.tsx';
import { openCustomers } from './store/customers.ts';

/**
 * Selling on the till: the sale screen (scan, discounts, park, returns, payment, receipt), the
 * shift (F3) and today's sales, and the resolution of sales the server denied. Everything it keeps
 * on the device — the open cart, the open shift, receipt numbers, prices for offline use, the
 * customers — is its own, through the till's plugin context.
 */
export default defineTillPlugin({
  async activate(till) {
    // The customers' collection opens while the prices come (from the server, or what the till kept).
    const [customers, pricing] = await Promise.all([openCustomers(till.collections), loadPricing(till)]);
    const checkout = await TillCheckout.start(till, customers, pricing);
    till.slots.contribute('sale', () => <Checkout checkout={checkout} />);
    till.slots.contribute('menu', () => <ShiftScreen till={till} pricing={checkout.pricing} />, {
      title: 'Shift',
      order: 1,
      shortcut: 'F3',
    });
    till.slots.contribute('menu', () => <TodaysSales till={till} currency={checkout.pricing.currency} />, { title: 'Today', order: 2 });
    till.resolution.resolveDenied(['sales.sale.completed'], (props) => (
      <DeniedSaleCard till={till} pricing={checkout.pricing} {...props} />
    ));
  },
});
