import type { OfficePluginContext } from '@kits/plugin-sdk/office';
import { Badge, DataTable, DateTime, EmptyState, Money, Quantity, TwoLine, tableHeight, type Column, type TableSort } from '@kits/ui-kit';
import type { InventoryHealthItem } from '../../shared/report-types.ts';
import { forecastHref } from '../forecast/forecast-link.ts';
import { locationName } from '../report-zone.ts';
import { SORTABLE_ITEM_KEYS, type ItemFilter } from './inventory-filters.ts';

const sortable = (key: string) => (SORTABLE_ITEM_KEYS as readonly string[]).includes(key);

function columns(context: OfficePluginContext, currency: string, showLocation: boolean, locale: string): Column<InventoryHealthItem>[] {
  const money = (amount: number | null) => (amount === null ? '—' : <Money amount={amount} currency={currency} />);
  const days = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const all: Column<InventoryHealthItem>[] = [
    {
      key: 'name',
      title: 'Item',
      width: 'minmax(180px, 2fr)',
      render: (item) => (
        <TwoLine
          primary={
            <>
              {item.name} {item.dead && <Badge tone="warning">Dead</Badge>}
            </>
          }
          secondary={item.sku}
        />
      ),
    },
    ...(showLocation
      ? [
          {
            key: 'location',
            title: 'Location',
            width: 'minmax(110px, 1fr)',
            render: (item: InventoryHealthItem) => locationName(context, item.locationId),
          },
        ]
      : []),
    { key: 'onHand', title: 'On hand', width: 'minmax(96px, 0.7fr)', align: 'end', render: (item) => <Quantity value={item.onHand} /> },
    { key: 'unitCost', title: 'Unit cost', width: 'minmax(96px, 0.8fr)', align: 'end', render: (item) => money(item.unitCost) },
    { key: 'stockValue', title: 'Stock value', width: 'minmax(120px, 1fr)', align: 'end', render: (item) => money(item.stockValue) },
    {
      key: 'soldLast28Days',
      title: 'Sold, 28 days',
      width: 'minmax(124px, 0.8fr)',
      align: 'end',
      render: (item) => <Quantity value={item.soldLast28Days} />,
    },
    {
      key: 'daysOfCover',
      title: 'Days of cover',
      width: 'minmax(124px, 0.8fr)',
      align: 'end',
      render: (item) => (item.daysOfCover === null ? 'No sales' : days.format(item.daysOfCover)),
    },
    {
      key: 'sellThroughPercent',
      title: 'Sell-through',
      width: 'minmax(120px, 0.8fr)',
      align: 'end',
      render: (item) => (item.sellThroughPercent === null ? '—' : `${days.format(item.sellThroughPercent)}%`),
    },
    {
      key: 'lastSaleAt',
      title: 'Last sale',
      width: 'minmax(124px, 1fr)',
      render: (item) => (item.lastSaleAt === null ? 'Never' : <DateTime value={item.lastSaleAt} dateOnly />),
    },
    {
      key: 'overstockUnits',
      title: 'Over max',
      width: 'minmax(104px, 0.7fr)',
      align: 'end',
      render: (item) =>
        item.reorderMax === null ? '—' : item.overstockUnits > 0 ? <Badge tone="warning">{`+${item.overstockUnits}`}</Badge> : '0',
    },
    {
      key: 'shrinkageUnits',
      title: 'Shrinkage',
      width: 'minmax(112px, 0.7fr)',
      align: 'end',
      render: (item) => <Quantity value={item.shrinkageUnits} />,
    },
    {
      key: 'shrinkageValue',
      title: 'Shrinkage value',
      width: 'minmax(150px, 0.9fr)',
      align: 'end',
      render: (item) => money(item.shrinkageValue),
    },
  ];
  return all.map((column) => ({ ...column, sortable: sortable(column.key) }));
}

const EMPTY_TITLES: Readonly<Record<ItemFilter, string>> = {
  all: 'No stock here yet',
  dead: 'No dead stock',
  overstock: 'Nothing over its reorder maximum',
  shrinkage: 'No shrinkage from counts',
};

/** The items of the inventory health report: sorted as the URL says, each opening its forecast. */
export function InventoryItemsTable({
  context,
  items,
  currency,
  showLocation,
  show,
  sort,
  onSort,
  onEndReached,
  loading,
}: {
  context: OfficePluginContext;
  items: readonly InventoryHealthItem[];
  currency: string;
  showLocation: boolean;
  show: ItemFilter;
  sort: TableSort | undefined;
  onSort: (sort: TableSort) => void;
  onEndReached: () => void;
  loading: boolean;
}) {
  return (
    <DataTable<InventoryHealthItem>
      label="Inventory items"
      columns={columns(context, currency, showLocation, context.session.locale)}
      rows={items}
      rowKey={(item) => `${item.variantId}|${item.locationId}`}
      rowHref={(item) => forecastHref(context, { variantId: item.variantId, item: item.name, locationId: item.locationId })}
      {...(sort ? { sort } : {})}
      onSort={onSort}
      onEndReached={onEndReached}
      loading={loading}
      height={tableHeight(items.length, 14, 48)}
      rowHeight={48}
      empty={<EmptyState title={EMPTY_TITLES[show]} />}
    />
  );
}
