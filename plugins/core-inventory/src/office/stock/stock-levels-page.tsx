import type { OfficePageProps, OfficePluginContext } from '@kits/plugin-sdk/office';
import {
  Badge,
  Button,
  Checkbox,
  DataTable,
  DateTime,
  Field,
  LinkButton,
  Money,
  PageHeader,
  ProblemNotice,
  Quantity,
  SearchInput,
  Stat,
  Toolbar,
  useResource,
  type Column,
  usePagedList,
} from '@kits/ui-kit';
import { useEffect, useRef, useState } from 'preact/hooks';
import { INVENTORY, optionText, type StockLevel, type StockSummary } from './stock-api.ts';
import { isoToLocalInput, localInputToIso, locationNamer, useChosenLocation } from './stock-hooks.ts';

/** `/office/core-inventory/stock`: what is on the shelves, at the chosen location or everywhere, now or as of any instant. */
export function StockLevelsPage({ context, query }: OfficePageProps & { context: OfficePluginContext }) {
  const location = useChosenLocation(context);
  const [text, setText] = useState(query.get('q') ?? '');
  const [lowOnly, setLowOnly] = useState(query.get('low') === '1');
  const [asOfInput, setAsOfInput] = useState(query.get('asOf') ? isoToLocalInput(query.get('asOf')!) : '');
  // A link to this same page with other filters (the navigation's, the dashboard's) starts over from them.
  const linked = query.toString();
  const firstLink = useRef(linked);
  useEffect(() => {
    if (firstLink.current === linked) return;
    firstLink.current = linked;
    setText(query.get('q') ?? '');
    setLowOnly(query.get('low') === '1');
    setAsOfInput(query.get('asOf') ? isoToLocalInput(query.get('asOf')!) : '');
  }, [linked]);
  const asOf = localInputToIso(asOfInput);
  const nameOf = locationNamer(context);
  const filters = {
    locationId: location?.id,
    q: text.trim() || undefined,
    low: lowOnly || undefined,
    asOf,
  };
  const levels = usePagedList(
    (cursor, signal) =>
      context.api.get<{ items: StockLevel[]; nextCursor: string | null }>(`${INVENTORY}/stock/levels`, {
        query: { ...filters, cursor, limit: 100 },
        signal,
      }),
    [location?.id, filters.q, lowOnly, asOf],
  );
  const summary = useResource(
    (signal) => context.api.get<StockSummary>(`${INVENTORY}/stock/summary`, { query: filters, signal }),
    [location?.id, filters.q, lowOnly, asOf],
  );

  const columns: Column<StockLevel>[] = [
    {
      key: 'product',
      title: 'Product',
      width: 'minmax(140px, 2fr)',
      sortValue: (l) => l.productName.toLowerCase(),
      render: (l) => (
        <span>
          {l.productName}
          {optionText(l.options) && <span class="k-muted"> · {optionText(l.options)}</span>}
        </span>
      ),
    },
    { key: 'sku', title: 'SKU', width: 'minmax(80px, 1fr)', sortValue: (l) => l.sku },
    ...(location
      ? []
      : [
          {
            key: 'location',
            title: 'Location',
            width: 'minmax(90px, 1.1fr)',
            sortValue: (l: StockLevel) => nameOf(l.locationId),
            render: (l: StockLevel) => nameOf(l.locationId),
          },
        ]),
    {
      key: 'onHand',
      title: 'On hand',
      width: 'minmax(88px, 0.8fr)',
      align: 'end',
      sortValue: (l) => l.onHand,
      // What is held for parked sales and orders is part of on hand but not available to sell.
      render: (l) => (
        <span>
          <Quantity value={l.onHand} />
          {l.reserved ? <span class="k-muted"> ({l.reserved} held)</span> : null}
        </span>
      ),
    },
    {
      key: 'reorderPoint',
      title: 'Reorder at',
      width: '100px',
      align: 'end',
      sortValue: (l) => l.reorderPoint ?? -1,
      render: (l) => (l.reorderPoint === null ? <span class="k-muted">—</span> : <Quantity value={l.reorderPoint} />),
    },
    {
      key: 'status',
      title: 'Status',
      width: '120px',
      sortValue: (l) => (l.onHand <= 0 ? 0 : l.low ? 1 : 2),
      render: (l) =>
        l.onHand <= 0 ? (
          <Badge tone="danger">Out of stock</Badge>
        ) : l.low ? (
          <Badge tone="warning">Low</Badge>
        ) : (
          <Badge tone="success">In stock</Badge>
        ),
    },
    {
      key: 'value',
      title: 'Value at cost',
      width: 'minmax(116px, 1fr)',
      align: 'end',
      sortValue: (l) => l.valueAtCost?.amount ?? -1,
      render: (l) =>
        l.valueAtCost ? <Money amount={l.valueAtCost.amount} currency={l.valueAtCost.currency} /> : <span class="k-muted">No cost</span>,
    },
  ];

  const where = location ? `at ${location.name}` : 'at all your locations';
  return (
    <>
      <PageHeader
        title="Stock levels"
        subtitle={
          asOf ? (
            <>
              Stock {where} as it was on <DateTime value={asOf} /> — rebuilt from the movement ledger.
            </>
          ) : (
            `What is on hand ${where} now, with low stock and its value at cost.`
          )
        }
        actions={
          <LinkButton href={context.href('stock/movements')} variant="secondary">
            Movement ledger
          </LinkButton>
        }
      />
      {summary.data && (
        <div role="group" aria-label="Stock totals" class="k-columns k-columns--narrow k-section">
          <Stat
            label="Items stocked"
            value={<Quantity value={summary.data.levels} />}
            detail={location ? location.name : 'All locations'}
          />
          <Stat label="Units on hand" value={<Quantity value={summary.data.units} />} />
          <Stat
            label="Low stock"
            value={<Quantity value={summary.data.low} />}
            detail={summary.data.low > 0 ? 'Below their reorder point' : 'Nothing below its reorder point'}
          />
          <Stat
            label="Value at cost"
            value={
              summary.data.value.length === 0 ? (
                '—'
              ) : (
                <span class="k-stack">
                  {summary.data.value.map((v) => (
                    <Money key={v.currency} amount={v.amount} currency={v.currency} />
                  ))}
                </span>
              )
            }
            detail={
              summary.data.withoutCost > 0 ? `${summary.data.withoutCost} item(s) without a cost are not included` : 'Every item has a cost'
            }
          />
        </div>
      )}
      <Toolbar label="Filter stock">
        <SearchInput label="Find a product" value={text} onValue={setText} placeholder="Name or SKU" />
        <Field label="Stock as of" name="asOf">
          <input
            type="datetime-local"
            class="k-input"
            name="asOf"
            value={asOfInput}
            max={isoToLocalInput(new Date().toISOString())}
            onInput={(event) => setAsOfInput((event.target as HTMLInputElement).value)}
          />
        </Field>
        {asOfInput && (
          <Button variant="ghost" onClick={() => setAsOfInput('')}>
            Back to now
          </Button>
        )}
        <Checkbox name="low" label="Only low stock" checked={lowOnly} onValue={setLowOnly} />
      </Toolbar>
      {levels.error !== undefined && levels.items.length === 0 ? (
        <ProblemNotice error={levels.error} what="Loading the stock levels" onRetry={levels.reload} />
      ) : (
        <DataTable
          label="Stock levels"
          columns={columns}
          rows={levels.items}
          rowKey={(l) => `${l.variantId}@${l.locationId}`}
          rowHref={(l) =>
            context.href(
              `stock/movements?${new URLSearchParams({ variantId: l.variantId, variantName: l.productName, sku: l.sku, locationId: l.locationId })}`,
            )
          }
          onEndReached={levels.more ? levels.loadMore : undefined}
          loading={levels.loading}
          empty={
            lowOnly
              ? 'Nothing is below its reorder point here.'
              : asOf
                ? 'There was no stock here at that time.'
                : 'No stock here yet. Receive stock or transfer it in.'
          }
          height="calc(100vh - 360px)"
        />
      )}
    </>
  );
}
