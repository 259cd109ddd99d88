import type { OfficePluginContext } from '@kits/plugin-sdk/office';
import { connectionPage } from './connection-page.tsx';
import { VIEW } from './quickbooks-api.ts';

/** Listed under Accounting (the accounting plugin's Exports and Account mapping pages sit there too). */
const NAV_SECTION = 'Accounting';

/**
 * `/office/quickbooks`: the connection page, which is also the OAuth redirect URI Intuit sends the
 * merchant back to (it finishes the connect when it opens with Intuit's code).
 */
export function registerQuickBooksPages(context: OfficePluginContext): void {
  context.slots.contribute('office.page', connectionPage(context), {
    path: '',
    title: 'QuickBooks Online',
    permission: VIEW,
    nav: { section: NAV_SECTION, label: 'QuickBooks', order: 50 },
  });
}
