import type { TableSort } from '@kits/ui-kit';
import { HEALTH_ITEM_SORTS, type HealthItemSort, type InventoryHealthItem, type SortDirection } from '../../shared/report-types.ts';

/**
 * The inventory health page's filters in its URL query: `?locationId=…&show=dead&sort=stockValue&dir=desc&deadStockDays=60`.
 * The server filters (`show`) and orders (`sort`, `dir`) the items, so the page asks for one page
 * at a time; only an order by the item's name (which inventory knows, not the report) is made
 * here, over every page.
 */

export const ITEM_FILTERS = ['all', 'dead', 'overstock', 'shrinkage'] as const;
export type ItemFilter = (typeof ITEM_FILTERS)[number];

export const ITEM_FILTER_LABELS: Readonly<Record<ItemFilter, string>> = {
  all: 'Every item',
  dead: 'Dead stock',
  overstock: 'Overstock',
  shrinkage: 'Shrinkage',
};

/** Columns the items can be sorted by (a header click). */
export const SORTABLE_ITEM_KEYS = [
  'name',
  'onHand',
  'stockValue',
  'soldLast28Days',
  'daysOfCover',
  'sellThroughPercent',
  'lastSaleAt',
  'overstockUnits',
  'shrinkageUnits',
  'shrinkageValue',
] as const satisfies readonly (keyof InventoryHealthItem)[];
export type SortableItemKey = (typeof SORTABLE_ITEM_KEYS)[number];

export interface InventoryFilters {
  readonly locationId: string | undefined;
  /** Days without a sale after which stock is dead; undefined: the shop's setting. */
  readonly deadStockDays: number | undefined;
  readonly show: ItemFilter;
  readonly sort: TableSort | undefined;
}

const oneOf = <Value extends string>(values: readonly Value[], text: string | null): Value | undefined =>
  values.find((value) => value === text);

export function readInventoryFilters(query: URLSearchParams): InventoryFilters {
  const days = query.get('deadStockDays');
  const key = oneOf(SORTABLE_ITEM_KEYS, query.get('sort'));
  return {
    locationId: query.get('locationId') || undefined,
    deadStockDays: days && /^\d{1,4}$/.test(days) ? Number(days) : undefined,
    show: oneOf(ITEM_FILTERS, query.get('show')) ?? 'all',
    sort: key ? { key, direction: query.get('dir') === 'asc' ? 'asc' : 'desc' } : undefined,
  };
}

export function inventoryFiltersQuery(filters: InventoryFilters): URLSearchParams {
  const query = new URLSearchParams();
  if (filters.locationId) query.set('locationId', filters.locationId);
  if (filters.deadStockDays !== undefined) query.set('deadStockDays', String(filters.deadStockDays));
  query.set('show', filters.show);
  if (filters.sort) {
    query.set('sort', filters.sort.key);
    query.set('dir', filters.sort.direction);
  }
  return query;
}

/** The order the server makes of a sort (every sortable column but the name); undefined: none it can make. */
export function serverOrder(sort: TableSort | undefined): { readonly sort: HealthItemSort; readonly dir: SortDirection } | undefined {
  const key = HEALTH_ITEM_SORTS.find((candidate) => candidate === sort?.key);
  return sort && key ? { sort: key, dir: sort.direction } : undefined;
}

/** Whether the page orders the items itself (by name), over every page. */
export const sortsItself = (filters: InventoryFilters): boolean => filters.sort !== undefined && serverOrder(filters.sort) === undefined;

/** What GET /reports/inventory-health is asked (the CSV too): the items the filter shows, in the order asked. */
export function inventoryReportQuery(filters: InventoryFilters): Record<string, string | number> {
  const order = serverOrder(filters.sort);
  return {
    ...(filters.locationId ? { locationId: filters.locationId } : {}),
    ...(filters.deadStockDays !== undefined ? { deadStockDays: filters.deadStockDays } : {}),
    ...(filters.show !== 'all' ? { show: filters.show } : {}),
    ...(order ? { sort: order.sort, dir: order.dir } : {}),
  };
}

/** What a sortable column sorts by. */
export function itemSortValue(item: InventoryHealthItem, key: SortableItemKey): string | number | undefined {
  const value = item[key];
  return value === null ? undefined : value;
}
