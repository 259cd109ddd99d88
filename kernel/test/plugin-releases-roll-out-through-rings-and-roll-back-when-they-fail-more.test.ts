import { fileURLToPath } from 'node:url';
import { createTestKernel, type TestKernel, type TestTenant } from '@kits/kernel/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** beacon 1.0.0 and 1.2.0 take their pings; 1.1.0's handler fails every time (a bad release). */
const beacon = (n: number) => fileURLToPath(new URL(`./fixtures/plugins/beacon-${n}`, import.meta.url));

type Rollout = {
  rolloutId: string;
  version: string;
  stage: string;
  moved: Array<{ tenantId: string; from: string }>;
  baseline: { runs: number; failures: number } | null;
  outcome: string | null;
};
type Problem = { code: string; detail: string };
const UNKNOWN = '0190a000-0000-7000-8000-00000000dead';

/**
 * Release rings (D-231): an operator puts a shop in the canary ring and rolls a release out. A release
 * whose handlers fail more often than its predecessors' goes back from the canaries (with a notice) and
 * never reaches the other shops; one that does as well moves to every shop whose range allows it.
 */
describe('plugin rollouts through release rings', () => {
  let kit: TestKernel;
  let canary: TestTenant;
  let first: TestTenant;
  let second: TestTenant;

  const operator = <Body>(method: string, url: string, body?: unknown) =>
    kit.request<Body>(method, url, { token: kit.operatorToken, ...(body === undefined ? {} : { body }) });
  const rollOut = (version: string) =>
    operator<Rollout & Problem>('POST', '/api/v1/plugin-rollouts', { pluginId: 'beacon', version, soakSeconds: 2, minRuns: 3 });
  const ping = async (tenant: TestTenant, times: number) => {
    const versions = [];
    for (let i = 0; i < times; i += 1) {
      const pinged = await kit.request<{ version: string }>('POST', '/api/v1/beacon/ping', { token: tenant.admin.token });
      expect(pinged.status, JSON.stringify(pinged.body)).toBe(200);
      versions.push(pinged.body.version);
    }
    return versions;
  };
  const runs = async (tenant: TestTenant) => {
    const [row] = await kit.kernel.db.query<{ resolved_version: string; notice: string | null }>(
      "select resolved_version, notice from kernel.plugin_installs where tenant_id = $1 and plugin_id = 'beacon'",
      [tenant.id],
    );
    return row!;
  };
  /** Pings the given shops until the rollout reaches `stage` (the judge needs handler runs to judge by). */
  const pingUntil = async (rollout: Rollout, stage: string, shops: TestTenant[]) => {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const now = (await operator<Rollout>('GET', `/api/v1/plugin-rollouts/${rollout.rolloutId}`)).body;
      if (now.stage === stage) return now;
      if (Date.now() > deadline) throw new Error(`rollout still ${now.stage} after 30 s, not ${stage}`);
      for (const shop of shops) await ping(shop, 1);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  };
  const snapshot = async () => ({
    rollouts: await kit.kernel.db.query('select rollout_id, stage, moved from kernel.plugin_rollouts order by rollout_id'),
    installs: await kit.kernel.db.query(
      "select tenant_id, resolved_version from kernel.plugin_installs where plugin_id = 'beacon' order by 1",
    ),
    rings: await kit.kernel.db.query('select tenant_id, release_ring from kernel.tenants order by 1'),
  });

  beforeAll(async () => {
    kit = await createTestKernel({
      plugins: [beacon(1), beacon(2), beacon(3)],
      enable: false,
      db: 'pglite',
      env: { ROLLOUT_CHECK_SECONDS: '1' },
    });
    canary = kit.tenant;
    first = await kit.createTenant();
    second = await kit.createTenant();
    // Every shop runs 1.0.0 in the range ^1, which allows the releases after it.
    for (const tenant of [canary, first, second]) {
      await kit.kernel.plugins.enable(tenant.id, 'beacon', '^1', { kind: 'system', id: 'test', tenantId: tenant.id }, undefined, '1.0.0');
    }
    const ring = await operator<{ ring: string }>('PUT', `/api/v1/tenants/${canary.id}/release-ring`, { ring: 'canary' });
    expect(ring.body).toEqual({ tenantId: canary.id, ring: 'canary' });
  }, 120_000);
  afterAll(async () => kit?.close());

  it('a release whose handlers fail more goes back from the canary shop, with a notice, and never reaches the others', async () => {
    const started = await rollOut('1.1.0');
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({ version: '1.1.0', stage: 'canary', moved: [{ tenantId: canary.id, from: '1.0.0' }] });
    expect(await ping(canary, 1)).toEqual(['1.1.0']);
    expect(await ping(first, 1)).toEqual(['1.0.0']);

    const judged = await pingUntil(started.body, 'rolled_back', [canary, first]);
    expect(judged.outcome).toMatch(/^its handlers failed 100\.0 % of \d+ runs, its predecessors' 0\.0 % of \d+ runs$/);
    expect(await runs(canary)).toEqual({
      resolved_version: '1.0.0',
      notice: `KiTS rolled beacon back from 1.1.0 to 1.0.0: ${judged.outcome}.`,
    });
    expect(await ping(canary, 1)).toEqual(['1.0.0']);
    for (const shop of [first, second]) expect(await runs(shop)).toEqual({ resolved_version: '1.0.0', notice: null });
  });

  it('an operator rolls a running rollout back by hand', async () => {
    const started = await rollOut('1.2.0');
    expect(started.body.stage).toBe('canary');
    const again = await rollOut('1.2.0');
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('plugins.rollout_running');

    const back = await operator<Rollout>('POST', `/api/v1/plugin-rollouts/${started.body.rolloutId}/rollback`);
    expect(back.status).toBe(200);
    expect(back.body).toMatchObject({ stage: 'rolled_back', outcome: expect.stringMatching(/^operator .+ rolled it back$/) });
    expect((await runs(canary)).resolved_version).toBe('1.0.0');
    const twice = await operator<Problem>('POST', `/api/v1/plugin-rollouts/${started.body.rolloutId}/rollback`);
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('plugins.rollout_finished');
  });

  it('a release that does as well as its predecessors moves from the canary ring to every shop, then completes', async () => {
    const started = await rollOut('1.2.0');
    expect(started.body).toMatchObject({ stage: 'canary', moved: [{ tenantId: canary.id, from: '1.0.0' }] });
    const promoted = await pingUntil(started.body, 'general', [canary, first]);
    expect(promoted.baseline!.runs).toBeGreaterThan(0);
    expect(promoted.moved.map((m) => m.tenantId).sort()).toEqual([canary.id, first.id, second.id].sort());
    for (const shop of [canary, first, second]) expect(await runs(shop)).toEqual({ resolved_version: '1.2.0', notice: null });

    const completed = await pingUntil(promoted, 'completed', [first, second]);
    expect(completed.outcome).toMatch(/^its handlers failed 0\.0 % of \d+ runs/);
    const listed = await operator<{ items: Rollout[] }>('GET', '/api/v1/plugin-rollouts');
    expect(listed.body.items.map((r) => [r.version, r.stage])).toEqual([
      ['1.2.0', 'completed'],
      ['1.2.0', 'rolled_back'],
      ['1.1.0', 'rolled_back'],
    ]);
  });

  it.each([
    ['a tenant admin instead of an operator', 403, 'auth.forbidden', 'POST', 'rollouts', { pluginId: 'beacon', version: '1.2.0' }, 'admin'],
    ['no version', 400, 'request.invalid', 'POST', 'rollouts', { pluginId: 'beacon' }, 'operator'],
    ['a range, not a version', 400, 'request.invalid', 'POST', 'rollouts', { pluginId: 'beacon', version: '^1' }, 'operator'],
    ['a soak of 0 s', 400, 'request.invalid', 'POST', 'rollouts', { pluginId: 'beacon', version: '1.2.0', soakSeconds: 0 }, 'operator'],
    ['an unknown field', 400, 'request.invalid', 'POST', 'rollouts', { pluginId: 'beacon', version: '1.2.0', force: true }, 'operator'],
    [
      'a release there is not',
      404,
      'plugins.no_matching_version',
      'POST',
      'rollouts',
      { pluginId: 'beacon', version: '1.9.0' },
      'operator',
    ],
    ['a release no shop is below', 409, 'plugins.rollout_nobody', 'POST', 'rollouts', { pluginId: 'beacon', version: '1.1.0' }, 'operator'],
    ['an unknown rollout', 404, 'plugins.rollout_not_found', 'GET', `rollouts/${UNKNOWN}`, undefined, 'operator'],
    ['a ring there is not', 400, 'request.invalid', 'PUT', 'ring', { ring: 'beta' }, 'operator'],
    ['a ring for an unknown tenant', 404, 'tenancy.tenant_not_found', 'PUT', 'unknown ring', { ring: 'canary' }, 'operator'],
    ['a ring set by a tenant admin', 403, 'auth.forbidden', 'PUT', 'ring', { ring: 'general' }, 'admin'],
  ] as const)('%s: %i %s, nothing changed', async (_name, status, code, method, path, body, who) => {
    const url =
      path === 'ring'
        ? `/api/v1/tenants/${first.id}/release-ring`
        : path === 'unknown ring'
          ? `/api/v1/tenants/${UNKNOWN}/release-ring`
          : `/api/v1/plugin-${path}`;
    const before = await snapshot();
    const response = await kit.request<Problem>(method, url, {
      token: who === 'operator' ? kit.operatorToken : kit.tenant.admin.token,
      ...(body === undefined ? {} : { body }),
    });
    expect(response.status).toBe(status);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(response.body.code).toBe(code);
    expect(response.body.detail.length).toBeGreaterThan(15);
    expect(await snapshot()).toEqual(before);
  });
});
