/** What the xero plugin's API answers, as the office reads it (src/server/connection/routes.ts, under /api/v1/xero). */
export const API = '/api/v1/xero';
export const VIEW = 'xero:view';
export const MANAGE = 'xero:manage';
/** The office page Xero sends the merchant back to (the OAuth redirect URI), below the plugin's prefix. */
export const CONNECT_PAGE = 'connect';

export interface Connection {
  readonly status: 'not_connected' | 'connected' | 'reconnect_required' | 'disconnected';
  readonly organisationName: string | null;
  readonly currency: string | null;
  readonly reason: string | null;
  readonly connectedAt: string | null;
  readonly postingStyle: 'manual_journal' | 'invoices';
  readonly appConfigured: boolean;
  /** `/office/xero/connect`: with the office's origin, the redirect URI the Xero app must list. */
  readonly connectPath: string;
}
