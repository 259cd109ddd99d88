import { readFileSync } from 'node:fs';
import { percentile } from '../sales-load/terminals.ts';

/** One report's latencies through the HTTP API, and what its last answer held (to show it was a real report). */
export interface ReportLatency {
  readonly path: string;
  readonly requests: number;
  readonly concurrency: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
  /** The kernel's CPU (user + system) per measured request, ms. */
  readonly kernelCpuMs: number;
  /** A line about the answer: rows, locations, figures. */
  readonly answer: string;
  /** The last answer's size, bytes. */
  readonly bytes: number;
}

/** A process's CPU so far (user + system), in ms (Linux: /proc, 100 ticks a second). */
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/**
 * Sends `requests` GETs of `path` (after `warmUp` unmeasured ones), `concurrency` at a time, each
 * timed from sending to the last byte of the body; any answer but 200 fails the measurement. The
 * kernel's CPU (process `kernelPid`) is read around the measured requests.
 */
export async function measureReport(
  url: string,
  token: string,
  path: string,
  options: {
    readonly requests: number;
    readonly warmUp: number;
    readonly concurrency: number;
    readonly kernelPid: number;
    readonly describe: (body: unknown) => string;
  },
): Promise<ReportLatency> {
  const once = async (): Promise<{ ms: number; text: string }> => {
    const started = performance.now();
    const response = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(120_000) });
    const text = await response.text();
    const ms = performance.now() - started;
    if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}: ${text.slice(0, 500)}`);
    return { ms, text };
  };
  const run = async (count: number) => {
    const times: number[] = [];
    let last = '';
    let next = 0;
    await Promise.all(
      Array.from({ length: options.concurrency }, async () => {
        while (next < count) {
          next++;
          const { ms, text } = await once();
          times.push(ms);
          last = text;
        }
      }),
    );
    return { times, last };
  };
  await run(options.warmUp);
  const cpuBefore = cpuMs(options.kernelPid);
  const { times, last } = await run(options.requests);
  const kernelCpuMs = (cpuMs(options.kernelPid) - cpuBefore) / times.length;
  return {
    path,
    requests: times.length,
    concurrency: options.concurrency,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    p99: percentile(times, 99),
    max: Math.max(...times),
    kernelCpuMs,
    answer: options.describe(JSON.parse(last) as unknown),
    bytes: Buffer.byteLength(last),
  };
}

/** The local date `days` days before today in `timezone` (YYYY-MM-DD). */
export function localDate(timezone: string, daysBack: number, now = new Date()): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  const day = new Date(`${today}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() - daysBack);
  return day.toISOString().slice(0, 10);
}

/** GET /reports/sales: each row an array of its values, bucket and key first (reports' shared/sales-answer.ts). */
interface SalesAnswer {
  readonly meta: { readonly locationIds: readonly string[]; readonly by: string; readonly group: string };
  readonly rows: ReadonlyArray<readonly [bucket: string, key: string | null, ...rest: unknown[]]>;
  readonly totals: { readonly sales: number | null; readonly net: number | null; readonly marginBasisPoints: number | null };
}
interface DashboardAnswer {
  readonly meta: { readonly locationIds: readonly string[] };
  readonly today: { readonly sales: number | null; readonly net: number | null };
  readonly sameTimeLastWeek: { readonly sales: number | null };
  readonly hours: readonly unknown[];
  readonly topProducts: readonly unknown[];
}

const euros = (minor: number | null) => (minor === null ? '—' : `€${(minor / 100).toLocaleString('en', { maximumFractionDigits: 0 })}`);

export const describeSales = (body: unknown): string => {
  const answer = body as SalesAnswer;
  const buckets = new Set(answer.rows.map(([bucket]) => bucket)).size;
  return `${answer.rows.length.toLocaleString('en')} rows (${buckets} days × ${answer.meta.locationIds.length} stores), ${answer.totals.sales?.toLocaleString('en')} sales, net ${euros(answer.totals.net)}, margin ${((answer.totals.marginBasisPoints ?? 0) / 100).toFixed(1)} %`;
};

/** A long report's answer: its rows, as buckets × groups, and what they add up to. */
export const describeLongSales = (body: unknown): string => {
  const answer = body as SalesAnswer;
  const buckets = new Set(answer.rows.map(([bucket]) => bucket)).size;
  const groups = new Set(answer.rows.map(([, key]) => key)).size;
  return `${answer.rows.length.toLocaleString('en')} rows (${buckets} ${answer.meta.by}s × up to ${groups.toLocaleString('en')} ${answer.meta.group === 'category' ? 'categories' : `${answer.meta.group}s`}), net ${euros(answer.totals.net)}`;
};

export const describeDashboard = (body: unknown): string => {
  const answer = body as DashboardAnswer;
  return `${answer.meta.locationIds.length} stores; today ${answer.today.sales?.toLocaleString('en')} sales, net ${euros(answer.today.net)} (same time last week ${answer.sameTimeLastWeek.sales?.toLocaleString('en')} sales); ${answer.hours.length} hours, ${answer.topProducts.length} top products`;
};
