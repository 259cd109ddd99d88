import type { XeroSession } from '../accounting-api/session.ts';

const PATHS = { journal: '/Journal/View.aspx?invoiceID=', invoice: '/AccountsReceivable/View.aspx?InvoiceID=' } as const;

/**
 * Where the merchant sees a document in Xero: through the organisation's short code (so the right
 * organisation opens when they have several), or Xero's plain path without one.
 */
export function xeroLink(session: XeroSession, kind: keyof typeof PATHS, id: string): string {
  const path = `${PATHS[kind]}${encodeURIComponent(id)}`;
  const shortCode = session.connection.shortCode;
  return shortCode
    ? `https://go.xero.com/organisationlogin/default.aspx?shortcode=${encodeURIComponent(shortCode)}&redirecturl=${encodeURIComponent(path)}`
    : `https://go.xero.com${path}`;
}
