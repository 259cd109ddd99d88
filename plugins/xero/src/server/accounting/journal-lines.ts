import { AccountingRejectedError, currencyExponent, minorToDecimal, type ProviderJournal } from '@kits/plugin-sdk';
import type { Account } from 'xero-node';

/**
 * How KiTS names an account on a Xero line: its AccountCode (as Xero's journals and invoices show
 * it), or its AccountID for an account without a code (bank accounts may have none). An account
 * that is not in the chart, or archived, is refused before anything is sent.
 */
export function accountRefs(chart: readonly Account[]): (accountId: string) => { accountCode?: string; accountID?: string } {
  const byId = new Map(chart.filter((a) => a.accountID).map((a) => [a.accountID!, a]));
  return (accountId) => {
    const account = byId.get(accountId);
    if (!account || String(account.status ?? 'ACTIVE') !== 'ACTIVE')
      throw new AccountingRejectedError(
        `The account ${accountId} is ${account ? 'archived' : 'not'} in Xero's chart of accounts${account ? '' : ' (deleted?)'}: choose another on the Account mapping page.`,
        'kits.unknown_account',
      );
    return account.code ? { accountCode: account.code } : { accountID: accountId };
  };
}

/**
 * An amount in minor units as the decimal Xero's JSON carries (1999 → 19.99 for GBP): the exact
 * decimal text from the SDK's money module, read as the JSON number it is (the shortest number
 * that prints as that text, so the request body says exactly it).
 */
export function xeroAmount(minor: number, currency: string): number {
  return Number(minorToDecimal(minor, currencyExponent(currency)));
}

/** A journal KiTS will not send: unbalanced, a line with both or neither side, or another currency than the organisation's. */
export function checkJournal(journal: ProviderJournal, baseCurrency: string): void {
  if (journal.currency !== baseCurrency)
    throw new AccountingRejectedError(
      `The journal is in ${journal.currency} but the Xero organisation's base currency is ${baseCurrency}: Xero posts manual journals in the base currency.`,
      'kits.currency',
    );
  let debits = 0;
  let credits = 0;
  for (const line of journal.lines) {
    const oneSide = line.debit > 0 !== line.credit > 0 && line.debit >= 0 && line.credit >= 0;
    if (!oneSide || !Number.isSafeInteger(line.debit) || !Number.isSafeInteger(line.credit))
      throw new AccountingRejectedError(
        `The line ${line.role} ${line.key || ''} must have exactly one of debit and credit above 0, in whole minor units.`,
        'kits.line',
      );
    debits += line.debit;
    credits += line.credit;
  }
  if (journal.lines.length === 0) throw new AccountingRejectedError('The journal has no lines.', 'kits.empty');
  if (debits !== credits)
    throw new AccountingRejectedError(
      `The journal does not balance: debits ${debits} and credits ${credits} (minor units).`,
      'kits.unbalanced',
    );
}

/** A signed amount (debit > 0, credit < 0) of a journal line. */
export const signedOf = (line: { debit: number; credit: number }): number => line.debit - line.credit;
