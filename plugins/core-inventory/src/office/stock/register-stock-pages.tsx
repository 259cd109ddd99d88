import type { OfficePageProps, OfficePluginContext } from '@kits/plugin-sdk/office';
import type { FunctionComponent } from 'preact';
import { CountPage } from './count-page.tsx';
import { CountsPage } from './counts-page.tsx';
import { LotsPage } from './lots-page.tsx';
import { LowStockCard } from './low-stock-card.tsx';
import { MovementsPage } from './movements-page.tsx';
import { StockLevelsPage } from './stock-levels-page.tsx';
import { TransferPage } from './transfer-page.tsx';
import { TransfersPage } from './transfers-page.tsx';

const SECTION = 'Stock';

/**
 * The stock pages of the back office: levels (with value at cost and stock as of any instant),
 * the movement ledger, transfers, counts, lots and serials — and the dashboard's low-stock card.
 * Reading stock needs no permission (the kernel's GET routes need none); what changes it is
 * offered only to people who hold core-inventory's stock permissions.
 */
export function registerStockPages(context: OfficePluginContext): void {
  const page = (Page: FunctionComponent<OfficePageProps & { context: OfficePluginContext }>) => (props: OfficePageProps) => (
    <Page {...props} context={context} />
  );
  context.slots.contribute('office.page', page(StockLevelsPage), {
    path: 'stock',
    title: 'Stock levels',
    nav: { section: SECTION, order: 10 },
  });
  context.slots.contribute('office.page', page(MovementsPage), {
    path: 'stock/movements',
    title: 'Movement ledger',
    nav: { section: SECTION, label: 'Movements', order: 20 },
  });
  context.slots.contribute('office.page', page(TransfersPage), {
    path: 'stock/transfers',
    title: 'Transfers',
    nav: { section: SECTION, order: 30 },
  });
  context.slots.contribute('office.page', page(TransferPage), { path: 'stock/transfers/:transferId', title: 'Transfer' });
  context.slots.contribute('office.page', page(CountsPage), {
    path: 'stock/counts',
    title: 'Stock counts',
    nav: { section: SECTION, label: 'Counts', order: 40 },
  });
  context.slots.contribute('office.page', page(CountPage), { path: 'stock/counts/:countId', title: 'Stock count' });
  context.slots.contribute('office.page', page(LotsPage), {
    path: 'stock/lots',
    title: 'Lots & serials',
    nav: { section: SECTION, order: 50 },
  });
  context.slots.contribute(
    'office.dashboard.card',
    (props: { locationId: string | undefined }) => <LowStockCard {...props} context={context} />,
    {
      title: 'Low stock',
      order: 20,
    },
  );
}
