import { Type } from 'typebox';
import { CurrencyCode } from '../money/currencies.ts';

export { CurrencyCode };

// Every amount is an integer count of its currency's minor units (1999 EUR = €19.99): never a float.
// The ceilings are far above any real amount and keep sums of many amounts exact in a JavaScript number.

/** A price or a cost, in minor units: 0 to 10^12. */
export const MinorUnits = Type.Integer({ minimum: 0, maximum: 1_000_000_000_000 });

/** A price or a cost with its currency, as a request gives it: `{ "amount": 1999, "currency": "EUR" }`. */
export const MoneyInput = Type.Object({ amount: MinorUnits, currency: CurrencyCode }, { additionalProperties: false });

/**
 * An amount keyed in at a till, in the tenant's currency (a tender, an opening float, a price
 * override, a bundle price), in minor units: 0 to 10^11.
 */
export const TillAmount = Type.Integer({ minimum: 0, maximum: 100_000_000_000 });

/** A till amount that must be something (cash paid in or out, an amount off): 1 to 10^11 minor units. */
export const PositiveTillAmount = Type.Integer({ minimum: 1, maximum: 100_000_000_000 });
