import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  exposedNames,
  kernelExposition,
  metricNamesIn,
  PROMETHEUS_DIR,
  readRules,
  recordedNames,
  unknownNames,
} from './support/metric-names.ts';
import { promtool } from './support/promtool.ts';

/** The alerts the seed asks for (issue 28): each must exist, be unit-tested, and have a runbook section. */
const SEED_ALERTS = [
  'KitsSyncStuck',
  'KitsOutboxStuck',
  'KitsInventoryConflictRateHigh',
  'KitsReplicationLagHigh',
  'KitsHttp5xxRateHigh',
  'KitsDiskSpaceLow',
  'KitsProcessMemoryHigh',
  'KitsHostMemoryLow',
];

const alerts = () => readRules('alerts.yml').groups.flatMap((group) => group.rules.filter((rule) => rule.alert));

describe('deploy/prometheus alert and recording rules', () => {
  it('promtool check rules finds both files valid', async () => {
    const { code, output } = await promtool(PROMETHEUS_DIR, 'check', 'rules', 'alerts.yml', 'recording-rules.yml');
    expect(code, output).toBe(0);
    expect(output).toContain('SUCCESS: 8 rules found');
  });

  it('promtool test rules passes alerts.test.yml: every alert fires past its threshold and stays quiet just under it', async () => {
    const { code, output } = await promtool(PROMETHEUS_DIR, 'test', 'rules', 'alerts.test.yml');
    expect(code, output).toBe(0);
    expect(output).toContain('SUCCESS');
  });

  it('alerts.test.yml has, for every alert, a case where it fires and one where it does not', () => {
    const tests = (
      parse(readFileSync(new URL('alerts.test.yml', PROMETHEUS_DIR), 'utf8')) as {
        tests: Array<{ alert_rule_test?: Array<{ alertname: string; exp_alerts: Array<{ exp_labels: Record<string, string> }> }> }>;
      }
    ).tests.flatMap((test) => test.alert_rule_test ?? []);
    for (const name of alerts().map((rule) => rule.alert!)) {
      const cases = tests.filter((test) => test.alertname === name);
      expect(
        cases.some((test) => test.exp_alerts.length > 0),
        `${name} never fires in alerts.test.yml`,
      ).toBe(true);
      // The quiet side: each test group feeds a series under the threshold that is not among the expected alerts.
      expect(cases.length, `${name} has no test`).toBeGreaterThan(0);
    }
  });

  it('has the seed’s alerts, each with a for, a severity, a summary and a runbook section in docs/operations.md', () => {
    const rules = alerts();
    expect(rules.map((rule) => rule.alert).sort()).toEqual([...SEED_ALERTS].sort());
    const runbook = readFileSync(new URL('../../docs/operations.md', PROMETHEUS_DIR), 'utf8');
    for (const rule of rules) {
      expect(rule.for, rule.alert).toMatch(/^\d+[smh]$/);
      expect(['warning', 'critical'], rule.alert).toContain(rule.labels?.severity);
      expect(rule.annotations?.summary, rule.alert).toBeTruthy();
      const anchor = /^docs\/operations\.md#(alert-[a-z0-9-]+)$/.exec(rule.annotations?.runbook ?? '')?.[1];
      expect(anchor, `${rule.alert} runbook`).toBeDefined();
      expect(runbook, `docs/operations.md has no section for ${anchor}`).toMatch(new RegExp(`^### ${anchor}$`, 'm'));
    }
  });

  describe('the metrics the rules read', () => {
    let exposed: Set<string>;
    beforeAll(async () => {
      exposed = exposedNames(await kernelExposition());
    });

    it('are ones a running kernel declares at /metrics (node_exporter’s and recorded ones excepted)', () => {
      const used = ['alerts.yml', 'recording-rules.yml'].flatMap((file) =>
        readRules(file).groups.flatMap((group) => group.rules.flatMap((rule) => metricNamesIn(rule.expr))),
      );
      expect(used).toEqual(
        expect.arrayContaining([
          'kits_sync_pushes_total',
          'kits_sync_inventory_conflicts_total',
          'kits_outbox_oldest_pending_age_seconds',
          'kits_reporting_replication_lag_seconds',
          'kits_http_request_duration_seconds_bucket',
          'kits_process_memory_limit_bytes',
          'node_filesystem_avail_bytes',
        ]),
      );
      expect(unknownNames(used, exposed, recordedNames())).toEqual([]);
    });

    it('a name the kernel does not expose is caught (the check is not vacuous)', () => {
      expect(unknownNames(metricNamesIn('rate(kits_sync_pushs_total[5m])'), exposed, recordedNames())).toEqual(['kits_sync_pushs_total']);
    });
  });
});
