import { definePlugin } from '@kits/plugin-sdk';
import { quickBooksAccounting } from './accounting/provider.ts';
import { registerConnection } from './connection/index.ts';
import type { QuickBooksSettings } from './settings.ts';

/**
 * quickbooks: QuickBooks Online as the tenant's accounting system (accounting@1) — the company
 * connection (OAuth 2.0, rotating refresh tokens sealed), its accounts and tax codes, and each
 * journal the accounting plugin builds posted once as a JournalEntry.
 */
export default definePlugin<QuickBooksSettings>({
  register(context) {
    registerConnection(context);
    context.services.provide('accounting@1', (scope) => quickBooksAccounting(scope));
  },
  // The demo has no QuickBooks company: connecting needs the merchant's Intuit app, so the demo leaves it disconnected.
  async demo() {},
});
