import type { AccountClass, ProviderAccount } from '@kits/plugin-sdk';

/** An Account as the QuickBooks Accounting API answers it (the fields KiTS reads). */
export interface QboAccount {
  readonly Id: string;
  readonly Name: string;
  readonly FullyQualifiedName?: string;
  readonly AcctNum?: string;
  readonly AccountType?: string;
  readonly AccountSubType?: string;
  readonly Classification?: string;
  readonly Active?: boolean;
}

const BY_CLASSIFICATION: Readonly<Record<string, AccountClass>> = {
  Asset: 'asset',
  Liability: 'liability',
  Equity: 'equity',
  Revenue: 'revenue',
  Expense: 'expense',
};

/** AccountType → class, for an account whose Classification is missing (Intuit documents both). */
const BY_TYPE: Readonly<Record<string, AccountClass>> = {
  Bank: 'asset',
  'Accounts Receivable': 'asset',
  'Other Current Asset': 'asset',
  'Fixed Asset': 'asset',
  'Other Asset': 'asset',
  'Accounts Payable': 'liability',
  'Credit Card': 'liability',
  'Other Current Liability': 'liability',
  'Long Term Liability': 'liability',
  Equity: 'equity',
  Income: 'revenue',
  'Other Income': 'revenue',
  'Cost of Goods Sold': 'expense',
  Expense: 'expense',
  'Other Expense': 'expense',
};

/** The class of a QuickBooks account: its Classification, else its AccountType; undefined when neither says. */
export function accountClassOf(account: QboAccount): AccountClass | undefined {
  return (
    (account.Classification ? BY_CLASSIFICATION[account.Classification] : undefined) ??
    (account.AccountType ? BY_TYPE[account.AccountType] : undefined)
  );
}

/** A QuickBooks account as accounting@1 lists it (sub-accounts by their full name: `Bank:Till float`). */
export function providerAccountOf(account: QboAccount): ProviderAccount | undefined {
  const accountClass = accountClassOf(account);
  if (!accountClass) return undefined;
  return {
    id: account.Id,
    code: account.AcctNum?.trim() || null,
    name: account.FullyQualifiedName || account.Name,
    class: accountClass,
    type: account.AccountType ?? account.Classification ?? '',
  };
}
