import type { OfficePluginContext } from '@kits/plugin-sdk/office';
import { MANAGE, VIEW } from './accounting-api.ts';
import { NAV_SECTION, PAGE_PATHS } from './accounting-pages.ts';
import { exportsPage } from './exports/exports-page.tsx';
import { dayJournalPage } from './journal/day-journal-page.tsx';
import { mappingPage } from './mapping/mapping-page.tsx';

/**
 * The accounting pages: Accounting → Exports (`/office/accounting`) and Accounting → Account
 * mapping (`/office/accounting/mapping`), and a day's journal (`/office/accounting/days/:locationId/:day`),
 * opened from an export or the day picker. The accounting systems (QuickBooks, Xero) list their
 * connection pages in the same section after these (order 30 on).
 */
export function registerAccountingPages(context: OfficePluginContext): void {
  context.slots.contribute('office.page', exportsPage(context), {
    path: PAGE_PATHS.exports,
    title: 'Accounting exports',
    permission: VIEW,
    nav: { section: NAV_SECTION, label: 'Exports', order: 10 },
  });
  context.slots.contribute('office.page', mappingPage(context), {
    path: PAGE_PATHS.mapping,
    title: 'Account mapping',
    // The mapping lists the company's accounts: people who may change the accounting set-up.
    permission: MANAGE,
    nav: { section: NAV_SECTION, label: 'Account mapping', order: 20 },
  });
  context.slots.contribute('office.page', dayJournalPage(context), { path: PAGE_PATHS.day, title: 'Day journal', permission: VIEW });
}
