import type { DoubleCompany, DoubleJournalEntry } from './company.ts';
import {
  businessValidation,
  invalidReference,
  now,
  requiredMissing,
  stringLength,
  unsupportedProperty,
  type DoubleAnswer,
} from './faults.ts';

/** Properties of JournalEntry (and its lines) Intuit's API reference lists; others are refused (2010). */
const ENTRY_FIELDS = new Set(['DocNumber', 'TxnDate', 'PrivateNote', 'CurrencyRef', 'ExchangeRate', 'Line', 'Adjustment', 'TxnTaxDetail']);
const LINE_FIELDS = new Set(['Id', 'LineNum', 'Description', 'Amount', 'DetailType', 'JournalEntryLineDetail']);
const DETAIL_FIELDS = new Set([
  'PostingType',
  'AccountRef',
  'Entity',
  'ClassRef',
  'DepartmentRef',
  'TaxCodeRef',
  'TaxApplicableOn',
  'TaxAmount',
]);

const MINOR_DIGITS: Readonly<Record<string, number>> = { JPY: 0, KRW: 0, HUF: 2, KWD: 3, BHD: 3 };

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * `POST /v3/company/{realmId}/journalentry`: validated as QuickBooks validates a journal entry, then
 * stored. Answers `{ JournalEntry, time }`, or a Fault.
 */
export function createJournalEntry(company: DoubleCompany, body: unknown): DoubleAnswer {
  if (!isObject(body)) return requiredMissing('JournalEntry');
  for (const key of Object.keys(body)) if (!ENTRY_FIELDS.has(key)) return unsupportedProperty(key);
  if (typeof body.DocNumber === 'string' && body.DocNumber.length > 21) return stringLength('DocNumber', 21, body.DocNumber.length);
  if (typeof body.PrivateNote === 'string' && body.PrivateNote.length > 4000)
    return stringLength('PrivateNote', 4000, body.PrivateNote.length);
  if (body.TxnDate !== undefined && (typeof body.TxnDate !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(body.TxnDate)))
    return businessValidation(`TxnDate ${String(body.TxnDate)} is not a date (yyyy-MM-dd).`, 'TxnDate');
  const currency = isObject(body.CurrencyRef) && typeof body.CurrencyRef.value === 'string' ? body.CurrencyRef.value : company.currency;
  if (currency !== company.currency)
    return businessValidation(
      `The currency ${currency} is not the home currency (${company.currency}) and multicurrency is off for this company.`,
      'CurrencyRef',
    );
  if (!Array.isArray(body.Line) || body.Line.length === 0) return businessValidation('You must fill out at least one split line.', 'Line');
  const digits = MINOR_DIGITS[currency] ?? 2;
  let debits = 0;
  let credits = 0;
  for (const [index, line] of body.Line.entries()) {
    if (!isObject(line)) return requiredMissing(`Line[${index}]`);
    for (const key of Object.keys(line)) if (!LINE_FIELDS.has(key)) return unsupportedProperty(`Line.${key}`);
    if (line.DetailType !== 'JournalEntryLineDetail') return requiredMissing('Line.DetailType');
    if (typeof line.Amount !== 'number' || !(line.Amount >= 0)) return requiredMissing('Line.Amount');
    const minor = Math.round(line.Amount * 10 ** digits);
    if (Math.abs(minor - line.Amount * 10 ** digits) > 1e-6)
      return businessValidation(`Amount ${line.Amount} has more decimal places than ${currency} allows.`, 'Line.Amount');
    const detail = line.JournalEntryLineDetail;
    if (!isObject(detail)) return requiredMissing('Line.JournalEntryLineDetail');
    for (const key of Object.keys(detail)) if (!DETAIL_FIELDS.has(key)) return unsupportedProperty(`JournalEntryLineDetail.${key}`);
    if (detail.PostingType !== 'Debit' && detail.PostingType !== 'Credit')
      return requiredMissing('Line.JournalEntryLineDetail.PostingType');
    const accountId = isObject(detail.AccountRef) ? detail.AccountRef.value : undefined;
    if (typeof accountId !== 'string' || accountId === '') return requiredMissing('Line.JournalEntryLineDetail.AccountRef');
    const account = company.accounts.find((a) => a.Id === accountId);
    if (!account) return invalidReference('Account', accountId);
    if (!account.Active)
      return businessValidation(`Account ${account.Name} is inactive: make it active or use another account.`, 'AccountRef');
    if (detail.PostingType === 'Debit') debits += minor;
    else credits += minor;
  }
  if (debits !== credits)
    return businessValidation(
      `Transaction is not balanced: the debits (${(debits / 10 ** digits).toFixed(digits)}) must equal the credits (${(credits / 10 ** digits).toFixed(digits)}).`,
      'Line',
    );
  const at = now();
  const entry: DoubleJournalEntry = {
    Id: String(company.nextId++),
    SyncToken: '0',
    ...(typeof body.DocNumber === 'string' ? { DocNumber: body.DocNumber } : {}),
    TxnDate: typeof body.TxnDate === 'string' ? body.TxnDate : at.slice(0, 10),
    ...(typeof body.PrivateNote === 'string' ? { PrivateNote: body.PrivateNote } : {}),
    CurrencyRef: { value: currency },
    Line: body.Line,
    Adjustment: body.Adjustment === true,
    MetaData: { CreateTime: at, LastUpdatedTime: at },
  };
  company.journalEntries.push(entry);
  return { status: 200, body: { JournalEntry: { ...entry, domain: 'QBO', sparse: false }, time: at } };
}
