import { fileURLToPath } from 'node:url';
import { demoKernelEnv, startKernelProcess, type KernelProcess } from '@kits/kernel/test-kit';
import { createScratchPostgres, httpClient, type ScratchDatabase, tillEventLog } from '@kits/plugin-sdk/test-kit';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const PLUGINS = fileURLToPath(new URL('../../', import.meta.url));

type Answer = { id: string; status: string; original?: { status: string } };

/**
 * A kernel process is killed (SIGKILL) while it applies a 1000-event batch of offline sales.
 * Whatever the moment, the batch is all or nothing, and sending it again to a fresh process
 * applies every sale exactly once.
 */
describe('a sync batch cut off by a killed kernel', () => {
  let database: ScratchDatabase;
  let env: Record<string, string>;
  let kernel: KernelProcess;
  beforeAll(async () => {
    database = await createScratchPostgres();
    env = demoKernelEnv(database.url, [PLUGINS]);
    kernel = await startKernelProcess(env);
  }, 120_000);
  afterAll(async () => {
    await kernel?.stop();
    await database?.drop();
  });

  const count = async (sql: string, params: unknown[] = []) => {
    const { Client } = await import('pg');
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      return Number((await client.query<{ n: string }>(sql, params)).rows[0]!.n);
    } finally {
      await client.end();
    }
  };

  it('applies nothing of a batch in flight when killed, and every sale once when sent again', async () => {
    let http = httpClient(kernel.url);
    const signIn = async () =>
      (
        await http<{ accessToken: string }>('POST', '/api/v1/auth/pin-login', {
          body: { tenant: 'demo', deviceId: kernel.deviceId, email: 'cashier@demo.kits', pin: '1234' },
        })
      ).body.accessToken;
    let token = await signIn();
    const variantId = (await http<{ variantId: string }>('GET', '/api/v1/core-inventory/lookup?code=COF-FW', { token })).body.variantId;
    const event = tillEventLog(kernel.deviceId);
    const shiftId = uuidv7();
    const opened = await http<{ answers: Answer[] }>('POST', '/api/v1/sync/push', {
      token,
      body: { events: [event('sales.shift.opened', { shiftId, openingFloat: 0 })] },
    });
    expect(opened.body.answers[0]!.status).toBe('accepted');
    let receipt = 0;
    const batch = () =>
      Array.from({ length: 1000 }, () =>
        event('sales.sale.completed', {
          sale: { id: uuidv7(), shiftId, lines: [{ variantId, quantity: 1 }], tenders: [{ method: 'cash', amount: 340 }] },
          receiptNumber: ++receipt,
          cashierId: 'cashier@demo.kits',
        }),
      );

    // How long a batch takes here, so the kill lands in the middle of the next one.
    const started = performance.now();
    const warmUp = await http<{ answers: Answer[] }>('POST', '/api/v1/sync/push', { token, body: { events: batch() } });
    const batchMs = performance.now() - started;
    expect(warmUp.body.answers.every((a) => a.status === 'accepted')).toBe(true);
    const salesBefore = await count("select count(*) as n from sales.sales where status = 'completed'");
    const onHandBefore = await count(
      "select on_hand as n from inventory.stock_levels l join inventory.variants v using (tenant_id, variant_id) where v.sku = 'COF-FW' and l.location_id = (select location_id from kernel.devices where device_id = $1)",
      [kernel.deviceId],
    );

    const cutOff = batch();
    const inFlight = http('POST', '/api/v1/sync/push', { token, body: { events: cutOff } }).catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, batchMs / 2));
    await kernel.kill();
    await inFlight;
    const afterKill = (await count("select count(*) as n from sales.sales where status = 'completed'")) - salesBefore;
    expect([0, 1000]).toContain(afterKill); // never part of a batch

    kernel = await startKernelProcess(env);
    http = httpClient(kernel.url);
    token = await signIn();
    const retried = await http<{ answers: Answer[] }>('POST', '/api/v1/sync/push', { token, body: { events: cutOff } });
    expect(retried.status).toBe(200);
    const statuses = new Set(retried.body.answers.map((a) => a.status));
    expect(statuses).toEqual(new Set([afterKill === 0 ? 'accepted' : 'duplicate']));
    expect((await count("select count(*) as n from sales.sales where status = 'completed'")) - salesBefore).toBe(1000);
    const onHandAfter = await count(
      "select on_hand as n from inventory.stock_levels l join inventory.variants v using (tenant_id, variant_id) where v.sku = 'COF-FW' and l.location_id = (select location_id from kernel.devices where device_id = $1)",
      [kernel.deviceId],
    );
    expect(onHandBefore - onHandAfter).toBe(1000);
  }, 240_000);
});
