import { describe, expect, it } from 'vitest';
import type { AccountMapping } from '../../src/office/accounting-api.ts';
import {
  accountOptions,
  choicesOf,
  hasChanges,
  mappingUpdate,
  problemsByRow,
  showsSuggestedRate,
  showsSuggestion,
  stillUnchosen,
  taxCodeKey,
  taxRateOptions,
} from '../../src/office/mapping/mapping-choices.ts';

const MAPPING: AccountMapping = {
  needed: [
    { role: 'sales', key: 'VAT 20%', label: 'Net sales VAT 20%', accountId: null, suggestedAccountId: 'a-sales' },
    { role: 'tender', key: 'cash', label: 'Cash', accountId: 'a-till', suggestedAccountId: 'a-cash' },
    { role: 'tender', key: 'card:stripe-pay', label: 'Card clearing (stripe-pay)', accountId: null, suggestedAccountId: null },
    { role: 'tax', key: 'VAT 20%', label: 'VAT 20%', accountId: null, suggestedAccountId: 'a-vat' },
  ],
  taxCodes: [
    { taxCode: 'VAT 20%', taxRateId: null, suggestedTaxRateId: 'r-20' },
    { taxCode: 'No tax', taxRateId: 'r-0', suggestedTaxRateId: 'r-0' },
  ],
  accounts: [
    { id: 'a-sales', code: '200', name: 'Sales', class: 'revenue', type: 'Income' },
    { id: 'a-cash', code: null, name: 'Cash on hand', class: 'asset', type: 'Bank' },
    { id: 'a-till', code: '090', name: 'Till float', class: 'asset', type: 'Bank' },
    { id: 'a-vat', code: '820', name: 'VAT Payable', class: 'liability', type: 'Other Current Liability' },
  ],
  taxRates: [
    { id: 'r-20', name: 'Standard', basisPoints: 2000 },
    { id: 'r-5', name: 'Reduced', basisPoints: 550 },
    { id: 'r-0', name: 'Zero rated', basisPoints: null },
  ],
};

// The mapping form starts every unmapped row on its suggestion and keeps what was saved, so
// accepting the suggestions is one Save; Save sends only what differs from what the server holds.
describe('the account mapping form', () => {
  it('starts on what is saved, else on the suggestion, else on nothing', () => {
    expect(choicesOf(MAPPING)).toEqual({
      accounts: { 'sales|VAT 20%': 'a-sales', 'tender|cash': 'a-till', 'tender|card:stripe-pay': '', 'tax|VAT 20%': 'a-vat' },
      taxCodes: { 'VAT 20%': 'r-20', 'No tax': 'r-0' },
    });
  });

  it('marks the suggested account among the choices and on the row until it is saved', () => {
    const sales = MAPPING.needed[0]!;
    const options = accountOptions(MAPPING, sales);
    expect(options[0]).toEqual({ value: '', label: 'Choose an account' });
    expect(options.filter((option) => option.label.endsWith('suggested')).map((option) => option.value)).toEqual(['a-sales']);
    expect(options.find((option) => option.value === 'a-vat')?.label).toBe('820 · VAT Payable (Other Current Liability)');
    const choices = choicesOf(MAPPING);
    expect(showsSuggestion(sales, choices)).toBe(true);
    // Saved rows are not "suggested", even when a suggestion exists.
    expect(showsSuggestion(MAPPING.needed[1]!, choices)).toBe(false);
    // Choosing another account takes the mark away.
    expect(showsSuggestion(sales, { ...choices, accounts: { ...choices.accounts, 'sales|VAT 20%': 'a-cash' } })).toBe(false);
  });

  it('offers tax rates with their percentage, none first, the suggestion marked', () => {
    const options = taxRateOptions(MAPPING, MAPPING.taxCodes[0]!);
    expect(options.map((option) => option.label)).toEqual(['No tax rate', 'Standard (20%) — suggested', 'Reduced (5.5%)', 'Zero rated']);
    expect(showsSuggestedRate(MAPPING.taxCodes[0]!, choicesOf(MAPPING))).toBe(true);
    expect(showsSuggestedRate(MAPPING.taxCodes[1]!, choicesOf(MAPPING))).toBe(false);
  });

  it('accepting the suggestions sends each suggested row, and nothing already saved', () => {
    const choices = choicesOf(MAPPING);
    expect(hasChanges(MAPPING, choices)).toBe(true);
    expect(mappingUpdate(MAPPING, choices)).toEqual({
      accounts: [
        { role: 'sales', key: 'VAT 20%', accountId: 'a-sales' },
        { role: 'tax', key: 'VAT 20%', accountId: 'a-vat' },
      ],
      // Every tax code is sent as chosen: the server cannot tell "never mapped" from "no tax rate" otherwise.
      taxCodes: [
        { taxCode: 'VAT 20%', taxRateId: 'r-20' },
        { taxCode: 'No tax', taxRateId: 'r-0' },
      ],
    });
    // The card row has no account: it is not sent (the server keeps it unmapped) and is counted as still to map.
    expect(stillUnchosen(MAPPING, choices).map((row) => row.key)).toEqual(['card:stripe-pay']);
  });

  it('sends a changed saved row, and a tax code set to no rate as null', () => {
    const choices = choicesOf(MAPPING);
    const changed = {
      accounts: { ...choices.accounts, 'tender|cash': 'a-cash', 'sales|VAT 20%': '', 'tax|VAT 20%': '' },
      taxCodes: { 'VAT 20%': '', 'No tax': '' },
    };
    expect(mappingUpdate(MAPPING, changed)).toEqual({
      accounts: [{ role: 'tender', key: 'cash', accountId: 'a-cash' }],
      taxCodes: [
        { taxCode: 'VAT 20%', taxRateId: null },
        { taxCode: 'No tax', taxRateId: null },
      ],
    });
    expect(hasChanges(MAPPING, changed)).toBe(true);
  });

  it('has nothing to save once what is chosen is what is saved', () => {
    const saved: AccountMapping = {
      ...MAPPING,
      needed: MAPPING.needed.map((row) => ({ ...row, accountId: row.accountId ?? row.suggestedAccountId })),
      taxCodes: MAPPING.taxCodes.map((row) => ({ ...row, taxRateId: row.taxRateId ?? row.suggestedTaxRateId })),
    };
    expect(hasChanges(saved, choicesOf(saved))).toBe(false);
    expect(mappingUpdate(saved, choicesOf(saved)).accounts).toEqual([]);
  });

  it('puts a refusal naming the n-th account or tax code sent beside that row', () => {
    const update = mappingUpdate(MAPPING, choicesOf(MAPPING));
    const byRow = problemsByRow(update, {
      'accounts.1.accountId': 'Account a-vat is not in the company any more.',
      'taxCodes.0.taxRateId': 'Tax rate r-20 is not in the company.',
      '': 'Two things were refused.',
    });
    expect(byRow).toEqual({
      'tax|VAT 20%': 'Account a-vat is not in the company any more.',
      [taxCodeKey('VAT 20%')]: 'Tax rate r-20 is not in the company.',
    });
  });
});
