import { createHash } from 'node:crypto';
import { currencyExponent, minorToDecimal, type ProviderJournal } from '@kits/plugin-sdk';

/** QuickBooks' limit on DocNumber. */
export const DOC_NUMBER_LENGTH = 21;
/** QuickBooks' limits on PrivateNote and a line's Description. */
const PRIVATE_NOTE_LENGTH = 4000;
const DESCRIPTION_LENGTH = 4000;

/** What accounting@1 allows as an idempotency key (QuickBooks takes it as `requestid`). */
const IDEMPOTENCY_KEY = /^[A-Za-z0-9-]{1,50}$/;

/**
 * The DocNumber a journal is posted under, from its idempotency key: the key itself when it fits
 * QuickBooks' 21 characters, else `KITS-` and 16 hex of its SHA-256. The same key always gives the
 * same DocNumber, which is how `findJournal` finds a posting whose answer never arrived.
 */
export function docNumberOf(idempotencyKey: string): string {
  checkIdempotencyKey(idempotencyKey);
  if (idempotencyKey.length <= DOC_NUMBER_LENGTH) return idempotencyKey;
  return `KITS-${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 16)}`;
}

export function checkIdempotencyKey(key: string): void {
  if (!IDEMPOTENCY_KEY.test(key))
    throw new TypeError(`"${key}" is not an accounting@1 idempotency key: 1 to 50 characters of A-Z, a-z, 0-9 and "-".`);
}

/**
 * Throws unless every line has exactly one side above zero in whole minor units and the sides sum to
 * the same: an unbalanced journal is a bug of the caller, never sent.
 */
export function checkBalanced(journal: ProviderJournal): void {
  let debit = 0;
  let credit = 0;
  for (const line of journal.lines) {
    const sides = [line.debit, line.credit];
    if (!sides.every((amount) => Number.isSafeInteger(amount) && amount >= 0) || line.debit > 0 === line.credit > 0)
      throw new TypeError(
        `Journal line ${line.role} "${line.key}" must have exactly one of debit and credit above zero, in whole minor units (debit ${line.debit}, credit ${line.credit}).`,
      );
    debit += line.debit;
    credit += line.credit;
  }
  if (journal.lines.length === 0) throw new TypeError(`The journal ${journal.reference} has no lines.`);
  if (debit !== credit)
    throw new TypeError(
      `The journal ${journal.reference} is not balanced: debits ${debit}, credits ${credit} (difference ${debit - credit}).`,
    );
}

/**
 * The QuickBooks JournalEntry of a journal, as the JSON text `POST …/journalentry` takes. Amounts are
 * written as exact decimals of the currency's minor units (never through a float): each is a
 * placeholder string in the object, swapped for its bare decimal in the text.
 */
export function journalEntryJson(journal: ProviderJournal, idempotencyKey: string): string {
  checkBalanced(journal);
  const exponent = currencyExponent(journal.currency);
  const decimals: string[] = [];
  const amount = (minor: number) => `\u0000${decimals.push(minorToDecimal(minor, exponent)) - 1}\u0000`;
  const entry = {
    DocNumber: docNumberOf(idempotencyKey),
    TxnDate: journal.date,
    PrivateNote: privateNoteOf(journal),
    CurrencyRef: { value: journal.currency },
    Line: journal.lines.map((line, index) => ({
      Id: String(index),
      Description: line.description.slice(0, DESCRIPTION_LENGTH),
      Amount: amount(line.debit > 0 ? line.debit : line.credit),
      DetailType: 'JournalEntryLineDetail',
      JournalEntryLineDetail: {
        PostingType: line.debit > 0 ? 'Debit' : 'Credit',
        AccountRef: { value: line.accountId },
      },
    })),
  };
  return JSON.stringify(entry).replace(/"\\u0000(\d+)\\u0000"/g, (_match, index: string) => decimals[Number(index)]!);
}

/** Memo and reference, as the merchant reads them on the entry in QuickBooks. */
export function privateNoteOf(journal: ProviderJournal): string {
  const note = journal.memo.trim() === '' ? journal.reference : `${journal.memo.trim()} — ${journal.reference}`;
  return note.slice(0, PRIVATE_NOTE_LENGTH);
}

/** Single quotes escaped for a value in a QuickBooks query (`where DocNumber = '…'`). */
export const queryText = (value: string): string => value.replace(/\\/g, '\\\\').replace(/'/g, "\\'");
