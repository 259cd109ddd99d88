import type { OfficePageProps, OfficePluginContext } from '@kits/plugin-sdk/office';
import {
  Badge,
  Button,
  DataTable,
  DateTime,
  EmptyState,
  PageHeader,
  ProblemNotice,
  Quantity,
  Tabs,
  TwoLine,
  tableHeight,
  useResource,
  type Column,
} from '@kits/ui-kit';
import { useState } from 'preact/hooks';
import { API, MANAGE, type Discrepancy } from '../shopify-api.ts';
import { ShopifyTabs, shopifyPath } from '../shopify-pages.tsx';
import { locationName } from '../sync/sync-words.ts';
import {
  REASON_LABELS,
  RESOLUTION_LABELS,
  STATE_LABELS,
  STATES,
  orderName,
  reasonText,
  stateOf,
  type DiscrepancyState,
} from './discrepancy-words.ts';
import { ResolveDialog } from './resolve-dialog.tsx';

/**
 * Order discrepancies: Shopify orders KiTS could not take in as they were (stock short, an item
 * not linked, a location not mapped), open or resolved; resolve one with what was done and a note.
 * The list is in the URL (`?state=resolved`).
 */
export function discrepanciesPage(context: OfficePluginContext) {
  return function DiscrepanciesPage({ query }: OfficePageProps) {
    const mayManage = context.session.may(MANAGE);
    const state = stateOf(query);
    const list = useResource(
      (signal) => context.api.get<{ items: Discrepancy[] }>(`${API}/orders/discrepancies`, { query: { state }, signal }),
      [state],
    );
    const [resolving, setResolving] = useState<Discrepancy | undefined>();
    const rows = list.data?.items ?? [];

    return (
      <>
        <PageHeader title="Order discrepancies" subtitle="Shopify orders KiTS could not take in as they were" />
        <ShopifyTabs context={context} current="discrepancies" />
        <Tabs
          label="Discrepancies"
          tabs={STATES.map((id) => ({ id, label: STATE_LABELS[id] }))}
          current={state}
          onChange={(id) => context.navigate(`${shopifyPath(context, 'discrepancies')}?state=${id}`)}
        />
        {list.error !== undefined && <ProblemNotice error={list.error} what="Loading the discrepancies" onRetry={list.reload} />}
        <DataTable<Discrepancy>
          label={`${STATE_LABELS[state]} discrepancies`}
          columns={columns(context, state, mayManage, setResolving)}
          rows={rows}
          rowKey={(discrepancy) => discrepancy.discrepancyId}
          rowHeight={56}
          loading={list.loading && !list.data}
          height={tableHeight(rows.length, 12, 56)}
          empty={
            <EmptyState title={state === 'open' ? 'No open discrepancies' : 'None resolved yet'}>
              {state === 'open' ? 'Every Shopify order was taken in as it was.' : undefined}
            </EmptyState>
          }
        />
        {resolving && (
          <ResolveDialog
            context={context}
            discrepancy={resolving}
            onClose={() => setResolving(undefined)}
            onResolved={() => {
              setResolving(undefined);
              list.reload();
            }}
          />
        )}
      </>
    );
  };
}

function columns(
  context: OfficePluginContext,
  state: DiscrepancyState,
  mayManage: boolean,
  resolve: (discrepancy: Discrepancy) => void,
): Column<Discrepancy>[] {
  return [
    {
      key: 'order',
      title: 'Order',
      width: 'minmax(170px, 1fr)',
      render: (discrepancy) => (
        <TwoLine primary={<strong>{orderName(discrepancy)}</strong>} secondary={<DateTime value={discrepancy.raisedAt} />} />
      ),
      sortValue: (discrepancy) => discrepancy.raisedAt,
    },
    {
      key: 'reason',
      title: 'What happened',
      width: 'minmax(280px, 3fr)',
      render: (discrepancy) => (
        <TwoLine
          primary={
            <>
              <Badge tone={discrepancy.reason === 'short_stock' ? 'warning' : 'danger'}>{REASON_LABELS[discrepancy.reason]}</Badge>{' '}
              {discrepancy.title ?? ''}
            </>
          }
          secondary={<span title={reasonText(discrepancy)}>{reasonText(discrepancy)}</span>}
        />
      ),
    },
    {
      key: 'location',
      title: 'Location',
      width: 'minmax(130px, 1fr)',
      render: (discrepancy) => locationName(context, discrepancy.locationId),
    },
    {
      key: 'wanted',
      title: 'Wanted',
      width: '90px',
      align: 'end',
      render: (discrepancy) => (discrepancy.wanted === null ? '—' : <Quantity value={discrepancy.wanted} />),
    },
    {
      key: 'available',
      title: 'Had',
      width: '90px',
      align: 'end',
      render: (discrepancy) => (discrepancy.available === null ? '—' : <Quantity value={discrepancy.available} />),
    },
    ...(state === 'resolved'
      ? [
          {
            key: 'resolution',
            title: 'Resolved as',
            width: 'minmax(200px, 1.6fr)',
            render: (discrepancy: Discrepancy) => (
              <TwoLine
                primary={discrepancy.resolution ? RESOLUTION_LABELS[discrepancy.resolution] : '—'}
                secondary={discrepancy.note ? <span title={discrepancy.note}>{discrepancy.note}</span> : undefined}
              />
            ),
          },
        ]
      : mayManage
        ? [
            {
              key: 'resolve',
              title: '',
              width: '120px',
              align: 'end' as const,
              render: (discrepancy: Discrepancy) => (
                <Button size="sm" onClick={() => resolve(discrepancy)} aria-label={`Resolve order ${orderName(discrepancy)}`}>
                  Resolve…
                </Button>
              ),
            },
          ]
        : []),
  ];
}
