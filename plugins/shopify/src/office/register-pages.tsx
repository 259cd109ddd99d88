import type { OfficeComponent, OfficePageProps, OfficePluginContext, OfficeSlotOptions } from '@kits/plugin-sdk/office';
import { catalogPage } from './catalog/catalog-page.tsx';
import { connectCallbackPage } from './connection/connect-callback-page.tsx';
import { connectionPage } from './connection/connection-page.tsx';
import { discrepanciesPage } from './discrepancies/discrepancies-page.tsx';
import { locationsPage } from './locations/locations-page.tsx';
import { CONNECT_PAGE, MANAGE, VIEW } from './shopify-api.ts';
import { SHOPIFY_PAGES, type ShopifyPageId } from './shopify-pages.tsx';
import { syncPage } from './sync/sync-page.tsx';

/** Where Shopify is listed: a section of its own for the places the shop sells, before Settings. */
const NAV_SECTION = 'Sales channels';

const PAGES: Readonly<Record<ShopifyPageId, (context: OfficePluginContext) => OfficeComponent<OfficePageProps>>> = {
  connection: connectionPage,
  locations: locationsPage,
  catalog: catalogPage,
  sync: syncPage,
  discrepancies: discrepanciesPage,
};

/**
 * The Shopify pages (`/office/shopify`, `/locations`, `/catalog`, `/sync`, `/discrepancies`), one
 * navigation entry with tabs between them, for people who may see Shopify; and the page Shopify
 * sends the merchant back to after the install (`/office/shopify/connect`), for people who may manage it.
 */
export function registerShopifyPages(context: OfficePluginContext): void {
  const page = (component: OfficeComponent<OfficePageProps>, options: OfficeSlotOptions['office.page']) =>
    context.slots.contribute('office.page', component, options);
  for (const { id, path, title } of SHOPIFY_PAGES)
    page(PAGES[id](context), {
      path,
      title,
      permission: VIEW,
      ...(id === 'connection' ? { nav: { section: NAV_SECTION, label: 'Shopify', order: 10 } } : {}),
    });
  page(connectCallbackPage(context), { path: CONNECT_PAGE, title: 'Connect to Shopify', permission: MANAGE });
}
