import type { TableShare } from './tenant-sizes.ts';
import { totalOf } from './tenant-sizes.ts';

/** Bytes as people read them (binary units), to three significant figures. */
export function bytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = n;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${Math.round(value)} B` : `${value.toPrecision(3)} ${units[unit]}`;
}

const count = (n: number, digits = 0) => n.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/**
 * A markdown table of table shares, each divided by `per` (1 for totals): rows, row bytes, the
 * index share and their sum; the `top` largest by bytes (the rest summed on one line), then the total.
 */
export function sharesTable(shares: readonly TableShare[], per: number, options: { top?: number; perLabel?: string } = {}): string[] {
  const label = options.perLabel ? ` ${options.perLabel}` : '';
  const lines = [`| table | rows${label} | row bytes${label} | index bytes${label} (est.) | total${label} |`, '|---|---:|---:|---:|---:|'];
  const sorted = [...shares].sort((a, b) => b.rowBytes + b.indexBytes - (a.rowBytes + a.indexBytes));
  const shown = options.top === undefined ? sorted : sorted.slice(0, options.top);
  const row = (name: string, s: { rows: number; rowBytes: number; indexBytes: number }) =>
    `| ${name} | ${count(s.rows / per, per === 1 ? 0 : 1)} | ${bytes(s.rowBytes / per)} | ${bytes(s.indexBytes / per)} | ${bytes((s.rowBytes + s.indexBytes) / per)} |`;
  for (const share of shown) lines.push(row(`\`${share.table}\``, share));
  const rest = sorted.slice(shown.length);
  if (rest.length > 0) lines.push(row(`${rest.length} other tables`, totalOf(rest)));
  lines.push(row(`**all ${sorted.length} tables**`, totalOf(sorted)));
  return lines;
}

export { count };
