import { randomUUID } from 'node:crypto';
import { decimalToMinor, minorToDecimal } from '@kits/plugin-sdk';
import type { DoubleAccount, DoubleTaxRate } from './chart.ts';

/**
 * The organisation's documents and Xero's validation of what the plugin creates (ManualJournals,
 * Invoices, Payments, Contacts), from the Accounting API reference: PascalCase fields, unknown
 * fields refused, every amount a decimal of at most the currency's 2 places, ValidationErrors
 * messages in Xero's words.
 */

export type Json = Record<string, unknown>;
export type Refusal = { messages: string[] };

export interface StoredJournal {
  ManualJournalID: string;
  Narration: string;
  Date: string;
  Status: string;
  LineAmountTypes: string;
  JournalLines: { LineAmount: number; AccountCode: string; AccountID: string; Description: string; TaxType?: string }[];
}
export interface StoredInvoice {
  InvoiceID: string;
  Type: 'ACCREC';
  ContactID: string;
  Date: string;
  Reference: string;
  Status: string;
  LineItems: { Description: string; Quantity: number; UnitAmount: number; AccountCode: string; TaxType?: string; LineAmount: number }[];
  /** Minor units. */
  total: number;
  amountDue: number;
  Payments: { PaymentID: string; Amount: number; Reference: string; Status: string }[];
}
export interface StoredPayment {
  PaymentID: string;
  InvoiceID: string;
  AccountID: string;
  Amount: number;
  Reference: string;
  Date: string;
}

const JOURNAL_FIELDS = new Set(['Narration', 'JournalLines', 'Date', 'LineAmountTypes', 'Status', 'Url', 'ShowOnCashBasisReports']);
const LINE_FIELDS = new Set(['LineAmount', 'AccountCode', 'AccountID', 'Description', 'TaxType', 'Tracking']);
const INVOICE_FIELDS = new Set([
  'Type',
  'Contact',
  'LineItems',
  'Date',
  'DueDate',
  'LineAmountTypes',
  'Reference',
  'Status',
  'CurrencyCode',
]);
const ITEM_FIELDS = new Set(['Description', 'Quantity', 'UnitAmount', 'AccountCode', 'AccountID', 'TaxType']);
const PAYMENT_FIELDS = new Set(['Invoice', 'Account', 'Date', 'Amount', 'Reference']);
const EXPONENT = 2;

export class Documents {
  readonly journals: StoredJournal[] = [];
  readonly invoices: StoredInvoice[] = [];
  readonly payments: StoredPayment[] = [];
  readonly contacts: { ContactID: string; Name: string }[] = [];

  readonly accounts: DoubleAccount[];
  readonly taxRates: DoubleTaxRate[];

  constructor(accounts: DoubleAccount[], taxRates: DoubleTaxRate[]) {
    this.accounts = accounts;
    this.taxRates = taxRates;
  }

  createJournal(input: Json): StoredJournal | Refusal {
    const errors: string[] = [];
    unknownFields(input, JOURNAL_FIELDS, 'ManualJournal', errors);
    if (typeof input.Narration !== 'string' || !input.Narration.trim()) errors.push('Narration must not be empty');
    const date = dateOf(input.Date, errors);
    if (input.Status !== undefined && input.Status !== 'POSTED' && input.Status !== 'DRAFT')
      errors.push(`Status ${String(input.Status)} is not valid`);
    const lineAmountTypes = input.LineAmountTypes ?? 'NoTax';
    if (!['NoTax', 'Exclusive', 'Inclusive'].includes(String(lineAmountTypes))) errors.push('LineAmountTypes is not valid');
    const lines = Array.isArray(input.JournalLines) ? (input.JournalLines as Json[]) : [];
    if (lines.length < 2) errors.push('A manual journal must have at least two lines');
    let total = 0;
    const stored: StoredJournal['JournalLines'] = [];
    for (const line of lines) {
      unknownFields(line, LINE_FIELDS, 'JournalLine', errors);
      const account = this.account(line, errors);
      const amount = this.amount(line.LineAmount, 'LineAmount', errors);
      if (amount === 0) errors.push('LineAmount must not be zero');
      this.taxType(line.TaxType, errors);
      total += amount ?? 0;
      if (account && amount !== undefined)
        stored.push({
          LineAmount: line.LineAmount as number,
          AccountCode: account.Code,
          AccountID: account.AccountID,
          Description: String(line.Description ?? ''),
          ...(typeof line.TaxType === 'string' ? { TaxType: line.TaxType } : {}),
        });
    }
    if (errors.length === 0 && total !== 0) errors.push('The total debits must equal total credits');
    if (errors.length > 0) return { messages: errors };
    const journal: StoredJournal = {
      ManualJournalID: randomUUID(),
      Narration: input.Narration as string,
      Date: date!,
      Status: String(input.Status ?? 'DRAFT'),
      LineAmountTypes: String(lineAmountTypes),
      JournalLines: stored,
    };
    this.journals.push(journal);
    return journal;
  }

