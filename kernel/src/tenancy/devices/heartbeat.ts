import { DomainError, NonBlankText } from '@kits/plugin-sdk';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { isPairedDevice } from '../../auth/authenticated.ts';
import { HEARTBEAT_PATH } from '../../auth/device-standing.ts';
import type { Database } from '../../db/database.ts';
import { PeripheralSchema, type Peripheral } from './device-view.ts';
import { requireVersion, tillNeedsUpdate } from './till-version.ts';

/** How often a till sends its heartbeat (and once at start). */
export const HEARTBEAT_EVERY_SECONDS = 30;

const HeartbeatBody = Type.Object(
  {
    version: NonBlankText(100, { description: 'the till app’s version, like 1.4.2' }),
    sinceLastSyncSeconds: Type.Union([Type.Integer({ minimum: 0, maximum: 10 * 365 * 86_400 }), Type.Null()], {
      description: 'seconds since the till last synced successfully (null: never); a duration, so the till’s clock does not matter',
    }),
    pendingEvents: Type.Integer({ minimum: 0, maximum: 1_000_000_000, description: 'events the till still waits to send' }),
    databaseBytes: Type.Union([Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }), Type.Null()], {
      description: 'the size of its local database, as the browser estimates it (null: unknown)',
    }),
    peripherals: Type.Array(PeripheralSchema, { maxItems: 20, description: 'its printers and readers, as the till knows them' }),
  },
  { additionalProperties: false },
);
type Heartbeat = {
  version: string;
  sinceLastSyncSeconds: number | null;
  pendingEvents: number;
  databaseBytes: number | null;
  peripherals: Peripheral[];
};

/** The till a heartbeat comes from: its device key, or a cashier's token issued on it. */
function heartbeatDevice(request: FastifyRequest): { tenantId: string; deviceId: string } {
  const principal = request.principal;
  if (isPairedDevice(principal)) return principal;
  if (principal && 'actor' in principal && principal.actor.deviceId)
    return { tenantId: principal.actor.tenantId, deviceId: principal.actor.deviceId };
  throw new DomainError(
    'auth.device_key_required',
    401,
    'A heartbeat comes from a paired till: send Authorization: Device <device key> (or a cashier’s token signed in on the till).',
  );
}

/**
 * `POST …/devices/current/heartbeat`: a till says how it is, every 30 s. One statement on the
 * kernel's own connection (5,000 tills every 30 s is the bench), after the credentials' one lookup.
 */
export function registerHeartbeatRoute(app: FastifyInstance, deps: { readonly db: Database }): void {
  app.post(HEARTBEAT_PATH, {
    schema: {
      tags: ['Tenancy'],
      summary: 'A till’s heartbeat (every 30 s and at start): its version, last sync, events waiting, database size, printers and readers',
      body: HeartbeatBody,
      response: {
        200: Type.Object({
          updateRequired: Type.Boolean({ description: 'the till is older than the tenant’s minimum: show the update notice; pushes wait' }),
          minimumTillVersion: Type.Union([Type.String(), Type.Null()]),
          nextHeartbeatSeconds: Type.Integer(),
        }),
      },
    },
    handler: async (request) => {
      const device = heartbeatDevice(request);
      const beat = request.body as Heartbeat;
      const version = requireVersion(beat.version, 'version');
      const [row] = await deps.db.query<{ minimum_till_version: string | null }>(
        `update kernel.devices d
            set version = $3,
                last_synced_at = case when $4::integer is null then d.last_synced_at else now() - make_interval(secs => $4::integer) end,
                pending_events = $5, pending_reported_at = now(), database_bytes = $6, peripherals = $7::jsonb,
                heartbeat_at = now(), last_seen_at = now()
           from kernel.tenants t
          where d.tenant_id = $1 and d.device_id = $2 and d.kind = 'till' and d.revoked_at is null and t.tenant_id = d.tenant_id
          returning t.minimum_till_version`,
        [
          device.tenantId,
          device.deviceId,
          version,
          beat.sinceLastSyncSeconds,
          beat.pendingEvents,
          beat.databaseBytes,
          JSON.stringify(beat.peripherals),
        ],
      );
      if (!row) throw new DomainError('tenancy.not_a_till', 409, 'Only a till (a device of kind till, not revoked) sends heartbeats.');
      return {
        updateRequired: tillNeedsUpdate(version, row.minimum_till_version),
        minimumTillVersion: row.minimum_till_version,
        nextHeartbeatSeconds: HEARTBEAT_EVERY_SECONDS,
      };
    },
  });
}
