import type { OfficePageProps, OfficePluginContext } from '@kits/plugin-sdk/office';
import {
  Button,
  Card,
  Chart,
  Field,
  Money,
  Muted,
  NumberInput,
  PageHeader,
  ProblemNotice,
  Quantity,
  Select,
  Spinner,
  Stat,
  Toolbar,
  moneyChartFormat,
  problemText,
  sortRows,
  usePagedList,
  useSubmit,
} from '@kits/ui-kit';
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { InventoryHealthItem, InventoryHealthReport } from '../../shared/report-types.ts';
import { inventoryHealthCsvName } from '../csv-file-names.ts';
import { problemField } from '../report-problems.ts';
import { reportLink } from '../report-link.ts';
import { locationOptions } from '../report-zone.ts';
import { downloadReportCsv, loadReport } from '../reports-api.ts';
import { ReportSource } from '../report-source.tsx';
import {
  ITEM_FILTER_LABELS,
  ITEM_FILTERS,
  inventoryFiltersQuery,
  inventoryReportQuery,
  itemSortValue,
  readInventoryFilters,
  SORTABLE_ITEM_KEYS,
  sortsItself,
  type InventoryFilters,
} from './inventory-filters.ts';
import { InventoryItemsTable } from './inventory-items-table.tsx';

/** Items asked for at a time. */
const PAGE_SIZE = 200;

/**
 * Inventory health: stock value at cost by location, dead stock, overstock against reorder
 * maximums, shrinkage from counts; every item with its days of cover and sell-through, filtered
 * and sorted as the URL says; the same report as CSV.
 */
export function inventoryHealthPage(context: OfficePluginContext) {
  const open = reportLink(context, 'inventory-health');
  const locale = context.session.locale;

  return function InventoryHealthPage({ query }: OfficePageProps) {
    const filters = readInventoryFilters(query);
    const asked = inventoryReportQuery(filters);
    const [summary, setSummary] = useState<InventoryHealthReport | undefined>(undefined);
    const list = usePagedList<InventoryHealthItem>(
      async (cursor, signal) => {
        const page = await loadReport<InventoryHealthReport>(context, 'inventory-health', { ...asked, limit: PAGE_SIZE, cursor }, signal);
        if (cursor === undefined) setSummary(page);
        return page;
      },
      [JSON.stringify(asked)],
    );
    const change = (next: Partial<InventoryFilters>) => open(inventoryFiltersQuery({ ...filters, ...next }));
    const csv = useSubmit(async () => {
      if (summary) await downloadReportCsv(context, 'inventory-health', asked, inventoryHealthCsvName(summary.meta));
    });

    // The server filters and orders the items, a page at a time as the table scrolls; by name the
    // page orders them itself, so it asks for every page (the table shows them as they come).
    const needsAll = sortsItself(filters);
    useEffect(() => {
      if (needsAll && list.more && !list.loading && list.error === undefined) list.loadMore();
    }, [needsAll, list.more, list.loading, list.items.length, list.error]);

    const shown = useMemo(() => {
      const sort = filters.sort;
      const key = SORTABLE_ITEM_KEYS.find((candidate) => candidate === sort?.key);
      return needsAll && sort && key ? sortRows(list.items, (item) => itemSortValue(item, key), sort.direction) : list.items;
    }, [list.items, needsAll, filters.sort?.key, filters.sort?.direction]);

    const field = problemField(list.error, ['locationId', 'deadStockDays']);
    const [deadDays, setDeadDays] = useState<number | undefined>(filters.deadStockDays);
    useEffect(() => setDeadDays(filters.deadStockDays), [filters.deadStockDays]);
    const data = summary && !list.error ? summary : undefined;
    const currency = data?.meta.currency;

    return (
      <>
        <PageHeader
          title="Inventory health"
          subtitle={data ? `Dead stock: no sale in ${data.meta.deadStockDays} days` : undefined}
          actions={
            <Button onClick={() => void csv.submit()} busy={csv.busy} disabled={!data}>
              Download CSV
            </Button>
          }
        />
        <Toolbar label="Report filters">
          <Field label="Location" name="locationId" problem={field === 'locationId' ? problemText(list.error) : undefined}>
            <Select
              name="locationId"
              value={filters.locationId ?? ''}
              options={locationOptions(context)}
              onValue={(value) => change({ locationId: value || undefined })}
            />
          </Field>
          <Field label="Show" name="show">
            <Select
              name="show"
              value={filters.show}
              options={ITEM_FILTERS.map((value) => ({ value, label: ITEM_FILTER_LABELS[value] }))}
              onValue={(value) => change({ show: ITEM_FILTERS.find((filter) => filter === value) ?? 'all' })}
            />
          </Field>
          <Field
            label="Dead after (days without a sale)"
            name="deadStockDays"
            problem={field === 'deadStockDays' ? problemText(list.error) : undefined}
          >
            <NumberInput
              name="deadStockDays"
              value={deadDays}
              min={1}
              onValue={setDeadDays}
              placeholder={data ? String(data.meta.deadStockDays) : undefined}
              onChange={() => change({ deadStockDays: deadDays })}
            />
          </Field>
        </Toolbar>
        {csv.error !== undefined && <ProblemNotice error={csv.error} what="Downloading the CSV" onRetry={() => void csv.submit()} />}
        {list.error !== undefined && !field && <ProblemNotice error={list.error} what="Loading inventory health" onRetry={list.reload} />}
        {!data && list.loading && <Spinner label="Loading inventory health…" />}
        {data && currency && (
          <>
            <div class="k-columns k-columns--narrow k-section" role="group" aria-label="Totals">
              <Stat
                label="Stock value at cost"
                value={<Money amount={data.totals.stockValue} currency={currency} />}
                detail={
                  <>
                    <Quantity value={data.totals.units} /> units
                  </>
                }
              />
              <Stat
                label="Dead stock"
                value={<Money amount={data.totals.deadStockValue} currency={currency} />}
                detail={`no sale in ${data.meta.deadStockDays} days`}
              />
              <Stat label="Over reorder maximum" value={<Quantity value={data.totals.overstockUnits} unit="units" />} />
              <Stat
                label="Shrinkage from counts"
                value={<Money amount={data.totals.shrinkageValue} currency={currency} />}
                detail={
                  <>
                    <Quantity value={data.totals.shrinkageUnits} /> units
                  </>
                }
              />
            </div>
            <div class="k-section">
              <Card title="Stock value by location">
                <Chart
                  label="Stock value at cost by location"
                  kind="bar"
                  categories={data.byLocation.map((location) => location.label)}
                  series={[
                    { label: 'Stock value', values: data.byLocation.map((location) => location.stockValue) },
                    { label: 'Of which dead stock', values: data.byLocation.map((location) => location.deadStockValue), tone: 'previous' },
                  ]}
                  format={moneyChartFormat(currency, locale)}
                  height={220}
                  empty="No stock at any location yet."
                />
              </Card>
            </div>
            <InventoryItemsTable
              context={context}
              items={shown}
              currency={currency}
              showLocation={!filters.locationId}
              show={filters.show}
              sort={filters.sort}
              onSort={(sort) => change({ sort })}
              onEndReached={list.loadMore}
              loading={list.loading}
            />
            {needsAll && list.more && (
              <Muted small role="status">
                Loading every item to sort them by name…
              </Muted>
            )}
            <ReportSource meta={data.meta} locale={locale} />
          </>
        )}
      </>
    );
  };
}
