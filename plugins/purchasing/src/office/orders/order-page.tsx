import type { OfficePageProps, OfficePluginContext, OfficeSlotProps } from '@kits/plugin-sdk/office';
import type { FunctionComponent } from 'preact';
import {
  Badge,
  Button,
  Card,
  ConfirmDialog,
  DataTable,
  DateTime,
  DescriptionList,
  LinkButton,
  Money,
  PageHeader,
  ProblemNotice,
  Spinner,
  useResource,
  type Column,
  Stack,
  tableHeight,
} from '@kits/ui-kit';
import { useState } from 'preact/hooks';
import { ORDER_STATUS } from '../order-status.ts';
import { API, locationName, outstanding, returnable, type Order, type OrderLine } from '../purchasing-api.ts';
import { ReceiveDialog, type ReceiptAnswer } from './receive-dialog.tsx';
import { ReturnDialog } from './return-dialog.tsx';

type Transition = 'send' | 'close' | 'cancel';
const CONFIRM: Record<Transition, { title: string; message: string; label: string; tone?: 'danger' }> = {
  send: { title: 'Mark as sent', message: 'The order can no longer be changed once it is sent to the supplier.', label: 'Mark as sent' },
  close: {
    title: 'Close the order',
    message: 'Nothing more is expected on this order: what is still outstanding will not be delivered.',
    label: 'Close order',
  },
  cancel: { title: 'Cancel the order', message: 'The supplier will deliver nothing on this order.', label: 'Cancel order', tone: 'danger' },
};

