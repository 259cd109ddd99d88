import type { AccountClass, ProviderAccount, ProviderTaxRate } from '@kits/plugin-sdk';
import type { Account, TaxRate } from 'xero-node';
import type { XeroSession } from '../accounting-api/session.ts';

const CLASSES: Readonly<Record<string, AccountClass>> = {
  ASSET: 'asset',
  LIABILITY: 'liability',
  EQUITY: 'equity',
  REVENUE: 'revenue',
  EXPENSE: 'expense',
};

/** Every account of the chart as Xero lists it (archived ones too: a journal line must not name one). */
export async function chartOfAccounts(session: XeroSession): Promise<Account[]> {
  const body = await session.call('the chart of accounts', (api, tenant) => api.getAccounts(tenant));
  return body.accounts ?? [];
}

/** The organisation's active accounts, each in its class (Xero's `Class`). */
export function activeAccounts(chart: readonly Account[]): ProviderAccount[] {
  return chart.flatMap((account) => {
    const accountClass = CLASSES[String(account._class ?? '')];
    if (!account.accountID || !account.name || !accountClass || String(account.status ?? 'ACTIVE') !== 'ACTIVE') return [];
    return [
      { id: account.accountID, code: account.code || null, name: account.name, class: accountClass, type: String(account.type ?? '') },
    ];
  });
}

/** The organisation's active tax rates: id = Xero's TaxType, the effective rate in basis points. */
export async function activeTaxRates(session: XeroSession): Promise<ProviderTaxRate[]> {
  const body = await session.call('the tax rates', (api, tenant) => api.getTaxRates(tenant, 'Status=="ACTIVE"'));
  return (body.taxRates ?? []).flatMap((rate: TaxRate) =>
    rate.taxType && rate.name && String(rate.status ?? 'ACTIVE') === 'ACTIVE'
      ? [{ id: rate.taxType, name: rate.name, basisPoints: basisPointsOf(rate.effectiveRate) }]
      : [],
  );
}

/** Xero's EffectiveRate is a percentage (20, 12.5, 8.875): in basis points, rounded to a whole one. */
export function basisPointsOf(percent: number | undefined): number | null {
  if (typeof percent !== 'number' || !Number.isFinite(percent) || percent < 0) return null;
  const [whole, fraction = ''] = percent.toFixed(3).split('.');
  const thousandths = Number(whole) * 1000 + Number(fraction.padEnd(3, '0'));
  return Math.round(thousandths / 10);
}
