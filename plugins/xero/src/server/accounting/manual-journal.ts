import type { PostedJournal, ProviderJournal } from '@kits/plugin-sdk';
import { LineAmountTypes, ManualJournal, type Account, type ManualJournalLine } from 'xero-node';
import type { XeroSession } from '../accounting-api/session.ts';
import { accountRefs, signedOf, xeroAmount } from './journal-lines.ts';
import { whereString } from './narration.ts';
import { xeroLink } from './xero-links.ts';

/** A journal line as Xero takes it: signed (debit positive, credit negative), the account, its tax type when it has one. */
export interface SignedLine {
  readonly accountId: string;
  readonly taxRateId: string | null;
  /** Debit > 0, credit < 0, minor units. */
  readonly amount: number;
  readonly description: string;
}

export const signedLines = (journal: ProviderJournal): SignedLine[] =>
  journal.lines.map((line) => ({
    accountId: line.accountId,
    taxRateId: line.taxRateId,
    amount: signedOf(line),
    description: line.description,
  }));

/**
 * Creates a POSTED manual journal (`PUT /ManualJournals` with `Idempotency-Key`): Narration, Date,
 * LineAmountTypes NoTax (the tax lines are KiTS's own, already computed, so Xero adds none), each
 * line's LineAmount a decimal, its AccountCode and, on sales, discount and refund lines, its TaxType.
 */
export async function createManualJournal(
  session: XeroSession,
  chart: readonly Account[],
  entry: { narration: string; date: string; currency: string; lines: readonly SignedLine[] },
  idempotencyKey: string,
): Promise<PostedJournal> {
  const account = accountRefs(chart);
  const journalLines: ManualJournalLine[] = entry.lines.map((line) => ({
    lineAmount: xeroAmount(line.amount, entry.currency),
    ...account(line.accountId),
    description: line.description,
    ...(line.taxRateId ? { taxType: line.taxRateId } : {}),
  }));
  const manualJournal: ManualJournal = {
    narration: entry.narration,
    date: entry.date,
    status: ManualJournal.StatusEnum.POSTED,
    lineAmountTypes: LineAmountTypes.NoTax,
    journalLines,
  };
  const body = await session.call('the manual journal', (api, tenant) =>
    api.createManualJournals(tenant, { manualJournals: [manualJournal] }, true, idempotencyKey),
  );
  const created = body.manualJournals?.[0];
  if (!created?.manualJournalID) throw new Error('Xero answered the manual journal without its ManualJournalID.');
  return { providerId: created.manualJournalID, url: xeroLink(session, 'journal', created.manualJournalID) };
}

/** The POSTED manual journal whose Narration is exactly `narration`, or null. */
export async function findManualJournal(session: XeroSession, narration: string): Promise<PostedJournal | null> {
  const body = await session.call('the manual journals', (api, tenant) =>
    api.getManualJournals(tenant, undefined, `Narration==${whereString(narration)}`),
  );
  const found = (body.manualJournals ?? []).find(
    (journal) => journal.narration === narration && journal.manualJournalID && String(journal.status) === 'POSTED',
  );
  return found?.manualJournalID ? { providerId: found.manualJournalID, url: xeroLink(session, 'journal', found.manualJournalID) } : null;
}
