import type { ServerPluginContext } from '@kits/plugin-sdk';
import type { QuickBooksSettings } from '../settings.ts';
import { renewTokens } from './company-session.ts';
import { readConnection } from './connection-store.ts';
import { registerConnectionRoutes } from './routes.ts';

export { openCompany, NOT_CONNECTED, type CompanySession } from './company-session.ts';
export { readConnection, type ConnectionRow } from './connection-store.ts';

/** How often connections are looked at for an access token near its end. */
const RENEW_TICK_MS = 5 * 60_000;
/** Renewed this long before the access token (an hour) ends, so reads (read-only transactions) find a live one. */
const RENEW_AHEAD_MS = 20 * 60_000;

/**
 * The company connection (connect by OAuth, disconnect) and a job that renews the access token
 * ahead of its end: a refresh must store the rotated refresh token, which a read-only request cannot.
 */
export function registerConnection(context: ServerPluginContext<QuickBooksSettings>): void {
  registerConnectionRoutes(context.routes);
  context.jobs.every('renew-tokens', RENEW_TICK_MS, async ({ tx, settings }) => {
    const connection = await readConnection(tx);
    if (connection?.status !== 'connected' || !settings.clientId || !settings.clientSecret) return;
    if (connection.accessExpiresAt && connection.accessExpiresAt.getTime() - Date.now() > RENEW_AHEAD_MS) return;
    try {
      await renewTokens(tx, settings, null);
    } catch (error) {
      // A refused refresh has already marked the connection reconnect_required; an unreachable Intuit is tried next tick.
      if (!(error instanceof Error && error.name === 'AccountingNotConnectedError')) throw error;
    }
  });
}
