import type { PostedJournal, ProviderJournal, TenantTransaction } from '@kits/plugin-sdk';
import { Invoice, LineAmountTypes, type Account, type Payment } from 'xero-node';
import type { XeroSession } from '../accounting-api/session.ts';
import { saveSalesContact } from '../connection/connection-store.ts';
import { accountRefs, xeroAmount } from './journal-lines.ts';
import { createManualJournal, findManualJournal } from './manual-journal.ts';
import { restNarrationOf, whereString } from './narration.ts';
import type { InvoicePlan } from './invoice-split.ts';
import { xeroLink } from './xero-links.ts';

/** The contact the day's sales invoices are billed to. */
export const SALES_CONTACT_NAME = 'KiTS POS sales';

/** What of a day's invoices-style posting Xero already holds. */
interface Held {
  readonly invoice: Invoice | undefined;
  /** Payment references already on the invoice. */
  readonly paidReferences: ReadonlySet<string>;
  readonly paymentIds: readonly string[];
  readonly journal: PostedJournal | null;
}

const paymentReference = (journal: ProviderJournal, key: string) => `${journal.reference} ${key}`;

/**
 * Posts the day as an invoice, its payments and the rest journal, each created only when Xero does
 * not hold it yet (looked up first, by the invoice's Reference, the payments' References on it and
 * the journal's Narration) and each with its own Idempotency-Key derived from the export's: a
 * retry after any part failed or timed out completes the set without making anything twice.
 */
export async function postAsInvoices(
  tx: TenantTransaction,
  session: XeroSession,
  chart: readonly Account[],
  journal: ProviderJournal,
  plan: InvoicePlan,
  idempotencyKey: string,
): Promise<PostedJournal> {
  const account = accountRefs(chart);
  // Every line's account is checked before anything is created.
  for (const line of [...plan.invoiceLines, ...plan.payments, ...plan.journalLines]) account(line.accountId);
  const held = await heldParts(session, journal);
  let invoice = held.invoice;
  if (!invoice) {
    const contactID = await salesContact(tx, session, idempotencyKey);
    const draft: Invoice = {
      type: Invoice.TypeEnum.ACCREC,
      contact: { contactID },
      date: journal.date,
      dueDate: journal.date,
      reference: journal.reference,
      status: Invoice.StatusEnum.AUTHORISED,
      lineAmountTypes: LineAmountTypes.NoTax,
      currencyCode: journal.currency as never,
      lineItems: plan.invoiceLines.map((line) => ({
        description: line.description,
        quantity: 1,
        unitAmount: xeroAmount(line.amount, journal.currency),
        ...account(line.accountId),
        ...(line.taxRateId ? { taxType: line.taxRateId } : {}),
      })),
    };
    const body = await session.call('the sales invoice', (api, tenant) =>
      api.createInvoices(tenant, { invoices: [draft] }, true, undefined, `${idempotencyKey}-invoice`),
    );
    invoice = body.invoices?.[0];
    if (!invoice?.invoiceID) throw new Error('Xero answered the sales invoice without its InvoiceID.');
  }
  const invoiceID = invoice.invoiceID!;
  const paymentIds = [...held.paymentIds];
  for (const [index, planned] of plan.payments.entries()) {
    const reference = paymentReference(journal, planned.key);
    if (held.paidReferences.has(reference)) continue;
    const payment: Payment = {
      invoice: { invoiceID },
      account: { accountID: planned.accountId },
      date: journal.date,
      amount: xeroAmount(planned.amount, journal.currency),
      reference,
    };
    const body = await session.call('a payment of the sales invoice', (api, tenant) =>
      api.createPayments(tenant, { payments: [payment] }, true, `${idempotencyKey}-pay-${index}`),
    );
    const id = body.payments?.[0]?.paymentID;
    if (!id) throw new Error('Xero answered the payment without its PaymentID.');
    paymentIds.push(id);
  }
  let rest = held.journal;
  if (!rest && plan.journalLines.length > 0)
    rest = await createManualJournal(
      session,
      chart,
      { narration: restNarrationOf(journal), date: journal.date, currency: journal.currency, lines: plan.journalLines },
      `${idempotencyKey}-journal`,
    );
  return {
    providerId: [invoiceID, ...paymentIds, ...(rest ? [rest.providerId] : [])].join(','),
    url: xeroLink(session, 'invoice', invoiceID),
  };
}

/** The complete invoices-style posting of the day, or null while any part of it is missing. */
export async function findInvoicePosting(session: XeroSession, journal: ProviderJournal, plan: InvoicePlan): Promise<PostedJournal | null> {
  const held = await heldParts(session, journal);
  if (!held.invoice?.invoiceID) return null;
  if (plan.payments.some((planned) => !held.paidReferences.has(paymentReference(journal, planned.key)))) return null;
  if (plan.journalLines.length > 0 && !held.journal) return null;
  return {
    providerId: [held.invoice.invoiceID, ...held.paymentIds, ...(held.journal ? [held.journal.providerId] : [])].join(','),
    url: xeroLink(session, 'invoice', held.invoice.invoiceID),
  };
}

async function heldParts(session: XeroSession, journal: ProviderJournal): Promise<Held> {
  const body = await session.call('the sales invoices', (api, tenant) =>
    api.getInvoices(
      tenant,
      undefined,
      `Type=="ACCREC" AND Reference==${whereString(journal.reference)} AND Status!="VOIDED" AND Status!="DELETED"`,
    ),
  );
  const invoice = (body.invoices ?? []).find((candidate) => candidate.reference === journal.reference && candidate.invoiceID);
  const payments = (invoice?.payments ?? []).filter((payment) => String(payment.status ?? 'AUTHORISED') !== 'DELETED');
  return {
    invoice,
    paidReferences: new Set(payments.flatMap((payment) => (payment.reference ? [payment.reference] : []))),
    paymentIds: payments.flatMap((payment) => (payment.paymentID ? [payment.paymentID] : [])),
    journal: await findManualJournal(session, restNarrationOf(journal)),
  };
}

/** The "KiTS POS sales" contact: remembered, found by name, or created. */
async function salesContact(tx: TenantTransaction, session: XeroSession, idempotencyKey: string): Promise<string> {
  if (session.connection.salesContactId) return session.connection.salesContactId;
  const found = await session.call('the sales contact', (api, tenant) =>
    api.getContacts(tenant, undefined, `Name==${whereString(SALES_CONTACT_NAME)}`),
  );
  let contactID = (found.contacts ?? []).find((contact) => contact.name === SALES_CONTACT_NAME)?.contactID;
  if (!contactID) {
    const created = await session.call('the sales contact', (api, tenant) =>
      api.createContacts(tenant, { contacts: [{ name: SALES_CONTACT_NAME }] }, true, `${idempotencyKey}-contact`),
    );
    contactID = created.contacts?.[0]?.contactID;
  }
  if (!contactID) throw new Error(`Xero answered the contact ${SALES_CONTACT_NAME} without its ContactID.`);
  await saveSalesContact(tx, contactID);
  return contactID;
}
