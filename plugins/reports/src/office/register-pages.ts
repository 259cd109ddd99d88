import type { OfficeComponent, OfficePageProps, OfficePluginContext, OfficeSlotOptions } from '@kits/plugin-sdk/office';
import { dashboardPage } from './dashboard/dashboard-page.tsx';
import { forecastPage } from './forecast/forecast-page.tsx';
import { inventoryHealthPage } from './inventory/inventory-health-page.tsx';
import { salesPage } from './sales/sales-page.tsx';

const SECTION = 'Reports';
const VIEW = 'reports:view';

/** The reports' four pages in the navigation section Reports, for people who may see reports. */
export function registerReportPages(context: OfficePluginContext): void {
  const page = (component: OfficeComponent<OfficePageProps>, options: OfficeSlotOptions['office.page']) =>
    context.slots.contribute('office.page', component, { permission: VIEW, ...options });
  page(dashboardPage(context), { path: 'dashboard', title: 'Dashboard', nav: { section: SECTION, order: 10 } });
  page(salesPage(context), { path: 'sales', title: 'Sales report', nav: { section: SECTION, order: 20, label: 'Sales' } });
  page(inventoryHealthPage(context), { path: 'inventory-health', title: 'Inventory health', nav: { section: SECTION, order: 30 } });
  page(forecastPage(context), { path: 'forecast', title: 'Forecast', nav: { section: SECTION, order: 40 } });
}
