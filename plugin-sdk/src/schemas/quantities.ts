import { Type } from 'typebox';

// Quantities are whole units of an item's smallest unit (pieces, grams, millilitres): never fractions.

/** Stock moved in one go (received, transferred, reserved, returned): 1 to 10^9 units. */
export const Quantity = Type.Integer({ minimum: 1, maximum: 1_000_000_000 });

/** The same where none is an answer too (none of a line arrived, none damaged): 0 to 10^9 units. */
export const QuantityOrZero = Type.Integer({ minimum: 0, maximum: 1_000_000_000 });

/** How many of an item one line holds (a sale or refund line, a count scan, packs ordered): 1 to 10^6. */
export const LineQuantity = Type.Integer({ minimum: 1, maximum: 1_000_000 });
