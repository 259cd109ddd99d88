import type { LedgerRole } from '../accounting-capability.ts';

/** What each role is called on a journal line and the mapping page. */
const ROLE_LABEL: Readonly<Record<LedgerRole, string>> = {
  sales: 'Net sales',
  discounts: 'Discounts',
  tax: 'Tax',
  refunds: 'Refunds',
  charges: 'Charges',
  tender: 'Tender',
  rounding: 'Cash rounding',
  cash_over_short: 'Cash over/short',
  cogs: 'Cost of goods sold',
  inventory: 'Inventory',
  ap_accrual: 'Goods received not invoiced',
};

/** Tender methods and charge kinds as people say them; others are shown with a capital. */
const WORDS: Readonly<Record<string, string>> = {
  cash: 'Cash',
  card: 'Card',
  exchange: 'Exchange credit',
  'gift-card': 'Gift card',
  shipping: 'Shipping',
  other: 'Other',
};

function word(value: string): string {
  const spaced = value.replace(/[_-]+/g, ' ').trim();
  return WORDS[value] ?? (spaced === '' ? value : spaced[0]!.toUpperCase() + spaced.slice(1));
}

/**
 * A journal line's name for people: `Net sales · VAT 20%`, `Tax · VAT 20%`, `Card · stripe-pay`,
 * `Cash`, `Shipping charges`, `Cost of goods sold`.
 */
export function ledgerLabel(role: LedgerRole, key: string): string {
  if (role === 'tender') {
    const [method = key, ...provider] = key.split(':');
    return provider.length > 0 ? `${word(method)} · ${provider.join(':')}` : word(method);
  }
  if (role === 'charges') return key === '' ? ROLE_LABEL.charges : `${word(key)} charges`;
  return key === '' ? ROLE_LABEL[role] : `${ROLE_LABEL[role]} · ${key}`;
}
