import type { OfficePageProps, OfficePluginContext } from '@kits/plugin-sdk/office';
import {
  Badge,
  Button,
  DataTable,
  DateTime,
  Dialog,
  Field,
  PageHeader,
  ProblemNotice,
  Quantity,
  Select,
  Tabs,
  useSubmit,
  type Column,
  usePagedList,
} from '@kits/ui-kit';
import { useState } from 'preact/hooks';
import { INVENTORY, STOCK_ADJUST, type CountSummary, type Page } from './stock-api.ts';
import { locationNamer, locationOptions, useChosenLocation } from './stock-hooks.ts';

const TABS = [
  { id: 'open', label: 'In progress' },
  { id: 'approved', label: 'Approved' },
  { id: '', label: 'All' },
];

export const COUNT_STATUS = {
  open: { label: 'Counting', tone: 'info' },
  approved: { label: 'Approved', tone: 'success' },
  cancelled: { label: 'Cancelled', tone: 'neutral' },
} as const;

/** `/office/core-inventory/stock/counts`: stock counts — start a blind count, follow it, open it to review. */
export function CountsPage({ context }: OfficePageProps & { context: OfficePluginContext }) {
  const location = useChosenLocation(context);
  const nameOf = locationNamer(context);
  const [status, setStatus] = useState('open');
  const [starting, setStarting] = useState(false);
  const counts = usePagedList(
    (cursor, signal) =>
      context.api.get<Page<CountSummary>>(`${INVENTORY}/counts`, {
        query: { status: status || undefined, locationId: location?.id, cursor, limit: 100 },
        signal,
      }),
    [status, location?.id],
  );
  const columns: Column<CountSummary>[] = [
    { key: 'startedAt', title: 'Started', width: 'minmax(150px, 1.2fr)', render: (c) => <DateTime value={c.startedAt} /> },
    { key: 'location', title: 'Location', width: 'minmax(120px, 1.2fr)', render: (c) => nameOf(c.locationId) },
    { key: 'scope', title: 'Covers', width: 'minmax(120px, 1fr)', render: (c) => c.categoryName ?? 'Whole location' },
    {
      key: 'status',
      title: 'Status',
      width: '110px',
      render: (c) => <Badge tone={COUNT_STATUS[c.status]?.tone ?? 'neutral'}>{COUNT_STATUS[c.status]?.label ?? c.status}</Badge>,
    },
    {
      key: 'progress',
      title: 'Items counted',
      width: '140px',
      align: 'end',
      render: (c) => (
        <span class="k-number">
          {c.countedItems} of {c.expectedItems}
        </span>
      ),
    },
    { key: 'units', title: 'Units counted', width: '120px', align: 'end', render: (c) => <Quantity value={c.countedUnits} /> },
  ];
  return (
    <>
      <PageHeader
        title="Stock counts"
        subtitle="Blind counts: counters see what they scanned, never what the system expects, until you review the variances."
        actions={
          context.session.may(STOCK_ADJUST) && (
            <Button variant="primary" onClick={() => setStarting(true)}>
              New count
            </Button>
          )
        }
      />
      <Tabs label="Count status" tabs={TABS} current={status} onChange={setStatus} />
      {counts.error !== undefined && counts.items.length === 0 ? (
        <ProblemNotice error={counts.error} what="Loading the counts" onRetry={counts.reload} />
      ) : (
        <DataTable
          label="Stock counts"
          columns={columns}
          rows={counts.items}
          rowKey={(c) => c.id}
          rowHref={(c) => context.href(`stock/counts/${c.id}`)}
          {...(counts.more ? { onEndReached: counts.loadMore } : {})}
          loading={counts.loading}
          empty={status === 'open' ? 'No count in progress. Start one to check your shelves.' : 'No counts here yet.'}
          height="calc(100vh - 260px)"
        />
      )}
      {starting && <StartCountDialog context={context} locationId={location?.id} onClose={() => setStarting(false)} />}
    </>
  );
}

function StartCountDialog({
  context,
  locationId,
  onClose,
}: {
  context: OfficePluginContext;
  locationId: string | undefined;
  onClose: () => void;
}) {
  const options = locationOptions(context);
  const [chosen, setChosen] = useState(locationId ?? options[0]?.value ?? '');
  const start = useSubmit(() => context.api.post<{ id: string }>(`${INVENTORY}/counts`, { locationId: chosen }));
  return (
    <Dialog
      open
      title="New stock count"
      onClose={onClose}
      footer={
        <>
          <Button variant="ghost" onClick={onClose}>
            Cancel
          </Button>
          <Button
            variant="primary"
            busy={start.busy}
            onClick={async () => {
              const count = await start.submit();
              if (count) {
                context.toasts.show('Count started. Scan or enter what is on the shelves.', 'success');
                context.navigate(`/${context.plugin.id}/stock/counts/${count.id}`);
              }
            }}
          >
            Start count
          </Button>
        </>
      }
    >
      <div class="k-form">
        {start.problems[''] && (
          <p class="k-form__problems" role="alert">
            {start.problems['']}
          </p>
        )}
        <Field
          label="Location to count"
          name="locationId"
          problem={start.problems['locationId']}
          hint="Everything at this location is counted; what nobody scans counts as none."
          required
        >
          <Select name="locationId" value={chosen} options={options} onValue={setChosen} />
        </Field>
      </div>
    </Dialog>
  );
}
