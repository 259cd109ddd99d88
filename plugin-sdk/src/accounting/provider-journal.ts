import { conflict, unprocessable } from '../errors.ts';
import type { LedgerRole, ProviderJournal, ProviderJournalLine } from '../accounting-capability.ts';
import { ledgerLabel } from './labels.ts';
import { assertBalanced, compareLines, type JournalLine } from './postings.ts';

/** The merchant's choice of account for one (role, key). */
export interface MappedAccount {
  readonly role: LedgerRole;
  readonly key: string;
  readonly accountId: string;
}

/** The merchant's choice of provider tax rate for a tax code (null: lines of it carry none). */
export interface MappedTaxCode {
  readonly taxCode: string;
  readonly taxRateId: string | null;
}

export interface AccountMapping {
  readonly accounts: readonly MappedAccount[];
  readonly taxCodes: readonly MappedTaxCode[];
}

/** Roles whose key is a tax code, and whose provider line carries that code's tax rate. */
export const TAX_CODED_ROLES: readonly LedgerRole[] = ['sales', 'discounts', 'refunds'];

/** The (role, key)s every tenant maps, whether or not its days have used them yet. */
export const FIXED_LEDGER_KEYS: ReadonlyArray<{ readonly role: LedgerRole; readonly key: string }> = [
  { role: 'tender', key: 'cash' },
  { role: 'rounding', key: '' },
  { role: 'cash_over_short', key: '' },
  { role: 'cogs', key: '' },
  { role: 'inventory', key: '' },
  { role: 'ap_accrual', key: '' },
];

/** What a tenant maps: the (role, key)s its days used plus the fixed ones, once each, in journal order; and the tax codes among them. */
export function mappingNeeds(used: Iterable<{ readonly role: LedgerRole; readonly key: string }>): {
  needed: Array<{ role: LedgerRole; key: string }>;
  taxCodes: string[];
} {
  const seen = new Map<string, { role: LedgerRole; key: string }>();
  for (const { role, key } of [...FIXED_LEDGER_KEYS, ...used]) seen.set(`${role}\u0000${key}`, { role, key });
  const needed = [...seen.values()].sort(compareLines);
  const taxCodes = [...new Set(needed.filter((n) => TAX_CODED_ROLES.includes(n.role)).map((n) => n.key))].sort();
  return { needed, taxCodes };
}

/**
 * A day's journal lines (`dayJournal` or `postingsDifference`) as the provider posts them: each
 * (role, key) on its mapped account, one side each, described for people; sales, discounts and
 * refunds lines with their tax code's mapped tax rate (none when the code is not mapped to one).
 * Throws `accounting.mapping_incomplete` (409) naming every unmapped (role, key), and
 * `accounting.unbalanced_journal` when the lines do not balance; an empty journal is refused.
 */
export function toProviderJournal(
  lines: readonly JournalLine[],
  mapping: AccountMapping,
  header: { readonly date: string; readonly currency: string; readonly reference: string; readonly memo: string },
): ProviderJournal {
  if (lines.length === 0)
    throw unprocessable('accounting.empty_journal', `The journal ${header.reference} has no lines: there is nothing to post.`);
  assertBalanced(lines, `The journal ${header.reference}`);
  const accounts = new Map(mapping.accounts.map((m) => [`${m.role}\u0000${m.key}`, m.accountId]));
  const taxRates = new Map(mapping.taxCodes.map((m) => [m.taxCode, m.taxRateId]));
  const unmapped = lines.filter((line) => !accounts.get(`${line.role}\u0000${line.key}`));
  if (unmapped.length > 0) {
    const named = unmapped.map((l) => ({ role: l.role, key: l.key, label: ledgerLabel(l.role, l.key) }));
    throw conflict(
      'accounting.mapping_incomplete',
      `No account is chosen for ${named.map((n) => `"${n.label}" (${n.role}${n.key ? `:${n.key}` : ''})`).join(', ')}; choose ${named.length > 1 ? 'them' : 'it'} under Accounting → Account mapping, then export again.`,
      { unmapped: named },
    );
  }
  const providerLines: ProviderJournalLine[] = lines.map((line) => ({
    role: line.role,
    key: line.key,
    accountId: accounts.get(`${line.role}\u0000${line.key}`)!,
    taxRateId: TAX_CODED_ROLES.includes(line.role) ? (taxRates.get(line.key) ?? null) : null,
    debit: line.amount > 0 ? line.amount : 0,
    credit: line.amount < 0 ? -line.amount : 0,
    description: ledgerLabel(line.role, line.key),
  }));
  return { date: header.date, currency: header.currency, reference: header.reference, memo: header.memo, lines: providerLines };
}
