import type { OfficeComponent, OfficePageProps, OfficePluginContext, OfficeSlotOptions } from '@kits/plugin-sdk/office';
import { PRINT, TEMPLATES_WRITE } from './labels-api.ts';
import { priceChangePage } from './price-changes/price-change-page.tsx';
import { receiptPrintAction, selectionPrintAction } from './printing/print-actions.tsx';
import { printerListPage } from './printers/printer-list-page.tsx';
import { templateEditorPage } from './templates/template-editor-page.tsx';
import { templateListPage } from './templates/template-list-page.tsx';

const SECTION = 'Labels';

/** zebra-zpl's pages in the navigation section Labels, and its print actions on the product list and on receipts. */
export function registerLabelPages(context: OfficePluginContext): void {
  const page = (component: OfficeComponent<OfficePageProps>, options: OfficeSlotOptions['office.page']) =>
    context.slots.contribute('office.page', component, options);
  page(templateEditorPage(context), { path: 'templates/new', title: 'New label template', order: 10, permission: TEMPLATES_WRITE });
  page(priceChangePage(context), { path: 'price-changes', title: 'Price changes', order: 20, nav: { section: SECTION, order: 10 } });
  page(templateListPage(context), { path: 'templates', title: 'Label templates', order: 20, nav: { section: SECTION, order: 20 } });
  page(printerListPage(context), { path: 'printers', title: 'Label printers', order: 20, nav: { section: SECTION, order: 30 } });
  page(templateEditorPage(context), { path: 'templates/:templateId', title: 'Label template', order: 30 });
  context.slots.contribute('office.products.selection.actions', selectionPrintAction(context), {
    title: 'Print labels',
    permission: PRINT,
  });
  context.slots.contribute('office.purchasing.receipt.actions', receiptPrintAction(context), { title: 'Print labels', permission: PRINT });
}
