/** The tenant's settings of the quickbooks plugin (package.json `kits.settings`), secrets opened. */
export interface QuickBooksSettings {
  readonly clientId?: string;
  readonly clientSecret?: string;
  readonly environment?: 'production' | 'sandbox';
  readonly apiBase?: string;
  readonly tokenUrl?: string;
  readonly authorizeUrl?: string;
  readonly requestTimeoutSeconds?: number;
}

/** Intuit's public endpoints (developer.intuit.com: OAuth 2.0, Accounting API base URLs). */
export const INTUIT = {
  authorizeUrl: 'https://appcenter.intuit.com/connect/oauth2',
  tokenUrl: 'https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer',
  apiBase: { production: 'https://quickbooks.api.intuit.com', sandbox: 'https://sandbox-quickbooks.api.intuit.com' },
  appBase: { production: 'https://app.qbo.intuit.com', sandbox: 'https://app.sandbox.qbo.intuit.com' },
  scope: 'com.intuit.quickbooks.accounting',
} as const;

const DEFAULT_TIMEOUT_SECONDS = 30;

/** Where this tenant's QuickBooks calls go, from its settings (overrides for a proxy or a test double). */
export interface QuickBooksEndpoints {
  readonly apiBase: string;
  readonly tokenUrl: string;
  readonly authorizeUrl: string;
  /** Where the merchant opens a transaction in QuickBooks. */
  readonly appBase: string;
  readonly timeoutMs: number;
}

export function endpointsOf(settings: QuickBooksSettings): QuickBooksEndpoints {
  const environment = settings.environment ?? 'production';
  return {
    apiBase: (settings.apiBase ?? INTUIT.apiBase[environment]).replace(/\/+$/, ''),
    tokenUrl: settings.tokenUrl ?? INTUIT.tokenUrl,
    authorizeUrl: settings.authorizeUrl ?? INTUIT.authorizeUrl,
    appBase: INTUIT.appBase[environment],
    timeoutMs: (settings.requestTimeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000,
  };
}
