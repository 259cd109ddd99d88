import { DataTable, EmptyState, tableHeight, type Column } from '@kits/ui-kit';
import type { SalesReport, SalesReportRow } from '../../shared/report-types.ts';
import { bucketLabel } from '../bucket-labels.ts';
import { daysInRange } from '../calendar.ts';
import { MEASURES, measureText } from '../measure-text.ts';
import { GROUPING_LABELS } from './sales-filters.ts';

/** Widths that keep a money column readable at a desk and let the table scroll sideways on a phone. */
const MONEY_WIDTH = 'minmax(104px, 1fr)';
const COUNT_WIDTH = 'minmax(72px, 0.7fr)';

function columns(report: SalesReport, locale: string): Column<SalesReportRow>[] {
  const { meta } = report;
  const spansDays = daysInRange(meta.from, meta.to) > 1;
  const time: Column<SalesReportRow> = {
    key: 'bucket',
    title: meta.by === 'hour' ? 'Hour' : meta.by === 'day' ? 'Day' : meta.by === 'week' ? 'Week' : 'Month',
    width: meta.by === 'hour' && spansDays ? 'minmax(130px, 1.2fr)' : 'minmax(110px, 1fr)',
    render: (row) => bucketLabel(row.bucket, meta.by, locale, spansDays),
    sortValue: (row) => row.bucket,
  };
  const group: Column<SalesReportRow>[] =
    meta.group === 'none'
      ? []
      : [
          {
            key: 'label',
            title: GROUPING_LABELS[meta.group],
            width: 'minmax(140px, 1.6fr)',
            render: (row) => row.label ?? row.key ?? '—',
            sortValue: (row) => row.label ?? row.key ?? '',
          },
        ];
  // A figure the grouping cannot say (null in every row) is left out rather than a column of dashes.
  const said = MEASURES.filter((measure) => report.rows.some((row) => row[measure.key] !== null) || report.totals[measure.key] !== null);
  return [
    time,
    ...group,
    ...said.map((measure): Column<SalesReportRow> => ({
      key: measure.key,
      title: measure.title,
      width: measure.kind === 'money' ? MONEY_WIDTH : COUNT_WIDTH,
      align: 'end',
      render: (row) => measureText(row[measure.key], measure.kind, meta.currency, locale),
      sortValue: (row) => row[measure.key] ?? undefined,
    })),
  ];
}

/** The sales report's rows in the kit's table: one per bucket (and group), every figure; a header click sorts. */
export function SalesTable({ report, locale }: { report: SalesReport; locale: string }) {
  return (
    <DataTable<SalesReportRow>
      label="Sales report rows"
      columns={columns(report, locale)}
      rows={report.rows}
      rowKey={(row) => `${row.bucket}|${row.key ?? ''}`}
      height={tableHeight(report.rows.length, 14)}
      empty={<EmptyState title="No sales in this period">Try a longer range, another location, or the other clock.</EmptyState>}
    />
  );
}
