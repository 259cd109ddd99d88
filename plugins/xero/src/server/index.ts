import { definePlugin } from '@kits/plugin-sdk';
import { xeroAccounting } from './accounting/provider.ts';
import { registerTokenRenewal } from './connection/renew-tokens.ts';
import { registerConnectionRoutes } from './connection/routes.ts';
import type { XeroSettings } from './settings.ts';

/**
 * xero: Xero as the tenant's accounting system (accounting@1) — the OAuth connection to one
 * organisation (tokens sealed, refresh tokens rotated), its chart and tax rates, and each closed
 * day posted once, as the accounting plugin asks.
 */
export default definePlugin<XeroSettings>({
  register(context) {
    registerConnectionRoutes(context.routes);
    registerTokenRenewal(context);
    context.services.provide('accounting@1', (scope) => xeroAccounting(scope));
  },
  // The demo has no Xero organisation: connecting needs the merchant's app, so the demo leaves it unconnected.
  async demo() {},
});
