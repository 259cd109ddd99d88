import { createTestKernel, type TestKernel, type TestTenant } from '@kits/kernel/test-kit';
import { generatePublisherKeys } from '@kits/plugin-sdk/release';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKernel, type Kernel } from '../src/kernel.ts';
import { startRegistryServer, type RegistryServer } from './support/registry-server.ts';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

type Install = { pluginId: string; version: string; enabled: boolean; notice: string | null };
type Detail = { install: Install | null };

/**
 * Two kernels on one PostgreSQL and Redis, installing from one registry (D-230). A release tenants
 * run is yanked: within seconds neither kernel runs it any more; a tenant whose range allows another
 * release is moved to the newest one, a tenant pinned to the yanked release has the plugin — and
 * the plugin that needs it — disabled, and each is left a notice saying what happened and why.
 */
describe('a yanked release on two kernels', () => {
  const acme = generatePublisherKeys();
  let server: RegistryServer;
  let kit: TestKernel;
  let second: Kernel;
  let ranged: TestTenant;
  let pinned: TestTenant;
  let onTwo: TestTenant;
  /** What each kernel logged, by kernel. */
  const logged: Array<Array<{ msg: string }>> = [[], []];
  const logger = (index: number) => pino({ level: 'info' }, { write: (line: string) => void logged[index]!.push(JSON.parse(line)) });

  /** GET through the given kernel's app as `tenant`'s admin. */
  const get = async <Body>(kernel: Kernel, path: string, tenant: TestTenant) => {
    const response = await kernel.app.inject({ method: 'GET', url: path, headers: { authorization: `Bearer ${tenant.admin.token}` } });
    return { status: response.statusCode, body: response.json<Body>() };
  };
  const pin = async (tenant: TestTenant, pluginId: string, version: string) => {
    const response = await kit.request<Install>('PUT', `/api/v1/tenants/${tenant.id}/plugins/${pluginId}`, {
      token: kit.operatorToken,
      body: { version },
    });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body;
  };
  const install = async (tenant: TestTenant, pluginId: string) =>
    (await get<Detail>(kit.kernel, `/api/v1/plugins/${pluginId}`, tenant)).body.install;
  const until = async (what: string, check: () => Promise<boolean>) => {
    const deadline = Date.now() + 20_000;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`still not so after 20 s: ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  beforeAll(async () => {
    server = await startRegistryServer();
    await server.register('acme', acme);
    for (const version of ['1.0.0', '1.1.0', '2.0.0']) await server.publish('stamps', version, 'acme', acme, { provides: ['stamps@1'] });
    await server.publish('stamp-cards', '1.0.0', 'acme', acme, { requires: { stamps: '^1' } });
    kit = await createTestKernel({
      db: 'postgres',
      env: { REGISTRY_URL: server.url, TRUSTED_PUBLISHERS: `acme=${acme.publicKey}`, REDIS_URL, YANK_CHECK_SECONDS: '1' },
      logger: logger(0),
    });
    // The second kernel process: the same database, Redis, registry and secrets.
    second = await createKernel(kit.kernel.config, { logger: logger(1) });
    ranged = kit.tenant;
    pinned = await kit.createTenant();
    onTwo = await kit.createTenant();
    expect(await pin(ranged, 'stamps', '^1')).toMatchObject({ version: '1.1.0' });
    expect(await pin(pinned, 'stamps', '1.1.0')).toMatchObject({ version: '1.1.0' });
    expect(await pin(pinned, 'stamp-cards', '^1')).toMatchObject({ version: '1.0.0' });
    expect(await pin(onTwo, 'stamps', '2.0.0')).toMatchObject({ version: '2.0.0' });
    // Both kernels serve 1.1.0, so both have it loaded.
    for (const kernel of [kit.kernel, second]) {
      for (const tenant of [ranged, pinned]) {
        const hello = await get<{ version: string }>(kernel, '/api/v1/stamps/hello', tenant);
        expect(
          hello.body.version,
          `${kernel === second ? 'second' : 'first'} ${tenant === ranged ? 'ranged' : 'pinned'} ${JSON.stringify(hello)}`,
        ).toBe('1.1.0');
      }
      expect(kernel.plugins.loadedVersions()).toContain('stamps@1.1.0');
    }
  }, 180_000);
  afterAll(async () => {
    await second?.close();
    await kit?.close();
    await server?.close();
  });

  it('is unloaded on both kernels, the ranged tenant moves to 1.0.0 and the pinned one has it disabled, each with a notice', async () => {
    await server.registry.yank('stamps', '1.1.0', 'prints wrong totals', { operator: true });

    await until('neither kernel has stamps@1.1.0 loaded', async () =>
      [kit.kernel, second].every((kernel) => !kernel.plugins.loadedVersions().includes('stamps@1.1.0')),
    );
    // Its background worker was stopped on both kernels; the other versions' workers run on.
    const stopped = (index: number) => logged[index]!.filter((line) => line.msg.endsWith('worker stopped')).map((line) => line.msg);
    await until('both kernels stopped the worker of stamps@1.1.0', async () => [0, 1].every((i) => stopped(i).length > 0));
    expect([stopped(0), stopped(1)]).toEqual([['stamps@1.1.0 worker stopped'], ['stamps@1.1.0 worker stopped']]);
    await until('the pinned tenant has stamps disabled', async () => (await install(pinned, 'stamps'))?.enabled === false);

    // The tenant whose range allows another release runs the newest one left, on both kernels.
    for (const kernel of [kit.kernel, second]) {
      await until('the ranged tenant is served 1.0.0', async () => {
        const hello = await get<{ version?: string }>(kernel, '/api/v1/stamps/hello', ranged);
        return hello.body.version === '1.0.0';
      });
    }
    const moved = await install(ranged, 'stamps');
    expect(moved).toMatchObject({ version: '1.0.0', enabled: true });
    expect(moved!.notice).toContain('stamps 1.1.0 was withdrawn by its publisher (prints wrong totals)');
    expect(moved!.notice).toContain('moved this shop to 1.0.0');

    // The pinned tenant: stamps and the plugin that needs it are disabled, and say why.
    const disabled = await install(pinned, 'stamps');
    expect(disabled!.notice).toContain('prints wrong totals');
    expect(disabled!.notice).toContain('disabled stamp-cards, stamps');
    expect(await install(pinned, 'stamp-cards')).toMatchObject({ enabled: false, notice: disabled!.notice });
    for (const kernel of [kit.kernel, second]) {
      expect((await get<{ code: string }>(kernel, '/api/v1/stamps/hello', pinned)).status).toBe(404);
    }

    // A tenant on another release is untouched.
    expect(await install(onTwo, 'stamps')).toMatchObject({ version: '2.0.0', enabled: true, notice: null });
    expect((await get<{ version: string }>(second, '/api/v1/stamps/hello', onTwo)).body.version).toBe('2.0.0');

    // What the kernel did is in each shop's audit log.
    const audit = await kit.kernel.db.query<{ tenant_id: string; action: string; actor_id: string }>(
      `select tenant_id, action, actor_id from kernel.audit_log
        where detail->>'pluginId' in ('stamps', 'stamp-cards') and actor_id = 'kernel' order by occurred_at`,
    );
    expect(audit.map((row) => [row.tenant_id, row.action])).toEqual(
      expect.arrayContaining([
        [ranged.id, 'plugins.plugin.enabled'],
        [pinned.id, 'plugins.plugin.disabled'],
      ]),
    );
  });

  it('the release is not loaded again when asked for, and a shop changing the plugin clears its notice', async () => {
    expect(kit.kernel.plugins.catalog.get('stamps', '1.1.0')).toBeDefined();
    const refused = await pin(pinned, 'stamps', '^2');
    expect(refused).toMatchObject({ version: '2.0.0', notice: null });
    for (const kernel of [kit.kernel, second]) expect(kernel.plugins.loadedVersions()).not.toContain('stamps@1.1.0');
    const again = await kit.request<{ code: string }>('PUT', `/api/v1/tenants/${pinned.id}/plugins/stamps`, {
      token: kit.operatorToken,
      body: { version: '1.1.0' },
    });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('plugins.release_yanked');
  });
});
