import { readFileSync } from 'node:fs';
import { createTestKernel } from '@kits/kernel/test-kit';
import { parse } from 'yaml';

/** deploy/prometheus and deploy/grafana, read by the tests. */
export const PROMETHEUS_DIR = new URL('../../prometheus/', import.meta.url);
export const GRAFANA_DIR = new URL('../../grafana/', import.meta.url);

/** node_exporter's metrics the alerts use: the host, not the kernel, exposes them. */
export const NODE_EXPORTER_METRICS: ReadonlySet<string> = new Set([
  'node_filesystem_avail_bytes',
  'node_filesystem_size_bytes',
  'node_memory_MemAvailable_bytes',
  'node_memory_MemTotal_bytes',
]);

export interface RuleGroups {
  readonly groups: ReadonlyArray<{
    readonly name: string;
    readonly rules: ReadonlyArray<{
      readonly alert?: string;
      readonly record?: string;
      readonly expr: string;
      readonly for?: string;
      readonly labels?: Readonly<Record<string, string>>;
      readonly annotations?: Readonly<Record<string, string>>;
    }>;
  }>;
}

export const readRules = (file: string): RuleGroups => parse(readFileSync(new URL(file, PROMETHEUS_DIR), 'utf8')) as RuleGroups;

/** Series names the recording rules define (`job:kits_http_request_duration_seconds:p95_5m`, …). */
export function recordedNames(): Set<string> {
  return new Set(readRules('recording-rules.yml').groups.flatMap((group) => group.rules.flatMap((rule) => rule.record ?? [])));
}

/**
 * The metric names a PromQL expression reads: its `kits_*` and `node_*` names and recorded
 * `level:metric:operation` names. Strings (label values, `$__rate_interval` is outside them) are
 * dropped first, so a label value never reads as a name; label names and functions do not match.
 */
export function metricNamesIn(expr: string): string[] {
  const code = expr.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""');
  const names = code.match(/(?<![\w:$])[a-zA-Z_:][\w:]*/g) ?? [];
  return [...new Set(names.filter((name) => /^(kits_|node_)/.test(name) || /^[a-z_]+:[a-zA-Z_][\w]*:[\w]+$/.test(name)))];
}

/**
 * Every series name a kernel's /metrics declares (`# TYPE` lines, so a metric with no sample yet
 * counts): a histogram's `_bucket`, `_sum` and `_count`, a summary's quantiles, `_sum` and `_count`.
 */
export function exposedNames(exposition: string): Set<string> {
  const names = new Set<string>();
  for (const [, name, type] of exposition.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    if (type === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) names.add(`${name}${suffix}`);
    else if (type === 'summary') for (const suffix of ['', '_sum', '_count']) names.add(`${name}${suffix}`);
    else names.add(name!);
  }
  return names;
}

/** What a kernel started by the test kit (PGlite, in-process events) exposes at GET /metrics. */
export async function kernelExposition(): Promise<string> {
  const kit = await createTestKernel();
  try {
    const response = await kit.kernel.app.inject({ method: 'GET', url: '/metrics' });
    if (response.statusCode !== 200) throw new Error(`GET /metrics answered ${response.statusCode}: ${response.body}`);
    return response.body;
  } finally {
    await kit.close();
  }
}

/** The names among `used` that are neither exposed by the kernel, recorded, nor node_exporter's. */
export function unknownNames(used: Iterable<string>, exposed: ReadonlySet<string>, recorded: ReadonlySet<string>): string[] {
  return [...new Set(used)].filter((name) => !exposed.has(name) && !recorded.has(name) && !NODE_EXPORTER_METRICS.has(name)).sort();
}
