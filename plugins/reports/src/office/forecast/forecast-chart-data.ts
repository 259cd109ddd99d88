import type { ChartBand, ChartSeries } from '@kits/ui-kit';
import type { ForecastReport } from '../../shared/report-types.ts';

/** History days drawn before the forecast: enough weeks to see the weekly pattern, few enough to read. */
export const HISTORY_DAYS_SHOWN = 84;

export interface ForecastChart {
  readonly days: string[];
  readonly series: ChartSeries[];
  readonly band: ChartBand;
}

/**
 * The recent history and the forecast on one time line: what sold (solid), what is expected
 * (dashed, starting from the last day sold so the lines meet), and the likely range around it.
 */
export function forecastChart(report: ForecastReport): ForecastChart {
  const history = report.history.slice(-HISTORY_DAYS_SHOWN);
  const last = history.at(-1);
  const pad = (count: number) => Array.from({ length: count }, () => null);
  const days = [...history.map((day) => day.day), ...report.forecast.map((day) => day.day)];
  const join = last ? [...pad(history.length - 1), last.quantity] : [];
  return {
    days,
    series: [
      { label: 'Sold', values: [...history.map((day) => day.quantity), ...pad(report.forecast.length)], tone: 'current' },
      { label: 'Forecast', values: [...join, ...report.forecast.map((day) => day.quantity)], tone: 'forecast' },
    ],
    band: {
      label: 'Likely range',
      low: [...join, ...report.forecast.map((day) => day.low)],
      high: [...join, ...report.forecast.map((day) => day.high)],
    },
  };
}

/** Units expected over the forecast's days (a rate per day summed: fractional). */
export const expectedUnits = (report: ForecastReport): number => report.forecast.reduce((sum, day) => sum + day.quantity, 0);
