import type { OfficeComponent, OfficePageProps, OfficePluginContext, OfficeSlotOptions } from '@kits/plugin-sdk/office';
import { awaitingDeliveryCard } from './awaiting-delivery-card.tsx';
import { orderFormPage } from './orders/order-form-page.tsx';
import { orderListPage } from './orders/order-list-page.tsx';
import { orderPage } from './orders/order-page.tsx';
import { reorderPage } from './reorder/reorder-page.tsx';
import { supplierFormPage } from './suppliers/supplier-form-page.tsx';
import { supplierListPage } from './suppliers/supplier-list-page.tsx';
import { supplierPage } from './suppliers/supplier-page.tsx';

const SECTION = 'Purchasing';

/**
 * purchasing's pages in the navigation section Purchasing, and its dashboard card. The fixed paths
 * (`…/new`) come before the ones with a `:name` part, so `new` is never read as an id.
 */
export function registerPurchasingPages(context: OfficePluginContext): void {
  const page = (component: OfficeComponent<OfficePageProps>, options: OfficeSlotOptions['office.page']) =>
    context.slots.contribute('office.page', component, options);
  page(orderFormPage(context), {
    path: 'purchase-orders/new',
    title: 'New purchase order',
    order: 10,
    permission: 'purchasing:orders.write',
  });
  page(supplierFormPage(context), { path: 'suppliers/new', title: 'New supplier', order: 10, permission: 'purchasing:suppliers.write' });
  page(orderListPage(context), { path: 'purchase-orders', title: 'Purchase orders', order: 20, nav: { section: SECTION, order: 10 } });
  page(supplierListPage(context), { path: 'suppliers', title: 'Suppliers', order: 20, nav: { section: SECTION, order: 20 } });
  page(reorderPage(context), { path: 'reorder', title: 'Reorder', order: 20, nav: { section: SECTION, order: 30 } });
  page(orderPage(context), { path: 'purchase-orders/:orderId', title: 'Purchase order', order: 30 });
  page(supplierPage(context), { path: 'suppliers/:supplierId', title: 'Supplier', order: 30 });
  page(orderFormPage(context), {
    path: 'purchase-orders/:orderId/edit',
    title: 'Edit purchase order',
    order: 30,
    permission: 'purchasing:orders.write',
  });
  page(supplierFormPage(context), {
    path: 'suppliers/:supplierId/edit',
    title: 'Edit supplier',
    order: 30,
    permission: 'purchasing:suppliers.write',
  });
  context.slots.contribute('office.dashboard.card', awaitingDeliveryCard(context), { title: 'Orders awaiting delivery', order: 40 });
}