/** Saves a Blob under a file name, the way a browser downloads a link. */
function saveFile(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * One purchase order: its lines with what came and what is still to come; PDF, send, receive, return, close.
 * A delivery just received offers other plugins' actions on it (`office.purchasing.receipt.actions`: its labels).
 */
export function orderPage(context: OfficePluginContext) {
  const ReceiptActions = context.slots.outlet('office.purchasing.receipt.actions') as FunctionComponent<
    OfficeSlotProps['office.purchasing.receipt.actions']
  >;
  return function OrderPage({ params }: OfficePageProps) {
    const orderId = params['orderId']!;
    const order = useResource((signal) => context.api.get<Order>(`${API}/purchase-orders/${orderId}`, { signal }), [orderId]);
    const [dialog, setDialog] = useState<'receive' | 'return' | undefined>();
    const [confirm, setConfirm] = useState<Transition | undefined>();
    const [busy, setBusy] = useState<string | undefined>();
    const [received, setReceived] = useState<ReceiptAnswer | undefined>();

    if (order.error)
      return (
        <Stack space={4}>
          <PageHeader title="Purchase order" back={{ href: context.href('purchase-orders'), label: 'Purchase orders' }} />
          <ProblemNotice error={order.error} what="Loading the purchase order" onRetry={order.reload} />
        </Stack>
      );
    if (!order.data) return <Spinner label="Loading the purchase order" />;
    const o = order.data;
    const status = ORDER_STATUS[o.status];
    const mayOrder = context.session.may('purchasing:orders.write');
    const mayReceive = context.session.may('purchasing:receive', o.locationId);
    const mayReturn = context.session.may('purchasing:return', o.locationId);
    const receivable = (o.status === 'sent' || o.status === 'partially_received') && o.lines.some((l) => outstanding(l) > 0);
    const anyReturnable = o.lines.some((l) => returnable(l) > 0);

    const act = async (what: string, run: () => Promise<unknown>, done: string) => {
      setBusy(what);
      try {
        await run();
        context.toasts.show(done, 'success');
        order.reload();
      } catch (error) {
        context.toasts.show(`${what} failed: ${error instanceof Error ? error.message : String(error)}`, 'danger');
      } finally {
        setBusy(undefined);
      }
    };
    const downloadPdf = () =>
      act(
        'Downloading the PDF',
        async () => saveFile(await context.api.download(`${API}/purchase-orders/${o.id}/pdf`), `${o.number}.pdf`),
        `${o.number}.pdf downloaded`,
      );

    // Damaged and returned only when something was: the order reads at tablet width.
    const anyDamaged = o.lines.some((l) => l.damagedQuantity > 0);
    const anyReturned = o.lines.some((l) => l.returnedQuantity > 0);
    const columns: Column<OrderLine>[] = [
      {
        key: 'item',
        title: 'Item',
        width: 'minmax(180px, 2fr)',
        render: (l) => (
          <span title={l.supplierSku ? `Supplier's SKU ${l.supplierSku}` : undefined}>
            {l.name} <span class="k-muted">· {l.sku}</span> {l.unplanned ? <Badge tone="info">Not ordered</Badge> : null}
          </span>
        ),
      },
      {
        key: 'ordered',
        title: 'Ordered',
        width: '120px',
        align: 'end',
        render: (l) => (l.packSize > 1 ? `${l.orderedQuantity} (${l.packs} × ${l.packSize})` : l.orderedQuantity),
      },
      { key: 'received', title: 'Received', width: '90px', align: 'end', render: (l) => l.receivedQuantity },
      ...(anyDamaged
        ? [{ key: 'damaged', title: 'Damaged', width: '90px', align: 'end', render: (l: OrderLine) => l.damagedQuantity } as const]
        : []),
      ...(anyReturned
        ? [{ key: 'returned', title: 'Returned', width: '90px', align: 'end', render: (l: OrderLine) => l.returnedQuantity } as const]
        : []),
      {
        key: 'outstanding',
        title: 'Outstanding',
        width: '120px',
        align: 'end',
        render: (l) =>
          outstanding(l) === 0 ? <Badge tone="success">Complete</Badge> : <Badge tone="warning">{`${outstanding(l)} to come`}</Badge>,
      },
      {
        key: 'unitCost',
        title: 'Unit cost',
        width: '100px',
        align: 'end',
        render: (l) => (l.unitCost === null ? '—' : <Money amount={l.unitCost} currency={o.currency} />),
      },
      {
        key: 'lineTotal',
        title: 'Line total',
        width: '110px',
        align: 'end',
        render: (l) => (l.lineTotal === null ? '—' : <Money amount={l.lineTotal} currency={o.currency} />),
      },
    ];

    return (
      <Stack space={4}>
        <PageHeader
          title={`Purchase order ${o.number}`}
          subtitle={
            <span>
              <Badge tone={status.tone}>{status.label}</Badge> {o.supplierName} · to {locationName(context, o.locationId)}
            </span>
          }
          back={{ href: context.href('purchase-orders'), label: 'Purchase orders' }}
          actions={
            <>
              <Button variant="secondary" busy={busy === 'Downloading the PDF'} onClick={() => void downloadPdf()}>
                Download PDF
              </Button>
              {mayOrder && o.status === 'draft' ? (
                <LinkButton href={context.href(`purchase-orders/${o.id}/edit`)} variant="secondary">
                  Edit draft
                </LinkButton>
              ) : null}
              {mayOrder && o.status === 'draft' ? (
                <Button variant="primary" busy={busy === 'Sending'} onClick={() => setConfirm('send')}>
                  Mark as sent
                </Button>
              ) : null}
              {mayReceive && receivable ? (
                <Button variant="primary" onClick={() => setDialog('receive')}>
                  Receive delivery
                </Button>
              ) : null}
              {mayReturn && anyReturnable ? (
                <Button variant="secondary" onClick={() => setDialog('return')}>
                  Return to supplier
                </Button>
              ) : null}
              {mayOrder && o.status === 'partially_received' ? (
                <Button variant="ghost" onClick={() => setConfirm('close')}>
                  Close order
                </Button>
              ) : null}
              {mayOrder && (o.status === 'draft' || o.status === 'sent') ? (
                <Button variant="ghost" onClick={() => setConfirm('cancel')}>
                  Cancel order
                </Button>
              ) : null}
            </>
          }
        />
        {o.status === 'draft' ? (
          <p class="k-muted" role="note">
            This order is a draft: check its quantities (Edit draft), download the PDF to email it to {o.supplierName}, then mark it as
            sent.
          </p>
        ) : null}
        <Card title="Order">
          <DescriptionList
            items={[
              ['Supplier', <a href={context.href(`suppliers/${o.supplierId}`)}>{o.supplierName}</a>],
              ['Deliver to', locationName(context, o.locationId)],
              ['Status', status.label],
              ['Total', <Money amount={o.total} currency={o.currency} />],
              ['Expected', o.expectedOn ? <DateTime value={o.expectedOn} dateOnly /> : '—'],
              ['Created', <DateTime value={o.createdAt} />],
              ['Sent', o.sentAt ? <DateTime value={o.sentAt} /> : '—'],
              ['Drafted', o.origin === 'reorder' ? 'From reorder suggestions' : 'By hand'],
              ...(o.notes ? [['Notes', o.notes] as [string, string]] : []),
            ]}
          />
        </Card>
        {received ? (
          <Card title="Delivery received">
            <p>
              {received.lines.reduce((sum, line) => sum + line.quantity, 0)} units went into stock at {locationName(context, o.locationId)}.
            </p>
            <ReceiptActions
              receipt={{
                id: received.id,
                purchaseOrderId: o.id,
                number: o.number,
                locationId: o.locationId,
                lines: received.lines
                  .filter((line) => line.quantity > 0)
                  .map((line) => ({
                    variantId: line.variantId,
                    name: o.lines.find((l) => l.variantId === line.variantId)?.name ?? line.variantId,
                    quantity: line.quantity,
                  })),
              }}
            />
          </Card>
        ) : null}
        <Card title="Lines">
          <DataTable
            label={`Lines of ${o.number}`}
            columns={columns}
            rows={o.lines}
            rowKey={(l) => String(l.lineNo)}
            height={tableHeight(o.lines.length)}
          />
        </Card>
        {dialog === 'receive' ? (
          <ReceiveDialog
            context={context}
            order={o}
            onClose={() => setDialog(undefined)}
            onDone={(receipt) => {
              setDialog(undefined);
              setReceived(receipt);
              order.reload();
            }}
          />
        ) : null}
        {dialog === 'return' ? (
          <ReturnDialog
            context={context}
            order={o}
            onClose={() => setDialog(undefined)}
            onDone={() => {
              setDialog(undefined);
              order.reload();
            }}
          />
        ) : null}
        {confirm ? (
          <ConfirmDialog
            open
            title={CONFIRM[confirm].title}
            message={CONFIRM[confirm].message}
            confirmLabel={CONFIRM[confirm].label}
            tone={CONFIRM[confirm].tone}
            onCancel={() => setConfirm(undefined)}
            onConfirm={() => {
              const action = confirm;
              setConfirm(undefined);
              void act(
                { send: 'Sending', close: 'Closing', cancel: 'Cancelling' }[action],
                () => context.api.post(`${API}/purchase-orders/${o.id}/${action}`),
                { send: `${o.number} marked as sent`, close: `${o.number} closed`, cancel: `${o.number} cancelled` }[action],
              );
            }}
          />
        ) : null}
      </Stack>
    );
  };
}
