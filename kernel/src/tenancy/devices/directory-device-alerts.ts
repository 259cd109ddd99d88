import type { TenantDeviceAlert } from '@kits/plugin-sdk';
import { deviceAlerts } from './device-alerts.ts';
import { DEVICE_COLUMNS, deviceView, type DeviceRow } from './device-view.ts';

interface Statements {
  query<Row extends object = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
}

/**
 * `tx.directory.deviceAlerts()`: the alerts the office's device page shows, computed the same way
 * (D-197) for a plugin — read as the kernel's tenant role in the plugin's transaction, so row-level
 * security keeps it to the tenant, and nothing but the alerts leaves it.
 */
export async function directoryDeviceAlerts(kernel: Statements, tenantId: string, now: number): Promise<TenantDeviceAlert[]> {
  const [tenant] = await kernel.query<{ minimum_till_version: string | null }>(
    'select minimum_till_version from kernel.tenants where tenant_id = $1',
    [tenantId],
  );
  const rows = await kernel.query<DeviceRow>(
    `select ${DEVICE_COLUMNS} from kernel.devices where tenant_id = $1 and revoked_at is null order by created_at, device_id`,
    [tenantId],
  );
  return rows.flatMap((row) => deviceAlerts(deviceView(row, tenant?.minimum_till_version ?? null), now));
}
