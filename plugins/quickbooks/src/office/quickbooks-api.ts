/** What the quickbooks plugin's API answers, as the office reads it (src/server/connection/routes.ts, under /api/v1/quickbooks). */
export const API = '/api/v1/quickbooks';

/** Who may look at the QuickBooks page, and who may connect or disconnect (the kernel checks again). */
export const VIEW = 'quickbooks:view';
export const MANAGE = 'quickbooks:manage';

export type ConnectionStatus = 'connected' | 'reconnect_required' | 'disconnected';

/** GET /connection. */
export interface Connection {
  readonly status: ConnectionStatus;
  readonly realmId: string | null;
  readonly companyName: string | null;
  readonly currency: string | null;
  /** Why it is not connected: Intuit's words when a refresh failed, `Disconnected in KiTS.` after a disconnect. */
  readonly reason: string | null;
  readonly connectedAt: string | null;
  readonly refreshedAt: string | null;
  readonly environment: 'production' | 'sandbox';
  /** Whether the app's client ID and secret are in the plugin's settings (connecting needs them). */
  readonly appConfigured: boolean;
}

/** Intuit's redirect back to the page: what POST /connection/oauth/complete takes, or undefined when the query is not one. */
export function intuitRedirect(query: URLSearchParams): { code: string; state: string; realmId: string } | undefined {
  const code = query.get('code');
  const state = query.get('state');
  const realmId = query.get('realmId');
  return code && state && realmId ? { code, state, realmId } : undefined;
}

/** Intuit's refusal in the redirect (`error=access_denied` when the merchant pressed Cancel). */
export function intuitRefusal(query: URLSearchParams): string | undefined {
  const error = query.get('error');
  if (!error) return undefined;
  return error === 'access_denied'
    ? 'You cancelled on the Intuit page, so nothing was connected.'
    : `Intuit did not connect the company (${error}${query.get('error_description') ? `: ${query.get('error_description')}` : ''}).`;
}

/** The plugin's settings page, where the app's client ID and secret go (the kernel's marketplace page of the plugin). */
export const settingsHref = (pluginId: string): string => `/office/marketplace/${pluginId}`;
