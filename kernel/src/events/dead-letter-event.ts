import type { EventEnvelope } from '@kits/plugin-sdk';
import type { Transaction } from '../db/database.ts';
import { writeToOutbox } from './outbox.ts';

/** The tenant event that says one of its events was dead-lettered (a notification rule listens for it). */
export const DEAD_LETTERED = 'kernel.event.dead_lettered';

/** The kernel's own entries in every tenant's event catalogue (a webhook endpoint may subscribe to them). */
export const KERNEL_EVENT_TYPES = [
  {
    type: DEAD_LETTERED,
    description:
      'A plugin gave up on one of the tenant’s events after its retries (payload: eventId, eventType, subscriber, attempts, error).',
    pluginId: 'kernel',
  },
] as const;

/** What `kernel.event.dead_lettered` carries: which event, which subscriber gave up, after how many attempts, and why. */
export interface DeadLetteredPayload {
  readonly eventId: string;
  readonly eventType: string;
  readonly subscriber: string;
  readonly attempts: number;
  readonly error: string;
}

/**
 * Publishes `kernel.event.dead_lettered` in the transaction that records the dead letter — except
 * for a dead-lettered `kernel.event.dead_lettered` itself, so a failing listener never feeds a loop.
 */
export async function announceDeadLetter(
  tx: Transaction,
  subscriber: string,
  event: EventEnvelope,
  attempts: number,
  error: string,
): Promise<void> {
  if (event.type === DEAD_LETTERED) return;
  const payload: DeadLetteredPayload = { eventId: event.id, eventType: event.type, subscriber, attempts, error: error.slice(0, 500) };
  await writeToOutbox(tx, event.tenantId, 'kernel', { type: DEAD_LETTERED, payload });
}
