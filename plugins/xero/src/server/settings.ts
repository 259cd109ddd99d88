/** The tenant's settings of the xero plugin (package.json `kits.settings`), secrets opened. */
export interface XeroSettings {
  readonly clientId?: string;
  readonly clientSecret?: string;
  readonly postingStyle?: 'manual_journal' | 'invoices';
  readonly apiBase?: string;
  readonly connectionsUrl?: string;
  readonly tokenUrl?: string;
  readonly authorizeUrl?: string;
}

/** Xero's own addresses; each can be overridden in the settings (a proxy, or the tests' double). */
export const XERO_DEFAULTS = {
  apiBase: 'https://api.xero.com/api.xro/2.0',
  connectionsUrl: 'https://api.xero.com/connections',
  tokenUrl: 'https://identity.xero.com/connect/token',
  authorizeUrl: 'https://login.xero.com/identity/connect/authorize',
} as const;

export const endpoints = (settings: XeroSettings) => ({
  apiBase: settings.apiBase ?? XERO_DEFAULTS.apiBase,
  connectionsUrl: settings.connectionsUrl ?? XERO_DEFAULTS.connectionsUrl,
  tokenUrl: settings.tokenUrl ?? XERO_DEFAULTS.tokenUrl,
  authorizeUrl: settings.authorizeUrl ?? XERO_DEFAULTS.authorizeUrl,
});
