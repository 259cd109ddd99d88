import { fileURLToPath } from 'node:url';
import { demoKernelEnv, signInToDemo, startKernelProcess, type KernelProcess } from '@kits/kernel/test-kit';
import { createScratchPostgres, httpClient, type ScratchDatabase } from '@kits/plugin-sdk/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const FIRST_PARTY = fileURLToPath(new URL('../../plugins', import.meta.url));
const FIXTURES = fileURLToPath(new URL('./fixtures/plugins', import.meta.url));
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * Two kernel processes on one PostgreSQL and Redis. A change made through one — install, upgrade,
 * downgrade, disable, enable — changes what the other answers, without a restart. How long that
 * takes is measured by `npm run --workspace bench plugin-changes` (bench/RESULTS.md), not here.
 */
describe('a plugin change made on one kernel process', () => {
  let database: ScratchDatabase;
  const kernels: KernelProcess[] = [];

  beforeAll(async () => {
    database = await createScratchPostgres();
    const env = { ...demoKernelEnv(database.url, [FIRST_PARTY, FIXTURES]), REDIS_URL };
    // One after the other: the first seeds the demo tenant, the second finds it.
    kernels.push(await startKernelProcess(env));
    kernels.push(await startKernelProcess(env));
  }, 240_000);
  afterAll(async () => {
    for (const kernel of kernels) await kernel.stop();
    await database?.drop();
  });

  it('takes effect on the other process: install, upgrade, downgrade, disable, enable', async () => {
    const [first, second] = kernels.map((kernel) => httpClient(kernel.url));
    const { operator, admin, tenantId } = await signInToDemo(first!);

    /** What the second process answers for the demo tenant: the greeting, or the status without one. */
    const seenOnSecond = async () => {
      const answer = await second!<{ greeting?: string }>('GET', '/api/v1/greeter/hello', { token: admin });
      return answer.body?.greeting ?? `status ${answer.status}`;
    };
    const eventuallyOnSecond = async (expected: string) => {
      const deadline = Date.now() + 10_000;
      let seen = await seenOnSecond();
      while (seen !== expected && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        seen = await seenOnSecond();
      }
      return seen;
    };
    const pin = async (version: string) => {
      const answer = await first!<{ version: string }>('PUT', `/api/v1/tenants/${tenantId}/plugins/greeter`, {
        token: operator,
        body: { version },
      });
      expect(answer.status).toBe(200);
      return answer.body.version;
    };

    const disable = async () => expect((await first!('POST', '/api/v1/plugins/greeter/disable', { token: admin })).status).toBe(200);
    const enable = async () => expect((await first!('POST', '/api/v1/plugins/greeter/enable', { token: admin })).status).toBe(200);

    // The demo enables every plugin it has, greeter at its newest; the second process caches that.
    expect(await seenOnSecond()).toBe('hello from greeter 3');
    await disable();
    expect(await eventuallyOnSecond('status 404')).toBe('status 404');
    expect(await pin('2.0.0')).toBe('2.0.0');
    expect(await eventuallyOnSecond('hello from greeter 2')).toBe('hello from greeter 2');
    expect(await pin('^3')).toBe('3.0.0');
    expect(await eventuallyOnSecond('hello from greeter 3')).toBe('hello from greeter 3');
    expect(await pin('2.0.0')).toBe('2.0.0');
    expect(await eventuallyOnSecond('hello from greeter 2')).toBe('hello from greeter 2');
    await disable();
    expect(await eventuallyOnSecond('status 404')).toBe('status 404');
    // Enabling again without a version brings back the pin the tenant had.
    await enable();
    expect(await eventuallyOnSecond('hello from greeter 2')).toBe('hello from greeter 2');
  });
});
