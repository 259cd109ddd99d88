/** A small Xero chart of accounts and tax rates for a UK-style organisation (Xero's default chart's names and codes where it has them). */
export interface DoubleAccount {
  AccountID: string;
  Code: string;
  Name: string;
  Type: string;
  Class: 'ASSET' | 'LIABILITY' | 'EQUITY' | 'REVENUE' | 'EXPENSE';
  Status: 'ACTIVE' | 'ARCHIVED';
  EnablePaymentsToAccount: boolean;
  SystemAccount?: string;
}

export interface DoubleTaxRate {
  Name: string;
  TaxType: string;
  Status: 'ACTIVE' | 'DELETED' | 'ARCHIVED';
  EffectiveRate: number;
  DisplayTaxRate: number;
}

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

export function defaultChart(): DoubleAccount[] {
  const account = (
    n: number,
    Code: string,
    Name: string,
    Type: string,
    Class: DoubleAccount['Class'],
    extra: Partial<DoubleAccount> = {},
  ): DoubleAccount => ({
    AccountID: id(n),
    Code,
    Name,
    Type,
    Class,
    Status: 'ACTIVE',
    EnablePaymentsToAccount: false,
    ...extra,
  });
  return [
    account(1, '090', 'Business Bank Account', 'BANK', 'ASSET'),
    account(2, '091', 'Cash on hand', 'BANK', 'ASSET'),
    account(3, '092', 'Card clearing', 'CURRENT', 'ASSET', { EnablePaymentsToAccount: true }),
    account(4, '610', 'Accounts Receivable', 'CURRENT', 'ASSET', { SystemAccount: 'DEBTORS' }),
    account(5, '630', 'Inventory', 'INVENTORY', 'ASSET'),
    account(6, '200', 'Sales', 'REVENUE', 'REVENUE'),
    account(7, '270', 'Discounts', 'REVENUE', 'REVENUE'),
    account(8, '275', 'Sales returns', 'REVENUE', 'REVENUE'),
    account(9, '260', 'Other Revenue', 'REVENUE', 'REVENUE'),
    account(10, '310', 'Cost of Goods Sold', 'DIRECTCOSTS', 'EXPENSE'),
    account(11, '820', 'VAT', 'CURRLIAB', 'LIABILITY'),
    account(12, '815', 'Goods received not invoiced', 'CURRLIAB', 'LIABILITY'),
    account(13, '861', 'Cash over/short', 'EXPENSE', 'EXPENSE'),
    account(14, '860', 'Rounding', 'EXPENSE', 'EXPENSE'),
    account(15, '970', 'Owner A Funds Introduced', 'EQUITY', 'EQUITY'),
    account(16, '499', 'Old sales (archived)', 'REVENUE', 'REVENUE', { Status: 'ARCHIVED' }),
  ];
}

export function defaultTaxRates(): DoubleTaxRate[] {
  return [
    { Name: '20% (VAT on Income)', TaxType: 'OUTPUT2', Status: 'ACTIVE', EffectiveRate: 20, DisplayTaxRate: 20 },
    { Name: '5% (VAT on Income)', TaxType: 'RROUTPUT', Status: 'ACTIVE', EffectiveRate: 5, DisplayTaxRate: 5 },
    { Name: 'Zero Rated Income', TaxType: 'ZERORATEDOUTPUT', Status: 'ACTIVE', EffectiveRate: 0, DisplayTaxRate: 0 },
    { Name: 'No VAT', TaxType: 'NONE', Status: 'ACTIVE', EffectiveRate: 0, DisplayTaxRate: 0 },
    { Name: '17.5% (old VAT)', TaxType: 'OUTPUT', Status: 'ARCHIVED', EffectiveRate: 17.5, DisplayTaxRate: 17.5 },
  ];
}
