import { describe, expect, it } from 'vitest';
import { isDomainError } from '../errors.ts';
import { ledgerEntriesOf } from './ledger-entries.ts';

/** Figures that do not add up, or a payload of another shape, are refused by name: never balanced by a made-up line. */

const dayOf = (_location: string, at: string) => at.slice(0, 10);
const SALE = '0190b000-0000-7000-8000-0000000000aa';

const sale = (over: Record<string, unknown> = {}) => ({
  id: SALE,
  receiptNumber: 42,
  locationId: 'loc-1',
  currency: 'EUR',
  occurredAt: '2026-03-10T12:00:00.000Z',
  total: 1200,
  rounding: 0,
  lines: [
    {
      lineNo: 1,
      gross: 1200,
      promotionDiscount: 0,
      lineDiscount: 0,
      cartDiscount: 0,
      net: 1000,
      tax: 200,
      taxes: [{ name: 'VAT 20%', basisPoints: 2000, amount: 200 }],
      total: 1200,
    },
  ],
  tenders: [{ method: 'cash', amount: 1200 }],
  ...over,
});

function refusal(event: { type: string; payload: unknown }) {
  try {
    ledgerEntriesOf(event, dayOf);
  } catch (error) {
    if (!isDomainError(error)) throw error;
    return { code: error.code, status: error.status, message: error.message, extensions: error.extensions };
  }
  throw new Error('expected the event to be refused');
}

describe('payloads whose figures do not add up are refused, naming the document and the difference', () => {
  it('tenders short of the lines', () => {
    const refused = refusal({ type: 'sales.sale.completed', payload: sale({ tenders: [{ method: 'cash', amount: 1195 }] }) });
    expect(refused.code).toBe('accounting.unbalanced_event');
    expect(refused.message).toContain(`Sale ${SALE} (receipt 42)`);
    expect(refused.message).toContain('tenders come to 1195');
    expect(refused.message).toContain('difference -5');
    expect(refused.extensions).toEqual({ saleId: SALE, difference: -5 });
  });

  it('tenders above the lines without rounding to say why', () => {
    const refused = refusal({ type: 'sales.sale.completed', payload: sale({ tenders: [{ method: 'card', amount: 1210 }] }) });
    expect(refused.message).toContain('difference 10');
  });

  it('a total that is not the lines and charges', () => {
    const refused = refusal({ type: 'sales.sale.completed', payload: sale({ total: 1300, tenders: [{ method: 'cash', amount: 1300 }] }) });
    expect(refused.message).toContain('lines and charges come to 1200, but its total is 1300 (difference -100)');
  });

  it('a line whose taxes by rate are not its tax', () => {
    const line = { ...sale().lines[0]!, taxes: [{ name: 'VAT 20%', basisPoints: 2000, amount: 190 }] };
    const refused = refusal({ type: 'sales.sale.completed', payload: sale({ lines: [line] }) });
    expect(refused.message).toContain('line 1');
    expect(refused.message).toContain('come to 190, but its tax is 200');
  });

  it('a line whose gross less discounts is neither its net nor its total', () => {
    const line = { ...sale().lines[0]!, lineDiscount: 50 };
    const refused = refusal({ type: 'sales.sale.completed', payload: sale({ lines: [line] }) });
    expect(refused.message).toContain('gross 1200 less discounts 50 is 1150');
  });

  it("a till refund giving back more than its lines (only a channel's may: shipping)", () => {
    const refused = refusal({
      type: 'sales.sale.refunded',
      payload: {
        id: 'refund-1',
        saleId: SALE,
        locationId: 'loc-1',
        currency: 'EUR',
        occurredAt: '2026-03-10T12:00:00.000Z',
        channel: 'till',
        lines: [{ amount: 600, tax: 100, taxes: [{ name: 'VAT 20%', basisPoints: 2000, amount: 100 }] }],
        tenders: [{ method: 'cash', amount: 650 }],
      },
    });
    expect(refused.message).toContain(`Refund refund-1 of sale ${SALE}`);
    expect(refused.message).toContain('difference 50');
  });

  it('a channel refund giving back less than its goods', () => {
    const refused = refusal({
      type: 'sales.sale.refunded',
      payload: {
        id: 'refund-2',
        saleId: SALE,
        locationId: 'loc-1',
        currency: 'EUR',
        occurredAt: '2026-03-10T12:00:00.000Z',
        channel: 'shopify',
        lines: [{ amount: 600, tax: 100, taxes: [{ name: 'Tax', basisPoints: 2000, amount: 100 }] }],
        tenders: [{ method: 'shopify_payments', amount: 500 }],
      },
    });
    expect(refused.message).toContain('difference -100');
  });
});

describe('payloads of another shape are refused, saying which field', () => {
  it('a sale without tenders', () => {
    const payload: Record<string, unknown> = sale();
    delete payload.tenders;
    const refused = refusal({ type: 'sales.sale.completed', payload });
    expect([refused.code, refused.status]).toEqual(['accounting.malformed_event', 422]);
    expect(refused.message).toContain('tenders');
  });

  it('an amount that is not whole minor units', () => {
    const refused = refusal({ type: 'sales.sale.completed', payload: sale({ tenders: [{ method: 'cash', amount: 1199.5 }] }) });
    expect(refused.code).toBe('accounting.malformed_event');
    expect(refused.message).toContain('/tenders/0/amount');
  });

  it('a Z report the accounting plugin did not give a location', () => {
    const refused = refusal({
      type: 'sales.shift.closed',
      payload: { shiftId: 's', deviceId: 'd', openedAt: '2026-03-10T08:00:00.000Z', cash: { overShort: 10 } },
    });
    expect(refused.code).toBe('accounting.malformed_event');
    expect(refused.message).toContain("add the device's locationId and the shop's currency");
  });

  it('extra fields are no trouble', () => {
    expect(ledgerEntriesOf({ type: 'sales.sale.completed', payload: { ...sale(), loyalty: { points: 12 } } }, dayOf)).toHaveLength(1);
  });
});
