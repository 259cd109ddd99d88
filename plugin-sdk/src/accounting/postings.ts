import { unprocessable } from '../errors.ts';
import type { LedgerRole } from '../accounting-capability.ts';

/**
 * Signed postings and the day journal they add up to. A posting's amount is integer minor units,
 * signed as a ledger reads it: a debit is > 0, a credit < 0, so a balanced set sums to exactly 0.
 */

/** One side of one event, for one ledger line: `key` says what within the role (`VAT 20%`, `cash`), `''` when the role has one line. */
export interface Posting {
  readonly role: LedgerRole;
  readonly key: string;
  /** Integer minor units; debit > 0, credit < 0. */
  readonly amount: number;
}

/** What one event adds to one location's business day, in one currency; its postings sum to 0. */
export interface LedgerEntry {
  readonly locationId: string;
  /** The location's local date (YYYY-MM-DD) the event belongs to. */
  readonly day: string;
  readonly currency: string;
  readonly postings: readonly Posting[];
}

/** A line of a day's journal: the postings of one (role, key) added up; never 0. */
export type JournalLine = Posting;

/** Every role in the order a journal lists them: what was sold, what was given back, what paid for it, then stock. */
export const LEDGER_ROLES: readonly LedgerRole[] = [
  'sales',
  'discounts',
  'charges',
  'refunds',
  'tax',
  'tender',
  'rounding',
  'cash_over_short',
  'cogs',
  'inventory',
  'ap_accrual',
];

const roleOrder = new Map(LEDGER_ROLES.map((role, i) => [role, i]));

/** Orders lines by role (as `LEDGER_ROLES`), then by key (code-unit order: the same everywhere). */
export function compareLines(a: Pick<Posting, 'role' | 'key'>, b: Pick<Posting, 'role' | 'key'>): number {
  return roleOrder.get(a.role)! - roleOrder.get(b.role)! || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

/**
 * The journal of a set of postings (one location's day, say): summed by (role, key), lines that
 * come to 0 dropped, in a stable order (`compareLines`). Each amount must be a safe integer.
 */
export function dayJournal(postings: Iterable<Posting>): JournalLine[] {
  const sums = new Map<string, { role: LedgerRole; key: string; amount: number }>();
  for (const posting of postings) {
    if (!Number.isSafeInteger(posting.amount))
      throw unprocessable(
        'accounting.bad_amount',
        `The posting ${posting.role}:${posting.key} is ${posting.amount}, not a whole number of minor units.`,
      );
    if (!roleOrder.has(posting.role))
      throw unprocessable('accounting.unknown_role', `"${posting.role}" is not a ledger role (one of ${LEDGER_ROLES.join(', ')}).`);
    const id = `${posting.role}\u0000${posting.key}`;
    const sum = sums.get(id);
    if (sum) sum.amount += posting.amount;
    else sums.set(id, { role: posting.role, key: posting.key, amount: posting.amount });
  }
  return [...sums.values()].filter((line) => line.amount !== 0).sort(compareLines);
}

/** Σ debits and Σ credits (both ≥ 0) of signed lines. */
export function journalTotals(lines: Iterable<Pick<Posting, 'amount'>>): { debit: number; credit: number } {
  let debit = 0;
  let credit = 0;
  for (const line of lines) {
    if (line.amount > 0) debit += line.amount;
    else credit -= line.amount;
  }
  return { debit, credit };
}

/** Throws `accounting.unbalanced_journal` naming both totals and their difference when debits ≠ credits. */
export function assertBalanced(lines: Iterable<Pick<Posting, 'amount'>>, what = 'The journal'): void {
  const { debit, credit } = journalTotals(lines);
  if (debit !== credit)
    throw unprocessable(
      'accounting.unbalanced_journal',
      `${what} does not balance: debits come to ${debit} and credits to ${credit} (difference ${debit - credit} minor units). Nothing was posted.`,
      { debit, credit, difference: debit - credit },
    );
}

/**
 * What an adjusting journal posts: the day's journal now less what was posted for it already
 * (both sets of postings or journal lines). Balanced when both are.
 */
export function postingsDifference(now: Iterable<Posting>, posted: Iterable<Posting>): JournalLine[] {
  const negated = [...posted].map((p) => ({ role: p.role, key: p.key, amount: -p.amount }));
  return dayJournal([...now, ...negated]);
}
