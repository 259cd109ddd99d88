import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { demoKernelEnv, signInToDemo, startKernelProcess, type KernelProcess } from '@kits/kernel/test-kit';
import { createScratchPostgres, eventually, httpClient, type ScratchDatabase } from '@kits/plugin-sdk/test-kit';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const plugin = (path: string) => fileURLToPath(new URL(path, import.meta.url));

type PaymentView = { id: string; state: string };

/**
 * A kernel process is killed (SIGKILL) between a card's authorization and its capture. Started
 * again, the payment is captured once when its sale completes, or canceled once by the
 * reconciliation when the sale never comes — the test card reader's bank (its own schema) counts.
 */
describe('a card payment cut off by a killed kernel', () => {
  let database: ScratchDatabase;
  let env: Record<string, string>;
  let kernel: KernelProcess;
  let folder: string;
  beforeAll(async () => {
    database = await createScratchPostgres();
    // Only the plugins this needs: inventory (the demo catalog), sales and the test card reader.
    folder = mkdtempSync(join(tmpdir(), 'kits-card-kill-'));
    symlinkSync(plugin('../../core-inventory'), join(folder, 'core-inventory'));
    symlinkSync(plugin('../'), join(folder, 'core-sales'));
    symlinkSync(plugin('./fixtures/test-card-reader'), join(folder, 'test-card-reader'));
    env = demoKernelEnv(database.url, [folder]);
    kernel = await startKernelProcess(env);
  }, 120_000);
  afterAll(async () => {
    await kernel?.stop();
    await database?.drop();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  const query = async <Row>(sql: string, params: unknown[] = []): Promise<Row[]> => {
    const { Client } = await import('pg');
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows as Row[];
    } finally {
      await client.end();
    }
  };
  /** What the bank did for one payment: money moved by kind, and the calls it carried out. */
  const bank = async (paymentId: string) => {
    const moved = await query<{ kind: string; amount: string }>(
      'select kind, sum(amount)::text as amount from test_card_reader.movements where payment_id = $1 group by kind',
      [paymentId],
    );
    const calls = await query<{ operation: string; n: string }>(
      'select operation, count(*)::text as n from test_card_reader.calls where payment_id = $1 group by operation',
      [paymentId],
    );
    return {
      ...Object.fromEntries(moved.map((m) => [m.kind, Number(m.amount)])),
      calls: Object.fromEntries(calls.map((c) => [c.operation, Number(c.n)])),
    };
  };

  it('captures once when the sale completes after the restart, and cancels once an authorization whose sale never came', async () => {
    let http = httpClient(kernel.url);
    const signIn = async () =>
      (
        await http<{ accessToken: string }>('POST', '/api/v1/auth/pin-login', {
          body: { tenant: 'demo', deviceId: kernel.deviceId, email: 'cashier@demo.kits', pin: '1234' },
        })
      ).body.accessToken;
    let token = await signIn();
    const variantId = (await http<{ variantId: string }>('GET', '/api/v1/core-inventory/lookup?code=COF-FW', { token })).body.variantId;
    expect((await http('POST', '/api/v1/core-sales/shifts', { token, body: { openingFloat: 0 } })).status).toBe(201);
    // A cash sale first: what one costs, so the card pays it exactly.
    const cash = await http<{ total: number }>('POST', '/api/v1/core-sales/sales', {
      token,
      body: { lines: [{ variantId, quantity: 1 }], tenders: [{ method: 'cash', amount: 100_000 }] },
    });
    expect(cash.status).toBe(201);
    const price = cash.body.total;

    // Two tills' payments authorized; the kernel dies before either sale reaches it.
    const completing = uuidv7();
    const abandoned = uuidv7();
    const authorize = async (saleId: string) =>
      (
        await http<PaymentView>('POST', '/api/v1/core-sales/payments', {
          token,
          body: { saleId, tenderId: uuidv7(), method: 'card', amount: price, token: 'tok_approve' },
        })
      ).body;
    const paid = await authorize(completing);
    const lost = await authorize(abandoned);
    expect([paid.state, lost.state]).toEqual(['authorized', 'authorized']);
    await kernel.kill();

    kernel = await startKernelProcess(env);
    http = httpClient(kernel.url);
    token = await signIn();
    const sold = await http<{ id: string }>('POST', '/api/v1/core-sales/sales', {
      token,
      body: { id: completing, lines: [{ variantId, quantity: 1 }], tenders: [{ method: 'card', amount: price, token: paid.id }] },
    });
    expect(sold.status).toBe(201);
    // Killed again right after the commit: the capture may or may not have happened; the outbox still has it.
    await kernel.kill();
    kernel = await startKernelProcess(env);
    http = httpClient(kernel.url);
    const { admin } = await signInToDemo(http);
    const captured = await eventually(
      () => bank(paid.id),
      (b) => b.calls.capture === 1,
      // A delivery the killed kernel had claimed waits out its lease (the handler limit + 5 s) first.
      45_000,
    );
    expect(captured).toEqual({ held: price, captured: price, calls: { authorize: 1, capture: 1 } });

    // The abandoned one, past the grace period: the reconciliation (run three times) cancels it once.
    await query("update sales.payments set created_at = now() - interval '16 minutes' where payment_id = $1", [lost.id]);
    for (let i = 0; i < 3; i++)
      expect((await http('POST', '/api/v1/core-sales/payments/reconcile', { token: admin, body: {} })).status).toBe(200);
    expect(await bank(lost.id)).toEqual({ held: price, released: price, calls: { authorize: 1, cancel: 1 } });
    const states = await query<{ payment_id: string; state: string }>('select payment_id, state from sales.payments order by created_at');
    expect(Object.fromEntries(states.map((s) => [s.payment_id, s.state]))).toEqual({ [paid.id]: 'captured', [lost.id]: 'canceled' });
    // Nothing more on the paid one, whatever ran since.
    expect(await bank(paid.id)).toEqual({ held: price, captured: price, calls: { authorize: 1, capture: 1 } });
  }, 300_000);
});
