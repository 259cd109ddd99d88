import type { LedgerRole, ProviderJournal, ProviderJournalLine } from '@kits/plugin-sdk';
import type { SignedLine } from './manual-journal.ts';
import { signedOf } from './journal-lines.ts';

/** What the day's sales invoice carries: net sales, discounts, channel charges, refunds and the tax on them. */
const INVOICE_ROLES: ReadonlySet<LedgerRole> = new Set(['sales', 'discounts', 'charges', 'refunds', 'tax']);
/** What is not a sale, posted beside it as a manual journal. */
const JOURNAL_ROLES: ReadonlySet<LedgerRole> = new Set(['cogs', 'inventory', 'ap_accrual', 'cash_over_short', 'rounding']);

/** The invoices style's documents for one day. */
export interface InvoicePlan {
  /** Invoice lines: LineAmount positive for what was sold (sales, charges, tax), negative for discounts and refunds. */
  readonly invoiceLines: readonly { accountId: string; taxRateId: string | null; amount: number; description: string }[];
  /** The invoice's total, minor units, > 0. */
  readonly invoiceTotal: number;
  /** One payment per tender account (> 0 each), summing to the invoice total. */
  readonly payments: readonly { key: string; accountId: string; amount: number; description: string }[];
  /** The manual journal of the rest (balanced), or empty when there is none. */
  readonly journalLines: readonly SignedLine[];
}

/**
 * Splits a balanced day journal into an ACCREC invoice, its payments and a manual journal. Cash
 * over/short and rounding are cash that came or went without a sale, and cost of goods, stock and
 * accruals balance among themselves: the rest journal takes its difference against the cash tender
 * (or the largest tender), so the payments are exactly the invoice's total. Answers null when the
 * day cannot be an invoice — it sold nothing on balance (refunds outweighed sales), a tender
 * account paid money out, or there was no tender to settle the rest against — and the day is then
 * posted as one manual journal.
 */
export function planInvoicePosting(journal: ProviderJournal): InvoicePlan | null {
  const invoice = journal.lines.filter((line) => INVOICE_ROLES.has(line.role));
  const rest = journal.lines.filter((line) => JOURNAL_ROLES.has(line.role));
  const tenders = journal.lines.filter((line) => line.role === 'tender');
  const unknown = journal.lines.filter((line) => !INVOICE_ROLES.has(line.role) && !JOURNAL_ROLES.has(line.role) && line.role !== 'tender');
  if (unknown.length > 0) return null;
  const invoiceTotal = -invoice.reduce((sum, line) => sum + signedOf(line), 0);
  if (invoice.length === 0 || invoiceTotal <= 0) return null;

  const restSum = rest.reduce((sum, line) => sum + signedOf(line), 0);
  const settling = restSum === 0 ? undefined : settlingTender(tenders);
  if (restSum !== 0 && !settling) return null;
  const payments = tenders.map((line) => ({
    key: line.key,
    accountId: line.accountId,
    amount: signedOf(line) + (line === settling ? restSum : 0),
    description: line.description,
  }));
  if (payments.some((payment) => payment.amount < 0)) return null;

  const journalLines: SignedLine[] = rest.map(toSigned);
  if (settling) journalLines.push({ accountId: settling.accountId, taxRateId: null, amount: -restSum, description: settling.description });
  return {
    invoiceLines: invoice.map((line) => ({ ...toSigned(line), amount: -signedOf(line) })),
    invoiceTotal,
    payments: payments.filter((payment) => payment.amount > 0),
    journalLines: journalLines.filter((line) => line.amount !== 0),
  };
}

/** Cash over/short and rounding are the cash drawer's: the cash tender settles them, or the largest tender when no cash was taken. */
function settlingTender(tenders: readonly ProviderJournalLine[]): ProviderJournalLine | undefined {
  return tenders.find((line) => line.key === 'cash') ?? [...tenders].sort((a, b) => signedOf(b) - signedOf(a))[0];
}

const toSigned = (line: ProviderJournalLine): SignedLine => ({
  accountId: line.accountId,
  taxRateId: line.taxRateId,
  amount: signedOf(line),
  description: line.description,
});
