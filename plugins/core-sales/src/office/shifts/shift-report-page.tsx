import type { OfficePageProps, OfficePluginContext } from '@kits/plugin-sdk/office';
import {
  Badge,
  Card,
  DataTable,
  DateTime,
  DescriptionList,
  Money,
  PageHeader,
  ProblemNotice,
  Spinner,
  Stat,
  tableHeight,
  useResource,
  type Column,
} from '@kits/ui-kit';
import type { ShiftTotals, TaxByRate } from '../../shared/shift-report.ts';
import { tillName, useDirectory, type Directory } from '../directory.ts';
import { SALES_API, tenderName } from '../sales-api.ts';

/** GET /shifts/:id/report: the X report of an open shift, the Z report of a closed one. */
interface ShiftReport extends ShiftTotals {
  readonly shiftId: string;
  readonly deviceId: string;
  readonly status: 'open' | 'closed';
  readonly openedAt: string;
  readonly closedAt: string | null;
  readonly openingFloat: number;
}

type TenderRow = ShiftTotals['byTender'][number];

const percent = (basisPoints: number) => `${basisPoints / 100} %`;

/** A shift's X or Z report: takings, refunds, tenders, tax by rate, and the cash drawer with over/short. */
export function shiftReportPage(context: OfficePluginContext, directory: () => Promise<Directory>) {
  const currency = typeof context.settings['currency'] === 'string' ? context.settings['currency'] : 'EUR';
  const money = (amount: number) => <Money amount={amount} currency={currency} />;
  const tenderColumns: Column<TenderRow>[] = [
    { key: 'method', title: 'Tender', width: 'minmax(90px, 1.4fr)', render: (t) => tenderName(t.method) },
    { key: 'sales', title: 'Sales', width: 'minmax(72px, 1fr)', align: 'end', render: (t) => money(t.sales) },
    { key: 'refunds', title: 'Refunds', width: 'minmax(72px, 1fr)', align: 'end', render: (t) => money(-t.refunds) },
    { key: 'net', title: 'Net', width: 'minmax(72px, 1fr)', align: 'end', render: (t) => money(t.net) },
  ];
  const taxColumns: Column<TaxByRate>[] = [
    { key: 'rate', title: 'Rate', width: 'minmax(90px, 1.4fr)', render: (t) => `${t.name} ${percent(t.basisPoints)}` },
    { key: 'net', title: 'Net', width: 'minmax(72px, 1fr)', align: 'end', render: (t) => money(t.net) },
    { key: 'tax', title: 'Tax', width: 'minmax(72px, 1fr)', align: 'end', render: (t) => money(t.amount) },
    { key: 'gross', title: 'Gross', width: 'minmax(72px, 1fr)', align: 'end', render: (t) => money(t.gross) },
  ];

  return function ShiftReportPage({ params }: OfficePageProps) {
    const shiftId = params['shiftId']!;
    const known: Directory = useDirectory(directory);
    const report = useResource((signal) => context.api.get<ShiftReport>(`${SALES_API}/shifts/${shiftId}/report`, { signal }), [shiftId]);
    const back = { href: context.href('shifts'), label: 'Shifts' };
    if (report.error !== undefined && !report.data)
      return (
        <>
          <PageHeader title="Shift report" back={back} />
          <ProblemNotice error={report.error} what="Loading the shift report" onRetry={report.reload} />
        </>
      );
    if (!report.data) return <Spinner label="Loading the shift report…" />;
    const r = report.data;
    const closed = r.status === 'closed';
    const overShort = r.cash.overShort;
    return (
      <>
        <PageHeader
          title={closed ? 'Z report' : 'X report'}
          subtitle={
            <>
              {tillName(known, r.deviceId)} · <DateTime value={r.openedAt} />
              {r.closedAt && (
                <>
                  {' '}
                  – <DateTime value={r.closedAt} />
                </>
              )}
            </>
          }
          back={back}
          actions={closed ? <Badge>Closed</Badge> : <Badge tone="info">Open — figures so far</Badge>}
        />
        <div class="k-columns k-columns--narrow k-section">
          <Stat label="Sales" value={money(r.sales.total)} detail={`${r.sales.count} sale${r.sales.count === 1 ? '' : 's'}`} />
          <Stat label="Refunds" value={money(-r.refunds.total)} detail={`${r.refunds.count} refund${r.refunds.count === 1 ? '' : 's'}`} />
          <Stat label="Takings after refunds" value={money(r.afterRefunds.total)} detail={<>tax {money(r.afterRefunds.tax)}</>} />
          <Stat
            label="Cash over / short"
            value={overShort === null ? 'Not counted yet' : money(overShort)}
            detail={
              overShort === null
                ? 'counted when the shift closes'
                : overShort === 0
                  ? 'the drawer matched'
                  : overShort > 0
                    ? 'more than expected'
                    : 'less than expected'
            }
          />
        </div>
        <div class="k-columns k-columns--wide">
          <Card title="Cash drawer">
            <DescriptionList
              items={[
                ['Opening float', money(r.cash.float)],
                ['Cash sales', money(r.cash.sales)],
                ['Cash refunds', money(-r.cash.refunds)],
                ['Paid in', money(r.cash.paidIn)],
                ['Paid out', money(-r.cash.paidOut)],
                ['Expected in the drawer', money(r.cash.expected)],
                ['Counted', r.cash.counted === null ? '—' : money(r.cash.counted)],
              ]}
            />
          </Card>
          <Card title="Shift">
            <DescriptionList
              items={[
                ['Till', tillName(known, r.deviceId)],
                ['Opened', <DateTime value={r.openedAt} />],
                ['Closed', r.closedAt ? <DateTime value={r.closedAt} /> : 'Still open'],
                ['Discounts given', money(r.sales.discounts)],
                ['Tax on sales', money(r.sales.tax)],
                ['Tax refunded', money(-r.refunds.tax)],
              ]}
            />
          </Card>
          <Card title="By tender">
            <DataTable<TenderRow>
              label="Takings by tender"
              columns={tenderColumns}
              rows={r.byTender}
              rowKey={(t) => t.method}
              height={tableHeight(r.byTender.length)}
            />
          </Card>
          <Card title="Tax by rate">
            <DataTable<TaxByRate>
              label="Tax by rate"
              columns={taxColumns}
              rows={r.byTax}
              rowKey={(t) => `${t.name}:${t.basisPoints}`}
              height={tableHeight(r.byTax.length)}
            />
          </Card>
        </div>
      </>
    );
  };
}
