import type { OfficePluginContext } from '@kits/plugin-sdk/office';
import { customerListPage } from './customers/customer-list-page.tsx';
import { customerPage } from './customers/customer-page.tsx';
import { createDirectory } from './directory.ts';
import { promotionListPage } from './promotions/promotion-list-page.tsx';
import { cardPaymentsCard } from './sales/card-payments-card.tsx';
import { salePage } from './sales/sale-page.tsx';
import { saleListPage } from './sales/sale-list-page.tsx';
import { todaysSalesCard } from './sales/todays-sales-card.tsx';
import { customerSearch, saleSearch } from './search-providers.ts';
import { salesSettingsPanel } from './settings/sales-settings-panel.tsx';
import { shiftListPage } from './shifts/shift-list-page.tsx';
import { shiftReportPage } from './shifts/shift-report-page.tsx';

const REPORTS = 'core-sales:reports';

/** Everything core-sales brings to the back office: pages and their navigation, a dashboard card, a settings panel, search. */
export function registerSalesOffice(context: OfficePluginContext): void {
  const { slots } = context;
  const directory = createDirectory(context.api, context.session);

  slots.contribute('office.page', saleListPage(context, directory), {
    path: 'sales',
    title: 'Sales',
    permission: REPORTS,
    nav: { section: 'Sales', label: 'Sales', order: 10, key: 's' },
  });
  slots.contribute('office.page', salePage(context, directory), { path: 'sales/:saleId', title: 'Sale' });
  slots.contribute('office.page', promotionListPage(context), {
    path: 'promotions',
    title: 'Promotions',
    nav: { section: 'Sales', label: 'Promotions', order: 20 },
  });
  slots.contribute('office.page', shiftListPage(context, directory), {
    path: 'shifts',
    title: 'Shifts',
    permission: REPORTS,
    nav: { section: 'Sales', label: 'Shifts', order: 30 },
  });
  slots.contribute('office.page', shiftReportPage(context, directory), {
    path: 'shifts/:shiftId',
    title: 'Shift report',
    permission: REPORTS,
  });
  slots.contribute('office.page', customerListPage(context), {
    path: 'customers',
    title: 'Customers',
    nav: { section: 'Customers', label: 'Customers', order: 10, key: 'c' },
  });
  slots.contribute('office.page', customerPage(context), { path: 'customers/:customerId', title: 'Customer' });

  slots.contribute('office.dashboard.card', todaysSalesCard(context), { title: 'Today’s sales', permission: REPORTS, order: 10 });
  slots.contribute('office.dashboard.card', cardPaymentsCard(context), {
    title: 'Card payments to look at',
    permission: REPORTS,
    order: 15,
  });
  slots.contribute('office.settings', salesSettingsPanel(context), { title: 'Sales and tax', permission: 'kernel:plugins.manage' });

  context.search.provide(saleSearch(context));
  context.search.provide(customerSearch(context));
}
