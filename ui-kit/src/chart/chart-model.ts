/**
 * What a chart draws, worked out without a canvas: the kit's `Chart` hands this to uPlot. Charts
 * here are categorical — one value per category (a day, an hour, a location) — so the x axis is
 * the category's position (0, 1, 2…) and its label is looked up; time buckets arrive as labels
 * the page already wrote ("1 Dec", "09:00").
 */

/** Bars for groups (one bar per location); lines for figures over time. */
export type ChartKind = 'line' | 'bar';

/**
 * The role a series plays, which sets its colour and stroke: this period (`current`), the one it
 * is compared with (`previous`, muted and dashed), or what is expected (`forecast`, dashed).
 */
export type ChartTone = 'current' | 'previous' | 'forecast';

export interface ChartSeries {
  readonly label: string;
  /** One value per category; null where there is none (a gap in a line, no bar). */
  readonly values: readonly (number | null)[];
  /** Default: the first series is `current`, the second `previous`. */
  readonly tone?: ChartTone;
}

/** A shaded range on a line chart (a forecast's likely low to high). */
export interface ChartBand {
  readonly label: string;
  readonly low: readonly (number | null)[];
  readonly high: readonly (number | null)[];
}

export interface ChartData {
  readonly kind: ChartKind;
  readonly categories: readonly string[];
  readonly series: readonly ChartSeries[];
  readonly band?: ChartBand;
}

/** One series as drawn: its tone and, for bars, where its bar sits beside its category. */
export interface DrawnSeries {
  readonly label: string;
  readonly tone: ChartTone;
  readonly draw: 'line' | 'bar' | 'band-edge';
  /** Bars: -1 ends at the category's centre, 0 centred on it, 1 starts at it (two series side by side). */
  readonly barAlign: -1 | 0 | 1;
  /** Bars: the share of the space between two categories the bar takes. */
  readonly barWidth: number;
}

/** uPlot's input: x positions then each series' values (a band's edges first), series described alike; bands as [upper, lower] series numbers (1-based like uPlot's). */
export interface ChartModel {
  readonly data: [number[], ...(number | null)[][]];
  readonly series: readonly DrawnSeries[];
  readonly bands: readonly (readonly [number, number])[];
  readonly xRange: readonly [number, number];
  readonly yRange: readonly [number, number];
}

const TONES_BY_POSITION: readonly ChartTone[] = ['current', 'previous', 'forecast'];

/** Longest category label under an axis tick before it is cut with an ellipsis. */
export const TICK_LABEL_LENGTH = 14;

/** "Organic Rye Flour 1kg" → "Organic Rye Fl…": a category label short enough for an axis tick. */
export function tickLabel(text: string, length = TICK_LABEL_LENGTH): string {
  return text.length <= length ? text : `${text.slice(0, length - 1).trimEnd()}…`;
}

function requireLength(values: readonly unknown[], count: number, what: string): void {
  if (values.length !== count)
    throw new RangeError(`${what} has ${values.length} values for ${count} categories: give one value (or null) per category`);
}

/** The value range the y axis shows: from zero (or the lowest value below it) to a tenth above the highest. */
export function valueRange(columns: readonly (readonly (number | null)[])[]): [number, number] {
  let low = 0;
  let high = 0;
  for (const column of columns)
    for (const value of column)
      if (value !== null && Number.isFinite(value)) {
        low = Math.min(low, value);
        high = Math.max(high, value);
      }
  if (high === low) return [low, low + 1];
  const room = (high - low) / 10;
  return [low < 0 ? low - room : low, high > 0 ? high + room : high];
}

/**
 * The chart's data as uPlot takes it. Throws a RangeError when a series does not have one value
 * per category, or when a bar chart is asked for more than two series side by side (this period
 * and the last is what bars here compare).
 */
export function chartModel(chart: ChartData): ChartModel {
  const count = chart.categories.length;
  if (chart.series.length === 0) throw new RangeError('A chart needs at least one series');
  chart.series.forEach((series) => requireLength(series.values, count, `Series "${series.label}"`));
  if (chart.kind === 'bar' && chart.series.length > 2)
    throw new RangeError(`A bar chart draws one or two series side by side, not ${chart.series.length}`);
  if (chart.band && chart.kind !== 'line') throw new RangeError('A band (a likely range) is drawn on a line chart only');
  if (chart.band) {
    requireLength(chart.band.low, count, `Band "${chart.band.label}" (low)`);
    requireLength(chart.band.high, count, `Band "${chart.band.label}" (high)`);
  }

  const pair = chart.kind === 'bar' && chart.series.length === 2;
  const series: DrawnSeries[] = chart.series.map((one, i) => ({
    label: one.label,
    tone: one.tone ?? TONES_BY_POSITION[i] ?? 'current',
    draw: chart.kind,
    barAlign: pair ? (i === 0 ? -1 : 1) : 0,
    barWidth: pair ? 0.38 : 0.6,
  }));
  const columns = chart.series.map((one) => [...one.values]);
  const bands: Array<readonly [number, number]> = [];
  if (chart.band) {
    // The band's edges come first, so its fill is drawn under the lines, not over them.
    const edge = (label: string): DrawnSeries => ({ label, tone: 'forecast', draw: 'band-edge', barAlign: 0, barWidth: 0 });
    series.unshift(edge(`${chart.band.label} (high)`), edge(`${chart.band.label} (low)`));
    columns.unshift([...chart.band.high], [...chart.band.low]);
    // uPlot numbers series from 1 (0 is x): the band fills between the high (1) and the low (2) edge.
    bands.push([1, 2]);
  }
  const x = Array.from({ length: count }, (_, i) => i);
  // Half a slot of room at either end, so the first and last bar (or point and its label) are not cut.
  const xRange: [number, number] = [-0.5, Math.max(count - 0.5, 0.5)];
  return { data: [x, ...columns], series, bands, xRange, yRange: valueRange(columns) };
}

/**
 * A sentence that says what the chart shows, for people who cannot see the canvas: each series'
 * highest and lowest value and where. (The page's table next to it has every figure.)
 */
export function chartSummary(title: string, chart: ChartData, format: (value: number) => string): string {
  const count = chart.categories.length;
  if (count === 0) return `${title}: nothing to show.`;
  const span = count === 1 ? chart.categories[0]! : `${chart.categories[0]} to ${chart.categories[count - 1]}`;
  const parts = chart.series.map((series) => {
    let highest = -1;
    let lowest = -1;
    series.values.forEach((value, i) => {
      if (value === null) return;
      if (highest < 0 || value > series.values[highest]!) highest = i;
      if (lowest < 0 || value < series.values[lowest]!) lowest = i;
    });
    if (highest < 0) return `${series.label}: no values`;
    if (highest === lowest) return `${series.label}: ${format(series.values[highest]!)} at ${chart.categories[highest]}`;
    return (
      `${series.label}: highest ${format(series.values[highest]!)} at ${chart.categories[highest]}, ` +
      `lowest ${format(series.values[lowest]!)} at ${chart.categories[lowest]}`
    );
  });
  return `${title}, ${span}. ${parts.join('; ')}.`;
}
