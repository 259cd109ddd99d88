import { AccountingNotConnectedError, AccountingRateLimitedError, AccountingRejectedError } from '@kits/plugin-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectXero, DATABASE_KINDS, shopDay, xeroKit, type XeroKit } from './support.ts';

// accounting@1 for Xero as the accounting plugin calls it (through the kernel, in a transaction),
// against the Xero double, in both posting styles: what lands in Xero, once per key, and Xero's
// refusals and limits as the capability's errors.
describe.each(DATABASE_KINDS)('xero posts a day once (%s)', (db) => {
  describe('manual_journal style', () => {
    let s: XeroKit;
    beforeAll(async () => {
      s = await xeroKit(db);
      await connectXero(s);
    });
    afterAll(async () => s?.close());

    it('lists the active accounts in their classes and the active tax rates in basis points', async () => {
      const accounts = await s.accounting.accounts();
      expect(accounts.find((a) => a.code === '200')).toMatchObject({ name: 'Sales', class: 'revenue', type: 'REVENUE' });
      expect(accounts.find((a) => a.code === '820')).toMatchObject({ class: 'liability', type: 'CURRLIAB' });
      expect(accounts.some((a) => a.code === '499')).toBe(false);
      const rates = await s.accounting.taxRates();
      expect(rates).toContainEqual({ id: 'OUTPUT2', name: '20% (VAT on Income)', basisPoints: 2000 });
      expect(rates.some((r) => r.id === 'OUTPUT')).toBe(false);
      expect(await s.accounting.connection()).toEqual({
        status: 'connected',
        companyName: 'Harbour Books Ltd',
        currency: 'EUR',
        reason: null,
      });
    });

    it('posts a POSTED manual journal: narration with the reference, signed decimal amounts, account codes, tax types on sales lines', async () => {
      const journal = shopDay(s);
      const posted = await s.accounting.postJournal(journal, 'kits-0a1b2c3d-11223344-20261101-0');
      const stored = s.xero.documents.journals.find((j) => j.ManualJournalID === posted.providerId)!;
      expect(stored).toMatchObject({ Status: 'POSTED', Date: journal.date, LineAmountTypes: 'NoTax' });
      expect(stored.Narration).toBe(`${journal.reference}: ${journal.memo}`);
      expect(stored.JournalLines.find((l) => l.AccountCode === '200')).toMatchObject({ LineAmount: -100, TaxType: 'OUTPUT2' });
      expect(stored.JournalLines.find((l) => l.AccountCode === '091')).toMatchObject({ LineAmount: 42.07 });
      expect(stored.JournalLines.find((l) => l.AccountCode === '820')!.TaxType).toBeUndefined();
      expect(posted.url).toContain('shortcode=');
      expect(await s.accounting.findJournal('kits-0a1b2c3d-11223344-20261101-0', journal)).toEqual(posted);
    });

    it('the same key twice, or concurrently, posts one journal', async () => {
      const journal = shopDay(s);
      const before = await s.xero.journalsStored();
      const answers = await Promise.all([1, 2, 3].map(() => s.accounting.postJournal(journal, 'kits-0a1b2c3d-11223344-20261102-0')));
      expect(new Set(answers.map((a) => a.providerId)).size).toBe(1);
      expect(await s.xero.journalsStored()).toBe(before + 1);
    });

    it('a journal stored whose answer was lost is found, and its retry posts nothing', async () => {
      const journal = shopDay(s);
      const before = await s.xero.journalsStored();
      s.xero.failNextWith('timeout_after_store');
      await expect(s.accounting.postJournal(journal, 'kits-0a1b2c3d-11223344-20261103-0')).rejects.toThrow(/outcome is not known/);
      expect(await s.xero.journalsStored()).toBe(before + 1);
      const found = await s.accounting.findJournal('kits-0a1b2c3d-11223344-20261103-0', journal);
      expect(found?.providerId).toBe(s.xero.documents.journals.at(-1)!.ManualJournalID);
      expect((await s.accounting.postJournal(journal, 'kits-0a1b2c3d-11223344-20261103-0')).providerId).toBe(found!.providerId);
      expect(await s.xero.journalsStored()).toBe(before + 1);
    });

    it('an adjustment (another reference) is not taken for the day’s journal', async () => {
      const journal = shopDay(s);
      await s.accounting.postJournal(journal, 'kits-0a1b2c3d-11223344-20261104-0');
      expect(
        await s.accounting.findJournal('kits-0a1b2c3d-11223344-20261104-1', { ...journal, reference: `${journal.reference} adj 1` }),
      ).toBeNull();
    });

    it('429s are AccountingRateLimitedError with Retry-After and Xero’s limit (minute, daily)', async () => {
      s.xero.failNextWith('rate_limit', { limit: 'minute', retryAfter: 12 });
      const minute = await s.accounting.postJournal(shopDay(s), 'kits-0a1b2c3d-11223344-20261105-0').catch((e: unknown) => e);
      expect(minute).toBeInstanceOf(AccountingRateLimitedError);
      expect(minute).toMatchObject({ retryAfterSeconds: 12, limit: 'minute' });
      s.xero.failNextWith('rate_limit', { limit: 'day', retryAfter: 40_000 });
      const daily = await s.accounting.accounts().catch((e: unknown) => e);
      expect(daily).toMatchObject({ name: 'AccountingRateLimitedError', retryAfterSeconds: 40_000, limit: 'daily' });
    });

    it('Xero’s ValidationErrors are AccountingRejectedError with its words; nothing is stored', async () => {
      const before = await s.xero.journalsStored();
      const unbalanced = await s.accounting
        .postJournal(shopDay(s, { unbalancedBy: 3 }), 'kits-0a1b2c3d-11223344-20261106-0')
        .catch((e: unknown) => e);
      expect(unbalanced).toBeInstanceOf(AccountingRejectedError);
      expect((unbalanced as AccountingRejectedError).providerMessage).toMatch(/does not balance/);
      s.xero.failNextWith('validation', { message: 'The document date cannot be before the period lock date (31 Dec 2026).' });
      const refused = await s.accounting.postJournal(shopDay(s), 'kits-0a1b2c3d-11223344-20261107-0').catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(AccountingRejectedError);
      expect((refused as AccountingRejectedError).providerMessage).toBe(
        'The document date cannot be before the period lock date (31 Dec 2026).',
      );
      expect(await s.xero.journalsStored()).toBe(before);
    });

    it('a journal in another currency than the organisation’s is refused before Xero is called', async () => {
      const calls = s.xero.calls.length;
      const refused = await s.accounting
        .postJournal({ ...shopDay(s), currency: 'GBP' }, 'kits-0a1b2c3d-11223344-20261108-0')
        .catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(AccountingRejectedError);
      expect(String((refused as Error).message)).toMatch(/base currency is EUR/);
      expect(s.xero.calls.slice(calls).some((c) => c.path.endsWith('/ManualJournals'))).toBe(false);
    });

    it('a revoked connection is AccountingNotConnectedError and reconnect_required with Xero’s words', async () => {
      s.xero.failNextWith('revoked');
      const refused = await s.accounting.postJournal(shopDay(s), 'kits-0a1b2c3d-11223344-20261109-0').catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(AccountingNotConnectedError);
      const connection = await s.accounting.connection();
      expect(connection).toMatchObject({ status: 'reconnect_required', companyName: 'Harbour Books Ltd' });
      expect(connection.reason).toMatch(/invalid_grant/);
    });
  });

  describe('invoices style', () => {
    let s: XeroKit;
    beforeAll(async () => {
      s = await xeroKit(db, { settings: { postingStyle: 'invoices' } });
      await connectXero(s);
    });
    afterAll(async () => s?.close());

    it('posts the day as an ACCREC invoice to "KiTS POS sales", a payment per tender and a journal of the rest', async () => {
      const journal = shopDay(s);
      const posted = await s.accounting.postJournal(journal, 'kits-0a1b2c3d-11223344-20261110-0');
      const [invoice] = s.xero.documents.invoices;
      expect(invoice).toMatchObject({ Reference: journal.reference, Status: 'PAID', total: 10_200, amountDue: 0 });
      expect(s.xero.documents.contacts.map((c) => c.Name)).toEqual(['KiTS POS sales']);
      expect(invoice!.LineItems.map((l) => [l.AccountCode, l.UnitAmount, l.TaxType ?? null])).toEqual([
        ['200', 100, 'OUTPUT2'],
        ['270', -5, 'OUTPUT2'],
        ['275', -10, 'OUTPUT2'],
        ['820', 17, null],
      ]);
      // Cash over (5) and rounding (2) came with the cash: the journal takes them against cash, the payments are the invoice's total.
      expect(s.xero.documents.payments.map((p) => [p.Amount, p.Reference])).toEqual([
        [42, `${journal.reference} cash`],
        [60, `${journal.reference} card:stripe-pay`],
      ]);
      const rest = s.xero.documents.journals.at(-1)!;
      expect(rest.JournalLines.map((l) => [l.AccountCode, l.LineAmount])).toEqual([
        ['861', -0.05],
        ['860', -0.02],
        ['310', 40],
        ['630', -15],
        ['815', -25],
        ['091', 0.07],
      ]);
      expect(posted.providerId.split(',')).toHaveLength(4);
      expect(await s.accounting.findJournal('kits-0a1b2c3d-11223344-20261110-0', journal)).toEqual(posted);
      expect(await s.accounting.postJournal(journal, 'kits-0a1b2c3d-11223344-20261110-0')).toEqual(posted);
      expect(s.xero.documents.invoices).toHaveLength(1);
      expect(s.xero.documents.payments).toHaveLength(2);
    });

    it('an invoice stored whose answer was lost: the retry adds only what is missing', async () => {
      const journal = shopDay(s);
      const invoices = s.xero.documents.invoices.length;
      s.xero.failNextWith('timeout_after_store');
      await expect(s.accounting.postJournal(journal, 'kits-0a1b2c3d-11223344-20261111-0')).rejects.toThrow(/outcome is not known/);
      expect(s.xero.documents.invoices).toHaveLength(invoices + 1);
      expect(await s.accounting.findJournal('kits-0a1b2c3d-11223344-20261111-0', journal)).toBeNull();
      const posted = await s.accounting.postJournal(journal, 'kits-0a1b2c3d-11223344-20261111-0');
      expect(s.xero.documents.invoices).toHaveLength(invoices + 1);
      expect(posted.providerId.split(',')[0]).toBe(s.xero.documents.invoices.at(-1)!.InvoiceID);
      expect(await s.accounting.findJournal('kits-0a1b2c3d-11223344-20261111-0', journal)).toEqual(posted);
    });

    it('a day where refunds outweigh sales is posted as one manual journal', async () => {
      const day = shopDay(s);
      const refundDay = {
        ...day,
        lines: [
          { ...day.lines[0]!, role: 'refunds' as const, debit: 1_000, credit: 0 },
          { ...day.lines.find((l) => l.key === 'cash')!, debit: 0, credit: 1_000 },
        ],
      };
      const invoices = s.xero.documents.invoices.length;
      const posted = await s.accounting.postJournal(refundDay, 'kits-0a1b2c3d-11223344-20261112-0');
      expect(s.xero.documents.invoices).toHaveLength(invoices);
      expect(s.xero.documents.journals.at(-1)!.ManualJournalID).toBe(posted.providerId);
      expect(await s.accounting.findJournal('kits-0a1b2c3d-11223344-20261112-0', refundDay)).toEqual(posted);
    });
  });
});