  createInvoice(input: Json): StoredInvoice | Refusal {
    const errors: string[] = [];
    unknownFields(input, INVOICE_FIELDS, 'Invoice', errors);
    if (input.Type !== 'ACCREC') errors.push('Only ACCREC invoices are supported by this double');
    const contactId = (input.Contact as Json | undefined)?.ContactID;
    if (!this.contacts.some((c) => c.ContactID === contactId)) errors.push('A valid contact is required: ContactID not found');
    const date = dateOf(input.Date, errors);
    if (input.LineAmountTypes !== undefined && input.LineAmountTypes !== 'NoTax') errors.push('This double takes NoTax invoices only');
    const items = Array.isArray(input.LineItems) ? (input.LineItems as Json[]) : [];
    if (items.length === 0) errors.push('At least one line item is required');
    let total = 0;
    const stored: StoredInvoice['LineItems'] = [];
    for (const item of items) {
      unknownFields(item, ITEM_FIELDS, 'LineItem', errors);
      const account = this.account(item, errors);
      if (item.Quantity !== 1) errors.push('Quantity must be 1 in this double');
      const amount = this.amount(item.UnitAmount, 'UnitAmount', errors);
      this.taxType(item.TaxType, errors);
      total += amount ?? 0;
      if (account && amount !== undefined)
        stored.push({
          Description: String(item.Description ?? ''),
          Quantity: 1,
          UnitAmount: item.UnitAmount as number,
          AccountCode: account.Code,
          LineAmount: item.UnitAmount as number,
          ...(typeof item.TaxType === 'string' ? { TaxType: item.TaxType } : {}),
        });
    }
    if (errors.length === 0 && total < 0) errors.push('Invoice total must not be negative');
    if (errors.length > 0) return { messages: errors };
    const invoice: StoredInvoice = {
      InvoiceID: randomUUID(),
      Type: 'ACCREC',
      ContactID: contactId as string,
      Date: date!,
      Reference: String(input.Reference ?? ''),
      Status: String(input.Status ?? 'DRAFT'),
      LineItems: stored,
      total,
      amountDue: total,
      Payments: [],
    };
    this.invoices.push(invoice);
    return invoice;
  }

  createPayment(input: Json): StoredPayment | Refusal {
    const errors: string[] = [];
    unknownFields(input, PAYMENT_FIELDS, 'Payment', errors);
    const invoice = this.invoices.find((i) => i.InvoiceID === (input.Invoice as Json | undefined)?.InvoiceID);
    if (!invoice) errors.push('Invoice could not be found');
    else if (invoice.Status !== 'AUTHORISED') errors.push('Payment can only be made against AUTHORISED invoices');
    const ref = (input.Account as Json | undefined) ?? {};
    const account = this.accounts.find((a) => (ref.AccountID ? a.AccountID === ref.AccountID : a.Code === ref.Code));
    if (!account || account.Status !== 'ACTIVE') errors.push('Account could not be found');
    else if (account.Type !== 'BANK' && !account.EnablePaymentsToAccount)
      errors.push('Payments can only be made to or from BANK accounts or accounts with EnablePaymentsToAccount set');
    const amount = this.amount(input.Amount, 'Amount', errors);
    if (amount !== undefined && amount <= 0) errors.push('Payment amount must be greater than zero');
    if (invoice && amount !== undefined && amount > invoice.amountDue)
      errors.push('Payment amount exceeds the amount outstanding on this document');
    const date = dateOf(input.Date, errors);
    if (errors.length > 0) return { messages: errors };
    const payment: StoredPayment = {
      PaymentID: randomUUID(),
      InvoiceID: invoice!.InvoiceID,
      AccountID: account!.AccountID,
      Amount: input.Amount as number,
      Reference: String(input.Reference ?? ''),
      Date: date!,
    };
    this.payments.push(payment);
    invoice!.amountDue -= amount!;
    invoice!.Payments.push({ PaymentID: payment.PaymentID, Amount: payment.Amount, Reference: payment.Reference, Status: 'AUTHORISED' });
    if (invoice!.amountDue === 0) invoice!.Status = 'PAID';
    return payment;
  }

