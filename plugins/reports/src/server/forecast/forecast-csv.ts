import type { ForecastReport } from '../../shared/report-types.ts';

/**
 * The forecast report as CSV: one row per day, history first (`kind` = history, low and high
 * empty), then the forecast. Every cell is a date, a word or a number, so none needs quoting.
 */
export function forecastCsv(report: ForecastReport): string {
  const lines = ['day,kind,quantity,low,high,method'];
  for (const day of report.history) lines.push(`${day.day},history,${day.quantity},,,`);
  for (const day of report.forecast)
    lines.push(`${day.day},forecast,${units(day.quantity)},${units(day.low)},${units(day.high)},${report.method}`);
  return `${lines.join('\r\n')}\r\n`;
}

/** The file's name: the report and its range (first history day to last forecast day). */
export function forecastCsvFilename(report: ForecastReport): string {
  const last = report.forecast.at(-1)?.day ?? report.meta.to;
  return `forecast-${report.meta.from}-to-${last}.csv`;
}

/** Units to 3 decimals: a rate per day, not a count. */
const units = (value: number) => String(Math.round(value * 1000) / 1000);
