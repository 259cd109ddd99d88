import { createScratchPostgres, httpClient, type ScratchDatabase } from '@kits/plugin-sdk/test-kit';
import { demoKernelEnv, startKernelProcess, type KernelProcess } from '@kits/kernel/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * SIGTERM to a kernel behind a balancer (docs/operations.md, upgrades): `/readyz` answers 503 at once
 * while requests are still served for SHUTDOWN_DRAIN_SECONDS, so the balancer stops sending first;
 * then the kernel closes and exits 0. A second signal does not cut the drain short.
 */
describe('a kernel stopped with SIGTERM', () => {
  let database: ScratchDatabase;
  let kernel: KernelProcess;

  beforeAll(async () => {
    database = await createScratchPostgres();
    kernel = await startKernelProcess({ ...demoKernelEnv(database.url, []), SHUTDOWN_DRAIN_SECONDS: '2' });
  }, 120_000);
  afterAll(async () => {
    await kernel?.kill();
    await database?.drop();
  });

  it('fails readiness first, keeps answering while it drains, then exits 0', async () => {
    const http = httpClient(kernel.url);
    expect((await http<{ status: string }>('GET', '/readyz')).status).toBe(200);
    const exited = new Promise<{ code: number | null; at: number }>((resolve) =>
      kernel.child.once('exit', (code) => resolve({ code, at: Date.now() })),
    );
    const signalledAt = Date.now();
    kernel.child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 300));
    kernel.child.kill('SIGTERM');

    const ready = await http<{ code: string; detail: string }>('GET', '/readyz');
    expect(ready.status).toBe(503);
    expect(ready.body.code).toBe('kernel.not_ready');
    expect(ready.body.detail).toContain('shutting down');
    // Still serving: the balancer's requests already on their way are answered.
    expect((await http('GET', '/healthz')).status).toBe(200);
    expect((await http('GET', '/docs/json')).status).toBe(200);

    const { code, at } = await exited;
    expect(code).toBe(0);
    expect(at - signalledAt).toBeGreaterThanOrEqual(2000);
  });
});
