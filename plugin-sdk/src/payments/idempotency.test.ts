import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { paymentIdempotencyKey, PAYMENT_KEY_MAX_LENGTH, type PaymentKeyParts } from './idempotency.ts';

describe('paymentIdempotencyKey', () => {
  it.each<[PaymentKeyParts, string]>([
    [{ tenantId: 't1', saleId: 's1', tender: 0, operation: 'authorize' }, 'kits-pay:t1:s1:#0:authorize'],
    [{ tenantId: 't1', saleId: 's1', tender: 0, operation: 'capture' }, 'kits-pay:t1:s1:#0:capture'],
    [{ tenantId: 't1', saleId: 's1', tender: 2, operation: 'cancel' }, 'kits-pay:t1:s1:#2:cancel'],
    [{ tenantId: 't1', saleId: 's1', tender: 'tnd-9', operation: 'authorize' }, 'kits-pay:t1:s1:tnd-9:authorize'],
    [{ tenantId: 't1', saleId: 's1', tender: 0, operation: 'refund', refundId: 'r1' }, 'kits-pay:t1:s1:#0:refund:r1'],
    [{ tenantId: 'a:b', saleId: 's 1', tender: '#0', operation: 'authorize' }, 'kits-pay:a%3Ab:s%201:%230:authorize'],
  ])('%o → %s', (parts, key) => {
    expect(paymentIdempotencyKey(parts)).toBe(key);
  });

  it.each<[string, PaymentKeyParts, RegExp]>([
    ['a refund without its id', { tenantId: 't', saleId: 's', tender: 0, operation: 'refund' }, /needs the refund id/],
    ['a capture with a refund id', { tenantId: 't', saleId: 's', tender: 0, operation: 'capture', refundId: 'r' }, /takes no refund id/],
    ['an empty tenant', { tenantId: '', saleId: 's', tender: 0, operation: 'authorize' }, /non-empty tenantId/],
    ['an empty sale', { tenantId: 't', saleId: '', tender: 0, operation: 'authorize' }, /non-empty saleId/],
    ['an empty tender id', { tenantId: 't', saleId: 's', tender: '', operation: 'authorize' }, /non-empty tender/],
    ['a negative tender index', { tenantId: 't', saleId: 's', tender: -1, operation: 'authorize' }, /whole number from 0/],
    ['a fractional tender index', { tenantId: 't', saleId: 's', tender: 1.5, operation: 'authorize' }, /whole number from 0/],
    [
      'a key too long for providers',
      { tenantId: 't'.repeat(200), saleId: 's'.repeat(60), tender: 0, operation: 'authorize' },
      /255 at most/,
    ],
  ])('refuses %s', (_what, parts, message) => {
    expect(() => paymentIdempotencyKey(parts)).toThrow(message);
  });

  it('a retry, or a kernel restarted mid-payment, derives the same key from the same sale and tender', () => {
    const parts: PaymentKeyParts = { tenantId: '0199f0a2-tenant', saleId: '0199f0a2-sale', tender: 1, operation: 'authorize' };
    expect(paymentIdempotencyKey({ ...parts })).toBe(paymentIdempotencyKey(parts));
  });

  const id = fc.string({ minLength: 1, maxLength: 12 });
  const parts: fc.Arbitrary<PaymentKeyParts> = fc.oneof(
    fc.record({
      tenantId: id,
      saleId: id,
      tender: fc.oneof(fc.nat({ max: 20 }), id),
      operation: fc.constantFrom('authorize' as const, 'capture' as const, 'cancel' as const),
    }),
    fc.record({
      tenantId: id,
      saleId: id,
      tender: fc.oneof(fc.nat({ max: 20 }), id),
      operation: fc.constant('refund' as const),
      refundId: id,
    }),
  );

  it('different parts never give the same key (no charge is mistaken for another)', () => {
    fc.assert(
      fc.property(parts, parts, (a, b) => {
        fc.pre(JSON.stringify(a) !== JSON.stringify(b));
        expect(paymentIdempotencyKey(a)).not.toBe(paymentIdempotencyKey(b));
      }),
      { numRuns: 2000 },
    );
  });

  it('keys from ids of a usual length fit providers', () => {
    const uuid = '0199f0a2-7c3e-7a51-9d0b-3f7c2b8e4a11';
    const key = paymentIdempotencyKey({ tenantId: uuid, saleId: uuid, tender: uuid, operation: 'refund', refundId: uuid });
    expect(key.length).toBeLessThanOrEqual(PAYMENT_KEY_MAX_LENGTH);
  });
});
