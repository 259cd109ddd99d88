import { DomainError } from '@kits/plugin-sdk';
import { endpointsOf, type QuickBooksSettings } from '../settings.ts';
import type { TokenEndpoint } from '../qbo-api/tokens.ts';

/** The app's credentials from the settings, or a 409 naming what to fill in. */
export function appCredentials(settings: QuickBooksSettings): { clientId: string; clientSecret: string } {
  if (!settings.clientId || !settings.clientSecret)
    throw new DomainError(
      'quickbooks.app_not_configured',
      409,
      'The QuickBooks app is not set up: fill in the clientId and clientSecret settings of the QuickBooks plugin (Keys & credentials of your app on developer.intuit.com).',
      { settings: ['clientId', 'clientSecret'] },
    );
  return { clientId: settings.clientId, clientSecret: settings.clientSecret };
}

/** Intuit's token endpoint with the app's credentials. */
export function tokenEndpoint(settings: QuickBooksSettings): TokenEndpoint {
  const { tokenUrl, timeoutMs } = endpointsOf(settings);
  return { tokenUrl, timeoutMs, ...appCredentials(settings) };
}
