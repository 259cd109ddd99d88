import type { OfficePageProps, OfficePluginContext } from '@kits/plugin-sdk/office';
import {
  Badge,
  Button,
  Card,
  DataTable,
  EmptyState,
  LinkButton,
  Money,
  PageHeader,
  ProblemNotice,
  useResource,
  useSubmit,
  type Column,
  Stack,
  tableHeight,
} from '@kits/ui-kit';
import { useEffect, useState } from 'preact/hooks';
import { API, locationName, type Order, type Suggestion } from '../purchasing-api.ts';

/**
 * What is running low and how much to order (from reorder points, or sales and lead times), and
 * one click to draft the orders, one per supplier and location, for review before they are sent.
 */
export function reorderPage(context: OfficePluginContext) {
  const columnsFor = (allLocations: boolean): Column<Suggestion>[] => [
    {
      key: 'item',
      title: 'Item',
      width: '2fr',
      sortValue: (s) => s.name,
      render: (s) => (
        <span>
          {s.name} <span class="k-muted">· {s.sku}</span>
        </span>
      ),
    },
    // One location chosen: every row is there, so the column would only take room.
    ...(allLocations
      ? [{ key: 'location', title: 'At', width: '1fr', render: (s: Suggestion) => locationName(context, s.locationId) }]
      : []),
    { key: 'available', title: 'Available', width: '90px', align: 'end', sortValue: (s) => s.available, render: (s) => s.available },
    { key: 'onOrder', title: 'Coming', width: '80px', align: 'end', sortValue: (s) => s.onOrder, render: (s) => s.onOrder },
    {
      key: 'why',
      title: 'Why',
      width: '100px',
      render: (s) => {
        const why =
          s.basis === 'reorder-point'
            ? { label: `Low (≤ ${s.reorderPoint})`, title: `At or below its reorder point of ${s.reorderPoint}` }
            : s.basis === 'forecast'
              ? {
                  label: `Forecast ${s.target}`,
                  title: `${s.target} expected to sell over the lead time and cover days (${s.forecastMethod})`,
                }
              : { label: `${s.sold} sold`, title: `${s.sold} sold recently` };
        return <span title={why.title}>{why.label}</span>;
      },
    },
    {
      key: 'order',
      title: 'Suggested',
      width: '120px',
      align: 'end',
      sortValue: (s) => s.quantity,
      render: (s) => (s.packSize > 1 ? `${s.packs} × ${s.packSize} = ${s.quantity}` : `${s.quantity}`),
    },
    {
      key: 'supplier',
      title: 'Supplier',
      width: '1.2fr',
      sortValue: (s) => s.supplierName ?? '',
      render: (s) =>
        s.supplierId ? <a href={context.href(`suppliers/${s.supplierId}`)}>{s.supplierName}</a> : <Badge tone="warning">No supplier</Badge>,
    },
    {
      key: 'cost',
      title: 'Cost',
      width: '100px',
      align: 'end',
      render: (s) => (s.unitCost ? <Money amount={s.unitCost.amount * s.quantity} currency={s.unitCost.currency} /> : '—'),
    },
  ];

  return function ReorderPage(_props: OfficePageProps) {
    const [location, setLocation] = useState(context.location.current);
    useEffect(() => context.location.watch(setLocation), []);
    const suggestions = useResource(
      (signal) => context.api.get<{ items: Suggestion[] }>(`${API}/reorder-suggestions`, { query: { locationId: location?.id }, signal }),
      [location?.id],
    );
    const [drafted, setDrafted] = useState<readonly Order[] | undefined>();
    const draft = useSubmit(async () => {
      const answer = await context.api.post<{ items: Order[] }>(
        `${API}/reorder-suggestions/drafts`,
        location ? { locationId: location.id } : {},
      );
      setDrafted(answer.items);
      context.toasts.show(answer.items.length === 1 ? '1 draft order made' : `${answer.items.length} draft orders made`, 'success');
      suggestions.reload();
      return answer;
    });
    const items = suggestions.data?.items ?? [];
    const orderable = items.filter((s) => s.supplierId !== null);
    const mayOrder = context.session.may('purchasing:orders.write');
    return (
      <Stack space={4}>
        <PageHeader
          title="Reorder"
          subtitle={`What is running low${location ? ` at ${location.name}` : ''}, and how much to order`}
          actions={
            mayOrder ? (
              <Button variant="primary" busy={draft.busy} disabled={orderable.length === 0} onClick={() => void draft.submit()}>
                Draft purchase orders
              </Button>
            ) : undefined
          }
        />
        {draft.error ? <ProblemNotice error={draft.error} what="Drafting purchase orders" /> : null}
        {drafted && drafted.length > 0 ? (
          <Card title="Drafts to review and send">
            <Stack as="ul" label="Drafted orders">
              {drafted.map((o) => (
                <li key={o.id}>
                  <a href={context.href(`purchase-orders/${o.id}`)}>
                    {o.number} — {o.supplierName}
                  </a>{' '}
                  · {o.lines.length} {o.lines.length === 1 ? 'item' : 'items'} · <Money amount={o.total} currency={o.currency} />
                </li>
              ))}
            </Stack>
          </Card>
        ) : null}
        {suggestions.error ? (
          <ProblemNotice error={suggestions.error} what="Loading reorder suggestions" onRetry={suggestions.reload} />
        ) : (
          <Card title="Suggestions">
            {items.length > orderable.length ? (
              <p class="k-muted" role="note">
                {items.length - orderable.length} {items.length - orderable.length === 1 ? 'item has' : 'items have'} no supplier: add it to
                a <a href={context.href('suppliers')}>supplier</a> to order it.
              </p>
            ) : null}
            <DataTable
              label="Reorder suggestions"
              columns={columnsFor(location === undefined)}
              rows={items}
              rowKey={(s) => `${s.variantId}@${s.locationId}`}
              loading={suggestions.loading}
              height={tableHeight(items.length, 14)}
              empty={
                <EmptyState
                  title="Nothing to reorder"
                  action={<LinkButton href={context.href('purchase-orders')}>Purchase orders</LinkButton>}
                >
                  Stock is above every reorder point, and what sells is covered for the supplier's lead time.
                </EmptyState>
              }
            />
          </Card>
        )}
      </Stack>
    );
  };
}
