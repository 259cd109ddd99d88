import { DomainError, FreeText, NonBlankText, notFound, Nullable, Timestamp, Uuid, type Actor } from '@kits/plugin-sdk';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type TSchema } from 'typebox';
import { v7 as uuidv7 } from 'uuid';
import { hasPermission } from '../../auth/authenticated.ts';
import { requirePermission, requireTenantActor } from '../../auth/authenticator.ts';
import type { Database, Transaction } from '../../db/database.ts';
import { auditLog } from '../audit.ts';
import { createPairingCode } from '../pairing.ts';
import { deviceAlerts, DeviceAlertSchema } from './device-alerts.ts';
import { DEVICE_COLUMNS, DeviceKindSchema, DeviceSchema, deviceView, type DeviceKind, type DeviceRow } from './device-view.ts';
import { registerHeartbeatRoute } from './heartbeat.ts';
import { revokeDevice } from './revoke-device.ts';
import { requireVersion } from './till-version.ts';

const tags = ['Tenancy'];
const body = (properties: Record<string, TSchema>) => Type.Object(properties, { additionalProperties: false });
const DEVICES = '/api/v1/tenants/current/devices';
const MANAGE = 'kernel:devices.manage';
const REPORT = 'kernel:devices.report';

/** The tenant's minimum till version, read in its own transaction. */
async function minimumTillVersion(tx: Transaction, tenantId: string): Promise<string | null> {
  const [row] = await tx.query<{ minimum_till_version: string | null }>(
    'select minimum_till_version from kernel.tenants where tenant_id = $1',
    [tenantId],
  );
  return row?.minimum_till_version ?? null;
}

/** 404 for a device the tenant does not have; 409 for one it revoked (nothing more is reported of it). */
async function requireLiveDevice(tx: Transaction, deviceId: string): Promise<{ location_id: string }> {
  const [device] = await tx.query<{ location_id: string; revoked_at: Date | null }>(
    'select location_id, revoked_at from kernel.devices where device_id = $1',
    [deviceId],
  );
  if (!device) throw notFound('tenancy.unknown_device', `There is no device ${deviceId} in this tenant; GET ${DEVICES} lists them.`);
  if (device.revoked_at) throw new DomainError('tenancy.device_revoked', 409, `Device ${deviceId} was revoked; register a new one.`);
  return device;
}

/**
 * `/api/v1/tenants/current/devices`: the registry of every till, printer, card reader, scanner and
 * customer display per location; their reported state and the alerts it raises; the tills'
 * heartbeat, pairing codes, revocation and the tenant's minimum till version.
 */
