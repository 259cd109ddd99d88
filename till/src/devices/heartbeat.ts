import { GatewayError, type GatewayClient } from '../sync/gateway-client.ts';
import type { PeripheralState } from './peripheral-status.ts';

/** The path a till's heartbeat goes to (kernel/src/tenancy/devices/heartbeat.ts). */
export const HEARTBEAT_PATH = '/api/v1/tenants/current/devices/current/heartbeat';
export const HEARTBEAT_EVERY_MS = 30_000;

/** What the till says of itself. */
export interface HeartbeatReport {
  readonly version: string;
  readonly sinceLastSyncSeconds: number | null;
  readonly pendingEvents: number;
  readonly databaseBytes: number | null;
  readonly peripherals: readonly PeripheralState[];
}

/** The kernel's answer: whether this till must be updated before it may push again. */
export interface HeartbeatAnswer {
  readonly updateRequired: boolean;
  readonly minimumTillVersion: string | null;
  readonly nextHeartbeatSeconds: number;
}

export interface HeartbeatOptions {
  /** Where it goes: as the device (its key), or as the signed-in cashier on a till paired before device keys. */
  readonly client: Pick<GatewayClient, 'post'>;
  readonly report: () => Promise<HeartbeatReport>;
  readonly onAnswer: (answer: HeartbeatAnswer) => void;
  /** The kernel says this till was revoked. */
  readonly onRevoked: () => void;
  readonly everyMs?: number;
}

/** How big the till's local storage is, as the browser estimates it (null where it cannot say). */
export async function localDatabaseBytes(): Promise<number | null> {
  const estimate = await globalThis.navigator?.storage?.estimate?.().catch(() => undefined);
  return typeof estimate?.usage === 'number' ? Math.round(estimate.usage) : null;
}

/**
 * Sends the till's heartbeat at start and every 30 s. A heartbeat that cannot be sent (offline) is
 * simply the next one's to make; the kernel knows the till is quiet from its last-seen time.
 */
export class TillHeartbeat {
  readonly #options: HeartbeatOptions;
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(options: HeartbeatOptions) {
    this.#options = options;
  }

  start(): void {
    void this.beat();
    this.#timer = setInterval(() => void this.beat(), this.#options.everyMs ?? HEARTBEAT_EVERY_MS);
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  /** One heartbeat now; resolves with the answer, or undefined when it could not be sent. */
  async beat(): Promise<HeartbeatAnswer | undefined> {
    try {
      const answer = await this.#options.client.post<HeartbeatAnswer>(HEARTBEAT_PATH, await this.#options.report());
      this.#options.onAnswer(answer);
      return answer;
    } catch (error) {
      if (error instanceof GatewayError && error.code === 'auth.device_revoked') this.#options.onRevoked();
      return undefined;
    }
  }
}
