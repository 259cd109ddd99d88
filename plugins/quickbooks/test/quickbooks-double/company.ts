/**
 * The double's company: the entities the Accounting API answers (shaped as Intuit's API reference
 * shows them, with only the fields KiTS reads and a few it does not), and the journal entries posted.
 */
export interface DoubleAccount {
  Id: string;
  Name: string;
  FullyQualifiedName: string;
  AcctNum?: string;
  AccountType: string;
  AccountSubType: string;
  Classification: string;
  Active: boolean;
  CurrentBalance: number;
  SyncToken: string;
}

export interface DoubleTaxCode {
  Id: string;
  Name: string;
  Description: string;
  Active: boolean;
  Taxable: boolean;
  TaxGroup: boolean;
  SalesTaxRateList: { TaxRateDetail: { TaxRateRef: { value: string; name: string }; TaxTypeApplicable: string; TaxOrder: number }[] };
  PurchaseTaxRateList: { TaxRateDetail: { TaxRateRef: { value: string; name: string }; TaxTypeApplicable: string; TaxOrder: number }[] };
}

export interface DoubleTaxRate {
  Id: string;
  Name: string;
  RateValue: number;
  Active: boolean;
  AgencyRef: { value: string };
}

export interface DoubleJournalEntry {
  Id: string;
  SyncToken: string;
  DocNumber?: string;
  TxnDate: string;
  PrivateNote?: string;
  CurrencyRef: { value: string; name?: string };
  Line: unknown[];
  Adjustment: boolean;
  MetaData: { CreateTime: string; LastUpdatedTime: string };
}

export interface DoubleCompany {
  readonly realmId: string;
  companyName: string;
  currency: string;
  readonly accounts: DoubleAccount[];
  readonly taxCodes: DoubleTaxCode[];
  readonly taxRates: DoubleTaxRate[];
  readonly journalEntries: DoubleJournalEntry[];
  nextId: number;
}

const account = (
  Id: string,
  Name: string,
  AccountType: string,
  Classification: string,
  AccountSubType: string,
  AcctNum?: string,
  Active = true,
): DoubleAccount => ({
  Id,
  Name,
  FullyQualifiedName: Name,
  ...(AcctNum ? { AcctNum } : {}),
  AccountType,
  AccountSubType,
  Classification,
  Active,
  CurrentBalance: 0,
  SyncToken: '0',
});

const rateRef = (id: string, name: string, applicable: 'Sales' | 'Purchase') => ({
  TaxRateRef: { value: id, name },
  TaxTypeApplicable: applicable === 'Sales' ? 'TaxOnAmount' : 'TaxOnAmount',
  TaxOrder: 0,
});

/** A VAT-registered company like a new QuickBooks UK/EU one: its default chart of accounts and VAT codes. */
export function sampleCompany(options: { realmId: string; companyName: string; currency: string }): DoubleCompany {
  return {
    realmId: options.realmId,
    companyName: options.companyName,
    currency: options.currency,
    accounts: [
      account('1', 'Sales of Product Income', 'Income', 'Revenue', 'SalesOfProductIncome', '4000'),
      account('2', 'Discounts given', 'Income', 'Revenue', 'DiscountsRefundsGiven', '4010'),
      account('3', 'Undeposited Funds', 'Other Current Asset', 'Asset', 'UndepositedFunds', '1200'),
      account('4', 'Cash on hand', 'Bank', 'Asset', 'CashOnHand', '1000'),
      account('5', 'Card clearing', 'Other Current Asset', 'Asset', 'OtherCurrentAssets', '1210'),
      account('6', 'Inventory Asset', 'Other Current Asset', 'Asset', 'Inventory', '1300'),
      account('7', 'Cost of Goods Sold', 'Cost of Goods Sold', 'Expense', 'SuppliesMaterialsCogs', '5000'),
      account('8', 'Accounts Payable (A/P)', 'Accounts Payable', 'Liability', 'AccountsPayable', '2000'),
      account('9', 'VAT Control', 'Other Current Liability', 'Liability', 'GlobalTaxPayable', '2200'),
      account('10', 'Cash over and short', 'Expense', 'Expense', 'OtherMiscellaneousServiceCost', '6900'),
      account('11', 'Opening Balance Equity', 'Equity', 'Equity', 'OpeningBalanceEquity', '3000'),
      account('12', 'Old till float', 'Bank', 'Asset', 'CashOnHand', '1001', false),
    ],
    taxRates: [
      { Id: '1', Name: '20.0% S (Sales)', RateValue: 20, Active: true, AgencyRef: { value: '1' } },
      { Id: '2', Name: '20.0% S (Purchases)', RateValue: 20, Active: true, AgencyRef: { value: '1' } },
      { Id: '3', Name: '5.0% R (Sales)', RateValue: 5, Active: true, AgencyRef: { value: '1' } },
      { Id: '4', Name: '0.0% Z (Sales)', RateValue: 0, Active: true, AgencyRef: { value: '1' } },
      { Id: '5', Name: '20.0% ECG (Purchases)', RateValue: 20, Active: true, AgencyRef: { value: '1' } },
    ],
    taxCodes: [
      {
        Id: '2',
        Name: '20.0% S',
        Description: 'Standard rated',
        Active: true,
        Taxable: true,
        TaxGroup: true,
        SalesTaxRateList: { TaxRateDetail: [rateRef('1', '20.0% S (Sales)', 'Sales')] },
        PurchaseTaxRateList: { TaxRateDetail: [rateRef('2', '20.0% S (Purchases)', 'Purchase')] },
      },
      {
        Id: '3',
        Name: '5.0% R',
        Description: 'Reduced rated',
        Active: true,
        Taxable: true,
        TaxGroup: true,
        SalesTaxRateList: { TaxRateDetail: [rateRef('3', '5.0% R (Sales)', 'Sales')] },
        PurchaseTaxRateList: { TaxRateDetail: [] },
      },
      {
        Id: '4',
        Name: '0.0% Z',
        Description: 'Zero rated',
        Active: true,
        Taxable: true,
        TaxGroup: true,
        SalesTaxRateList: { TaxRateDetail: [rateRef('4', '0.0% Z (Sales)', 'Sales')] },
        PurchaseTaxRateList: { TaxRateDetail: [] },
      },
      {
        Id: '5',
        Name: '20.0% ECG',
        Description: 'EC goods purchases',
        Active: true,
        Taxable: true,
        TaxGroup: true,
        SalesTaxRateList: { TaxRateDetail: [] },
        PurchaseTaxRateList: { TaxRateDetail: [rateRef('5', '20.0% ECG (Purchases)', 'Purchase')] },
      },
      {
        Id: '6',
        Name: 'No VAT',
        Description: 'Outside the scope of VAT',
        Active: true,
        Taxable: false,
        TaxGroup: false,
        SalesTaxRateList: { TaxRateDetail: [] },
        PurchaseTaxRateList: { TaxRateDetail: [] },
      },
    ],
    journalEntries: [],
    nextId: 100,
  };
}
