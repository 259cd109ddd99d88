import type { OfficePageProps, OfficePluginContext } from '@kits/plugin-sdk/office';
import {
  Button,
  Card,
  Chart,
  DescriptionList,
  EmptyState,
  Field,
  Muted,
  PageHeader,
  ProblemNotice,
  SearchPicker,
  Select,
  Spinner,
  Stack,
  Text,
  Toolbar,
  numberChartFormat,
  problemText,
  useResource,
  useSubmit,
} from '@kits/ui-kit';
import type { ForecastReport } from '../../shared/report-types.ts';
import { bucketLabel } from '../bucket-labels.ts';
import { forecastCsvName } from '../csv-file-names.ts';
import { problemCode, problemField } from '../report-problems.ts';
import { reportLink } from '../report-link.ts';
import { locationOptions } from '../report-zone.ts';
import { downloadReportCsv, loadReport } from '../reports-api.ts';
import { ReportSource } from '../report-source.tsx';
import { expectedUnits, forecastChart, HISTORY_DAYS_SHOWN } from './forecast-chart-data.ts';
import { FORECAST_DAY_CHOICES, forecastQuery, readForecastChoice, type ForecastChoice } from './forecast-link.ts';
import { errorWords, methodWords } from './forecast-words.ts';

/** A variant as core-inventory's search finds it (GET /api/v1/core-inventory/search). */
interface VariantHit {
  readonly variantId: string;
  readonly name: string;
  readonly sku: string;
  readonly options?: Readonly<Record<string, string>>;
}

const variantLabel = (hit: VariantHit) => {
  const options = Object.values(hit.options ?? {}).join(' / ');
  return options ? `${hit.name} — ${options}` : hit.name;
};

/**
 * The demand forecast of one item at one location: its recent sales and the days ahead with a
 * likely range, the method in words, and how far off it was on a month it had not seen.
 */
export function forecastPage(context: OfficePluginContext) {
  const open = reportLink(context, 'forecast');
  const locale = context.session.locale;
  const findVariants = (text: string, signal: AbortSignal) =>
    context.api
      .get<{ items: VariantHit[] }>('/api/v1/core-inventory/search', { query: { q: text, limit: 8 }, signal })
      .then((page) => page.items);

  return function ForecastPage({ query }: OfficePageProps) {
    const picked = readForecastChoice(query);
    const locations = locationOptions(context).filter((option) => option.value !== '');
    const choice: ForecastChoice = { ...picked, locationId: picked.locationId ?? context.location.current?.id ?? locations[0]?.value };
    const change = (next: Partial<ForecastChoice>) => open(forecastQuery({ ...choice, ...next }));
    const asked = { variantId: choice.variantId, locationId: choice.locationId, days: choice.days };
    const ready = asked.variantId !== undefined && asked.locationId !== undefined;
    const report = useResource<ForecastReport | undefined>(
      (signal) => (ready ? loadReport<ForecastReport>(context, 'forecast', asked, signal) : Promise.resolve(undefined)),
      [asked.variantId, asked.locationId, asked.days],
    );
    const csv = useSubmit(async () => {
      if (report.data) await downloadReportCsv(context, 'forecast', asked, forecastCsvName(report.data));
    });
    const field = problemField(report.error, ['variantId', 'locationId', 'days']);
    const tooLittle = problemCode(report.error) === 'reports.not_enough_history';
    const data = report.error === undefined ? report.data : undefined;

    return (
      <>
        <PageHeader
          title="Forecast"
          subtitle={choice.item ? `${choice.item}, next ${choice.days} days` : 'Expected sales of an item at a location'}
          actions={
            <Button onClick={() => void csv.submit()} busy={csv.busy} disabled={!data}>
              Download CSV
            </Button>
          }
        />
        <Toolbar label="Forecast filters">
          <div class="k-field">
            <SearchPicker<VariantHit>
              label="Item"
              find={findVariants}
              optionKey={(hit) => hit.variantId}
              optionLabel={variantLabel}
              optionDetail={(hit) => hit.sku}
              optionName={(hit) => `Forecast ${variantLabel(hit)} (${hit.sku})`}
              onPick={(hit) => change({ variantId: hit.variantId, item: variantLabel(hit) })}
              placeholder="Product name, SKU or barcode"
              what="Searching products"
              noMatch="No product matches"
              {...(choice.variantId
                ? { chosen: { label: choice.item ?? 'The chosen item', onClear: () => change({ variantId: undefined, item: undefined }) } }
                : {})}
            />
            {field === 'variantId' && (
              <p class="k-field__problem" role="alert">
                {problemText(report.error)}
              </p>
            )}
          </div>
          <Field label="Location" name="locationId" problem={field === 'locationId' ? problemText(report.error) : undefined}>
            <Select
              name="locationId"
              value={choice.locationId ?? ''}
              options={locations}
              onValue={(locationId) => change({ locationId })}
            />
          </Field>
          <Field label="Days ahead" name="days" problem={field === 'days' ? problemText(report.error) : undefined}>
            <Select
              name="days"
              value={String(choice.days)}
              options={FORECAST_DAY_CHOICES.map((days) => ({ value: String(days), label: `${days} days` }))}
              onValue={(days) => change({ days: Number(days) })}
            />
          </Field>
        </Toolbar>
        {!ready && <EmptyState title="Pick an item">Search for a product to see how much of it is expected to sell.</EmptyState>}
        {tooLittle && <EmptyState title="Not enough sales history yet">{problemText(report.error)}</EmptyState>}
        {report.error !== undefined && !field && !tooLittle && (
          <ProblemNotice error={report.error} what="Loading the forecast" onRetry={report.reload} />
        )}
        {csv.error !== undefined && <ProblemNotice error={csv.error} what="Downloading the CSV" onRetry={() => void csv.submit()} />}
        {ready && report.loading && !data && <Spinner label="Forecasting…" />}
        {data && <ForecastView report={data} locale={locale} />}
      </>
    );
  };
}

function ForecastView({ report, locale }: { report: ForecastReport; locale: string }) {
  const chart = forecastChart(report);
  const units = numberChartFormat(locale, 'units');
  const method = methodWords(report.method);
  return (
    <>
      <div class="k-section">
        <Card title="Sales and forecast">
          <Chart
            label="Units sold per day and forecast"
            kind="line"
            categories={chart.days.map((day) => bucketLabel(day, 'day', locale))}
            series={chart.series}
            band={chart.band}
            format={units}
            height={280}
          />
          <Muted
            small
          >{`The last ${Math.min(HISTORY_DAYS_SHOWN, report.history.length)} days sold, then the forecast; the CSV has the whole history.`}</Muted>
        </Card>
      </div>
      <Card title="What to expect">
        <Stack space={3}>
          <Text strong>{`About ${units.value(Math.round(expectedUnits(report)))} in the next ${report.forecast.length} days.`}</Text>
          <DescriptionList
            items={[
              ['Method', method.name],
              ['How it works', method.explanation],
              ['How good it was', errorWords(report.error, locale)],
            ]}
          />
          <ReportSource meta={report.meta} locale={locale} />
        </Stack>
      </Card>
    </>
  );
}
