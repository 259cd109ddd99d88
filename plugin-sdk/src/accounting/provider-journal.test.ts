import { describe, expect, it } from 'vitest';
import type { ProviderAccount, ProviderTaxRate } from '../accounting-capability.ts';
import { isDomainError } from '../errors.ts';
import { ledgerLabel } from './labels.ts';
import { dayJournal, postingsDifference, type JournalLine, type Posting } from './postings.ts';
import { mappingNeeds, toProviderJournal, type AccountMapping } from './provider-journal.ts';
import { suggestMapping } from './suggest-mapping.ts';

const day: JournalLine[] = dayJournal([
  { role: 'sales', key: 'VAT 20%', amount: -1100 },
  { role: 'discounts', key: 'VAT 20%', amount: 100 },
  { role: 'tax', key: 'VAT 20%', amount: -200 },
  { role: 'tender', key: 'cash', amount: 500 },
  { role: 'tender', key: 'card:stripe-pay', amount: 700 },
  { role: 'cogs', key: '', amount: 400 },
  { role: 'inventory', key: '', amount: -400 },
]);

const mapping: AccountMapping = {
  accounts: [
    { role: 'sales', key: 'VAT 20%', accountId: 'a-sales' },
    { role: 'discounts', key: 'VAT 20%', accountId: 'a-discounts' },
    { role: 'tax', key: 'VAT 20%', accountId: 'a-vat' },
    { role: 'tender', key: 'cash', accountId: 'a-cash' },
    { role: 'tender', key: 'card:stripe-pay', accountId: 'a-card' },
    { role: 'cogs', key: '', accountId: 'a-cogs' },
    { role: 'inventory', key: '', accountId: 'a-inventory' },
  ],
  taxCodes: [{ taxCode: 'VAT 20%', taxRateId: 'OUTPUT2' }],
};
const header = { date: '2026-03-10', currency: 'GBP', reference: 'KiTS Front Street 2026-03-10', memo: 'Takings of 10 March' };

