import {
  type AccountingConnection,
  type AccountingService,
  type PostedJournal,
  type ProviderJournal,
  type ServiceScope,
} from '@kits/plugin-sdk';
import type { Account } from 'xero-node';
import { XeroSession } from '../accounting-api/session.ts';
import { readConnection } from '../connection/connection-store.ts';
import type { XeroSettings } from '../settings.ts';
import { activeAccounts, activeTaxRates, chartOfAccounts } from './chart.ts';
import { findInvoicePosting, postAsInvoices } from './invoice-posting.ts';
import { planInvoicePosting } from './invoice-split.ts';
import { checkJournal } from './journal-lines.ts';
import { createManualJournal, findManualJournal, signedLines } from './manual-journal.ts';
import { narrationOf } from './narration.ts';

const IDEMPOTENCY_KEY = /^[A-Za-z0-9-]{1,50}$/;

/**
 * accounting@1 for Xero, built per call in the caller's transaction: the connection, the chart and
 * tax rates, and a day posted once per idempotency key — as a manual journal, or (setting
 * `postingStyle: invoices`) as a sales invoice with its payments and a manual journal of the rest.
 */
export function xeroAccounting(scope: ServiceScope<XeroSettings>): AccountingService {
  const { tx, settings } = scope;
  let session: Promise<XeroSession> | undefined;
  const open = () => (session ??= XeroSession.open(tx, settings));
  // One read of the chart per transaction: a job posting several days asks Xero once.
  const chart = (s: XeroSession): Promise<Account[]> => tx.memo(`xero.chart.${s.xeroTenantId}`, () => chartOfAccounts(s));
  const style = () => settings.postingStyle ?? 'manual_journal';

  return {
    system: { id: 'xero', name: 'Xero' },

    async connection(): Promise<AccountingConnection> {
      const row = await readConnection(tx);
      if (!row) return { status: 'disconnected', companyName: null, currency: null, reason: 'No Xero organisation is connected yet.' };
      const connected = row.status === 'connected';
      return {
        status: row.status === 'reconnect_required' ? 'reconnect_required' : connected ? 'connected' : 'disconnected',
        companyName: connected || row.status === 'reconnect_required' ? row.organisationName : null,
        currency: connected ? row.baseCurrency : null,
        reason: connected ? null : row.reason,
      };
    },

    async accounts() {
      const s = await open();
      return activeAccounts(await chart(s));
    },

    async taxRates() {
      return activeTaxRates(await open());
    },

    async postJournal(journal: ProviderJournal, idempotencyKey: string): Promise<PostedJournal> {
      checkKey(idempotencyKey);
      const s = await open();
      checkJournal(journal, s.connection.baseCurrency);
      const accounts = await chart(s);
      const plan = style() === 'invoices' ? planInvoicePosting(journal) : null;
      if (plan) return postAsInvoices(tx, s, accounts, journal, plan, idempotencyKey);
      return createManualJournal(
        s,
        accounts,
        { narration: narrationOf(journal), date: journal.date, currency: journal.currency, lines: signedLines(journal) },
        idempotencyKey,
      );
    },

    async findJournal(idempotencyKey: string, journal: ProviderJournal): Promise<PostedJournal | null> {
      checkKey(idempotencyKey);
      const s = await open();
      const asJournal = await findManualJournal(s, narrationOf(journal));
      if (asJournal) return asJournal;
      const plan = planInvoicePosting(journal);
      return plan ? findInvoicePosting(s, journal, plan) : null;
    },
  };
}

function checkKey(key: string): void {
  if (!IDEMPOTENCY_KEY.test(key))
    throw new TypeError(`"${key}" is not an accounting@1 idempotency key (1 to 50 characters of A-Z, a-z, 0-9 and -).`);
}
