import type { OfficePageProps, OfficePluginContext } from '@kits/plugin-sdk/office';
import {
  Badge,
  Button,
  Card,
  ConfirmDialog,
  DataTable,
  DateTime,
  Field,
  NumberInput,
  PageHeader,
  ProblemNotice,
  Quantity,
  Spinner,
  Stat,
  Tabs,
  TextInput,
  useResource,
  useSubmit,
  type Column,
} from '@kits/ui-kit';
import { useEffect, useState } from 'preact/hooks';
import { COUNT_STATUS } from './counts-page.tsx';
import { INVENTORY, STOCK_ADJUST, type CountProgress, type CountVariance } from './stock-api.ts';
import { locationNamer } from './stock-hooks.ts';

type CountedLine = CountProgress['lines'][number];
type VarianceLine = CountVariance['lines'][number];

/** How often the page asks for the count's progress while people scan elsewhere. */
const PROGRESS_EVERY_MS = 5_000;

/** `/office/core-inventory/stock/counts/:countId`: enter counts (blind), follow progress, review the variances and approve. */
export function CountPage({ context, params }: OfficePageProps & { context: OfficePluginContext }) {
  const path = `${INVENTORY}/counts/${encodeURIComponent(params['countId'] ?? '')}`;
  const count = useResource((signal) => context.api.get<CountProgress>(path, { signal }), [path]);
  const [tab, setTab] = useState('counting');
  const nameOf = locationNamer(context);
  const back = { href: context.href('stock/counts'), label: 'Stock counts' };
  const open = count.data?.status === 'open';
  useEffect(() => {
    if (!open) return;
    const timer = setInterval(count.reload, PROGRESS_EVERY_MS);
    return () => clearInterval(timer);
  }, [open, count.reload]);

  if (!count.data) {
    return (
      <>
        <PageHeader title="Stock count" back={back} />
        {count.error !== undefined ? (
          <ProblemNotice error={count.error} what="Loading the count" onRetry={count.reload} />
        ) : (
          <Spinner label="Loading the count…" />
        )}
      </>
    );
  }
  const c = count.data;
  const status = COUNT_STATUS[c.status] ?? { label: c.status, tone: 'neutral' as const };
  const mayCount = context.session.may(STOCK_ADJUST, c.locationId);
  const countedColumns: Column<CountedLine>[] = [
    { key: 'product', title: 'Product', width: 'minmax(180px, 2fr)', render: (l) => l.productName },
    { key: 'sku', title: 'SKU', width: 'minmax(90px, 1fr)' },
    { key: 'lot', title: 'Lot', width: '100px', render: (l) => l.lotCode ?? '—' },
    { key: 'counted', title: 'Counted', width: '100px', align: 'end', render: (l) => <Quantity value={l.counted} /> },
  ];
  return (
    <>
      <PageHeader
        title={`Count at ${nameOf(c.locationId)}`}
        subtitle={
          <>
            {c.categoryName ?? 'Whole location'} · started <DateTime value={c.startedAt} /> ·{' '}
            <Badge tone={status.tone}>{status.label}</Badge>
          </>
        }
        back={back}
      />
      <div role="group" aria-label="Count progress" class="k-columns k-columns--narrow k-section">
        <Stat
          label="Items counted"
          value={`${c.countedItems} of ${c.expectedItems}`}
          detail="Products with stock here that have been counted"
        />
        <Stat label="Units counted" value={<Quantity value={c.countedUnits} />} />
        <Stat
          label="Status"
          value={status.label}
          detail={
            c.approvedAt ? (
              <>
                Approved <DateTime value={c.approvedAt} />
              </>
            ) : (
              'Stock changes only when you approve'
            )
          }
        />
      </div>
      {open && (
        <Tabs
          label="Count steps"
          tabs={[
            { id: 'counting', label: 'Counting' },
            { id: 'review', label: 'Review variances' },
          ]}
          current={tab}
          onChange={setTab}
        />
      )}
      {open && tab === 'review' ? (
        <VarianceReview
          context={context}
          path={path}
          onApproved={() => {
            setTab('counting');
            count.reload();
          }}
        />
      ) : (
        <div class="k-stack k-gap-4">
          {open && mayCount && <ScanForm context={context} path={path} onCounted={count.reload} />}
          {c.status === 'approved' && (
            <p>
              The count's corrections are in the{' '}
              <a href={context.href(`stock/movements?${new URLSearchParams({ kind: 'count_correction', locationId: c.locationId })}`)}>
                movement ledger
              </a>
              .
            </p>
          )}
          <DataTable
            label="Counted so far"
            columns={countedColumns}
            rows={c.lines}
            rowKey={(l) => `${l.variantId}:${l.lotCode ?? ''}`}
            empty="Nothing counted yet."
            height={Math.min(440, 40 * Math.max(c.lines.length, 3) + 40)}
          />
        </div>
      )}
    </>
  );
}

