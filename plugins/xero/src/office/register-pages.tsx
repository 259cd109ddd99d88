import type { OfficePluginContext } from '@kits/plugin-sdk/office';
import { connectCallbackPage, connectionPage } from './connection-page.tsx';
import { CONNECT_PAGE, MANAGE, VIEW } from './xero-api.ts';

/** Xero under the Accounting section (`/office/xero`), and the page Xero's sign-in sends the merchant back to (`/office/xero/connect`). */
export function registerXeroPages(context: OfficePluginContext): void {
  context.slots.contribute('office.page', connectionPage(context), {
    path: '',
    title: 'Xero',
    permission: VIEW,
    nav: { section: 'Accounting', label: 'Xero', order: 20 },
  });
  context.slots.contribute('office.page', connectCallbackPage(context), {
    path: CONNECT_PAGE,
    title: 'Connect to Xero',
    permission: MANAGE,
  });
}
