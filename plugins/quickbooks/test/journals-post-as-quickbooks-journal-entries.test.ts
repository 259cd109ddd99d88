import { AccountingRejectedError } from '@kits/plugin-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basisPointsOf } from '../src/server/accounting/tax-codes.ts';
import { docNumberOf, journalEntryJson } from '../src/server/accounting/journal-entry.ts';
import { cashSaleJournal, connect, quickBooksKit, type QuickBooksKit } from './support.ts';

// What QuickBooks holds after a post: one JournalEntry whose lines carry the exact decimal amounts,
// debit/credit posting types and the mapped accounts; its DocNumber derived from the idempotency key
// (≤ 21 characters), its PrivateNote the memo and reference. Accounts and tax codes are listed as
// accounting@1 says. Every API call names minorversion=75.
describe('journals post as QuickBooks journal entries (pglite)', () => {
  let s: QuickBooksKit;

  beforeAll(async () => {
    s = await quickBooksKit('pglite');
    await connect(s);
  });
  afterAll(async () => s?.close());

  it('lists active accounts with their class from Classification, and tax codes with their sales rate in basis points', async () => {
    const accounts = await s.accounting.accounts();
    expect(accounts.map((a) => a.id)).not.toContain('12');
    expect(accounts.find((a) => a.id === '1')).toEqual({
      id: '1',
      code: '4000',
      name: 'Sales of Product Income',
      class: 'revenue',
      type: 'Income',
    });
    expect(accounts.find((a) => a.id === '7')).toMatchObject({ class: 'expense', type: 'Cost of Goods Sold' });
    expect(accounts.find((a) => a.id === '9')).toMatchObject({ class: 'liability', name: 'VAT Control' });
    expect(await s.accounting.taxRates()).toEqual([
      { id: '2', name: '20.0% S', basisPoints: 2000 },
      { id: '3', name: '5.0% R', basisPoints: 500 },
      { id: '4', name: '0.0% Z', basisPoints: 0 },
      { id: '6', name: 'No VAT', basisPoints: null },
    ]);
  });

  it('posts one JournalEntry with exact decimal amounts, the DocNumber of its key and the memo and reference', async () => {
    const key = 'kits-0a1b2c3d-4e5f6a7b-20261206-0';
    const journal = cashSaleJournal('KiTS Front Street 2026-12-06', {
      lines: [
        { role: 'tender', key: 'cash', accountId: '4', taxRateId: null, debit: 123457, credit: 0, description: 'Cash taken' },
        { role: 'sales', key: 'VAT 20%', accountId: '1', taxRateId: '2', debit: 0, credit: 102881, description: 'Net sales VAT 20%' },
        { role: 'tax', key: 'VAT 20%', accountId: '9', taxRateId: null, debit: 0, credit: 20576, description: 'VAT 20% collected' },
      ],
    });
    const posted = await s.accounting.postJournal(journal, key);
    const entry = s.qbo.company.journalEntries.find((e) => e.Id === posted.providerId)!;
    expect(posted.url).toBe(`https://app.qbo.intuit.com/app/journal?txnId=${posted.providerId}`);
    expect(entry).toMatchObject({
      DocNumber: docNumberOf(key),
      TxnDate: '2026-12-06',
      PrivateNote: 'KiTS day journal — KiTS Front Street 2026-12-06',
      CurrencyRef: { value: 'EUR' },
    });
    expect(entry.DocNumber!.length).toBeLessThanOrEqual(21);
    expect(entry.Line).toEqual([
      expect.objectContaining({
        Amount: 1234.57,
        DetailType: 'JournalEntryLineDetail',
        Description: 'Cash taken',
        JournalEntryLineDetail: { PostingType: 'Debit', AccountRef: { value: '4' } },
      }),
      expect.objectContaining({ Amount: 1028.81, JournalEntryLineDetail: { PostingType: 'Credit', AccountRef: { value: '1' } } }),
      expect.objectContaining({ Amount: 205.76, JournalEntryLineDetail: { PostingType: 'Credit', AccountRef: { value: '9' } } }),
    ]);
    const post = s.qbo.requests.filter((r) => r.path.endsWith('/journalentry')).at(-1)!;
    expect(post.query).toEqual({ requestid: key, minorversion: '75' });
    expect(s.qbo.requests.filter((r) => r.path.startsWith('/v3/')).every((r) => r.query.minorversion === '75')).toBe(true);
  });

  it('writes amounts from minor units exactly, whatever the currency’s exponent, and derives short, stable DocNumbers', () => {
    const journal = (currency: string, amount: number) =>
      JSON.parse(
        journalEntryJson(
          cashSaleJournal('r', {
            currency,
            lines: [
              { role: 'tender', key: 'cash', accountId: '4', taxRateId: null, debit: amount, credit: 0, description: 'd' },
              { role: 'sales', key: 'x', accountId: '1', taxRateId: null, debit: 0, credit: amount, description: 'c' },
            ],
          }),
          'k-1',
        ),
      ) as { Line: { Amount: number }[] };
    expect(journal('JPY', 1500).Line[0]!.Amount).toBe(1500);
    expect(journal('KWD', 1005).Line[0]!.Amount).toBe(1.005);
    expect(journal('EUR', 10).Line[0]!.Amount).toBe(0.1);
    expect(journalEntryJson(cashSaleJournal('r', { currency: 'EUR' }), 'k-1')).toContain('"Amount":12.00');
    expect(docNumberOf('short-key')).toBe('short-key');
    expect(docNumberOf('kits-0a1b2c3d-4e5f6a7b-20261206-0')).toMatch(/^KITS-[0-9a-f]{16}$/);
    expect(docNumberOf('kits-0a1b2c3d-4e5f6a7b-20261206-0')).toBe(docNumberOf('kits-0a1b2c3d-4e5f6a7b-20261206-0'));
    expect(docNumberOf('kits-0a1b2c3d-4e5f6a7b-20261206-1')).not.toBe(docNumberOf('kits-0a1b2c3d-4e5f6a7b-20261206-0'));
    expect(() => docNumberOf('has space')).toThrow(/idempotency key/);
    expect([basisPointsOf(20), basisPointsOf('7.25'), basisPointsOf(8.875), basisPointsOf('x')]).toEqual([2000, 725, 888, undefined]);
  });

  it('refuses an unbalanced journal before sending it: nothing reaches QuickBooks', async () => {
    const before = s.qbo.requests.length;
    const journal = cashSaleJournal('KiTS unbalanced');
    const unbalanced = { ...journal, lines: [journal.lines[0]!, { ...journal.lines[1]!, credit: 999 }, journal.lines[2]!] };
    await expect(s.accounting.postJournal(unbalanced, 'kits-unbalanced-1')).rejects.toThrow(/not balanced: debits 1200, credits 1199/);
    expect(s.qbo.requests.length).toBe(before);
  });

  it('answers an account QuickBooks does not have as AccountingRejectedError with Intuit’s words, and stores nothing', async () => {
    const stored = await s.qbo.journalsStored();
    const journal = cashSaleJournal('KiTS unknown account');
    const wrong = { ...journal, lines: [{ ...journal.lines[0]!, accountId: '999' }, ...journal.lines.slice(1)] };
    const error = await s.accounting.postJournal(wrong, 'kits-unknown-account-1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AccountingRejectedError);
    expect((error as AccountingRejectedError).providerMessage).toBe('Invalid Reference Id : Account element id 999 not found');
    expect((error as AccountingRejectedError).providerCode).toBe('2500');
    expect(await s.qbo.journalsStored()).toBe(stored);
    // Fixed, the same key posts: a refusal is not remembered under the requestid.
    const posted = await s.accounting.postJournal(journal, 'kits-unknown-account-1');
    expect(await s.qbo.journalsStored()).toBe(stored + 1);
    expect((await s.accounting.findJournal('kits-unknown-account-1', journal))?.providerId).toBe(posted.providerId);
  });
});
