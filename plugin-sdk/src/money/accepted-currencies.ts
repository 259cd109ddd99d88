import { unprocessable } from '../errors.ts';
import type { TenantTransaction } from '../server-context.ts';
import { isCurrencyCode } from './currencies.ts';

/** The currencies a plugin takes money in for one tenant: the tenant's own, then those its settings add. */
export interface AcceptedCurrencies {
  /** The tenant's currency (set when the tenant was created). */
  readonly tenant: string;
  /** Other currencies the plugin's settings allow (`otherCurrencies`), if any. */
  readonly others: readonly string[];
}

/** The tenant's ISO 4217 currency (the kernel's directory reads it once per transaction). */
export async function tenantCurrency(tx: TenantTransaction): Promise<string> {
  return (await tx.directory.tenant()).currency;
}

/** The tenant's currency and `others` (a plugin's `otherCurrencies` setting). */
export async function acceptedCurrencies(tx: TenantTransaction, others: readonly string[] = []): Promise<AcceptedCurrencies> {
  return { tenant: await tenantCurrency(tx), others };
}

/**
 * Refuses, with 422, money in a currency that is not ISO 4217 (`money.unknown_currency`) or that
 * this tenant does not take here (`money.currency_not_accepted`): neither the tenant's currency nor
 * one the plugin's settings allow. `field` names where it was given (`body.variants.0.prices.1.currency`).
 */
export function requireAcceptedCurrency(currency: string, field: string, accepted: AcceptedCurrencies): void {
  if (!isCurrencyCode(currency)) throw unknownCurrency(currency, field);
  if (currency === accepted.tenant || accepted.others.includes(currency)) return;
  const allowed = [accepted.tenant, ...accepted.others];
  throw unprocessable(
    'money.currency_not_accepted',
    `${field} is ${currency}, but this shop takes ${allowed.join(', ')} here: give the amount in ${allowed.join(' or ')}, ` +
      `or have an admin add ${currency} to the plugin's otherCurrencies setting.`,
    {
      field,
      currency,
      accepted: allowed,
      errors: [{ field, message: `is ${currency}, which is not one of ${allowed.join(', ')}` }],
    },
  );
}

/** 422 for a three-letter code that is not an ISO 4217 currency. */
export function unknownCurrency(currency: string, field: string) {
  return unprocessable(
    'money.unknown_currency',
    `${field} is "${currency}", which is not an ISO 4217 currency code; give one like EUR, USD or JPY.`,
    { field, currency, errors: [{ field, message: `"${currency}" is not an ISO 4217 currency code` }] },
  );
}
