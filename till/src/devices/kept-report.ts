import type { PeripheralState } from './peripheral-status.ts';

/**
 * What a till last said of itself while a cashier was signed in, kept on the till: signed out, it
 * sells and syncs nothing, so its heartbeat from the sign-in screen says the same (with the time
 * since its last sync grown). The key names the device, so erasing a revoked till takes it too.
 */
export interface KeptReport {
  /** When it last synced successfully (epoch ms), or null: never. */
  readonly lastSyncedAt: number | null;
  readonly pendingEvents: number;
  readonly peripherals: readonly PeripheralState[];
}

const keyOf = (deviceId: string) => `kits.till.${deviceId}.last-report`;

export function keepReport(store: Pick<Storage, 'setItem'>, deviceId: string, report: KeptReport): void {
  store.setItem(keyOf(deviceId), JSON.stringify(report));
}

/** The report kept for this device, or undefined (never signed in here, or unreadable). */
export function keptReport(store: Pick<Storage, 'getItem'>, deviceId: string): KeptReport | undefined {
  try {
    const raw = store.getItem(keyOf(deviceId));
    return raw ? (JSON.parse(raw) as KeptReport) : undefined;
  } catch {
    return undefined;
  }
}
