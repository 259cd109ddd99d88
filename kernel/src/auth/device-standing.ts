import { DomainError } from '@kits/plugin-sdk';
import type { FastifyRequest } from 'fastify';
import type { Database } from '../db/database.ts';

/** What the kernel knows of a till as its request comes in: whether it was revoked, the app version it last reported, the tenant's minimum. */
export interface DeviceStanding {
  readonly revokedAt: Date | null;
  readonly version: string | null;
  readonly minimumVersion: string | null;
}

/** A till's heartbeat writes its own last-seen time (kernel/src/tenancy/devices/heartbeat.ts): presence skips it. */
export const HEARTBEAT_PATH = '/api/v1/tenants/current/devices/current/heartbeat';

/**
 * The one request a revoked till may still make: the push of what it recorded before it was
 * revoked (with its device key), answered `erase: true` so it then erases its local database.
 */
export const REVOKED_TILL_PUSH = { method: 'POST', path: '/api/v1/sync/push' } as const;

export const isRevokedTillPush = (request: FastifyRequest): boolean =>
  request.method === REVOKED_TILL_PUSH.method && request.url.split('?', 1)[0] === REVOKED_TILL_PUSH.path;

export const deviceRevoked = () =>
  new DomainError(
    'auth.device_revoked',
    401,
    'This till was revoked from the back office: it may only send the sales it recorded before, then it erases its data. Pair it again (as a new device) to use it.',
  );

/**
 * The standing of a device a cashier's token names, read on every request so a revocation takes
 * effect at once (one primary-key lookup on the kernel's own connection, like the device key's).
 */
export async function readDeviceStanding(db: Database, tenantId: string, deviceId: string): Promise<DeviceStanding | undefined> {
  const [row] = await db.query<{ revoked_at: Date | string | null; version: string | null; minimum_till_version: string | null }>(
    `select d.revoked_at, d.version, t.minimum_till_version
       from kernel.devices d join kernel.tenants t on t.tenant_id = d.tenant_id
      where d.tenant_id = $1 and d.device_id = $2`,
    [tenantId, deviceId],
  );
  return row
    ? {
        revokedAt: row.revoked_at === null ? null : new Date(row.revoked_at),
        version: row.version,
        minimumVersion: row.minimum_till_version,
      }
    : undefined;
}