describe('toProviderJournal', () => {
  it('puts each line on its account, one side each, with the tax rate on sales and discount lines', () => {
    const journal = toProviderJournal(day, mapping, header);
    expect({ ...journal, lines: undefined }).toEqual({ ...header, lines: undefined });
    expect(journal.lines).toEqual([
      {
        role: 'sales',
        key: 'VAT 20%',
        accountId: 'a-sales',
        taxRateId: 'OUTPUT2',
        debit: 0,
        credit: 1100,
        description: 'Net sales · VAT 20%',
      },
      {
        role: 'discounts',
        key: 'VAT 20%',
        accountId: 'a-discounts',
        taxRateId: 'OUTPUT2',
        debit: 100,
        credit: 0,
        description: 'Discounts · VAT 20%',
      },
      { role: 'tax', key: 'VAT 20%', accountId: 'a-vat', taxRateId: null, debit: 0, credit: 200, description: 'Tax · VAT 20%' },
      {
        role: 'tender',
        key: 'card:stripe-pay',
        accountId: 'a-card',
        taxRateId: null,
        debit: 700,
        credit: 0,
        description: 'Card · stripe-pay',
      },
      { role: 'tender', key: 'cash', accountId: 'a-cash', taxRateId: null, debit: 500, credit: 0, description: 'Cash' },
      { role: 'cogs', key: '', accountId: 'a-cogs', taxRateId: null, debit: 400, credit: 0, description: 'Cost of goods sold' },
      { role: 'inventory', key: '', accountId: 'a-inventory', taxRateId: null, debit: 0, credit: 400, description: 'Inventory' },
    ]);
    const debit = journal.lines.reduce((n, l) => n + l.debit, 0);
    expect(debit).toBe(journal.lines.reduce((n, l) => n + l.credit, 0));
  });

  it('names every unmapped (role, key) at once, as a 409 accounting.mapping_incomplete', () => {
    const partial = { ...mapping, accounts: mapping.accounts.filter((m) => m.role !== 'tender' && m.role !== 'cogs') };
    let caught: unknown;
    try {
      toProviderJournal(day, partial, header);
    } catch (error) {
      caught = error;
    }
    expect(isDomainError(caught) && [caught.code, caught.status]).toEqual(['accounting.mapping_incomplete', 409]);
    const error = caught as Error & { extensions: { unmapped: unknown[] } };
    expect(error.extensions.unmapped).toEqual([
      { role: 'tender', key: 'card:stripe-pay', label: 'Card · stripe-pay' },
      { role: 'tender', key: 'cash', label: 'Cash' },
      { role: 'cogs', key: '', label: 'Cost of goods sold' },
    ]);
    expect(error.message).toContain('"Card · stripe-pay" (tender:card:stripe-pay), "Cash" (tender:cash), "Cost of goods sold" (cogs)');
  });

  it('refuses lines that do not balance, naming the difference, and an empty journal', () => {
    const unbalanced = [...day, { role: 'rounding' as const, key: '', amount: 3 }];
    expect(() => toProviderJournal(unbalanced, mapping, header)).toThrow(/debits come to 1703 and credits to 1700 \(difference 3/);
    expect(() => toProviderJournal([], mapping, header)).toThrow(/has no lines/);
  });

  it('a line of a tax code with no rate chosen carries none', () => {
    const journal = toProviderJournal(day, { ...mapping, taxCodes: [] }, header);
    expect(journal.lines.filter((l) => l.role === 'sales').map((l) => l.taxRateId)).toEqual([null]);
  });
});

describe('postingsDifference: what an adjusting journal posts for a late sale', () => {
  it('is the day now less what was posted, balanced, with lines that did not change left out', () => {
    const late: Posting[] = [
      { role: 'sales', key: 'VAT 20%', amount: -500 },
      { role: 'tax', key: 'VAT 20%', amount: -100 },
      { role: 'tender', key: 'cash', amount: 600 },
    ];
    const adjustment = postingsDifference([...day, ...late], day);
    expect(adjustment).toEqual([
      { role: 'sales', key: 'VAT 20%', amount: -500 },
      { role: 'tax', key: 'VAT 20%', amount: -100 },
      { role: 'tender', key: 'cash', amount: 600 },
    ]);
    expect(postingsDifference(day, day)).toEqual([]);
  });
});

describe('suggestMapping: defaults by name from the connected company', () => {
  const needed = mappingNeeds([
    { role: 'sales', key: 'VAT 20%' },
    { role: 'sales', key: 'No tax' },
    { role: 'discounts', key: 'VAT 20%' },
    { role: 'refunds', key: 'VAT 20%' },
    { role: 'tax', key: 'VAT 20%' },
    { role: 'tender', key: 'card:stripe-pay' },
    { role: 'charges', key: 'shipping' },
  ]);

  it('lists what a tenant maps: what its days used, the fixed roles, and the tax codes among them', () => {
    expect(needed.needed.map((n) => `${n.role}:${n.key}`)).toEqual([
      'sales:No tax',
      'sales:VAT 20%',
      'discounts:VAT 20%',
      'charges:shipping',
      'refunds:VAT 20%',
      'tax:VAT 20%',
      'tender:card:stripe-pay',
      'tender:cash',
      'rounding:',
      'cash_over_short:',
      'cogs:',
      'inventory:',
      'ap_accrual:',
    ]);
    expect(needed.taxCodes).toEqual(['No tax', 'VAT 20%']);
  });

  it("on QuickBooks Online's default chart", () => {
    const account = (id: string, name: string, cls: ProviderAccount['class'], type: string): ProviderAccount => ({
      id,
      code: null,
      name,
      class: cls,
      type,
    });
    const accounts = [
      account('1', 'Sales of Product Income', 'revenue', 'Income'),
      account('2', 'Sales Tax Payable', 'liability', 'Other Current Liability'),
      account('3', 'Undeposited Funds', 'asset', 'Other Current Asset'),
      account('4', 'Cost of Goods Sold', 'expense', 'Cost of Goods Sold'),
      account('5', 'Inventory Asset', 'asset', 'Other Current Asset'),
      account('6', 'Accounts Payable (A/P)', 'liability', 'Accounts Payable'),
      account('7', 'Discounts given', 'revenue', 'Income'),
      account('8', 'Shipping Income', 'revenue', 'Income'),
      account('9', 'Cash on hand', 'asset', 'Bank'),
    ];
    const rates: ProviderTaxRate[] = [
      { id: 't-20', name: '20.0% S', basisPoints: 2000 },
      { id: 't-0', name: 'No VAT', basisPoints: 0 },
    ];
    const suggested = suggestMapping(needed.needed, accounts, rates);
    expect(Object.fromEntries(suggested.accounts.map((a) => [`${a.role}:${a.key}`, a.accountId]))).toEqual({
      'sales:No tax': '1',
      'sales:VAT 20%': '1',
      'discounts:VAT 20%': '7',
      'charges:shipping': '8',
      'refunds:VAT 20%': null,
      'tax:VAT 20%': '2',
      'tender:card:stripe-pay': '3',
      'tender:cash': '9',
      'rounding:': null,
      'cash_over_short:': null,
      'cogs:': '4',
      'inventory:': '5',
      'ap_accrual:': '6',
    });
    expect(suggested.taxCodes).toEqual([
      { taxCode: 'No tax', taxRateId: 't-0' },
      { taxCode: 'VAT 20%', taxRateId: 't-20' },
    ]);
  });

  it("on Xero's default UK chart (by name and code), a sales rate before a purchases one", () => {
    const account = (id: string, code: string, name: string, cls: ProviderAccount['class']): ProviderAccount => ({
      id,
      code,
      name,
      class: cls,
      type: 'X',
    });
    const accounts = [
      account('x200', '200', 'Sales', 'revenue'),
      account('x260', '260', 'Other Revenue', 'revenue'),
      account('x310', '310', 'Cost of Goods Sold', 'expense'),
      account('x630', '630', 'Inventory', 'asset'),
      account('x800', '800', 'Accounts Payable', 'liability'),
      account('x820', '820', 'VAT', 'liability'),
      account('x610', '610', 'Card clearing', 'asset'),
      account('x090', '090', 'Cash', 'asset'),
      account('x999', '999', 'Rounding', 'expense'),
    ];
    const rates: ProviderTaxRate[] = [
      { id: 'INPUT2', name: '20% (VAT on Expenses)', basisPoints: 2000 },
      { id: 'OUTPUT2', name: '20% (VAT on Income)', basisPoints: 2000 },
      { id: 'NONE', name: 'No VAT', basisPoints: 0 },
    ];
    const suggested = suggestMapping(needed.needed, accounts, rates);
    const byKey = Object.fromEntries(suggested.accounts.map((a) => [`${a.role}:${a.key}`, a.accountId]));
    expect(byKey).toMatchObject({
      'sales:VAT 20%': 'x200',
      'tax:VAT 20%': 'x820',
      'tender:card:stripe-pay': 'x610',
      'tender:cash': 'x090',
      'cogs:': 'x310',
      'inventory:': 'x630',
      'ap_accrual:': 'x800',
      'rounding:': 'x999',
      'cash_over_short:': 'x999',
      'charges:shipping': null,
    });
    expect(suggested.taxCodes).toEqual([
      { taxCode: 'No tax', taxRateId: 'NONE' },
      { taxCode: 'VAT 20%', taxRateId: 'OUTPUT2' },
    ]);
  });

  it('suggests nothing rather than something wrong when nothing fits', () => {
    const suggested = suggestMapping(
      [{ role: 'sales', key: 'VAT 20%' }],
      [{ id: 'l', code: null, name: 'Sales Tax Payable', class: 'liability', type: 'L' }],
      [],
    );
    expect(suggested).toEqual({
      accounts: [{ role: 'sales', key: 'VAT 20%', accountId: null }],
      taxCodes: [{ taxCode: 'VAT 20%', taxRateId: null }],
    });
  });
});

describe('ledgerLabel', () => {
  it.each([
    ['sales', 'VAT 20%', 'Net sales · VAT 20%'],
    ['discounts', 'No tax', 'Discounts · No tax'],
    ['refunds', 'GST + PST', 'Refunds · GST + PST'],
    ['tax', 'VAT 5%', 'Tax · VAT 5%'],
    ['tender', 'cash', 'Cash'],
    ['tender', 'card:stripe-pay', 'Card · stripe-pay'],
    ['tender', 'exchange', 'Exchange credit'],
    ['tender', 'shopify_payments', 'Shopify payments'],
    ['charges', 'shipping', 'Shipping charges'],
    ['rounding', '', 'Cash rounding'],
    ['cash_over_short', '', 'Cash over/short'],
    ['cogs', '', 'Cost of goods sold'],
    ['inventory', '', 'Inventory'],
    ['ap_accrual', '', 'Goods received not invoiced'],
  ] as const)('%s %j is "%s"', (role, key, label) => {
    expect(ledgerLabel(role, key)).toBe(label);
  });
});