/** Counts an item by barcode or SKU (a scanner types into the first box and presses Enter). */
function ScanForm({ context, path, onCounted }: { context: OfficePluginContext; path: string; onCounted: () => void }) {
  const [code, setCode] = useState('');
  const [quantity, setQuantity] = useState<number | undefined>(1);
  const [last, setLast] = useState<string | undefined>(undefined);
  const scan = useSubmit(() =>
    context.api.post<{ sku: string; counted: number }>(`${path}/scans`, {
      code: code.trim(),
      ...(quantity === undefined ? {} : { quantity }),
    }),
  );
  return (
    <Card title="Enter counts">
      <form
        onSubmit={async (event) => {
          event.preventDefault();
          const counted = await scan.submit();
          if (counted) {
            setLast(`${counted.sku}: ${counted.counted} counted so far`);
            setCode('');
            setQuantity(1);
            onCounted();
          }
        }}
        class="k-row k-row--align-end k-gap-3"
      >
        <Field label="Barcode or SKU" name="code" problem={scan.problems['code'] ?? scan.problems['']}>
          <TextInput name="code" value={code} onValue={setCode} autoFocus autoComplete="off" />
        </Field>
        <Field label="Quantity" name="quantity" problem={scan.problems['quantity']}>
          <NumberInput name="quantity" value={quantity} min={1} onValue={setQuantity} />
        </Field>
        <Button type="submit" variant="primary" busy={scan.busy}>
          Add to count
        </Button>
        {last && (
          <span role="status" class="k-muted">
            {last}
          </span>
        )}
      </form>
    </Card>
  );
}

/** Expected vs counted for everything the count covers; approving turns each variance into a count correction. */
function VarianceReview({ context, path, onApproved }: { context: OfficePluginContext; path: string; onApproved: () => void }) {
  const variance = useResource((signal) => context.api.get<CountVariance>(`${path}/variance`, { signal }), [path]);
  const [confirming, setConfirming] = useState(false);
  const approve = useSubmit(() => context.api.post<CountVariance>(`${path}/approve`));
  if (!variance.data)
    return variance.error !== undefined ? (
      <ProblemNotice error={variance.error} what="Loading the variances" onRetry={variance.reload} />
    ) : (
      <Spinner label="Working out the variances…" />
    );
  const lines = variance.data.lines;
  const off = lines.filter((l) => l.variance !== 0);
  const columns: Column<VarianceLine>[] = [
    { key: 'product', title: 'Product', width: 'minmax(160px, 2fr)', sortValue: (l) => l.productName, render: (l) => l.productName },
    { key: 'sku', title: 'SKU', width: 'minmax(90px, 1fr)', sortValue: (l) => l.sku },
    { key: 'lot', title: 'Lot', width: '90px', render: (l) => l.lotCode ?? '—' },
    {
      key: 'expected',
      title: 'Expected',
      width: '90px',
      align: 'end',
      sortValue: (l) => l.expected,
      render: (l) => <Quantity value={l.expected} />,
    },
    {
      key: 'counted',
      title: 'Counted',
      width: '90px',
      align: 'end',
      sortValue: (l) => l.counted,
      render: (l) => <Quantity value={l.counted} />,
    },
    {
      key: 'variance',
      title: 'Variance',
      width: '110px',
      align: 'end',
      sortValue: (l) => l.variance,
      render: (l) =>
        l.variance === 0 ? (
          <Badge tone="success">Matches</Badge>
        ) : (
          <Badge tone={l.variance < 0 ? 'danger' : 'warning'}>{l.variance > 0 ? `+${l.variance}` : `−${-l.variance}`}</Badge>
        ),
    },
  ];
  return (
    <div class="k-stack k-gap-4">
      <Card
        title={off.length === 0 ? 'Everything matches' : `${off.length} item(s) differ from what was expected`}
        actions={
          context.session.may(STOCK_ADJUST) && (
            <Button variant="primary" busy={approve.busy} onClick={() => setConfirming(true)}>
              Approve count
            </Button>
          )
        }
      >
        <p class="k-text k-muted">
          Approving sets stock to what was counted: each variance becomes a count correction in the movement ledger. Items nobody counted
          are set to zero.
        </p>
        {approve.problems[''] && (
          <p class="k-form__problems" role="alert">
            Approving failed: {approve.problems['']}
          </p>
        )}
      </Card>
      <DataTable
        label="Variances"
        columns={columns}
        rows={lines}
        rowKey={(l) => `${l.variantId}:${l.lotCode ?? ''}`}
        empty="Nothing to count here."
        height={Math.min(480, 40 * Math.max(lines.length, 3) + 40)}
      />
      <ConfirmDialog
        open={confirming}
        title="Approve this count?"
        message={`Stock is corrected for ${off.length} item(s). This cannot be undone; a new count can correct it again.`}
        confirmLabel="Approve count"
        onCancel={() => setConfirming(false)}
        onConfirm={async () => {
          setConfirming(false);
          if (await approve.submit()) {
            context.toasts.show('Count approved: stock corrected.', 'success');
            onApproved();
          }
        }}
      />
    </div>
  );
}
