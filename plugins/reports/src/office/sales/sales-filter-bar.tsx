import { Checkbox, Field, Select, TextInput, Toolbar } from '@kits/ui-kit';
import { SALES_BASES, SALES_BUCKETS, SALES_GROUPINGS } from '../../shared/report-types.ts';
import {
  BASIS_LABELS,
  BUCKET_LABELS,
  CHART_MEASURES,
  CHART_MEASURE_LABELS,
  GROUPING_LABELS,
  RANGE_LABELS,
  RANGE_PRESETS,
  type SalesFilters,
} from './sales-filters.ts';

const options = <Value extends string>(values: readonly Value[], labels: Readonly<Record<Value, string>>) =>
  values.map((value) => ({ value, label: labels[value] }));

/** The sales report's filters; each change becomes the page's new URL. `problems` by field name (`from`, `by`, …). */
export function SalesFilterBar({
  filters,
  locations,
  problems,
  onChange,
}: {
  filters: SalesFilters;
  locations: readonly { value: string; label: string }[];
  problems: Readonly<Record<string, string | undefined>>;
  onChange: (change: Partial<SalesFilters>) => void;
}) {
  const custom = filters.range === 'custom';
  return (
    <Toolbar label="Report filters">
      <Field label="Dates" name="range">
        <Select
          name="range"
          value={filters.range}
          options={options(RANGE_PRESETS, RANGE_LABELS)}
          onValue={(value) => onChange({ range: RANGE_PRESETS.find((preset) => preset === value) ?? 'custom' })}
        />
      </Field>
      <Field label="From" name="from" problem={problems['from']}>
        <TextInput
          name="from"
          type="date"
          value={filters.from}
          disabled={!custom}
          onValue={(from) => onChange({ range: 'custom', from })}
        />
      </Field>
      <Field label="To" name="to" problem={problems['to']}>
        <TextInput name="to" type="date" value={filters.to} disabled={!custom} onValue={(to) => onChange({ range: 'custom', to })} />
      </Field>
      <Field label="By" name="by" problem={problems['by']}>
        <Select
          name="by"
          value={filters.by}
          options={options(SALES_BUCKETS, BUCKET_LABELS)}
          onValue={(value) => onChange({ by: SALES_BUCKETS.find((bucket) => bucket === value) ?? filters.by })}
        />
      </Field>
      <Field label="Group by" name="group" problem={problems['group']}>
        <Select
          name="group"
          value={filters.group}
          options={options(SALES_GROUPINGS, GROUPING_LABELS)}
          onValue={(value) => onChange({ group: SALES_GROUPINGS.find((group) => group === value) ?? filters.group })}
        />
      </Field>
      <Field label="Location" name="locationId" problem={problems['locationId']}>
        <Select
          name="locationId"
          value={filters.locationId ?? ''}
          options={locations}
          onValue={(value) => onChange({ locationId: value || undefined })}
        />
      </Field>
      <Field label="Count sales by" name="basis" problem={problems['basis']}>
        <Select
          name="basis"
          value={filters.basis}
          options={options(SALES_BASES, BASIS_LABELS)}
          onValue={(value) => onChange({ basis: SALES_BASES.find((basis) => basis === value) ?? filters.basis })}
        />
      </Field>
      <Field label="Chart" name="measure">
        <Select
          name="measure"
          value={filters.measure}
          options={options(CHART_MEASURES, CHART_MEASURE_LABELS)}
          onValue={(value) => onChange({ measure: CHART_MEASURES.find((measure) => measure === value) ?? filters.measure })}
        />
      </Field>
      <Checkbox
        name="compare"
        checked={filters.compare}
        label="Compare with the previous period"
        onValue={(compare) => onChange({ compare })}
      />
    </Toolbar>
  );
}
