import type { ServerPluginContext } from '@kits/plugin-sdk';
import { XeroSession } from '../accounting-api/session.ts';
import type { XeroSettings } from '../settings.ts';
import { readConnection } from './connection-store.ts';

/** How often connections are looked at for an access token near its end. */
export const RENEW_TICK_MS = 5 * 60_000;
/** Renewed this long before the access token (30 minutes) ends, so reads always find a live one. */
export const RENEW_AHEAD_MS = 12 * 60_000;

/**
 * Keeps the organisation's access token live: a read (the account mapping page lists accounts and
 * tax rates in a GET, a read-only transaction) cannot store the refresh token Xero rotates on every
 * renewal, so renewals happen here, in the job's writable transaction, ahead of the token's end.
 */
export function registerTokenRenewal(context: ServerPluginContext<XeroSettings>): void {
  context.jobs.every('renew-tokens', RENEW_TICK_MS, async ({ tx, settings }) => {
    const connection = await readConnection(tx);
    if (connection?.status !== 'connected' || !settings.clientId || !settings.clientSecret) return;
    try {
      await (await XeroSession.open(tx, settings)).renewIfEnding(RENEW_AHEAD_MS);
    } catch (error) {
      // A refused renewal has marked the connection reconnect_required already; an unreachable Xero is tried next tick.
      if (!(error instanceof Error && error.name === 'AccountingNotConnectedError')) throw error;
    }
  });
}
