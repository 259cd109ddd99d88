import {
  memoryV1PaymentRecords,
  paymentIdempotencyKey,
  paymentsV2FromV1,
  type CapabilityMap,
  type PaymentsService,
  type PaymentsServiceV2,
} from '@kits/plugin-sdk';
import { paymentsContract } from '@kits/plugin-sdk/test-kit';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { fakeV1Provider } from './fake-v1-provider.ts';

describe('payments@2 contract: paymentsV2FromV1 over a payments@1 provider', () => {
  const cases = paymentsContract(() => paymentsV2FromV1(fakeV1Provider().service), {
    approved: { token: 'tok_visa' },
    declined: { token: 'tok_decline', reason: 'insufficient_funds' },
  });
  for (const c of cases) it(c.name, c.run);
});

const key = (operation: 'authorize' | 'capture' | 'cancel' | 'refund', refundId?: string) =>
  paymentIdempotencyKey({ tenantId: 't1', saleId: 'sale-1', tender: 0, operation, ...(refundId ? { refundId } : {}) });
const charge = { method: 'card', amount: 1000, currency: 'EUR', saleId: 'sale-1', tenderId: '0', token: 'tok_visa' };

describe('what the payments@1 adapter does at the payments@1 provider', () => {
  it('payments@1 keeps its type, and payments@2 is typed beside it', () => {
    expectTypeOf<CapabilityMap['payments@1']>().toEqualTypeOf<PaymentsService>();
    expectTypeOf<CapabilityMap['payments@2']>().toEqualTypeOf<PaymentsServiceV2>();
  });

  it('authorize charges at once and capture moves no more money', async () => {
    const v1 = fakeV1Provider();
    const payments = paymentsV2FromV1(v1.service);
    const authorized = await payments.authorize({ ...charge, idempotencyKey: key('authorize') });
    expect(v1.ledger).toEqual({ charges: 1, charged: 1000, refunds: 0, refunded: 0 });
    expect(await payments.capture({ paymentId: authorized.id, idempotencyKey: key('capture') })).toMatchObject({
      state: 'captured',
      captured: 1000,
    });
    expect(v1.ledger).toEqual({ charges: 1, charged: 1000, refunds: 0, refunded: 0 });
  });

  it('cancel is a full refund of the charge; a partial capture refunds the difference', async () => {
    const v1 = fakeV1Provider();
    const payments = paymentsV2FromV1(v1.service);
    const first = await payments.authorize({ ...charge, idempotencyKey: key('authorize') });
    await payments.cancel({ paymentId: first.id, idempotencyKey: key('cancel') });
    expect(v1.ledger).toMatchObject({ charged: 1000, refunded: 1000 });

    const other = (operation: 'authorize' | 'capture') => paymentIdempotencyKey({ tenantId: 't1', saleId: 'sale-2', tender: 0, operation });
    const second = await payments.authorize({ ...charge, saleId: 'sale-2', idempotencyKey: other('authorize') });
    await payments.capture({ paymentId: second.id, amount: 650, idempotencyKey: other('capture') });
    expect(v1.ledger).toEqual({ charges: 2, charged: 2000, refunds: 2, refunded: 1350 });
  });

  it('twenty racing authorizes with one key charge the card once', async () => {
    const v1 = fakeV1Provider();
    const payments = paymentsV2FromV1(v1.service);
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => payments.authorize({ ...charge, idempotencyKey: key('authorize') })),
    );
    expect(new Set(answers.map((a) => a.id)).size).toBe(1);
    expect(v1.ledger.charges).toBe(1);
  });

  it('after a kernel restart (its records lost) the same authorize key finds the same payment and charges nothing more', async () => {
    const v1 = fakeV1Provider();
    const before = await paymentsV2FromV1(v1.service).authorize({ ...charge, idempotencyKey: key('authorize') });
    const afterRestart = paymentsV2FromV1(v1.service);
    const again = await afterRestart.authorize({ ...charge, idempotencyKey: key('authorize') });
    expect(again.id).toBe(before.id);
    expect(v1.ledger).toEqual({ charges: 1, charged: 1000, refunds: 0, refunded: 0 });
  });

  it('records shared by two adapters (two requests of one sale) see one payment through authorize, capture and refunds', async () => {
    const v1 = fakeV1Provider();
    const records = memoryV1PaymentRecords();
    const checkout = paymentsV2FromV1(v1.service, { records });
    const authorized = await checkout.authorize({ ...charge, idempotencyKey: key('authorize') });
    await paymentsV2FromV1(v1.service, { records }).capture({ paymentId: authorized.id, idempotencyKey: key('capture') });
    const refunds = paymentsV2FromV1(v1.service, { records });
    await refunds.refund({ paymentId: authorized.id, amount: 250, refundId: 'r1', idempotencyKey: key('refund', 'r1') });
    await expect(
      refunds.refund({ paymentId: authorized.id, amount: 751, refundId: 'r2', idempotencyKey: key('refund', 'r2') }),
    ).rejects.toMatchObject({ code: 'payments.refund_exceeds_capture', status: 409 });
    expect(await checkout.status(authorized.id)).toMatchObject({ state: 'partially_refunded', captured: 1000, refunded: 250 });
    expect(v1.ledger).toEqual({ charges: 1, charged: 1000, refunds: 1, refunded: 250 });
  });

  it('a payments@1 decline keeps its words in the message, under a reason from the closed set', async () => {
    const payments = paymentsV2FromV1(fakeV1Provider().service);
    const declined = await payments.authorize({ ...charge, token: 'tok_decline', idempotencyKey: key('authorize') });
    expect(declined.decline).toEqual({
      reason: 'insufficient_funds',
      message: 'insufficient funds: Insufficient funds — ask for another card or another way to pay.',
    });
  });

  it('a tender without a token, or a method the provider does not take, is refused before any charge', async () => {
    const v1 = fakeV1Provider();
    const payments = paymentsV2FromV1(v1.service);
    const noToken = { method: 'card', amount: 1000, currency: 'EUR', saleId: 'sale-1', tenderId: '0' };
    await expect(payments.authorize({ ...noToken, idempotencyKey: key('authorize') })).rejects.toMatchObject({
      code: 'payments.token_required',
      status: 400,
    });
    await expect(payments.authorize({ ...charge, method: 'wallet', idempotencyKey: key('authorize') })).rejects.toMatchObject({
      code: 'payments.unknown_method',
      status: 400,
    });
    expect(v1.ledger.charges).toBe(0);
  });
});
