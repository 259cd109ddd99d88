import { DomainError, NonBlankText } from '@kits/plugin-sdk';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { v7 as uuidv7 } from 'uuid';
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

/** A peripheral the till names by address, with the id it gets should the kernel register it. */
function addressedPeripherals(peripherals: readonly Peripheral[]) {
  return peripherals
    .filter((p) => p.address)
    .map((p) => ({
      id: uuidv7(),
      kind: p.kind,
      name: p.name,
      address: p.address!.trim(),
      model: p.model?.trim() || null,
      version: p.version?.trim() || null,
      state: p.state,
      message: p.message ?? null,
      at: p.at ?? null,
    }));
}

/**
 * One statement per heartbeat: the till's row, then each printer or reader it names by address at
 * the till's location — known ones take its model, version and state (a state only when newer than
 * the one they have, which may come from the office), new ones are registered (D-224). A device of
 * that kind and address the merchant revoked stays revoked and is not registered again.
 */
const NEWER = '(k.status_reported_at is null or r.seen >= k.status_reported_at)';
const HEARTBEAT_STATEMENT = `
  with till as (
    update kernel.devices d
       set version = $3,
           last_synced_at = case when $4::integer is null then d.last_synced_at else now() - make_interval(secs => $4::integer) end,
           pending_events = $5, pending_reported_at = now(), database_bytes = $6, peripherals = $7::jsonb,
           heartbeat_at = now(), last_seen_at = now()
      from kernel.tenants t
     where d.tenant_id = $1 and d.device_id = $2 and d.kind = 'till' and d.revoked_at is null and t.tenant_id = d.tenant_id
     returning d.tenant_id, d.location_id, t.minimum_till_version
  ),
  reported as (
    select distinct on (p.kind, p.address) p.*, least(coalesce(p.at, now()), now()) as seen
      from jsonb_to_recordset($8::jsonb)
        as p(id uuid, kind text, name text, address text, model text, version text, state text, message text, at timestamptz)
     order by p.kind, p.address, p.at desc nulls last
     limit 20
  ),
  -- Each reported device's rows at the till's location, by index, one lookup per device (a join would
  -- scan the tenant's devices: the planner takes a JSON array for a hundred rows).
  matched as (
    select r.*, till.tenant_id, till.location_id,
           array(select k.device_id from kernel.devices k
                  where k.tenant_id = till.tenant_id and k.location_id = till.location_id
                    and k.kind = r.kind and k.address = r.address) as ids
      from till, reported r
  ),
  known as (
    update kernel.devices k
       set model = coalesce(r.model, k.model),
           version = coalesce(r.version, k.version),
           status_state = case when ${NEWER} then r.state else k.status_state end,
           status_message = case when ${NEWER} then r.message else k.status_message end,
           status_reported_at = case when ${NEWER} then r.seen else k.status_reported_at end,
           last_seen_at = case when r.state = 'ok' then greatest(k.last_seen_at, r.seen) else k.last_seen_at end
      from matched r
     where k.tenant_id = $1 and k.device_id = any(r.ids) and k.revoked_at is null
  ),
  registered as (
    insert into kernel.devices (tenant_id, device_id, location_id, name, kind, model, address, version,
                                status_state, status_message, status_reported_at, last_seen_at)
    select r.tenant_id, r.id, r.location_id, r.name, r.kind, r.model, r.address, r.version,
           r.state, r.message, r.seen, case when r.state = 'ok' then r.seen end
      from matched r
     where cardinality(r.ids) = 0
  )
  select minimum_till_version from till`;

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
      const [row] = await deps.db.query<{ minimum_till_version: string | null }>(HEARTBEAT_STATEMENT, [
        device.tenantId,
        device.deviceId,
        version,
        beat.sinceLastSyncSeconds,
        beat.pendingEvents,
        beat.databaseBytes,
        JSON.stringify(beat.peripherals),
        JSON.stringify(addressedPeripherals(beat.peripherals)),
      ]);
      if (!row) throw new DomainError('tenancy.not_a_till', 409, 'Only a till (a device of kind till, not revoked) sends heartbeats.');
      return {
        updateRequired: tillNeedsUpdate(version, row.minimum_till_version),
        minimumTillVersion: row.minimum_till_version,
        nextHeartbeatSeconds: HEARTBEAT_EVERY_SECONDS,
      };
    },
  });
}
