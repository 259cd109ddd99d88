import { unprocessable } from '../errors.ts';
import type { LedgerRole } from '../accounting-capability.ts';
import type { StockMovedPayload } from './event-payloads.ts';
import type { Posting } from './postings.ts';

/**
 * A stock movement at its cost. Goods sold or returned by a customer move between inventory and
 * cost of goods sold at the variant's moving-average cost of the moment (the movement's
 * `unitCost`); goods received from or returned to a supplier move between inventory and the
 * accounts-payable accrual at what they cost. Transfers, counts and adjustments post nothing.
 */

/** The account a movement's kind moves inventory against; kinds not named here post nothing. */
const COUNTERPART: Readonly<Record<string, LedgerRole>> = {
  sale: 'cogs',
  return: 'cogs',
  receive: 'ap_accrual',
  supplier_return: 'ap_accrual',
};

/** The movement's postings and the currency of its cost; none when the kind posts nothing or no cost is known. */
export function stockPostings(movement: StockMovedPayload): { currency: string; postings: Posting[] } | null {
  const counterpart = COUNTERPART[movement.kind];
  const cost = movement.unitCost === undefined ? movement.variantCost : movement.unitCost;
  if (!counterpart || !cost || movement.quantity === 0) return null;
  const value = movement.quantity * cost.amount;
  if (!Number.isSafeInteger(value))
    throw unprocessable(
      'accounting.bad_amount',
      `Stock movement ${movement.id}: ${movement.quantity} × ${cost.amount} is too large to post in minor units.`,
    );
  if (value === 0) return null;
  return {
    currency: cost.currency,
    postings: [
      { role: 'inventory', key: '', amount: value },
      { role: counterpart, key: '', amount: -value },
    ],
  };
}
