import { eraseTillData, type CredentialStore } from '../store/erase-till-data.ts';
import type { TillDatabase } from '../store/till-database.ts';
import type { GatewayClient } from '../sync/gateway-client.ts';
import { PushAgent } from '../sync/push-agent.ts';

/** How a revoked till ends: everything pushed and erased, or still holding events it could not send yet. */
export type RevokedTillOutcome = { readonly erased: true } | { readonly erased: false; readonly waiting: number; readonly reason: string };

/**
 * A revoked till's last act (decision D-198): push every event it still holds with its device key
 * — the kernel applies those recorded before the revocation and answers `erase: true` — and only
 * when none is left unanswered, erase its local database and credentials. Until then nothing is
 * erased: called again (the next time the till reaches the kernel) it carries on.
 */
export async function finishRevokedTill(
  db: TillDatabase,
  deviceId: string,
  deviceClient: Pick<GatewayClient, 'post'> | undefined,
  credentials: CredentialStore,
): Promise<RevokedTillOutcome> {
  const waitingNow = await db.events.count({ selector: { status: 'pending' } }).exec();
  if (waitingNow > 0) {
    if (!deviceClient)
      return {
        erased: false,
        waiting: waitingNow,
        reason: 'This till has no device key to send its last sales with: pair it again to send them.',
      };
    const agent = new PushAgent(db, deviceClient);
    try {
      await agent.flush();
    } finally {
      agent.stop();
    }
    const { waiting, lastError } = agent.status$.value;
    if (waiting > 0 || !agent.eraseAsked)
      return { erased: false, waiting, reason: lastError ?? 'The server has not answered every sale yet.' };
  }
  await eraseTillData(db, deviceId, credentials);
  return { erased: true };
}
