import type { OfficePageProps, OfficePluginContext } from '@kits/plugin-sdk/office';
import {
  Badge,
  Button,
  Card,
  Checkbox,
  ConfirmDialog,
  DataTable,
  DateTime,
  DescriptionList,
  Field,
  NumberInput,
  PageHeader,
  ProblemNotice,
  Quantity,
  Spinner,
  useResource,
  useSubmit,
  type Column,
} from '@kits/ui-kit';
import { useState } from 'preact/hooks';
import { INVENTORY, STOCK_ADJUST, STOCK_RECEIVE, TRANSFER_STATUS, type Transfer } from './stock-api.ts';
import { locationNamer } from './stock-hooks.ts';

type Line = Transfer['lines'][number];

/** `/office/core-inventory/stock/transfers/:transferId`: one transfer — ship it, receive it (all or part), see what went missing. */
export function TransferPage({ context, params }: OfficePageProps & { context: OfficePluginContext }) {
  const path = `${INVENTORY}/transfers/${encodeURIComponent(params['transferId'] ?? '')}`;
  const transfer = useResource((signal) => context.api.get<Transfer>(path, { signal }), [path]);
  const [confirmShip, setConfirmShip] = useState(false);
  const ship = useSubmit(() => context.api.post<Transfer>(`${path}/ship`));
  const nameOf = locationNamer(context);
  const back = { href: context.href('stock/transfers'), label: 'Transfers' };

  if (!transfer.data) {
    return (
      <>
        <PageHeader title="Transfer" back={back} />
        {transfer.error !== undefined ? (
          <ProblemNotice error={transfer.error} what="Loading the transfer" onRetry={transfer.reload} />
        ) : (
          <Spinner label="Loading the transfer…" />
        )}
      </>
    );
  }
  const t = transfer.data;
  const status = TRANSFER_STATUS[t.status] ?? { label: t.status, tone: 'neutral' as const };
  const missing = t.lines.reduce((sum, line) => sum + line.short, 0);
  const columns: Column<Line>[] = [
    { key: 'product', title: 'Product', width: 'minmax(180px, 2fr)', render: (l) => l.productName },
    { key: 'sku', title: 'SKU', width: 'minmax(90px, 1fr)' },
    { key: 'sent', title: 'Sent', width: '90px', align: 'end', render: (l) => <Quantity value={l.sent} /> },
    { key: 'received', title: 'Received', width: '90px', align: 'end', render: (l) => <Quantity value={l.received} /> },
    { key: 'inTransit', title: 'In transit', width: '90px', align: 'end', render: (l) => <Quantity value={l.inTransit} /> },
    {
      key: 'short',
      title: 'Discrepancy',
      width: '120px',
      align: 'end',
      render: (l) =>
        l.short > 0 ? (
          <Badge tone="danger">{l.short} missing</Badge>
        ) : t.status === 'received' ? (
          <Badge tone="success">Complete</Badge>
        ) : (
          <span class="k-muted">—</span>
        ),
    },
  ];

  return (
    <>
      <PageHeader
        title={`Transfer to ${nameOf(t.toLocationId)}`}
        subtitle={
          <>
            From {nameOf(t.fromLocationId)} · <Badge tone={status.tone}>{status.label}</Badge>
          </>
        }
        back={back}
        actions={
          t.status === 'draft' &&
          context.session.may(STOCK_ADJUST, t.fromLocationId) && (
            <Button variant="primary" busy={ship.busy} onClick={() => setConfirmShip(true)}>
              Ship transfer
            </Button>
          )
        }
      />
      {ship.problems[''] && (
        <p class="k-form__problems" role="alert">
          Shipping failed: {ship.problems['']}
        </p>
      )}
      {missing > 0 && (
        <p class="k-problem-notice" role="status">
          {missing} unit(s) never arrived. They are recorded as a discrepancy at {nameOf(t.toLocationId)} for the next count.
        </p>
      )}
      <div class="k-stack k-gap-4">
        <Card title="Details">
          <DescriptionList
            items={[
              ['From', nameOf(t.fromLocationId)],
              ['To', nameOf(t.toLocationId)],
              ['Drafted', <DateTime value={t.createdAt} />],
              ['Shipped', t.shippedAt ? <DateTime value={t.shippedAt} /> : 'Not yet'],
              ['Received', t.receivedAt ? <DateTime value={t.receivedAt} /> : 'Not yet'],
            ]}
          />
        </Card>
        <DataTable
          label="Products on this transfer"
          columns={columns}
          rows={t.lines}
          rowKey={(l) => l.variantId}
          height={Math.min(420, 40 * t.lines.length + 40)}
        />
        {t.status === 'shipped' && context.session.may(STOCK_RECEIVE, t.toLocationId) && (
          <ReceiveForm context={context} path={path} transfer={t} onReceived={transfer.reload} />
        )}
      </div>
      <ConfirmDialog
        open={confirmShip}
        title="Ship this transfer?"
        message={`The stock leaves ${nameOf(t.fromLocationId)} now and is in transit until ${nameOf(t.toLocationId)} receives it.`}
        confirmLabel="Ship transfer"
        onCancel={() => setConfirmShip(false)}
        onConfirm={async () => {
          setConfirmShip(false);
          if (await ship.submit()) {
            context.toasts.show('Transfer shipped.', 'success');
            transfer.reload();
          }
        }}
      />
    </>
  );
}

/** What arrived, line by line (everything in transit, to start with); closing records what is missing. */
function ReceiveForm({
  context,
  path,
  transfer,
  onReceived,
}: {
  context: OfficePluginContext;
  path: string;
  transfer: Transfer;
  onReceived: () => void;
}) {
  const [quantities, setQuantities] = useState<Record<string, number | undefined>>(() =>
    Object.fromEntries(transfer.lines.map((line) => [line.variantId, line.inTransit])),
  );
  const [final, setFinal] = useState(true);
  const receive = useSubmit(() =>
    context.api.post<Transfer>(`${path}/receive`, {
      lines: transfer.lines
        .filter((line) => line.inTransit > 0)
        .map((line) => ({ variantId: line.variantId, quantity: quantities[line.variantId] })),
      final,
    }),
  );
  return (
    <Card title="Receive">
      <form
        class="k-form"
        onSubmit={async (event) => {
          event.preventDefault();
          if (await receive.submit()) {
            context.toasts.show(final ? 'Transfer received and closed.' : 'Received; the rest is still in transit.', 'success');
            onReceived();
          }
        }}
      >
        {receive.problems[''] && (
          <p class="k-form__problems" role="alert">
            {receive.problems['']}
          </p>
        )}
        <div class="k-columns k-columns--narrow">
          {transfer.lines
            .filter((line) => line.inTransit > 0)
            .map((line, index) => (
              <Field
                key={line.variantId}
                label={`${line.productName} received`}
                name={`lines.${index}.quantity`}
                hint={`${line.inTransit} in transit`}
                problem={receive.problems[`lines.${index}.quantity`]}
              >
                <NumberInput
                  name={`lines.${index}.quantity`}
                  value={quantities[line.variantId]}
                  min={0}
                  max={line.inTransit}
                  onValue={(quantity) => setQuantities((now) => ({ ...now, [line.variantId]: quantity }))}
                />
              </Field>
            ))}
        </div>
        <Checkbox
          name="final"
          label="This is everything that arrived: close the transfer and record anything missing"
          checked={final}
          onValue={setFinal}
        />
        <div class="k-form__actions">
          <Button type="submit" variant="primary" busy={receive.busy}>
            Receive
          </Button>
        </div>
      </form>
    </Card>
  );
}