export function registerDeviceRoutes(app: FastifyInstance, deps: { readonly db: Database }): void {
  const { db } = deps;

  const asTenant = <T>(request: FastifyRequest, permission: string, fn: (tx: Transaction, actor: Actor) => Promise<T>): Promise<T> => {
    const { actor } = requirePermission(request, permission);
    return db.transaction({ tenantId: actor.tenantId }, (tx) => fn(tx, actor));
  };

  const listDevices = async (tx: Transaction, tenantId: string, filter: { kind?: DeviceKind; locationId?: string }) => {
    const [minimum, rows] = await Promise.all([
      minimumTillVersion(tx, tenantId),
      tx.query<DeviceRow>(
        `select ${DEVICE_COLUMNS} from kernel.devices
          where ($1::text is null or kind = $1) and ($2::uuid is null or location_id = $2)
          order by created_at, device_id`,
        [filter.kind ?? null, filter.locationId ?? null],
      ),
    ]);
    return rows.map((row) => deviceView(row, minimum));
  };

  app.get(DEVICES, {
    schema: {
      tags,
      summary: "The tenant's devices: tills, printers, card readers, scanners, customer displays",
      querystring: Type.Object({ kind: Type.Optional(DeviceKindSchema), locationId: Type.Optional(Uuid) }, { additionalProperties: false }),
      response: { 200: Type.Object({ items: Type.Array(DeviceSchema) }) },
    },
    handler: async (request) =>
      asTenant(request, MANAGE, async (tx, actor) => ({
        items: await listDevices(tx, actor.tenantId, request.query as { kind?: DeviceKind; locationId?: string }),
      })),
  });

  app.post(DEVICES, {
    schema: {
      tags,
      summary: 'Register a device at a location (a till unless another kind is given)',
      body: body({
        name: NonBlankText(200),
        locationId: Uuid,
        kind: Type.Optional(DeviceKindSchema),
        model: Type.Optional(NonBlankText(200)),
        address: Type.Optional(NonBlankText(300, { description: "'host:port' for a network device, or a serial path" })),
      }),
      response: { 201: DeviceSchema },
    },
    handler: async (request, reply) =>
      asTenant(request, MANAGE, async (tx, actor) => {
        const input = request.body as { name: string; locationId: string; kind?: DeviceKind; model?: string; address?: string };
        const [location] = await tx.query('select 1 from kernel.locations where location_id = $1', [input.locationId]);
        if (!location)
          throw new DomainError(
            'tenancy.unknown_location',
            400,
            `There is no location ${input.locationId} in this tenant; GET /api/v1/tenants/current/locations lists them.`,
          );
        const id = uuidv7();
        const kind = input.kind ?? 'till';
        const [row] = await tx.query<DeviceRow>(
          `insert into kernel.devices (tenant_id, device_id, location_id, name, kind, model, address)
           values ($1, $2, $3, $4, $5, $6, $7) returning ${DEVICE_COLUMNS}`,
          [actor.tenantId, id, input.locationId, input.name, kind, input.model ?? null, input.address ?? null],
        );
        await auditLog(tx, actor, 'tenancy.device.registered', { deviceId: id, locationId: input.locationId, name: input.name, kind });
        reply.code(201);
        return deviceView(row!, await minimumTillVersion(tx, actor.tenantId));
      }),
  });

  app.put(`${DEVICES}/:deviceId/status`, {
    schema: {
      tags,
      summary: "What a device last reported: 'error' raises the devices alert, a later 'ok' clears it",
      description: 'Permission `kernel:devices.report` (or `kernel:devices.manage`) at the device’s location.',
      params: body({ deviceId: Uuid }),
      body: body({
        state: Type.Union([Type.Literal('ok'), Type.Literal('error')]),
        message: Type.Optional(FreeText(500)),
        version: Type.Optional(NonBlankText(100)),
      }),
      response: { 200: DeviceSchema },
    },
    handler: async (request) => {
      const { actor, grants } = requireTenantActor(request);
      const may = (locationId?: string) => hasPermission(grants, REPORT, locationId) || hasPermission(grants, MANAGE, locationId);
      const forbidden = () =>
        new DomainError('auth.forbidden', 403, `You need the permission "${REPORT}" at the device's location; ask an admin to grant it.`, {
          permission: REPORT,
        });
      if (!may()) throw forbidden();
      const { deviceId } = request.params as { deviceId: string };
      const input = request.body as { state: 'ok' | 'error'; message?: string; version?: string };
      return db.transaction({ tenantId: actor.tenantId }, async (tx) => {
        const device = await requireLiveDevice(tx, deviceId);
        if (!may(device.location_id)) throw forbidden();
        // A device that answered 'ok' was reached; an error may mean nobody reached it: its last-seen time stays.
        const [row] = await tx.query<DeviceRow>(
          `update kernel.devices set status_state = $2, status_message = $3, status_reported_at = now(),
                  version = coalesce($4, version),
                  last_seen_at = case when $2 = 'ok' then now() else last_seen_at end
            where device_id = $1 returning ${DEVICE_COLUMNS}`,
          [deviceId, input.state, input.message?.trim() || null, input.version?.trim() ?? null],
        );
        return deviceView(row!, await minimumTillVersion(tx, actor.tenantId));
      });
    },
  });

  app.get(`${DEVICES}/alerts`, {
    schema: {
      tags,
      summary: 'What needs looking at now: stuck tills (events waiting, no sync for 5 minutes), devices reporting an error',
      querystring: Type.Object({ locationId: Type.Optional(Uuid) }, { additionalProperties: false }),
      response: { 200: Type.Object({ items: Type.Array(DeviceAlertSchema) }) },
    },
    handler: async (request) =>
      asTenant(request, MANAGE, async (tx, actor) => {
        const { locationId } = request.query as { locationId?: string };
        const now = Date.now();
        const devices = await listDevices(tx, actor.tenantId, locationId ? { locationId } : {});
        return { items: devices.flatMap((device) => deviceAlerts(device, now)) };
      }),
  });

  app.post(`${DEVICES}/:deviceId/pairing-code`, {
    schema: {
      tags,
      summary: 'A one-time code (valid 15 minutes) that pairs a till with this device',
      params: body({ deviceId: Uuid }),
      response: { 201: Type.Object({ code: Type.String(), expiresAt: Timestamp }) },
    },
    handler: async (request, reply) =>
      asTenant(request, MANAGE, async (tx, actor) => {
        const { deviceId } = request.params as { deviceId: string };
        const pairing = await createPairingCode(tx, actor.tenantId, deviceId);
        await auditLog(tx, actor, 'tenancy.device.pairing_code_created', { deviceId });
        reply.code(201);
        return pairing;
      }),
  });

  app.post(`${DEVICES}/:deviceId/revoke`, {
    schema: {
      tags,
      summary: 'Revoke a lost or retired device: its credentials stop working at once',
      description:
        'A revoked till may only push the events it recorded before the revocation (with its device key); the answer tells it to erase its local database. Revoking twice changes nothing.',
      params: body({ deviceId: Uuid }),
      response: { 200: DeviceSchema },
    },
    handler: async (request) =>
      asTenant(request, MANAGE, async (tx, actor) => {
        const { deviceId } = request.params as { deviceId: string };
        const row = await revokeDevice(tx, actor, deviceId);
        return deviceView(row, await minimumTillVersion(tx, actor.tenantId));
      }),
  });

  const VersionPolicy = Type.Object({
    minimumTillVersion: Type.Union([Type.String(), Type.Null()], {
      description: 'tills older than this are told to update; they sell offline, and their pushes wait (426 till.update_required)',
    }),
  });

  app.get(`${DEVICES}/version-policy`, {
    schema: { tags, summary: 'The oldest till app version that may push sales', response: { 200: VersionPolicy } },
    handler: async (request) =>
      asTenant(request, MANAGE, async (tx, actor) => ({ minimumTillVersion: await minimumTillVersion(tx, actor.tenantId) })),
  });

  app.put(`${DEVICES}/version-policy`, {
    schema: {
      tags,
      summary: 'Set (or clear, with null) the oldest till app version that may push sales',
      body: body({ minimumTillVersion: Nullable(NonBlankText(100, { description: 'a version like 1.4.2, or null: any version' })) }),
      response: { 200: VersionPolicy },
    },
    handler: async (request) => {
      const input = request.body as { minimumTillVersion: string | null };
      const minimum = input.minimumTillVersion === null ? null : requireVersion(input.minimumTillVersion, 'minimumTillVersion');
      return asTenant(request, MANAGE, async (tx, actor) => {
        await tx.query('update kernel.tenants set minimum_till_version = $2 where tenant_id = $1', [actor.tenantId, minimum]);
        await auditLog(tx, actor, 'tenancy.devices.minimum_till_version_set', { minimumTillVersion: minimum });
        return { minimumTillVersion: minimum };
      });
    },
  });

  registerHeartbeatRoute(app, { db });
}
