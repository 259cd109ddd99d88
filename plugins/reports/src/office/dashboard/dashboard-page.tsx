import type { OfficePageProps, OfficePluginContext } from '@kits/plugin-sdk/office';
import {
  Badge,
  Card,
  Chart,
  DataTable,
  EmptyState,
  Field,
  Money,
  PageHeader,
  ProblemNotice,
  Quantity,
  Select,
  Spinner,
  moneyChartFormat,
  problemText,
  tableHeight,
  type Column,
} from '@kits/ui-kit';
import type { DashboardReport, DashboardTender, DashboardTopProduct } from '../../shared/report-types.ts';
import { bucketLabel } from '../bucket-labels.ts';
import { addDays } from '../calendar.ts';
import { useLiveReport } from '../live-report.ts';
import { problemField } from '../report-problems.ts';
import { loadReport } from '../reports-api.ts';
import { reportLink, withQuery } from '../report-link.ts';
import { locationName, locationOptions } from '../report-zone.ts';
import { tenderName } from '../tender-names.ts';
import { DashboardFigures } from './dashboard-figures.tsx';
import { todaysHours } from './dashboard-hours.ts';

/** How often the dashboard asks again while it is on screen. */
export const DASHBOARD_EVERY_MS = 5_000;

const weekday = (day: string, locale: string) =>
  new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' }).format(Date.parse(`${day}T00:00:00Z`));

const clock = (at: Date, locale: string) => new Intl.DateTimeFormat(locale, { timeStyle: 'medium' }).format(at);

/**
 * Today, live: net, sales, basket size, items per basket and margin against the same time last
 * week; sales by hour; the best sellers; tenders; sales that arrived late from offline tills.
 * Asks GET /reports/dashboard every 5 s while the tab is visible (`?locationId=` narrows it).
 */
export function dashboardPage(context: OfficePluginContext) {
  const open = reportLink(context, 'dashboard');
  const locale = context.session.locale;

  return function DashboardPage({ query }: OfficePageProps) {
    const locationId = query.get('locationId') || undefined;
    const report = useLiveReport<DashboardReport>(
      (signal) => loadReport(context, 'dashboard', { locationId }, signal),
      [locationId],
      DASHBOARD_EVERY_MS,
    );
    const data = report.data;
    const locationProblem = problemField(report.error, ['locationId']) ? report.error : undefined;

    const where = locationId ? `Today at ${locationName(context, locationId)}` : 'Today at all your locations';
    const updated = report.updatedAt
      ? `Updated ${clock(report.updatedAt, locale)}${report.live ? ' · live' : ' · paused while the tab is hidden'}`
      : 'Loading…';
    return (
      <>
        <PageHeader
          title="Dashboard"
          subtitle={
            <span role="status" aria-label="Last updated">
              {where} · {updated}
            </span>
          }
          actions={
            <Field label="Location" name="locationId" problem={locationProblem ? problemText(locationProblem) : undefined}>
              <Select
                name="locationId"
                value={locationId ?? ''}
                options={locationOptions(context)}
                onValue={(value) => open(withQuery(query, { locationId: value }))}
              />
            </Field>
          }
        />
        {report.error !== undefined && !locationProblem && (
          <ProblemNotice error={report.error} what="Updating the dashboard" onRetry={report.reload} />
        )}
        {!data ? report.error === undefined && <Spinner label="Loading today's figures…" /> : <DashboardBody data={data} locale={locale} />}
      </>
    );
  };
}

const productColumns = (currency: string): Column<DashboardTopProduct>[] => [
  { key: 'label', title: 'Product', width: 'minmax(140px, 2fr)' },
  { key: 'quantity', title: 'Sold', width: 'minmax(60px, 1fr)', align: 'end', render: (p) => <Quantity value={p.quantity} /> },
  { key: 'net', title: 'Net', width: 'minmax(90px, 1fr)', align: 'end', render: (p) => <Money amount={p.net} currency={currency} /> },
];

const tenderColumns = (currency: string): Column<DashboardTender>[] => [
  { key: 'method', title: 'Tender', width: 'minmax(100px, 2fr)', render: (t) => tenderName(t.method) },
  { key: 'count', title: 'Payments', width: 'minmax(70px, 1fr)', align: 'end', render: (t) => <Quantity value={t.count} /> },
  {
    key: 'amount',
    title: 'Amount',
    width: 'minmax(90px, 1fr)',
    align: 'end',
    render: (t) => <Money amount={t.amount} currency={currency} />,
  },
];

function DashboardBody({ data, locale }: { data: DashboardReport; locale: string }) {
  const currency = data.meta.currency;
  const lastWeekDay = `Last ${weekday(addDays(data.meta.to, -7), locale)}`;
  const hours = todaysHours(data.hours, data.meta.to, data.meta.generatedAt, data.meta.timezone);
  return (
    <>
      <DashboardFigures today={data.today} lastWeek={data.sameTimeLastWeek} lastWeekDay={lastWeekDay} currency={currency} locale={locale} />
      {data.lateArrivals > 0 && (
        <p class="k-section" role="note">
          <Badge tone="info">
            {data.lateArrivals === 1 ? '1 sale arrived late today' : `${data.lateArrivals} sales arrived late today`}
          </Badge>{' '}
          <span class="k-muted">Made on a till while it was offline; counted in the hour it happened.</span>
        </p>
      )}
      <div class="k-section">
        <Card title="Sales by hour">
          <Chart
            label="Net sales by hour today"
            kind="bar"
            categories={hours.map((h) => bucketLabel(h.hour, 'hour', locale))}
            series={[{ label: 'Net sales', values: hours.map((h) => h.net) }]}
            format={moneyChartFormat(currency, locale)}
            height={220}
            empty="No sales yet today."
          />
        </Card>
      </div>
      <div class="k-columns k-columns--wide">
        <Card title="Top products">
          <DataTable<DashboardTopProduct>
            label="Top products"
            columns={productColumns(currency)}
            rows={data.topProducts}
            rowKey={(p) => p.variantId}
            height={tableHeight(data.topProducts.length)}
            empty={<EmptyState title="Nothing sold yet today" />}
          />
        </Card>
        <Card title="Tenders">
          <DataTable<DashboardTender>
            label="Tenders"
            columns={tenderColumns(currency)}
            rows={data.tenders}
            rowKey={(t) => t.method}
            height={tableHeight(data.tenders.length)}
            empty={<EmptyState title="No payments yet today" />}
          />
        </Card>
      </div>
    </>
  );
}