  createContact(input: Json): { ContactID: string; Name: string } | Refusal {
    const name = typeof input.Name === 'string' ? input.Name.trim() : '';
    if (!name) return { messages: ['The contact name must be specified'] };
    if (this.contacts.some((c) => c.Name.toLowerCase() === name.toLowerCase()))
      return {
        messages: [
          `The contact name ${name} is already assigned to another contact. The contact name must be unique across all active contacts.`,
        ],
      };
    const contact = { ContactID: randomUUID(), Name: name };
    this.contacts.push(contact);
    return contact;
  }

  invoiceView(invoice: StoredInvoice): Json {
    return {
      InvoiceID: invoice.InvoiceID,
      Type: invoice.Type,
      Contact: { ContactID: invoice.ContactID, Name: this.contacts.find((c) => c.ContactID === invoice.ContactID)?.Name },
      Date: msDate(invoice.Date),
      Reference: invoice.Reference,
      Status: invoice.Status,
      LineAmountTypes: 'NoTax',
      LineItems: invoice.LineItems,
      Total: Number(minorToDecimal(invoice.total, EXPONENT)),
      AmountDue: Number(minorToDecimal(invoice.amountDue, EXPONENT)),
      Payments: invoice.Payments,
    };
  }

  journalView(journal: StoredJournal): Json {
    return { ...journal, Date: msDate(journal.Date) };
  }

  private account(line: Json, errors: string[]): DoubleAccount | undefined {
    const account = line.AccountID
      ? this.accounts.find((a) => a.AccountID === line.AccountID)
      : this.accounts.find((a) => a.Code === line.AccountCode);
    if (!account || account.Status !== 'ACTIVE') {
      errors.push(`Account code '${String(line.AccountCode ?? line.AccountID ?? '')}' is not a valid code for this document.`);
      return undefined;
    }
    if (account.SystemAccount === 'DEBTORS') errors.push(`Account code '${account.Code}' is a system account and cannot be used here.`);
    return account;
  }

  private amount(value: unknown, field: string, errors: string[]): number | undefined {
    const minor = typeof value === 'number' && Number.isFinite(value) ? decimalToMinor(String(value), EXPONENT) : undefined;
    if (minor === undefined) errors.push(`${field} must be a number with at most ${EXPONENT} decimal places`);
    return minor;
  }

  private taxType(value: unknown, errors: string[]): void {
    if (value === undefined) return;
    if (!this.taxRates.some((rate) => rate.TaxType === value && rate.Status === 'ACTIVE'))
      errors.push(`TaxType code '${String(value)}' does not exist or cannot be used for this type of transaction.`);
  }
}

function unknownFields(value: Json, allowed: ReadonlySet<string>, what: string, errors: string[]): void {
  for (const key of Object.keys(value ?? {})) if (!allowed.has(key)) errors.push(`${what} has an unknown field ${key}`);
}

function dateOf(value: unknown, errors: string[]): string | undefined {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  errors.push('Date must be a valid date (YYYY-MM-DD)');
  return undefined;
}

/** How Xero's JSON writes a date: `/Date(1733443200000+0000)/`. */
export const msDate = (day: string) => `/Date(${Date.parse(`${day}T00:00:00Z`)}+0000)/`;
