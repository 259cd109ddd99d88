import { DomainError, type Actor } from '@kits/plugin-sdk';
import type { PairedDevice } from '../auth/authenticated.ts';
import { deviceRevoked } from '../auth/device-standing.ts';
import type { Database } from '../db/database.ts';
import { tillNeedsUpdate } from '../tenancy/devices/till-version.ts';
import type { DeviceStanding } from '../auth/device-standing.ts';

/**
 * Who a revoked till's last push acts as: the cashier who last signed in on it (its events were
 * recorded under a signed-in cashier; the till may no longer sign anyone in). Decision D-198.
 */
export async function revokedTillActor(db: Database, device: PairedDevice): Promise<Actor & { deviceId: string }> {
  // Across the tenant's sessions, by device (the kernel's own connection; a rare request).
  const [last] = await db.query<{ user_id: string }>(
    'select user_id from kernel.refresh_tokens where tenant_id = $1 and device_id = $2 order by created_at desc limit 1',
    [device.tenantId, device.deviceId],
  );
  if (!last) throw deviceRevoked();
  return { kind: 'cashier', id: last.user_id, tenantId: device.tenantId, deviceId: device.deviceId, locationId: device.locationId };
}

/** A till older than the tenant's minimum pushes nothing (426): what it sends waits on it, nothing is lost. Decision D-199. */
export function refuseOutdatedTill(standing: DeviceStanding | undefined): void {
  if (!standing || !tillNeedsUpdate(standing.version, standing.minimumVersion)) return;
  throw new DomainError(
    'till.update_required',
    426,
    `This till runs version ${standing.version ?? '(unknown)'}; the shop needs ${standing.minimumVersion} or newer to send sales. Update the till app: it keeps selling offline, and sends what it holds once updated.`,
    { minimumTillVersion: standing.minimumVersion, version: standing.version },
  );
}
