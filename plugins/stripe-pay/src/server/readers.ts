import {
  conflict,
  NonBlankText,
  notFound,
  Nullable,
  Type,
  unprocessable,
  Uuid,
  type AuthorizePaymentRequest,
  type RouteRegistrar,
  type Static,
  type TenantTransaction,
} from '@kits/plugin-sdk';
import Stripe from 'stripe';
import { callStripe, stripeProblem } from './errors.ts';
import { stripeAccess } from './client.ts';
import type { StripePaySettings } from './settings.ts';

export interface ReaderRow {
  readonly reader_id: string;
  readonly label: string;
  readonly location_id: string;
  readonly device_id: string | null;
  readonly device_type: string;
  readonly serial_number: string;
  readonly software_version: string | null;
}

const READER_COLUMNS = 'reader_id, label, location_id, device_id, device_type, serial_number, software_version';

/**
 * The reader a card payment goes to: the one the request names (its label or Stripe id), else the
 * one paired with the till taking it, else the only one at the till's location (or the tenant's only
 * one when no location is known). Anything else is a 409 that says what to set up.
 */
export async function readerFor(
  tx: TenantTransaction,
  request: Pick<AuthorizePaymentRequest, 'reader' | 'deviceId' | 'locationId'>,
): Promise<ReaderRow> {
  if (request.reader !== undefined) {
    const [named] = await tx.query<ReaderRow>(
      `select ${READER_COLUMNS} from stripe_pay.readers where reader_id = $1 or lower(label) = lower($1)`,
      [request.reader],
    );
    if (!named)
      throw conflict(
        'stripe-pay.reader_not_found',
        `There is no card reader "${request.reader}": register it in the office under Card readers.`,
        {
          reader: request.reader,
        },
      );
    return named;
  }
  if (request.deviceId !== undefined) {
    const [paired] = await tx.query<ReaderRow>(`select ${READER_COLUMNS} from stripe_pay.readers where device_id = $1`, [request.deviceId]);
    if (paired) return paired;
  }
  const candidates = await tx.query<ReaderRow>(
    `select ${READER_COLUMNS} from stripe_pay.readers where ($1::uuid is null or location_id = $1::uuid) order by label limit 2`,
    [request.locationId ?? null],
  );
  if (candidates.length === 1) return candidates[0]!;
  if (candidates.length === 0)
    throw conflict(
      'stripe-pay.no_reader',
      'There is no card reader at this location: register one in the office under Card readers, or take another tender.',
      { locationId: request.locationId ?? null },
    );
  throw conflict(
    'stripe-pay.reader_ambiguous',
    'This location has several card readers and none is paired with this till: pair one with the till in the office under Card readers.',
    { locationId: request.locationId ?? null, deviceId: request.deviceId ?? null },
  );
}

const Reader = Type.Object({
  id: Type.String({ description: 'The Stripe reader id (tmr_…)' }),
  label: Type.String(),
  locationId: Uuid,
  locationName: Type.String(),
  deviceId: Nullable(Uuid),
  deviceType: Type.String({ description: "Stripe's device type (bbpos_wisepos_e, stripe_s700, …)" }),
  serialNumber: Type.String(),
  softwareVersion: Nullable(
    Type.String({
      description:
        'The software version the reader last reported to Stripe (its device_sw_version, 2.30.0.0), as stripe-pay last saw it: when it was registered, or during a card payment on it; null until seen',
    }),
  ),
});
const LocationLink = Type.Object({
  locationId: Uuid,
  stripeLocationId: Type.String({ description: 'The Stripe Terminal Location (tml_…) made for this KiTS location' }),
});
const ReaderList = Type.Object({
  items: Type.Array(Reader),
  locations: Type.Array(LocationLink, {
    description: 'KiTS locations that have a Stripe Terminal Location (a first reader needs an address for one)',
  }),
  webhookPath: Type.String({ description: 'The path of the webhook URL to give Stripe (after this server’s address)' }),
});
const Label = NonBlankText(60, { description: 'The name the cashier sees: "Present card on reader Front-1"' });
const Address = Type.Object(
  {
    line1: NonBlankText(200),
    line2: Type.Optional(NonBlankText(200)),
    city: NonBlankText(100),
    postalCode: NonBlankText(20),
    state: Type.Optional(NonBlankText(100)),
    country: Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2 (DE, FR, US)' }),
  },
  {
    additionalProperties: false,
    description: "The store's address: Stripe needs one for its Terminal Location (the first reader of a KiTS location only)",
  },
);
const ReaderParams = Type.Object({ readerId: Type.String({ pattern: '^tmr_[A-Za-z0-9]+$', maxLength: 100 }) });

