import type { OfficePageProps, OfficePluginContext } from '@kits/plugin-sdk/office';
import {
  Badge,
  Button,
  Card,
  Chart,
  Muted,
  PageHeader,
  ProblemNotice,
  Spinner,
  Stat,
  moneyChartFormat,
  numberChartFormat,
  problemText,
  useResource,
  useSubmit,
} from '@kits/ui-kit';
import type { Measures, SalesReport } from '../../shared/report-types.ts';
import { dateLabel } from '../bucket-labels.ts';
import { salesCsvName } from '../csv-file-names.ts';
import { todayIn } from '../calendar.ts';
import { changeText, changeTone, measureText, type MeasureKind } from '../measure-text.ts';
import { problemCode, problemField } from '../report-problems.ts';
import { reportLink } from '../report-link.ts';
import { locationOptions, reportZone } from '../report-zone.ts';
import { downloadReportCsv, loadSalesReport } from '../reports-api.ts';
import { ReportSource } from '../report-source.tsx';
import { salesChart } from './sales-chart-data.ts';
import { SalesFilterBar } from './sales-filter-bar.tsx';
import { dateProblem, readSalesFilters, salesFiltersQuery, salesReportQuery, type SalesFilters } from './sales-filters.ts';
import { SalesTable } from './sales-table.tsx';

const TOTALS: ReadonlyArray<{ key: keyof Measures; label: string; kind: MeasureKind }> = [
  { key: 'net', label: 'Net sales', kind: 'money' },
  { key: 'sales', label: 'Sales', kind: 'count' },
  { key: 'margin', label: 'Gross margin', kind: 'money' },
  { key: 'basketSize', label: 'Basket size', kind: 'money' },
  { key: 'itemsPerBasket', label: 'Items per basket', kind: 'ratio' },
  { key: 'refundedTotal', label: 'Refunded', kind: 'money' },
];

const FILTER_FIELDS = ['from', 'to', 'by', 'group', 'locationId', 'basis'] as const;

/**
 * Sales by hour, day, week or month, grouped by location, till, cashier, category, product or
 * tender, this period against the last: totals, a chart and every row, and the same report as CSV.
 * Every filter is in the URL query (sales-filters.ts).
 */
export function salesPage(context: OfficePluginContext) {
  const open = reportLink(context, 'sales');
  const locale = context.session.locale;

  return function SalesPage({ query }: OfficePageProps) {
    const today = todayIn(reportZone(context, query.get('locationId') ?? undefined));
    const filters = readSalesFilters(query, today);
    const badDates = { from: dateProblem(filters.from), to: dateProblem(filters.to) };
    const asked = salesReportQuery(filters);
    const report = useResource<SalesReport | undefined>(
      (signal) => (badDates.from || badDates.to ? Promise.resolve(undefined) : loadSalesReport(context, asked, signal)),
      [JSON.stringify(asked)],
    );
    const csv = useSubmit(async () => {
      if (report.data) await downloadReportCsv(context, 'sales', asked, salesCsvName(report.data.meta));
    });
    const change = (next: Partial<SalesFilters>) => open(salesFiltersQuery({ ...filters, ...next }));

    // A refused request is shown beside the filter it names; "too many days by the hour" is about the hour.
    const tooManyHours = problemCode(report.error) === 'reports.range_too_large' && filters.by === 'hour';
    const field = tooManyHours ? 'by' : problemField(report.error, FILTER_FIELDS);
    const problems: Record<string, string | undefined> = { ...badDates };
    if (field) problems[field] = problemText(report.error);
    // A refused or failed query shows its problem, not the figures of the query before it.
    const data = report.error === undefined ? report.data : undefined;

    return (
      <>
        <PageHeader
          title="Sales report"
          subtitle={data ? `${dateLabel(data.meta.from, locale)} – ${dateLabel(data.meta.to, locale)}` : undefined}
          actions={
            <Button onClick={() => void csv.submit()} busy={csv.busy} disabled={!data}>
              Download CSV
            </Button>
          }
        />
        <SalesFilterBar filters={filters} locations={locationOptions(context)} problems={problems} onChange={change} />
        {csv.error !== undefined && <ProblemNotice error={csv.error} what="Downloading the CSV" onRetry={() => void csv.submit()} />}
        {report.error !== undefined && !field && (
          <ProblemNotice error={report.error} what="Loading the sales report" onRetry={report.reload} />
        )}
        {report.loading && !data && <Spinner label="Loading the sales report…" />}
        {data && <SalesReportView report={data} filters={filters} locale={locale} stale={report.loading} />}
      </>
    );
  };
}

function SalesReportView({
  report,
  filters,
  locale,
  stale,
}: {
  report: SalesReport;
  filters: SalesFilters;
  locale: string;
  stale: boolean;
}) {
  const currency = report.meta.currency;
  const chart = salesChart(report, filters.measure, locale);
  const money = filters.measure !== 'sales' && filters.measure !== 'items';
  return (
    <div aria-busy={stale ? true : undefined}>
      <div class="k-columns k-columns--narrow k-section" role="group" aria-label="Totals">
        {TOTALS.map((total) => {
          const now = report.totals[total.key];
          const before = report.previous ? report.previous[total.key] : null;
          const change = report.previous ? changeText(now, before, locale) : undefined;
          return (
            <Stat
              key={total.key}
              label={total.label}
              value={measureText(now, total.kind, currency, locale)}
              detail={
                report.previous ? (
                  <>
                    {change && <Badge tone={changeTone(now, before)}>{change}</Badge>} previous{' '}
                    {measureText(before, total.kind, currency, locale)}
                  </>
                ) : undefined
              }
            />
          );
        })}
      </div>
      <div class="k-section">
        <Card title={chart.title[0]!.toUpperCase() + chart.title.slice(1)}>
          {chart.unavailable ? (
            <Muted>{`Sales by ${report.meta.group} cannot say this figure; pick another one under “Chart”.`}</Muted>
          ) : (
            <Chart
              label={chart.title}
              kind={chart.kind}
              categories={chart.categories}
              series={chart.series}
              format={money ? moneyChartFormat(currency, locale) : numberChartFormat(locale)}
              height={260}
              empty="No sales in this period."
            />
          )}
          {chart.groupsLeftOut > 0 && <Muted small>{`${chart.groupsLeftOut} smaller groups are in the table below.`}</Muted>}
        </Card>
      </div>
      <SalesTable report={report} locale={locale} />
      <ReportSource meta={report.meta} locale={locale} />
    </div>
  );
}
