import { parseMoney } from '@kits/plugin-sdk/money';
import type { Discount } from '../../shared/pricing.ts';

/**
 * What a cashier types, read into integer minor units with the SDK's money module (never through
 * a float): an amount in the till's currency, or a discount.
 */

/** "4.50", "4,5" or "1 234.56" in the currency → minor units; undefined when it is not an amount. */
export function typedAmount(text: string, currency: string): number | undefined {
  try {
    return parseMoney(text, currency);
  } catch {
    return undefined;
  }
}

/** "12.5%" → 1250 basis points; undefined when it is not a percentage of at most two decimals. */
function typedPercent(text: string): number | undefined {
  const match = /^(\d{1,3})(?:[.,](\d{1,2}))?\s*%$/.exec(text);
  if (!match) return undefined;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

/** "10%" → a percent discount, "2.50" → an amount off (minor units), "" or "0" → none; undefined when unreadable. */
export function typedDiscount(text: string, currency: string): Discount | null | undefined {
  const normal = text.trim();
  if (normal === '' || /^0+([.,]0*)?\s*%?$/.test(normal)) return null;
  if (normal.endsWith('%')) {
    const basisPoints = typedPercent(normal);
    return basisPoints !== undefined && basisPoints <= 10_000 ? { kind: 'percent', basisPoints } : undefined;
  }
  const amount = typedAmount(normal, currency);
  return amount !== undefined && amount > 0 ? { kind: 'amount', amount } : undefined;
}