async function readerViews(tx: TenantTransaction, rows: readonly ReaderRow[]) {
  const locations = await tx.directory.locations([...new Set(rows.map((r) => r.location_id))]);
  const names = new Map(locations.map((l) => [l.id, l.name]));
  return rows.map((r) => ({
    id: r.reader_id,
    label: r.label,
    locationId: r.location_id,
    locationName: names.get(r.location_id) ?? 'Location no longer exists',
    deviceId: r.device_id,
    deviceType: r.device_type,
    serialNumber: r.serial_number,
    softwareVersion: r.software_version,
  }));
}

async function readReader(tx: TenantTransaction, readerId: string): Promise<ReaderRow> {
  const [row] = await tx.query<ReaderRow>(`select ${READER_COLUMNS} from stripe_pay.readers where reader_id = $1`, [readerId]);
  if (!row) throw notFound('stripe-pay.reader_not_found', `No card reader ${readerId} is registered for this shop.`, { readerId });
  return row;
}

/** A till may be paired only if it is this tenant's, not revoked, at the reader's location, and not paired with another reader. */
async function checkTill(tx: TenantTransaction, deviceId: string, locationId: string, readerId: string | undefined): Promise<void> {
  const device = await tx.directory.device(deviceId);
  if (!device || device.revoked)
    throw unprocessable('stripe-pay.till_unknown', 'There is no such till (or it was revoked): pick one of the tills of this location.', {
      field: 'body.deviceId',
    });
  if (device.locationId !== locationId)
    throw unprocessable(
      'stripe-pay.till_elsewhere',
      'That till is at another location: a reader is paired with a till of its own location.',
      {
        field: 'body.deviceId',
      },
    );
  const [other] = await tx.query<{ label: string }>(
    'select label from stripe_pay.readers where device_id = $1 and ($2::text is null or reader_id <> $2)',
    [deviceId, readerId ?? null],
  );
  if (other)
    throw conflict(
      'stripe-pay.till_paired',
      `That till is paired with reader ${other.label}: unpair it there first (a till takes cards on one reader).`,
      {
        field: 'body.deviceId',
        reader: other.label,
      },
    );
}

async function checkLabelFree(tx: TenantTransaction, label: string, readerId?: string): Promise<void> {
  const [taken] = await tx.query(
    'select 1 from stripe_pay.readers where lower(label) = lower($1) and ($2::text is null or reader_id <> $2)',
    [label, readerId ?? null],
  );
  if (taken)
    throw conflict('stripe-pay.label_taken', `Another reader is called ${label}: give each reader its own name.`, { field: 'body.label' });
}

/** The Stripe Terminal Location of a KiTS location, made on first need (with the address the merchant gives). */
async function stripeLocationFor(
  tx: TenantTransaction,
  settings: StripePaySettings,
  location: { id: string; name: string },
  address: Static<typeof Address> | undefined,
): Promise<string> {
  const [known] = await tx.query<{ stripe_location_id: string }>(
    'select stripe_location_id from stripe_pay.locations where location_id = $1',
    [location.id],
  );
  if (known) return known.stripe_location_id;
  if (!address)
    throw unprocessable(
      'stripe-pay.address_required',
      `Stripe needs the address of ${location.name} for its first reader: fill in the street, city, postal code and country.`,
      { field: 'body.address' },
    );
  const { stripe, account } = stripeAccess(settings);
  const created = await callStripe(() =>
    stripe.terminal.locations.create(
      {
        display_name: location.name,
        address: {
          line1: address.line1,
          ...(address.line2 ? { line2: address.line2 } : {}),
          city: address.city,
          postal_code: address.postalCode,
          ...(address.state ? { state: address.state } : {}),
          country: address.country,
        },
        metadata: { kits_tenant: tx.tenantId, kits_location: location.id },
      },
      { ...account, idempotencyKey: `kits-location:${tx.tenantId}:${location.id}` },
    ),
  );
  await tx.query('insert into stripe_pay.locations (tenant_id, location_id, stripe_location_id) values ($1, $2, $3)', [
    tx.tenantId,
    location.id,
    created.id,
  ]);
  return created.id;
}

