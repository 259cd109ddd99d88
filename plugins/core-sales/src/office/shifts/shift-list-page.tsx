import type { OfficePageProps, OfficePluginContext } from '@kits/plugin-sdk/office';
import {
  Badge,
  DataTable,
  DateTime,
  EmptyState,
  Field,
  Money,
  PageHeader,
  ProblemNotice,
  Select,
  Toolbar,
  type Column,
  usePagedList,
  type ListPage,
} from '@kits/ui-kit';
import { useState } from 'preact/hooks';
import { useChosenLocation } from '../chosen-location.ts';
import { personName, tillName, useDirectory, type Directory } from '../directory.ts';
import { SALES_API, type ShiftSummary } from '../sales-api.ts';

/** Rows asked for at a time as the table scrolls. */
const PAGE_SIZE = 50;

const STATUS = [
  { value: '', label: 'Open and closed' },
  { value: 'open', label: 'Open' },
  { value: 'closed', label: 'Closed' },
];

function columns(directory: Directory, currency: string): Column<ShiftSummary>[] {
  const money = (amount: number | null) => (amount === null ? '—' : <Money amount={amount} currency={currency} />);
  // The closing time is on the report; the list keeps what a manager scans for, in view on a tablet.
  return [
    { key: 'opened', title: 'Opened', width: 'minmax(166px, 1.5fr)', render: (s) => <DateTime value={s.openedAt} /> },
    { key: 'till', title: 'Till', width: 'minmax(60px, 1fr)', render: (s) => tillName(directory, s.deviceId) },
    { key: 'by', title: 'Opened by', width: 'minmax(80px, 1fr)', render: (s) => personName(directory, s.openedBy) },
    {
      key: 'status',
      title: 'Status',
      width: '86px',
      render: (s) => (s.status === 'open' ? <Badge tone="info">Open</Badge> : <Badge>Closed</Badge>),
    },
    { key: 'float', title: 'Float', width: '84px', align: 'end', render: (s) => money(s.openingFloat) },
    { key: 'expected', title: 'Expected', width: '90px', align: 'end', render: (s) => money(s.expectedCash) },
    { key: 'counted', title: 'Counted', width: '84px', align: 'end', render: (s) => money(s.countedCash) },
    {
      key: 'overShort',
      title: 'Over / short',
      width: '100px',
      align: 'end',
      render: (s) => (s.overShort === null ? '—' : <Badge tone={s.overShort === 0 ? 'success' : 'warning'}>{money(s.overShort)}</Badge>),
    },
  ];
}

/** Shifts at the chosen location, newest first; each opens its X (open) or Z (closed) report. */
export function shiftListPage(context: OfficePluginContext, directory: () => Promise<Directory>) {
  const currency = typeof context.settings['currency'] === 'string' ? context.settings['currency'] : 'EUR';
  return function ShiftListPage(_props: OfficePageProps) {
    const location = useChosenLocation(context.location);
    const known = useDirectory(directory);
    const [status, setStatus] = useState('');
    const [deviceId, setDeviceId] = useState('');
    const query = {
      locationId: location?.id,
      status: status || undefined,
      deviceId: deviceId || undefined,
    };
    const shifts = usePagedList<ShiftSummary>(
      (cursor, signal) =>
        context.api.get<ListPage<ShiftSummary>>(`${SALES_API}/shifts`, { query: { ...query, limit: PAGE_SIZE, cursor }, signal }),
      [JSON.stringify(query)],
    );
    const tills = [...known.tills.values()].filter((till) => !location || till.locationId === location.id);
    return (
      <>
        <PageHeader title="Shifts" subtitle={location ? `At ${location.name}` : 'At every location'} />
        <Toolbar>
          <Field label="Status" name="status">
            <Select name="status" value={status} onValue={setStatus} options={STATUS} />
          </Field>
          {tills.length > 0 && (
            <Field label="Till" name="deviceId">
              <Select
                name="deviceId"
                value={deviceId}
                onValue={setDeviceId}
                options={[{ value: '', label: 'Any till' }, ...tills.map((till) => ({ value: till.id, label: till.name }))]}
              />
            </Field>
          )}
        </Toolbar>
        {shifts.error !== undefined && shifts.items.length === 0 ? (
          <ProblemNotice error={shifts.error} what="Loading shifts" onRetry={shifts.reload} />
        ) : (
          <DataTable<ShiftSummary>
            label="Shifts"
            columns={columns(known, currency)}
            rows={shifts.items}
            rowKey={(s) => s.id}
            rowHref={(s) => context.href(`shifts/${s.id}`)}
            onEndReached={shifts.loadMore}
            loading={shifts.loading}
            height="calc(100vh - 280px)"
            empty={<EmptyState title="No shifts">A shift starts when a cashier opens the till with its float.</EmptyState>}
          />
        )}
      </>
    );
  };
}
