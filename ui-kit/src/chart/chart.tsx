import type { ComponentChildren } from 'preact';
import { useEffect, useMemo, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import { useKit } from '../kit/kit-provider.tsx';
import { numberChartFormat, type ChartFormat } from './chart-format.ts';
import { chartModel, chartSummary, tickLabel, type ChartBand, type ChartKind, type ChartModel, type ChartSeries } from './chart-model.ts';
import { readChartTheme, useElementWidth, useThemeChanges, type ChartTheme } from './chart-theme.ts';

export interface ChartProps {
  /** What the chart shows ("Net sales by day"): its accessible name and the start of its text summary. */
  readonly label: string;
  readonly kind: ChartKind;
  /** The x axis: one label per value, in order ("1 Dec", "Main Street"). */
  readonly categories: readonly string[];
  /** Bars: one or two series (this period and the last); lines: any number. */
  readonly series: readonly ChartSeries[];
  /** A shaded likely range on a line chart. */
  readonly band?: ChartBand;
  /** How values are written (default: numbers in the kit's locale); `moneyChartFormat(currency, locale)` for money. */
  readonly format?: ChartFormat;
  /** Plot height in pixels (default 240). */
  readonly height?: number;
  /** Shown instead of the plot when there are no categories. */
  readonly empty?: ComponentChildren;
}

const AXIS_FONT_WIDTH = 7; // px per character of a 12px label, near enough to keep ticks apart

const X_INCREMENTS = [1, 2, 3, 4, 5, 6, 7, 10, 12, 14, 15, 20, 24, 25, 30, 50, 60, 100, 200, 500, 1000];

function seriesOptions(model: ChartModel, theme: ChartTheme): uPlot.Series[] {
  const pointsShown = model.data[0].length <= 31;
  return model.series.map((series) => {
    const colour = theme.tone[series.tone];
    if (series.draw === 'band-edge') return { label: series.label, stroke: 'transparent', width: 0, points: { show: false } };
    if (series.draw === 'bar') {
      const bars = uPlot.paths.bars!({ size: [series.barWidth, 72, 2], align: series.barAlign, gap: 1, radius: 0.1 });
      return { label: series.label, paths: bars, fill: colour, stroke: colour, width: 0, points: { show: false } };
    }
    return {
      label: series.label,
      stroke: colour,
      width: series.tone === 'current' ? 2 : 1.5,
      ...(series.tone === 'current' ? {} : { dash: series.tone === 'previous' ? [6, 4] : [4, 3] }),
      points: { show: pointsShown && series.tone !== 'forecast', size: 5, fill: colour },
      spanGaps: false,
    };
  });
}

/** Fills the tooltip with the category under the cursor and each series' value there. */
function showTooltip(plot: uPlot, tooltip: HTMLElement, model: ChartModel, categories: readonly string[], format: ChartFormat): void {
  const index = plot.cursor.idx;
  if (index === null || index === undefined || plot.cursor.left === undefined || plot.cursor.left < 0) {
    tooltip.hidden = true;
    return;
  }
  const lines = [categories[index] ?? ''];
  model.series.forEach((series, i) => {
    if (series.draw === 'band-edge') return;
    const value = model.data[i + 1]?.[index];
    if (value !== null && value !== undefined) lines.push(`${series.label}: ${format.value(value)}`);
  });
  const [upper, lower] = model.bands[0] ?? [];
  if (upper !== undefined && lower !== undefined) {
    const high = model.data[upper]?.[index];
    const low = model.data[lower]?.[index];
    if (high !== null && high !== undefined && low !== null && low !== undefined)
      lines.push(`${model.series[upper - 1]!.label.replace(/ \(high\)$/, '')}: ${format.value(low)} – ${format.value(high)}`);
  }
  tooltip.textContent = '';
  lines.forEach((line, i) => {
    const row = document.createElement('div');
    if (i === 0) row.className = 'k-chart__tooltip-title';
    row.textContent = line;
    tooltip.append(row);
  });
  tooltip.hidden = false;
  const overLeft = plot.over.offsetLeft;
  const room = plot.over.clientWidth;
  const left = plot.cursor.left + overLeft + 12;
  tooltip.style.left = `${Math.max(0, left + tooltip.offsetWidth > overLeft + room ? left - tooltip.offsetWidth - 24 : left)}px`;
  tooltip.style.top = `${Math.max(0, (plot.cursor.top ?? 0) - 8)}px`;
}

function plotOptions(
  model: ChartModel,
  categories: readonly string[],
  theme: ChartTheme,
  size: { width: number; height: number },
  format: { readonly current: ChartFormat },
  tooltip: HTMLElement,
): uPlot.Options {
  const longest = Math.min(Math.max(0, ...categories.map((c) => tickLabel(c).length)), 14);
  return {
    ...size,
    legend: { show: false },
    select: { show: false, left: 0, top: 0, width: 0, height: 0 },
    cursor: { y: false, drag: { x: false, y: false, setScale: false }, points: { size: 7 } },
    scales: {
      x: { time: false, range: () => [model.xRange[0], model.xRange[1]] },
      y: { range: () => [model.yRange[0], model.yRange[1]] },
    },
    axes: [
      {
        stroke: theme.axis,
        font: theme.font,
        grid: { show: false },
        ticks: { stroke: theme.grid, size: 4 },
        space: longest * AXIS_FONT_WIDTH + 12,
        incrs: X_INCREMENTS,
        values: (_plot, splits) =>
          splits.map((at) => (Number.isInteger(at) && categories[at] !== undefined ? tickLabel(categories[at]) : '')),
      },
      {
        stroke: theme.axis,
        font: theme.font,
        grid: { stroke: theme.grid, width: 1 },
        ticks: { show: false },
        values: (_plot, splits) => splits.map((value) => format.current.tick(value)),
        size: (_plot, values) => Math.max(40, Math.max(0, ...(values ?? []).map((text) => String(text).length)) * AXIS_FONT_WIDTH + 14),
      },
    ],
    series: [{}, ...seriesOptions(model, theme)],
    bands: model.bands.map(([upper, lower]) => ({ series: [upper, lower] as [number, number], fill: theme.band })),
    hooks: { setCursor: [(plot) => showTooltip(plot, tooltip, model, categories, format.current)] },
  };
}

/**
 * The kit's one chart (uPlot on a canvas): bars by group, lines over time, this period against
 * the last, a forecast with its likely range. A legend names each series; a tooltip gives the
 * values under the pointer; `role="img"` with a summary of highs and lows stands for the canvas.
 * The numbers themselves belong in a table beside it.
 */
export function Chart({ label, kind, categories, series, band, format, height = 240, empty }: ChartProps) {
  const { locale } = useKit();
  const host = useRef<HTMLDivElement>(null);
  const tooltip = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const width = useElementWidth(host);
  const theme = useThemeChanges();
  const chosenFormat = format ?? numberChartFormat(locale);
  const currentFormat = useRef(chosenFormat);
  currentFormat.current = chosenFormat;

  // Pages build new arrays each render; the chart is redrawn only when what it shows changed.
  const shape = JSON.stringify({ kind, categories, series, band });
  const model = useMemo(() => chartModel({ kind, categories, series, ...(band ? { band } : {}) }), [shape]);
  const summary = chartSummary(label, { kind, categories, series }, chosenFormat.value);

  useEffect(() => {
    const target = host.current;
    const tip = tooltip.current;
    if (!target || !tip || width === 0 || categories.length === 0) return;
    const made = new uPlot(
      plotOptions(model, categories, readChartTheme(target), { width, height }, currentFormat, tip),
      model.data,
      target,
    );
    plot.current = made;
    return () => {
      made.destroy();
      plot.current = null;
      tip.hidden = true;
    };
    // a new width is a resize (below), not a new chart
  }, [model, theme, height, categories.length === 0, width === 0]);

  useEffect(() => {
    if (plot.current && width > 0) plot.current.setSize({ width, height });
  }, [width, height]);

  const drawn = model.series.filter((one) => one.draw !== 'band-edge');
  const legend = series.map((one, i) => ({ label: one.label, tone: drawn[i]!.tone }));
  const nothing = categories.length === 0;
  // The plot's box is always there (hidden when empty), so its width is followed from the start.
  return (
    <figure class="k-chart" aria-label={label}>
      {nothing ? (
        <div class="k-chart__empty">{empty ?? 'Nothing to show yet.'}</div>
      ) : (
        <ul class="k-chart__legend" aria-label={`${label}: legend`}>
          {legend.map((entry) => (
            <li key={entry.label}>
              <span class={`k-chart__swatch k-chart__swatch--${kind} k-chart__swatch--${entry.tone}`} aria-hidden="true" />
              {entry.label}
            </li>
          ))}
          {band && (
            <li>
              <span class="k-chart__swatch k-chart__swatch--band" aria-hidden="true" />
              {band.label}
            </li>
          )}
        </ul>
      )}
      <div class="k-chart__plot" role="img" aria-label={summary} hidden={nothing} style={{ minHeight: `${height}px` }}>
        <div ref={host} class="k-chart__canvas" />
        <div ref={tooltip} class="k-chart__tooltip" hidden />
      </div>
    </figure>
  );
}
