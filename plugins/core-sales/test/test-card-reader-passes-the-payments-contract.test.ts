import { paymentIdempotencyKey } from '@kits/plugin-sdk';
import { paymentsContract } from '@kits/plugin-sdk/test-kit';
import type { TestKernel } from '@kits/kernel/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardLedger, cardReaderOverHttp, presentCard } from './support/card-reader.ts';
import { salesKit } from './support/kits.ts';

describe.each(['pglite', 'postgres'] as const)('the test-card-reader fixture on %s', (db) => {
  let kit: TestKernel;
  beforeAll(async () => {
    kit = await salesKit(db, {}, { payments: 'test-card-reader' });
  });
  afterAll(async () => kit?.close());

  describe('passes the payments@2 contract with card tokens (answers at once)', () => {
    const cases = paymentsContract(() => cardReaderOverHttp(kit), {
      approved: { token: 'tok_approve' },
      declined: { token: 'tok_insufficient_funds', reason: 'insufficient_funds' },
    });
    for (const c of cases) it(c.name, c.run);
  });

  describe('passes the payments@2 contract on the reader (answers pending until a card is presented)', () => {
    const cases = paymentsContract(() => cardReaderOverHttp(kit), {
      approved: { reader: 'Front-1' },
      declined: { reader: 'Front-1', reason: 'expired_card' },
      presentCard: async (payment, how) => void (await presentCard(kit, how === 'approved' ? 'approve' : 'expired_card', payment.id)),
    });
    for (const c of cases) it(c.name, c.run);
  });

  it('a pending payment asks for the card on Front-1; approved, it carries the card a receipt prints; the ledger counts each call once', async () => {
    const provider = cardReaderOverHttp(kit);
    const before = await cardLedger(kit);
    const key = (operation: 'authorize' | 'capture') =>
      paymentIdempotencyKey({ tenantId: kit.tenant.id, saleId: 's-ledger', tender: 't1', operation });
    const request = { method: 'card', amount: 1250, currency: 'EUR', saleId: 's-ledger', tenderId: 't1', idempotencyKey: key('authorize') };
    const pending = await provider.authorize(request);
    expect(pending).toMatchObject({
      state: 'pending',
      action: { kind: 'present_card', reader: 'Front-1', message: 'Present card on reader Front-1' },
    });
    const approved = await presentCard(kit, 'approve');
    expect(approved).toMatchObject({
      id: pending.id,
      state: 'authorized',
      card: { brand: 'visa', last4: '4242', authorizationCode: '123456' },
    });
    await Promise.all([1, 2, 3].map(() => provider.authorize(request)));
    await Promise.all([1, 2, 3].map(() => provider.capture({ paymentId: pending.id, idempotencyKey: key('capture') })));
    const after = await cardLedger(kit);
    expect({
      held: after.held - before.held,
      captured: after.captured - before.captured,
      released: after.released - before.released,
      authorize: after.calls.authorize - before.calls.authorize,
      capture: after.calls.capture - before.calls.capture,
    }).toEqual({ held: 1250, captured: 1250, released: 0, authorize: 1, capture: 1 });
  });

  it('present with nothing pending is a 409, and bad input is a 400; neither changes the ledger', async () => {
    const before = await cardLedger(kit);
    const none = await kit.request<{ code: string }>('POST', '/api/v1/test-card-reader/present', { body: { outcome: 'approve' } });
    expect([none.status, none.body.code]).toEqual([409, 'test-card-reader.nothing_pending']);
    const bad = await kit.request<{ code: string }>('POST', '/api/v1/test-card-reader/present', { body: { outcome: 'maybe' } });
    expect(bad.status).toBe(400);
    expect(await cardLedger(kit)).toEqual(before);
  });

  it("the reader's tables have forced row-level security", async () => {
    expect((await kit.tablesWithoutTenantIsolation()).filter((t) => t.startsWith('test_card_reader.'))).toEqual([]);
  });
});
