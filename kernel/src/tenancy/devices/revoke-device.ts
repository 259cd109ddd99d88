import { notFound, type Actor } from '@kits/plugin-sdk';
import type { Transaction } from '../../db/database.ts';
import { auditLog } from '../audit.ts';
import { DEVICE_COLUMNS, type DeviceRow } from './device-view.ts';

/**
 * Revokes a device (once; again changes nothing): its key and every cashier session on it stop
 * working with the next request — the authenticator reads the device row each time. A till keeps
 * its key hash so it can still push what it recorded before, and be told to erase (decision D-198).
 */
export async function revokeDevice(tx: Transaction, actor: Actor, deviceId: string): Promise<DeviceRow> {
  const [found] = await tx.query<{ revoked_at: Date | null }>('select revoked_at from kernel.devices where device_id = $1 for update', [
    deviceId,
  ]);
  if (!found) throw notFound('tenancy.unknown_device', `There is no device ${deviceId} in this tenant.`);
  if (!found.revoked_at) {
    await tx.query('update kernel.devices set revoked_at = now() where device_id = $1', [deviceId]);
    await tx.query('update kernel.refresh_tokens set revoked_at = now() where device_id = $1 and revoked_at is null', [deviceId]);
    await auditLog(tx, actor, 'tenancy.device.revoked', { deviceId });
  }
  const [row] = await tx.query<DeviceRow>(`select ${DEVICE_COLUMNS} from kernel.devices where device_id = $1`, [deviceId]);
  return row!;
}
