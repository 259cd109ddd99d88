import type { TestKernel } from '@kits/kernel/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountingKit, CASHIER, DATABASE_KINDS, settled, variant } from './support.ts';

interface JournalLine {
  role: string;
  key: string;
  label: string;
  debit: number;
  credit: number;
  accountId: string | null;
}
interface DayJournal {
  locationId: string;
  day: string;
  closed: boolean;
  lines: JournalLine[];
  debitTotal: number;
  creditTotal: number;
  exported: string[];
}
interface ZReport {
  afterRefunds: { total: number; tax: number };
  byTender: Array<{ method: string; net: number }>;
  byTax: Array<{ name: string; amount: number }>;
  cash: { overShort: number | null; expected: number };
}

/**
 * A day sold through core-sales' own routes — a cash + card split, a line discount, two VAT rates,
 * a refund, a drawer 0.50 short at the Z report — and the day's journal agree to the cent: tenders
 * by method, tax by rate, sales net of refunds, cash over/short. The day stays open while its shift is.
 */
describe.each(DATABASE_KINDS)("the day's journal equals core-sales' Z report, on %s", (db) => {
  let kit: TestKernel;
  let z: ZReport;
  let openJournal: DayJournal;
  let journal: DayJournal;

  const dayJournal = async (day: string) => {
    const answer = await kit.request<DayJournal>('GET', `/api/v1/accounting/days/${kit.tenant.locationId}/${day}/journal`);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    return answer.body;
  };

  beforeAll(async () => {
    kit = await accountingKit(db);
    const bread = await variant(kit, 450); // standard: VAT 20 % included
    const jam = await variant(kit, 380, 100, 'reduced'); // VAT 5 % included
    const till = await kit.signInTill({ permissions: CASHIER });
    const shift = await kit.request<{ shiftId: string }>('POST', '/api/v1/core-sales/shifts', {
      token: till.token,
      body: { openingFloat: 10_000 },
    });
    expect(shift.status).toBe(201);
    const sell = async (body: object) => {
      const sale = await kit.request<{ id: string; total: number; occurredAt: string }>('POST', '/api/v1/core-sales/sales', {
        token: till.token,
        body,
      });
      expect(sale.status, JSON.stringify(sale.body)).toBe(201);
      return sale.body;
    };
    const split = await sell({
      lines: [
        { variantId: bread, quantity: 2, discount: { kind: 'percent', basisPoints: 1000 } },
        { variantId: jam, quantity: 1 },
      ],
      tenders: [
        { method: 'cash', amount: 500 },
        { method: 'card', amount: 810 + 380 - 500, token: 'tok_visa' },
      ],
    });
    const jams = await sell({ lines: [{ variantId: jam, quantity: 2 }], tenders: [{ method: 'cash', amount: 760 }] });
    const refund = await kit.request('POST', '/api/v1/core-sales/refunds', {
      token: till.token,
      body: { saleId: jams.id, lines: [{ lineNo: 1, quantity: 1 }], reason: 'dented lid', restock: true },
    });
    expect(refund.status, JSON.stringify(refund.body)).toBe(201);
    const day = new Date(split.occurredAt ?? Date.now()).toISOString().slice(0, 10);
    expect(await settled(kit)).toEqual([]);
    openJournal = await dayJournal(day);
    const x = await kit.request<ZReport>('GET', `/api/v1/core-sales/shifts/${shift.body.shiftId}/report`, { token: till.token });
    const counted = x.body.cash.expected - 50;
    const close = await kit.request<ZReport>('POST', `/api/v1/core-sales/shifts/${shift.body.shiftId}/close`, {
      token: till.token,
      body: { counted: [{ denomination: 1, count: counted }] },
    });
    expect(close.status, JSON.stringify(close.body)).toBe(200);
    z = close.body;
    expect(await settled(kit)).toEqual([]);
    journal = await dayJournal(day);
  });
  afterAll(() => kit?.close());

  const net = (lines: JournalLine[], role: string) => lines.filter((l) => l.role === role);
  const credit = (lines: JournalLine[]) => lines.reduce((s, l) => s + l.credit - l.debit, 0);

  it('balances, and its tenders are the Z report’s tenders by method, net of the refund, cash as counted', () => {
    expect(journal.debitTotal).toBe(journal.creditTotal);
    const byMethod = new Map<string, number>();
    for (const line of net(journal.lines, 'tender')) {
      const method = line.key.split(':')[0]!;
      byMethod.set(method, (byMethod.get(method) ?? 0) + line.debit - line.credit);
    }
    // Cash is what was counted: the Z report's cash net of refunds, plus the drawer's over/short.
    const expected = z.byTender.filter((t) => t.net !== 0).map((t) => [t.method, t.method === 'cash' ? t.net + z.cash.overShort! : t.net]);
    expect(Object.fromEntries(byMethod)).toEqual(Object.fromEntries(expected));
    expect(byMethod.get('card')).toBe(690);
  });

  it('its tax lines are the Z report’s tax by rate, and sales + tax net of the refund are what the day took', () => {
    const tax = Object.fromEntries(net(journal.lines, 'tax').map((l) => [l.key, l.credit - l.debit]));
    expect(tax).toEqual(Object.fromEntries(z.byTax.filter((t) => t.amount !== 0).map((t) => [t.name, t.amount])));
    expect(Object.keys(tax).sort()).toEqual(['VAT 20%', 'VAT 5%']);
    expect(credit(net(journal.lines, 'tax'))).toBe(z.afterRefunds.tax);
    const revenue = ['sales', 'discounts', 'refunds', 'charges', 'tax', 'rounding'].flatMap((role) => net(journal.lines, role));
    expect(credit(revenue)).toBe(z.afterRefunds.total);
    expect(net(journal.lines, 'discounts').length).toBeGreaterThan(0);
  });

  it('the drawer 0.50 short is a 0.50 debit to cash over/short, against cash', () => {
    expect(z.cash.overShort).toBe(-50);
    expect(net(journal.lines, 'cash_over_short').map((l) => [l.debit, l.credit])).toEqual([[50, 0]]);
    expect(credit(net(openJournal.lines, 'cash_over_short'))).toBe(0);
  });

  it('today is not closed, and nothing of it was exported', () => {
    expect(openJournal.closed).toBe(false);
    expect(journal.closed).toBe(false);
    expect(journal.exported).toEqual([]);
  });
});
