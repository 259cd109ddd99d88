import { randomUUID } from 'node:crypto';

/** A till event as a till pushes it (`POST /api/v1/sync/push` with `{ events: [...] }`). */
export interface PushedTillEvent<Payload = unknown> {
  /** `{deviceId}#{sequence}#{uuid}`: the gateway applies a device's events in sequence order. */
  readonly id: string;
  readonly type: string;
  readonly occurredAt: string;
  readonly payload: Payload;
}

/**
 * One device's event log, for tests of sync handlers: each call makes the device's next event.
 * `occurredAt` is now unless given (a till's clock may be off).
 *   const event = tillEventLog(till.deviceId);
 *   await kit.request('POST', '/api/v1/sync/push', { token: till.token, body: { events: [event('loyalty.points.added', { … })] } });
 */
export function tillEventLog(deviceId: string) {
  let sequence = 0;
  return <Payload>(type: string, payload: Payload, occurredAt = new Date().toISOString()): PushedTillEvent<Payload> => ({
    id: `${deviceId}#${(sequence += 1)}#${randomUUID()}`,
    type,
    occurredAt,
    payload,
  });
}
