import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { stringify } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { exposedNames, GRAFANA_DIR, kernelExposition, metricNamesIn, recordedNames, unknownNames } from './support/metric-names.ts';
import { promtool } from './support/promtool.ts';

interface Panel {
  readonly title: string;
  readonly type: string;
  readonly datasource?: { readonly uid: string };
  readonly targets?: ReadonlyArray<{ readonly expr: string; readonly datasource?: { readonly uid: string } }>;
}
interface Dashboard {
  readonly schemaVersion: number;
  readonly uid: string;
  readonly __inputs: ReadonlyArray<{ readonly name: string; readonly type: string; readonly pluginId: string }>;
  readonly templating: { readonly list: ReadonlyArray<{ readonly name: string; readonly definition?: string }> };
  readonly panels: readonly Panel[];
}

const dashboard = JSON.parse(readFileSync(new URL('kits-kernel.json', GRAFANA_DIR), 'utf8')) as Dashboard;
const expressions = dashboard.panels.flatMap((panel) => (panel.targets ?? []).map((target) => ({ panel: panel.title, expr: target.expr })));

/** What the seed asks the dashboard to show (issue 28), by panel title. */
const PANELS = [
  'Request rate',
  'Latency p50 / p95 / p99',
  '5xx error rate',
  'Sync pushes by result',
  'Inventory conflict rate',
  'Outbox backlog',
  'Event queue length',
  'Replication lag',
  'Plugin handler errors and time-outs',
  'Event throughput',
  'Process memory',
  'Process CPU and event loop',
  'Database pool',
];

describe('deploy/grafana/kits-kernel.json', () => {
  it('is a schema 39 dashboard whose every query goes to the ${DS_PROMETHEUS} input', () => {
    expect(dashboard.schemaVersion).toBe(39);
    expect(dashboard.__inputs).toEqual([expect.objectContaining({ name: 'DS_PROMETHEUS', type: 'datasource', pluginId: 'prometheus' })]);
    for (const panel of dashboard.panels) {
      expect(panel.datasource?.uid, panel.title).toBe('${DS_PROMETHEUS}');
      expect(panel.targets?.length, panel.title).toBeGreaterThan(0);
      for (const target of panel.targets ?? []) expect(target.datasource?.uid, panel.title).toBe('${DS_PROMETHEUS}');
    }
    expect(dashboard.panels.map((panel) => panel.title)).toEqual(expect.arrayContaining(PANELS));
  });

  it('every panel query is PromQL that promtool accepts (Grafana variables given values)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kits-dashboard-'));
    try {
      const rules = expressions.map(({ expr }, index) => ({
        record: `dashboard:query:${index}`,
        expr: expr.replaceAll('$__rate_interval', '5m').replaceAll('$job', '.*'),
      }));
      writeFileSync(join(dir, 'queries.yml'), stringify({ groups: [{ name: 'dashboard', rules }] }));
      const { code, output } = await promtool(pathToFileURL(`${dir}/`), 'check', 'rules', 'queries.yml');
      expect(code, output).toBe(0);
      expect(output).toContain(`SUCCESS: ${expressions.length} rules found`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('the metrics its panels read', () => {
    let exposed: Set<string>;
    beforeAll(async () => {
      exposed = exposedNames(await kernelExposition());
    });

    it('are ones a running kernel declares at /metrics', () => {
      const used = [
        ...expressions.flatMap(({ expr }) => metricNamesIn(expr)),
        ...dashboard.templating.list.flatMap((variable) => metricNamesIn(variable.definition ?? '')),
      ];
      expect(used.length).toBeGreaterThanOrEqual(20);
      for (const { panel, expr } of expressions) expect(metricNamesIn(expr).length, `${panel}: ${expr}`).toBeGreaterThan(0);
      expect(unknownNames(used, exposed, recordedNames())).toEqual([]);
    });
  });
});
