import type { OfficePageProps, OfficePluginContext } from '@kits/plugin-sdk/office';
import { Badge, Button, DataTable, DateTime, PageHeader, ProblemNotice, Quantity, Tabs, type Column, usePagedList } from '@kits/ui-kit';
import { useState } from 'preact/hooks';
import { INVENTORY, STOCK_ADJUST, TRANSFER_STATUS, type Page, type TransferStatus, type TransferSummary } from './stock-api.ts';
import { locationNamer, useChosenLocation } from './stock-hooks.ts';
import { NewTransferDialog } from './new-transfer-dialog.tsx';

const TABS = [
  { id: '', label: 'All' },
  { id: 'draft', label: 'Drafts' },
  { id: 'shipped', label: 'In transit' },
  { id: 'received', label: 'Received' },
];

/** `/office/core-inventory/stock/transfers`: stock moving between locations, at the chosen location or all. */
export function TransfersPage({ context }: OfficePageProps & { context: OfficePluginContext }) {
  const location = useChosenLocation(context);
  const nameOf = locationNamer(context);
  const [status, setStatus] = useState('');
  const [creating, setCreating] = useState(false);
  const transfers = usePagedList(
    (cursor, signal) =>
      context.api.get<Page<TransferSummary>>(`${INVENTORY}/transfers`, {
        query: { status: status || undefined, locationId: location?.id, cursor, limit: 100 },
        signal,
      }),
    [status, location?.id],
  );

  const columns: Column<TransferSummary>[] = [
    { key: 'createdAt', title: 'Created', width: 'minmax(150px, 1.2fr)', render: (t) => <DateTime value={t.createdAt} /> },
    { key: 'from', title: 'From', width: 'minmax(110px, 1.2fr)', render: (t) => nameOf(t.fromLocationId) },
    { key: 'to', title: 'To', width: 'minmax(110px, 1.2fr)', render: (t) => nameOf(t.toLocationId) },
    {
      key: 'status',
      title: 'Status',
      width: '110px',
      render: (t) => (
        <Badge tone={TRANSFER_STATUS[t.status as TransferStatus]?.tone ?? 'neutral'}>
          {TRANSFER_STATUS[t.status as TransferStatus]?.label ?? t.status}
        </Badge>
      ),
    },
    { key: 'sent', title: 'Units sent', width: '100px', align: 'end', render: (t) => <Quantity value={t.sent} /> },
    { key: 'received', title: 'Received', width: '90px', align: 'end', render: (t) => <Quantity value={t.received} /> },
    {
      key: 'short',
      title: 'Missing',
      width: '100px',
      align: 'end',
      render: (t) => (t.short > 0 ? <Badge tone="danger">{t.short} missing</Badge> : <span class="k-muted">—</span>),
    },
  ];

  return (
    <>
      <PageHeader
        title="Transfers"
        subtitle={location ? `Transfers leaving or reaching ${location.name}.` : 'Stock moving between your locations.'}
        actions={
          context.session.may(STOCK_ADJUST) && (
            <Button variant="primary" onClick={() => setCreating(true)}>
              New transfer
            </Button>
          )
        }
      />
      <Tabs label="Transfer status" tabs={TABS} current={status} onChange={setStatus} />
      {transfers.error !== undefined && transfers.items.length === 0 ? (
        <ProblemNotice error={transfers.error} what="Loading the transfers" onRetry={transfers.reload} />
      ) : (
        <DataTable
          label="Transfers"
          columns={columns}
          rows={transfers.items}
          rowKey={(t) => t.id}
          rowHref={(t) => context.href(`stock/transfers/${t.id}`)}
          {...(transfers.more ? { onEndReached: transfers.loadMore } : {})}
          loading={transfers.loading}
          empty="No transfers here yet."
          height="calc(100vh - 260px)"
        />
      )}
      {creating && (
        <NewTransferDialog
          context={context}
          fromLocationId={location?.id}
          onClose={() => setCreating(false)}
          onCreated={(transfer) => {
            setCreating(false);
            context.toasts.show('Transfer drafted. Ship it when the goods leave.', 'success');
            context.navigate(`/${context.plugin.id}/stock/transfers/${transfer.id}`);
          }}
        />
      )}
    </>
  );
}
