import { NonBlankText, Nullable, Timestamp, Uuid } from '@kits/plugin-sdk';
import { Type, type Static } from 'typebox';
import { tillNeedsUpdate } from './till-version.ts';

export const DEVICE_KINDS = ['till', 'receipt-printer', 'label-printer', 'card-reader', 'scanner', 'customer-display'] as const;
export type DeviceKind = (typeof DEVICE_KINDS)[number];
/** The kinds a till reports among its own devices (everything but a till). */
export const PeripheralKindSchema = Type.Union([
  Type.Literal('receipt-printer'),
  Type.Literal('label-printer'),
  Type.Literal('card-reader'),
  Type.Literal('scanner'),
  Type.Literal('customer-display'),
]);
export const DeviceKindSchema = Type.Union([Type.Literal('till'), ...PeripheralKindSchema.anyOf]);

export const ReportedStateSchema = Type.Union([Type.Literal('ok'), Type.Literal('error'), Type.Literal('unknown')]);

/** A printer or reader a till drives, as the till last reported it in its heartbeat. */
export const PeripheralSchema = Type.Object(
  {
    kind: PeripheralKindSchema,
    name: NonBlankText(200),
    state: ReportedStateSchema,
    message: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
    at: Type.Optional(Nullable(Timestamp)),
    address: Type.Optional(
      Nullable(
        NonBlankText(300, {
          description:
            "where the till reaches it: 'host:port', a serial path, a card reader's provider id; with one, the kernel registers the device at the till's location (D-224)",
        }),
      ),
    ),
    model: Type.Optional(Nullable(NonBlankText(200, { description: 'the model the device names (a printer’s GS I answer)' }))),
    version: Type.Optional(Nullable(NonBlankText(100, { description: 'the firmware or software version the device reports' }))),
  },
  { additionalProperties: false },
);
export type Peripheral = Static<typeof PeripheralSchema>;

export const DeviceSchema = Type.Object({
  id: Uuid,
  name: Type.String(),
  locationId: Uuid,
  kind: DeviceKindSchema,
  model: Nullable(Type.String()),
  address: Nullable(Type.String({ description: "'host:port' for network devices, a serial path, or null" })),
  version: Nullable(Type.String({ description: 'the app or firmware version it last reported' })),
  status: Type.Object({
    state: ReportedStateSchema,
    message: Nullable(Type.String()),
    reportedAt: Nullable(Timestamp),
  }),
  createdAt: Timestamp,
  revokedAt: Nullable(Timestamp),
  paired: Type.Boolean({ description: 'whether a till holds this device’s key (a pairing code was redeemed); false for other kinds' }),
  lastSeenAt: Type.Union([Timestamp, Type.Null()], { description: 'when the kernel last heard from (or about) the device' }),
  pendingEvents: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()], {
    description: 'how many events the till last said it still waits to send; null: it never said',
  }),
  pendingReportedAt: Nullable(Timestamp),
  till: Type.Union(
    [
      Type.Object({
        lastSyncedAt: Nullable(Timestamp),
        heartbeatAt: Nullable(Timestamp),
        databaseBytes: Nullable(Type.Integer({ minimum: 0 })),
        peripherals: Type.Array(PeripheralSchema),
        updateRequired: Type.Boolean({ description: 'its version is older than the tenant’s minimum till version' }),
      }),
      Type.Null(),
    ],
    { description: 'what a till says of itself in its heartbeat; null for other kinds' },
  ),
});
export type Device = Static<typeof DeviceSchema>;

export interface DeviceRow {
  device_id: string;
  name: string;
  location_id: string;
  kind: DeviceKind;
  model: string | null;
  address: string | null;
  version: string | null;
  status_state: 'ok' | 'error' | 'unknown';
  status_message: string | null;
  status_reported_at: Date | null;
  created_at: Date;
  revoked_at: Date | null;
  paired: boolean;
  last_seen_at: Date | null;
  pending_events: number | null;
  pending_reported_at: Date | null;
  last_synced_at: Date | null;
  heartbeat_at: Date | null;
  database_bytes: string | number | null;
  peripherals: Peripheral[];
}

/** The columns a `DeviceRow` is read from (of `kernel.devices`). */
export const DEVICE_COLUMNS = `device_id, name, location_id, kind, model, address, version, status_state, status_message,
  status_reported_at, created_at, revoked_at, key_hash is not null as paired, last_seen_at, pending_events,
  pending_reported_at, last_synced_at, heartbeat_at, database_bytes, peripherals`;

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

export function deviceView(row: DeviceRow, minimumTillVersion: string | null): Device {
  const till = row.kind === 'till';
  return {
    id: row.device_id,
    name: row.name,
    locationId: row.location_id,
    kind: row.kind,
    model: row.model,
    address: row.address,
    version: row.version,
    status: { state: row.status_state, message: row.status_message, reportedAt: iso(row.status_reported_at) },
    createdAt: iso(row.created_at)!,
    revokedAt: iso(row.revoked_at),
    paired: till && row.paired,
    lastSeenAt: iso(row.last_seen_at),
    pendingEvents: row.pending_events,
    pendingReportedAt: iso(row.pending_reported_at),
    till: till
      ? {
          lastSyncedAt: iso(row.last_synced_at),
          heartbeatAt: iso(row.heartbeat_at),
          databaseBytes: row.database_bytes === null ? null : Number(row.database_bytes),
          peripherals: row.peripherals ?? [],
          updateRequired: tillNeedsUpdate(row.version, minimumTillVersion),
        }
      : null,
  };
}
