import type { OfficePageProps, OfficePluginContext } from '@kits/plugin-sdk/office';
import {
  Badge,
  DataTable,
  DateTime,
  EmptyState,
  LinkButton,
  PageHeader,
  ProblemNotice,
  SearchInput,
  Select,
  Toolbar,
  type Column,
  Stack,
  usePagedList,
} from '@kits/ui-kit';
import { useEffect, useState } from 'preact/hooks';
import { ORDER_STATUS, ORDER_STATUSES } from '../order-status.ts';
import { API, locationName, type OrderSummary, type Page } from '../purchasing-api.ts';

const STATUS_OPTIONS = [{ value: '', label: 'Any status' }, ...ORDER_STATUSES.map((s) => ({ value: s, label: ORDER_STATUS[s].label }))];

/** Purchase orders, newest first: by status and text, at the location chosen in the switcher. */
export function orderListPage(context: OfficePluginContext) {
  const columnsFor = (allLocations: boolean): Column<OrderSummary>[] => [
    { key: 'number', title: 'Number', width: '120px' },
    { key: 'supplierName', title: 'Supplier', width: '2fr' },
    {
      key: 'status',
      title: 'Status',
      width: '140px',
      render: (o) => <Badge tone={ORDER_STATUS[o.status].tone}>{ORDER_STATUS[o.status].label}</Badge>,
    },
    // One location chosen in the switcher: every order goes there.
    ...(allLocations
      ? [{ key: 'location', title: 'Deliver to', width: '1fr', render: (o: OrderSummary) => locationName(context, o.locationId) }]
      : []),
    { key: 'origin', title: 'Drafted', width: '100px', render: (o) => (o.origin === 'reorder' ? 'Reorder' : 'By hand') },
    {
      key: 'expectedOn',
      title: 'Expected',
      width: '120px',
      render: (o) => (o.expectedOn ? <DateTime value={o.expectedOn} dateOnly /> : '—'),
    },
    { key: 'createdAt', title: 'Created', width: '130px', render: (o) => <DateTime value={o.createdAt} dateOnly /> },
  ];

  return function OrderListPage({ query }: OfficePageProps) {
    const [status, setStatus] = useState(query.get('status') ?? '');
    const [text, setText] = useState('');
    const supplierId = query.get('supplierId') ?? undefined;
    const [location, setLocation] = useState(context.location.current);
    useEffect(() => context.location.watch(setLocation), []);
    const list = usePagedList<OrderSummary>(
      (cursor, signal) =>
        context.api.get<Page<OrderSummary>>(`${API}/purchase-orders`, {
          query: { status: status || undefined, q: text.trim() || undefined, supplierId, locationId: location?.id, limit: 50, cursor },
          signal,
        }),
      [status, text, supplierId, location?.id],
    );
    const mayOrder = context.session.may('purchasing:orders.write');
    return (
      <Stack space={4}>
        <PageHeader
          title="Purchase orders"
          subtitle={location ? `Delivered to ${location.name}` : 'All locations'}
          actions={
            mayOrder ? (
              <>
                <LinkButton href={context.href('reorder')} variant="secondary">
                  From reorder suggestions
                </LinkButton>
                <LinkButton href={context.href('purchase-orders/new')} variant="primary">
                  New purchase order
                </LinkButton>
              </>
            ) : undefined
          }
        />
        <Toolbar>
          <SearchInput label="Search orders" placeholder="Number or supplier" value={text} onValue={setText} />
          <Select name="status" aria-label="Status" value={status} options={STATUS_OPTIONS} onValue={setStatus} />
        </Toolbar>
        {list.error ? (
          <ProblemNotice error={list.error} what="Loading purchase orders" onRetry={list.reload} />
        ) : (
          <DataTable
            label="Purchase orders"
            columns={columnsFor(location === undefined)}
            rows={list.items}
            rowKey={(o) => o.id}
            rowHref={(o) => context.href(`purchase-orders/${o.id}`)}
            onEndReached={list.loadMore}
            loading={list.loading}
            height="calc(100vh - 260px)"
            empty={
              <EmptyState title={status || text ? 'No order matches' : 'No purchase orders yet'}>
                {status || text ? 'Try another status or text.' : 'Draft one by hand, or from what is running low.'}
              </EmptyState>
            }
          />
        )}
      </Stack>
    );
  };
}
