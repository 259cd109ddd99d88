import type { OfficePageProps, OfficePluginContext } from '@kits/plugin-sdk/office';
import {
  Badge,
  DataTable,
  DateTime,
  EmptyState,
  Field,
  LinkButton,
  Money,
  PageHeader,
  ProblemNotice,
  Select,
  TextInput,
  Toolbar,
  type Column,
  usePagedList,
  type ListPage,
} from '@kits/ui-kit';
import { useMemo, useState } from 'preact/hooks';
import { isDay, nextDay, startOfDay } from '../calendar-days.ts';
import { useChosenLocation } from '../chosen-location.ts';
import { personName, tillName, useDirectory, type Directory } from '../directory.ts';
import { channelName, SALE_STATUS_LABELS, SALES_API, saleTitle, type SaleStatus, type SaleSummary } from '../sales-api.ts';
import { SaleStatusBadge } from './sale-status.tsx';

/** Rows asked for at a time as the table scrolls. */
const PAGE_SIZE = 50;

// The browser's own date picker (keyboard-usable, in the person's locale); the kit's TextInput types
// list only text types, though it passes any through.
const DATE = 'date' as 'text';

const STATUS_OPTIONS = [
  { value: '', label: 'Any status' },
  ...(Object.entries(SALE_STATUS_LABELS) as Array<[SaleStatus, string]>).map(([value, label]) => ({ value, label })),
];

// Narrow enough that the total stays in view on a tablet (1024 px): the kit gives each column its minimum.
function columns(directory: Directory, showLocation: ((id: string) => string | undefined) | undefined): Column<SaleSummary>[] {
  return [
    {
      key: 'receipt',
      title: 'Receipt',
      width: '104px',
      // A channel's sale shows the name the channel gives it where a till's shows its receipt number.
      render: (s) => (s.source ? saleTitle(s) : s.receiptNumber === null ? '—' : `#${s.receiptNumber}`),
    },
    { key: 'time', title: 'Date and time', width: 'minmax(172px, 1.4fr)', render: (s) => <DateTime value={s.occurredAt} /> },
    {
      key: 'till',
      title: 'Till',
      width: 'minmax(70px, 1fr)',
      render: (s) => (s.source ? channelName(s.source.channel) : tillName(directory, s.deviceId)),
    },
    ...(showLocation
      ? [{ key: 'location', title: 'Location', width: 'minmax(90px, 1fr)', render: (s: SaleSummary) => showLocation(s.locationId) ?? '—' }]
      : []),
    { key: 'cashier', title: 'Cashier', width: 'minmax(80px, 1fr)', render: (s) => personName(directory, s.cashierId) },
    { key: 'status', title: 'Status', width: '116px', render: (s) => <SaleStatusBadge sale={s} /> },
    {
      key: 'refunded',
      title: 'Refunded',
      width: '96px',
      align: 'end',
      render: (s) => (s.refunded > 0 ? <Money amount={-s.refunded} currency={s.currency} /> : ''),
    },
    { key: 'total', title: 'Total', width: '100px', align: 'end', render: (s) => <Money amount={s.total} currency={s.currency} /> },
  ];
}

