import type { FastifyRequest } from 'fastify';
import type { Database } from '../db/database.ts';

/** The header a till's push agent sends with its requests: how many events it still waits to send. */
export const PENDING_EVENTS_HEADER = 'kits-pending-events';
/** A device's last-seen time is written at most this often per process (tills sync every few seconds). */
const SEEN_EVERY_MS = 30_000;
const MAX_PENDING = 1_000_000_000;

/** The number a till reported in `Kits-Pending-Events`, or undefined when it sent none (or nonsense). */
export function reportedPendingEvents(request: FastifyRequest): number | undefined {
  const raw = request.headers[PENDING_EVENTS_HEADER];
  const text = Array.isArray(raw) ? raw[0] : raw;
  if (text === undefined || !/^[0-9]{1,10}$/.test(text.trim())) return undefined;
  const count = Number(text.trim());
  return count <= MAX_PENDING ? count : undefined;
}

/**
 * Records that a till was heard from, for the back office's device list. Throttled in memory so the
 * sync hot path does not write a row per request; a changed pending count is written at once.
 */
export class DevicePresence {
  readonly #db: Database;
  readonly #written = new Map<string, { at: number; pending: number | undefined }>();

  constructor(db: Database) {
    this.#db = db;
  }

  /** Never fails the request it comes with: a lost last-seen write is only a less recent time. */
  seen(tenantId: string, deviceId: string, pending: number | undefined): void {
    const key = `${tenantId}/${deviceId}`;
    const last = this.#written.get(key);
    const now = Date.now();
    const pendingChanged = pending !== undefined && pending !== last?.pending;
    if (last && now - last.at < SEEN_EVERY_MS && !pendingChanged) return;
    this.#written.set(key, { at: now, pending: pending ?? last?.pending });
    if (this.#written.size > 10_000) this.#written.delete(this.#written.keys().next().value!);
    // Across tenants (the kernel's own connection), like an API key's last use.
    void this.#db
      .query(
        `update kernel.devices set last_seen_at = now(),
                pending_events = coalesce($3::integer, pending_events),
                pending_reported_at = case when $3::integer is null then pending_reported_at else now() end
          where tenant_id = $1 and device_id = $2`,
        [tenantId, deviceId, pending ?? null],
      )
      .catch(() => this.#written.delete(key));
  }
}
