import type { CatalogueEventType, TenantDirectory, TenantLocation, TenantTransaction } from '@kits/plugin-sdk';
import { tillEventOutcomes } from '../sync/till-event-outcomes.ts';
import { directoryDeviceAlerts } from '../tenancy/devices/directory-device-alerts.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The distinct ids among `ids` that can be UUIDs (an id from an event payload is not checked). */
const uuidsAmong = (ids: readonly string[]): string[] => [...new Set(ids)].filter((id) => UUID.test(id));

type LocationRow = { location_id: string; name: string; kind: TenantLocation['kind']; timezone: string };
/** A location's own time zone, or its tenant's when it has none. */
const LOCATION_COLUMNS =
  'l.location_id, l.name, l.kind, coalesce(l.timezone, (select t.timezone from kernel.tenants t where t.tenant_id = l.tenant_id)) as timezone';
const locationOf = (row: LocationRow): TenantLocation => ({ id: row.location_id, name: row.name, kind: row.kind, timezone: row.timezone });

/** Statements run as the kernel's tenant role in the plugin's transaction (row-level security applies). */
export interface KernelStatements {
  query<Row extends object = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
}

/**
 * The kernel's tenancy data as plugins read it (`tx.directory`): the kernel's own SQL on its own
 * tables, run in the plugin's transaction, so row-level security keeps it to the tenant. Tenants,
 * locations and devices are read as the plugin's role (which may read those tables); people as the
 * kernel's tenant role (`kernel`), since plugin roles may not read kernel.users at all — and only
 * their display names leave it.
 */
export function tenantDirectory(
  tx: Pick<TenantTransaction, 'tenantId' | 'query' | 'memo'>,
  kernel: KernelStatements,
  eventCatalogue: () => Promise<readonly CatalogueEventType[]>,
): TenantDirectory {
  return {
    eventTypes: () => tx.memo('kits:directory:event-types', eventCatalogue),
    tenant: () =>
      tx.memo('kits:directory:tenant', async () => {
        const [row] = await tx.query<{ name: string; currency: string; timezone: string }>(
          'select name, currency, timezone from kernel.tenants where tenant_id = $1',
          [tx.tenantId],
        );
        if (!row) throw new Error('the transaction’s tenant is not in kernel.tenants');
        return { name: row.name, currency: row.currency.trim(), timezone: row.timezone };
      }),
    async locations(ids) {
      if (ids.length === 0) return [];
      const rows = await tx.query<LocationRow>(
        `select ${LOCATION_COLUMNS} from kernel.locations l where l.location_id = any($1::uuid[]) order by l.created_at`,
        [[...new Set(ids)]],
      );
      return rows.map(locationOf);
    },
    async allLocations() {
      const rows = await tx.query<LocationRow>(
        `select ${LOCATION_COLUMNS} from kernel.locations l where l.tenant_id = $1 order by l.created_at, l.location_id`,
        [tx.tenantId],
      );
      return rows.map(locationOf);
    },
    async device(id) {
      const [row] = await tx.query<{ location_id: string; revoked_at: Date | null }>(
        'select location_id, revoked_at from kernel.devices where device_id = $1',
        [id],
      );
      return row ? { id, locationId: row.location_id, revoked: row.revoked_at !== null } : undefined;
    },
    async devices(ids) {
      const wanted = uuidsAmong(ids);
      if (wanted.length === 0) return [];
      const rows = await tx.query<{ device_id: string; location_id: string; name: string; revoked_at: Date | null }>(
        'select device_id, location_id, name, revoked_at from kernel.devices where tenant_id = $1 and device_id = any($2::uuid[]) order by created_at, device_id',
        [tx.tenantId, wanted],
      );
      return rows.map((row) => ({ id: row.device_id, locationId: row.location_id, name: row.name, revoked: row.revoked_at !== null }));
    },
    async people(ids) {
      const wanted = uuidsAmong(ids);
      if (wanted.length === 0) return [];
      const rows = await kernel.query<{ user_id: string; display_name: string }>(
        'select user_id, display_name from kernel.users where tenant_id = $1 and user_id = any($2::uuid[]) order by display_name, user_id',
        [tx.tenantId, wanted],
      );
      return rows.map((row) => ({ id: row.user_id, displayName: row.display_name }));
    },
    deviceAlerts: () => directoryDeviceAlerts(kernel, tx.tenantId, Date.now()),
    tillEventOutcomes: (since) => tillEventOutcomes(kernel, tx.tenantId, since),
  };
}
