import { definePlugin } from '@kits/plugin-sdk';
import { registerCheckoutRoutes, registerTillSettingsRoute } from './checkout/routes.ts';
import { registerSaleListRoute } from './checkout/sale-list.ts';
import { registerSaleSummaryRoute } from './checkout/sale-summary.ts';
import { customerSource } from './customers/customer-directory.ts';
import { registerCustomerRoutes } from './customers/routes.ts';
import { captureRequested } from './payments/capture.ts';
import { reconcileCardPayments } from './payments/reconcile.ts';
import { refundRequested } from './payments/refund-from-till.ts';
import { registerPaymentRoutes } from './payments/routes.ts';
import { registerPromotionRoutes } from './promotions/routes.ts';
import { registerRefundListRoute } from './refunds/refund-list.ts';
import { registerExchangeRoutes, registerRefundRoutes } from './refunds/routes.ts';
import { salesSettings, type SalesSettings } from './settings.ts';
import { createSalesService } from './sales-service.ts';
import { registerShiftListRoute } from './shifts/shift-list.ts';
import { registerShiftRoutes } from './shifts/routes.ts';
import { handleSalesEvent, prepareSalesEvents } from './sync/till-events.ts';

/** core-sales: checkout, refunds, shifts and the sales tills make offline; provides sales@1. */
export default definePlugin<SalesSettings>({
  register({ routes, services, sync, events, jobs }) {
    registerCheckoutRoutes(routes);
    registerPaymentRoutes(routes);
    registerSaleListRoute(routes);
    registerSaleSummaryRoute(routes);
    registerTillSettingsRoute(routes);
    registerRefundRoutes(routes);
    registerRefundListRoute(routes);
    registerExchangeRoutes(routes);
    registerShiftRoutes(routes);
    registerShiftListRoute(routes);
    registerPromotionRoutes(routes);
    registerCustomerRoutes(routes);
    sync.source('customers', customerSource);
    sync.handle('sales.*', handleSalesEvent, { prepare: prepareSalesEvents });
    // Card payments (issue 21): captured after the sale commits; holds of sales that never completed are released.
    events.subscribe('sales.payment.capture_requested', captureRequested);
    // A till's refund goes back to the card from the outbox, after its sync committed.
    events.subscribe('sales.payment.refund_requested', refundRequested);
    jobs.every('reconcile-card-payments', 60_000, async ({ tx, services, settings, now }) => {
      await reconcileCardPayments({ tx, services }, salesSettings(settings), now);
    });
    // sales@1: sales as other plugins read them, and the sales (online orders) other channels take.
    services.provide('sales@1', createSalesService);
  },
  // `npm start`'s demo cashier sells, opens and closes shifts and refunds with a receipt at the store.
  async demo({ allowCashier }) {
    allowCashier(['core-sales:checkout', 'core-sales:shift', 'core-sales:refund']);
  },
});
