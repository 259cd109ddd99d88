import {
  AccountingNotConnectedError,
  AccountingRateLimitedError,
  AccountingRejectedError,
  type AccountingConnection,
  type AccountingService,
  type PostedJournal,
  type ProviderAccount,
  type ProviderJournal,
  type ProviderTaxRate,
  type ServiceScope,
} from '@kits/plugin-sdk';
import { NOT_CONNECTED, openCompany, readConnection } from '../connection/index.ts';
import { loseConnection } from '../connection/connection-store.ts';
import { QboFault, QboThrottled } from '../qbo-api/errors.ts';
import { endpointsOf, type QuickBooksSettings } from '../settings.ts';
import { providerAccountOf, type QboAccount } from './account-classes.ts';
import { checkIdempotencyKey, docNumberOf, journalEntryJson, queryText } from './journal-entry.ts';
import { providerTaxRatesOf, type QboTaxCode, type QboTaxRate } from './tax-codes.ts';

interface QboJournalEntry {
  readonly Id: string;
  readonly DocNumber?: string;
  readonly TxnDate?: string;
}

/**
 * accounting@1 for QuickBooks Online: the connected company's accounts and tax codes, and each
 * journal posted as one JournalEntry (requestid = the idempotency key; DocNumber derived from it, so
 * `findJournal` finds a posting whose answer was lost). Runs in the caller's transaction, as quickbooks.
 */
export function quickBooksAccounting(scope: ServiceScope<QuickBooksSettings>): AccountingService {
  const { tx, settings } = scope;

  /** Runs a call to the company, turning QuickBooks' refusals into accounting@1's errors. */
  const withCompany = async <T>(work: (session: Awaited<ReturnType<typeof openCompany>>) => Promise<T>): Promise<T> => {
    const session = await openCompany(tx, settings);
    try {
      return await work(session);
    } catch (error) {
      throw await accountingError(error);
    }
  };

  const accountingError = async (error: unknown): Promise<unknown> => {
    if (error instanceof QboThrottled) return new AccountingRateLimitedError(error.retryAfterSeconds, 'minute');
    if (error instanceof QboFault && (error.status === 401 || error.status === 403)) {
      // Refused even with a renewed token: the app's access to the company was taken away.
      const reason = `QuickBooks refused KiTS's access to the company: ${error.intuitSays} Connect QuickBooks again.`;
      await loseConnection(tx, 'reconnect_required', reason);
      return new AccountingNotConnectedError(reason);
    }
    if (error instanceof QboFault && error.status >= 400 && error.status < 500)
      return new AccountingRejectedError(error.intuitSays, error.code);
    return error;
  };

  return {
    system: { id: 'quickbooks', name: 'QuickBooks Online' },

    async connection(): Promise<AccountingConnection> {
      const row = await readConnection(tx);
      if (!row) return { status: 'disconnected', companyName: null, currency: null, reason: NOT_CONNECTED };
      const connected = row.status === 'connected';
      return {
        status: row.status,
        companyName: connected ? row.companyName : null,
        currency: connected ? row.currency : null,
        reason: connected ? null : (row.reason ?? NOT_CONNECTED),
      };
    },

    accounts: (): Promise<readonly ProviderAccount[]> =>
      withCompany(async ({ client }) => {
        const accounts = await client.queryAll<QboAccount>('Account', 'select * from Account where Active = true');
        return accounts.flatMap((account) => {
          const listed = providerAccountOf(account);
          return listed ? [listed] : [];
        });
      }),

    taxRates: (): Promise<readonly ProviderTaxRate[]> =>
      withCompany(async ({ client }) => {
        const codes = await client.queryAll<QboTaxCode>('TaxCode', 'select * from TaxCode');
        const rates = await client.queryAll<QboTaxRate>('TaxRate', 'select * from TaxRate');
        return providerTaxRatesOf(codes, rates);
      }),

    async postJournal(journal: ProviderJournal, idempotencyKey: string): Promise<PostedJournal> {
      const body = journalEntryJson(journal, idempotencyKey);
      return withCompany(async ({ client }) => {
        const answer = await client.post<{ JournalEntry?: QboJournalEntry }>('journalentry', body, { requestid: idempotencyKey });
        if (!answer.JournalEntry?.Id) throw new Error('QuickBooks answered the journal entry without its Id.');
        return posted(answer.JournalEntry, settings);
      });
    },

    async findJournal(idempotencyKey: string, _journal: ProviderJournal): Promise<PostedJournal | null> {
      checkIdempotencyKey(idempotencyKey);
      const docNumber = docNumberOf(idempotencyKey);
      return withCompany(async ({ client }) => {
        const found = await client.query<QboJournalEntry>(
          'JournalEntry',
          `select * from JournalEntry where DocNumber = '${queryText(docNumber)}'`,
        );
        const entry = found.sort((a, b) => Number(a.Id) - Number(b.Id))[0];
        return entry ? posted(entry, settings) : null;
      });
    },
  };
}

/** The entry as accounting@1 answers it, with where the merchant opens it in QuickBooks. */
function posted(entry: QboJournalEntry, settings: QuickBooksSettings): PostedJournal {
  return { providerId: entry.Id, url: `${endpointsOf(settings).appBase}/app/journal?txnId=${encodeURIComponent(entry.Id)}` };
}