/** Card readers per location: list, register (with Stripe), rename, pair with a till, remove. */
export function registerReaderRoutes(routes: RouteRegistrar<StripePaySettings>, pluginId: string): void {
  routes.get('/readers', {
    permission: 'stripe-pay:readers.read',
    schema: {
      summary: "The shop's Stripe Terminal readers, each with its location and the till it is paired with",
      response: { 200: ReaderList },
    },
    async handler(request) {
      const rows = await request.tx.query<ReaderRow>(`select ${READER_COLUMNS} from stripe_pay.readers order by label`);
      const links = await request.tx.query<{ location_id: string; stripe_location_id: string }>(
        'select location_id, stripe_location_id from stripe_pay.locations order by location_id',
      );
      return {
        items: await readerViews(request.tx, rows),
        locations: links.map((l) => ({ locationId: l.location_id, stripeLocationId: l.stripe_location_id })),
        webhookPath: `/webhooks/${pluginId}/${request.tenantId}/stripe`,
      };
    },
  });

  routes.post('/readers', {
    permission: 'stripe-pay:readers.write',
    schema: {
      summary: 'Register a Stripe Terminal reader with the registration code it shows, at a location (and pair it with a till)',
      body: Type.Object(
        {
          registrationCode: NonBlankText(100, { description: 'The code the reader shows (Settings → Generate pairing code)' }),
          label: Label,
          locationId: Uuid,
          deviceId: Type.Optional(Uuid),
          address: Type.Optional(Address),
        },
        { additionalProperties: false },
      ),
      response: { 201: Reader },
    },
    async handler(request, reply) {
      const { tx, body } = request;
      const [location] = await tx.directory.locations([body.locationId]);
      if (!location)
        throw unprocessable('stripe-pay.location_unknown', 'There is no such location in this shop.', { field: 'body.locationId' });
      const label = body.label.trim();
      await checkLabelFree(tx, label);
      if (body.deviceId) await checkTill(tx, body.deviceId, location.id, undefined);
      const stripeLocation = await stripeLocationFor(tx, request.settings, location, body.address);
      const { stripe, account } = stripeAccess(request.settings);
      let reader: Stripe.Terminal.Reader;
      try {
        reader = await stripe.terminal.readers.create(
          { registration_code: body.registrationCode.trim(), label, location: stripeLocation, metadata: { kits_tenant: tx.tenantId } },
          account,
        );
      } catch (error) {
        if (error instanceof Stripe.errors.StripeInvalidRequestError && error.param === 'registration_code')
          throw unprocessable(
            'stripe-pay.registration_code_rejected',
            'Stripe did not accept this registration code: generate a new one on the reader (codes expire) and type it exactly.',
            { field: 'body.registrationCode', stripeMessage: error.message },
          );
        throw stripeProblem(error);
      }
      await tx.query(
        `insert into stripe_pay.readers (tenant_id, reader_id, label, location_id, device_id, device_type, serial_number, software_version)
         values ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          tx.tenantId,
          reader.id,
          label,
          location.id,
          body.deviceId ?? null,
          reader.device_type,
          reader.serial_number,
          reader.device_sw_version || null,
        ],
      );
      await tx.audit('stripe-pay.reader.registered', {
        readerId: reader.id,
        label,
        locationId: location.id,
        deviceId: body.deviceId ?? null,
      });
      reply.status(201);
      return (await readerViews(tx, [await readReader(tx, reader.id)]))[0];
    },
  });

  routes.patch('/readers/:readerId', {
    permission: 'stripe-pay:readers.write',
    schema: {
      summary: 'Rename a reader, or pair it with a till of its location (deviceId) or unpair it (deviceId null)',
      params: ReaderParams,
      body: Type.Object(
        { label: Type.Optional(Label), deviceId: Type.Optional(Nullable(Uuid)) },
        { additionalProperties: false, minProperties: 1 },
      ),
      response: { 200: Reader },
    },
    async handler(request) {
      const { tx, body } = request;
      const row = await readReader(tx, request.params.readerId);
      const label = body.label?.trim() ?? row.label;
      if (body.label !== undefined) await checkLabelFree(tx, label, row.reader_id);
      if (body.deviceId) await checkTill(tx, body.deviceId, row.location_id, row.reader_id);
      const deviceId = body.deviceId === undefined ? row.device_id : body.deviceId;
      await tx.query('update stripe_pay.readers set label = $2, device_id = $3 where reader_id = $1', [row.reader_id, label, deviceId]);
      await tx.audit('stripe-pay.reader.updated', { readerId: row.reader_id, label, deviceId });
      return (await readerViews(tx, [await readReader(tx, row.reader_id)]))[0];
    },
  });

  routes.delete('/readers/:readerId', {
    permission: 'stripe-pay:readers.write',
    schema: { summary: 'Remove a reader from the shop (and from the Stripe account)', params: ReaderParams },
    async handler(request, reply) {
      const { tx } = request;
      const row = await readReader(tx, request.params.readerId);
      const { stripe, account } = stripeAccess(request.settings);
      try {
        await stripe.terminal.readers.del(row.reader_id, {}, account);
      } catch (error) {
        // Already gone at Stripe (removed in its Dashboard): removing it here is all that is left.
        if (!(error instanceof Stripe.errors.StripeInvalidRequestError && error.code === 'resource_missing')) throw stripeProblem(error);
      }
      await tx.query('delete from stripe_pay.readers where reader_id = $1', [row.reader_id]);
      await tx.audit('stripe-pay.reader.removed', { readerId: row.reader_id, label: row.label });
      reply.status(204);
      return undefined;
    },
  });
}
