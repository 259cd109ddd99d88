import type { AccountClass, LedgerRole, ProviderAccount, ProviderTaxRate } from '../accounting-capability.ts';
import type { MappedTaxCode } from './provider-journal.ts';
import { TAX_CODED_ROLES } from './provider-journal.ts';

/**
 * Default accounts and tax rates by name, from the connected company's lists: what the mapping
 * page offers until the merchant chooses. Names are the defaults of QuickBooks Online's and
 * Xero's charts (and codes of Xero's), matched whole first, then within a longer name; only
 * accounts of the role's classes are considered, so "Sales Tax Payable" is never net sales.
 */

interface Candidates {
  readonly classes: readonly AccountClass[];
  /** Names (or `#code`s) in order of preference. */
  readonly names: readonly string[];
}

const REVENUE_OR_EXPENSE: readonly AccountClass[] = ['revenue', 'expense'];

function candidatesOf(role: LedgerRole, key: string): Candidates {
  switch (role) {
    case 'sales':
      return { classes: ['revenue'], names: ['Sales', 'Sales of Product Income', '#200', 'Revenue', 'Income'] };
    case 'discounts':
      return { classes: REVENUE_OR_EXPENSE, names: ['Discounts', 'Discounts given', 'Sales discounts', 'Discount'] };
    case 'refunds':
      return { classes: REVENUE_OR_EXPENSE, names: ['Sales returns', 'Refunds', 'Sales returns and allowances', 'Returns'] };
    case 'charges':
      return key === 'shipping'
        ? {
            classes: ['revenue'],
            names: ['Shipping income', 'Shipping', 'Freight income', 'Delivery income', 'Shipping and delivery income'],
          }
        : { classes: ['revenue'], names: ['Other income', 'Other Revenue', '#260'] };
    case 'tax':
      return { classes: ['liability'], names: [key, 'Sales Tax Payable', 'GST', 'VAT', '#820', 'Sales tax', 'Tax payable'] };
    case 'tender': {
      const [method = key, provider] = key.split(':');
      if (method === 'cash') return { classes: ['asset'], names: ['Cash on hand', 'Undeposited Funds', 'Cash', 'Petty cash'] };
      return {
        classes: ['asset'],
        names: [
          ...(provider ? [`${provider} clearing`, provider] : []),
          `${method} clearing`,
          'Card clearing',
          'Undeposited Funds',
          'Clearing',
        ],
      };
    }
    case 'rounding':
      return { classes: REVENUE_OR_EXPENSE, names: ['Rounding', 'Cash over/short', 'Cash over and short'] };
    case 'cash_over_short':
      return { classes: REVENUE_OR_EXPENSE, names: ['Cash over/short', 'Cash over and short', 'Over and short', 'Rounding'] };
    case 'cogs':
      return { classes: ['expense'], names: ['Cost of Goods Sold', 'Cost of sales', '#310', 'Purchases'] };
    case 'inventory':
      return { classes: ['asset'], names: ['Inventory Asset', 'Inventory', '#630', 'Stock'] };
    case 'ap_accrual':
      // Before "Accounts Payable": QuickBooks wants a vendor on every A/P journal line.
      return {
        classes: ['liability'],
        names: ['Goods received not invoiced', 'Accrued liabilities', 'Accounts Payable', 'Accounts Payable (A/P)', '#800'],
      };
  }
}

/** Lower case, letters and digits only: "Cash over/short" and "cash over short" are one name. */
const normal = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

function suggestAccount(role: LedgerRole, key: string, accounts: readonly ProviderAccount[]): string | null {
  const { classes, names } = candidatesOf(role, key);
  const eligible = accounts.filter((a) => classes.includes(a.class));
  for (const name of names) {
    const found = name.startsWith('#')
      ? eligible.find((a) => a.code === name.slice(1))
      : eligible.find((a) => normal(a.name) === normal(name));
    if (found) return found.id;
  }
  for (const name of names) {
    if (name.startsWith('#') || normal(name) === '') continue;
    const words = ` ${normal(name)} `;
    const found = eligible.find((a) => ` ${normal(a.name)} `.includes(words));
    if (found) return found.id;
  }
  return null;
}

/** Rates an output (sales) tax is unlikely to be. */
const PURCHASE_RATE = /\b(input|purchases?|expenses?|capital|reverse)\b/i;

function suggestTaxRate(taxCode: string, taxRates: readonly ProviderTaxRate[]): string | null {
  const same = taxRates.find((r) => normal(r.name) === normal(taxCode));
  if (same) return same.id;
  const sales = taxRates.filter((r) => !PURCHASE_RATE.test(r.name));
  if (taxCode === 'No tax') {
    const none = sales.find((r) => /\b(no|exempt|none|zero|non)\b/i.test(r.name)) ?? sales.find((r) => r.basisPoints === 0);
    return none?.id ?? null;
  }
  // A single rate's percentage in its name (`VAT 20%`, `GST 12.5%`): a rate of as many basis points.
  const percent = /^[^+]*?(\d+(?:\.\d+)?)\s*%[^+]*$/.exec(taxCode);
  if (!percent) return null;
  const basisPoints = Math.round(Number(percent[1]) * 100);
  return sales.find((r) => r.basisPoints === basisPoints)?.id ?? null;
}

/**
 * Suggested accounts for `needed` (each null when nothing fits) and tax rates for the tax codes
 * among them (the keys of sales, discounts and refunds), by name: the mapping page's defaults.
 */
export function suggestMapping(
  needed: Iterable<{ readonly role: LedgerRole; readonly key: string }>,
  accounts: readonly ProviderAccount[],
  taxRates: readonly ProviderTaxRate[],
): { accounts: Array<{ role: LedgerRole; key: string; accountId: string | null }>; taxCodes: MappedTaxCode[] } {
  const list = [...needed];
  const taxCodes = [...new Set(list.filter((n) => TAX_CODED_ROLES.includes(n.role)).map((n) => n.key))];
  return {
    accounts: list.map(({ role, key }) => ({ role, key, accountId: suggestAccount(role, key, accounts) })),
    taxCodes: taxCodes.map((taxCode) => ({ taxCode, taxRateId: suggestTaxRate(taxCode, taxRates) })),
  };
}