/** Sales history: newest first, filtered by day, till, cashier, status or receipt number, at the chosen location. */
export function saleListPage(context: OfficePluginContext, directory: () => Promise<Directory>) {
  return function SaleListPage({ query }: OfficePageProps) {
    const location = useChosenLocation(context.location);
    const known = useDirectory(directory);
    const [from, setFrom] = useState(query.get('from') ?? '');
    const [to, setTo] = useState(query.get('to') ?? '');
    const [deviceId, setDeviceId] = useState(query.get('deviceId') ?? '');
    const [cashierId, setCashierId] = useState(query.get('cashierId') ?? '');
    const [status, setStatus] = useState(query.get('status') ?? '');
    const [receipt, setReceipt] = useState(query.get('receiptNumber') ?? '');
    const customerId = query.get('customerId') ?? undefined;

    const zone = location?.timeZone;
    const badFrom = from !== '' && !isDay(from);
    const badTo = to !== '' && !isDay(to);
    const badReceipt = receipt.trim() !== '' && !/^\d{1,15}$/.test(receipt.trim());
    const filters = useMemo(
      () => ({
        locationId: location?.id,
        from: from && !badFrom ? startOfDay(from, zone) : undefined,
        to: to && !badTo ? startOfDay(nextDay(to), zone) : undefined,
        deviceId: deviceId || undefined,
        cashierId: cashierId || undefined,
        status: status || undefined,
        receiptNumber: receipt.trim() && !badReceipt ? receipt.trim() : undefined,
        customerId,
      }),
      [location?.id, zone, from, to, badFrom, badTo, deviceId, cashierId, status, receipt, badReceipt, customerId],
    );
    const sales = usePagedList<SaleSummary>(
      (cursor, signal) =>
        context.api.get<ListPage<SaleSummary>>(`${SALES_API}/sales`, { query: { ...filters, limit: PAGE_SIZE, cursor }, signal }),
      [filters],
    );

    const locationName = (id: string) => context.session.locations.find((l) => l.id === id)?.name;
    const tills = [...known.tills.values()].filter((till) => !location || till.locationId === location.id);
    const people = [...known.people.values()].sort((a, b) => a.name.localeCompare(b.name));
    const filtered = Object.entries(filters).some(([name, value]) => name !== 'locationId' && value !== undefined);

    return (
      <>
        <PageHeader title="Sales" subtitle={location ? `At ${location.name}` : 'At every location'} />
        <Toolbar>
          <Field label="From" name="from" problem={badFrom ? 'Pick a day' : undefined}>
            <TextInput name="from" type={DATE} value={from} onValue={setFrom} />
          </Field>
          <Field label="To" name="to" problem={badTo ? 'Pick a day' : undefined}>
            <TextInput name="to" type={DATE} value={to} onValue={setTo} />
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
          {people.length > 1 && (
            <Field label="Cashier" name="cashierId">
              <Select
                name="cashierId"
                value={cashierId}
                onValue={setCashierId}
                options={[{ value: '', label: 'Anyone' }, ...people.map((person) => ({ value: person.id, label: person.name }))]}
              />
            </Field>
          )}
          <Field label="Status" name="status">
            <Select name="status" value={status} onValue={setStatus} options={STATUS_OPTIONS} />
          </Field>
          <Field label="Receipt number" name="receiptNumber" problem={badReceipt ? 'Digits only' : undefined}>
            <TextInput name="receiptNumber" value={receipt} onValue={setReceipt} placeholder="e.g. 1042" inputMode="numeric" />
          </Field>
        </Toolbar>
        {customerId && (
          <p>
            <Badge tone="info">Sales of one customer</Badge>{' '}
            <LinkButton href={context.href('sales')} variant="ghost">
              Show every customer’s
            </LinkButton>
          </p>
        )}
        {sales.error !== undefined && sales.items.length === 0 ? (
          <ProblemNotice error={sales.error} what="Loading sales" onRetry={sales.reload} />
        ) : (
          <DataTable<SaleSummary>
            label="Sales"
            columns={columns(known, location ? undefined : locationName)}
            rows={sales.items}
            rowKey={(s) => s.id}
            rowHref={(s) => context.href(`sales/${s.id}`)}
            onEndReached={sales.loadMore}
            loading={sales.loading}
            height="calc(100vh - 300px)"
            empty={
              <EmptyState title={filtered ? 'No sales match these filters' : 'No sales yet'}>
                {filtered ? 'Try other days, or clear a filter.' : 'Sales rung up on your tills show here.'}
              </EmptyState>
            }
          />
        )}
        {sales.error !== undefined && sales.items.length > 0 && (
          <ProblemNotice error={sales.error} what="Loading more sales" onRetry={sales.reload} />
        )}
      </>
    );
  };
}
