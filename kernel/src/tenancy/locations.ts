import { badRequest, NonBlankText, notFound, Timestamp, Uuid } from '@kits/plugin-sdk';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { v7 as uuidv7 } from 'uuid';
import { requirePermission, requireTenantActor } from '../auth/authenticator.ts';
import type { Database } from '../db/database.ts';
import { auditLog } from './audit.ts';

const Name = NonBlankText(200);
const AddressLines = Type.Array(Type.String({ minLength: 1, maxLength: 100 }), {
  maxItems: 6,
  description: 'the address as it is printed on receipts, a line each (street, town and postcode, country)',
});
const TaxId = Type.String({
  minLength: 1,
  maxLength: 40,
  description: 'the VAT or tax number printed on receipts (DE123456789, FR…, an EIN)',
});
const TimeZone = Type.String({ minLength: 1, maxLength: 64, description: 'IANA time zone, e.g. Europe/Berlin' });

const LocationSchema = Type.Object({
  id: Uuid,
  name: Type.String(),
  kind: Type.String(),
  addressLines: Type.Array(Type.String()),
  taxId: Type.Union([Type.String(), Type.Null()]),
  timezone: Type.String({ description: "the location's own time zone, or the tenant's when it has none" }),
  createdAt: Timestamp,
});

interface LocationRow {
  location_id: string;
  name: string;
  kind: string;
  address_lines: string[];
  tax_id: string | null;
  timezone: string;
  created_at: Date;
}
const COLUMNS = `l.location_id, l.name, l.kind, l.address_lines, l.tax_id,
  coalesce(l.timezone, (select t.timezone from kernel.tenants t where t.tenant_id = l.tenant_id)) as timezone, l.created_at`;
const locationView = (row: LocationRow) => ({
  id: row.location_id,
  name: row.name,
  kind: row.kind,
  addressLines: row.address_lines,
  taxId: row.tax_id,
  timezone: row.timezone,
  createdAt: new Date(row.created_at).toISOString(),
});

/** A time zone the receipts can tell the time in; refused with a name of one that works. */
function checkTimeZone(timezone: string): void {
  if (timezone !== 'UTC' && !Intl.supportedValuesOf('timeZone').includes(timezone)) {
    throw badRequest('tenancy.unknown_timezone', `"${timezone}" is not an IANA time zone (e.g. Europe/Berlin or America/New_York).`, {
      errors: [{ field: 'timezone', message: 'is not a time zone; pick one like Europe/Berlin' }],
    });
  }
}

/** Blank lines are dropped and each kept line trimmed: a receipt prints no empty address line. */
const cleanAddress = (lines: readonly string[]) => lines.map((line) => line.trim()).filter(Boolean);

/**
 * The tenant's stores and warehouses: listed to any of its staff (a till prints its store's name,
 * address and tax number on receipts), added and changed with kernel:locations.manage.
 */
export function registerLocationRoutes(app: FastifyInstance, db: Database): void {
  const tags = ['Tenancy'];

  app.get('/api/v1/tenants/current/locations', {
    schema: {
      tags,
      summary: "The tenant's stores and warehouses (any of its staff may list them)",
      response: { 200: Type.Object({ items: Type.Array(LocationSchema) }) },
    },
    handler: async (request) => {
      const { actor } = requireTenantActor(request);
      return db.transaction({ tenantId: actor.tenantId }, async (tx) => ({
        items: (await tx.query<LocationRow>(`select ${COLUMNS} from kernel.locations l order by l.created_at`)).map(locationView),
      }));
    },
  });

  app.post('/api/v1/tenants/current/locations', {
    schema: {
      tags,
      summary: 'Add a store or warehouse',
      body: Type.Object(
        {
          name: Name,
          kind: Type.Union([Type.Literal('store'), Type.Literal('warehouse')]),
          addressLines: Type.Optional(AddressLines),
          taxId: Type.Optional(TaxId),
          timezone: Type.Optional(TimeZone),
        },
        { additionalProperties: false },
      ),
      response: { 201: LocationSchema },
    },
    handler: async (request, reply) => {
      const { actor } = requirePermission(request, 'kernel:locations.manage');
      const input = request.body as { name: string; kind: string; addressLines?: string[]; taxId?: string; timezone?: string };
      if (input.timezone !== undefined) checkTimeZone(input.timezone);
      const id = uuidv7();
      const addressLines = cleanAddress(input.addressLines ?? []);
      return db.transaction({ tenantId: actor.tenantId }, async (tx) => {
        await tx.query(
          `insert into kernel.locations (tenant_id, location_id, kind, name, address_lines, tax_id, timezone) values ($1, $2, $3, $4, $5, $6, $7)`,
          [actor.tenantId, id, input.kind, input.name, addressLines, input.taxId ?? null, input.timezone ?? null],
        );
        await auditLog(tx, actor, 'tenancy.location.created', { locationId: id, name: input.name, kind: input.kind });
        const [row] = await tx.query<LocationRow>(`select ${COLUMNS} from kernel.locations l where l.location_id = $1`, [id]);
        reply.code(201);
        return locationView(row!);
      });
    },
  });

  app.patch('/api/v1/tenants/current/locations/:locationId', {
    schema: {
      tags,
      summary:
        "Change a location's name, address, tax number or time zone (null clears the tax number or time zone; what is left out stays)",
      params: Type.Object({ locationId: Uuid }),
      body: Type.Object(
        {
          name: Type.Optional(Name),
          addressLines: Type.Optional(AddressLines),
          taxId: Type.Optional(Type.Union([TaxId, Type.Null()])),
          timezone: Type.Optional(Type.Union([TimeZone, Type.Null()])),
        },
        { additionalProperties: false },
      ),
      response: { 200: LocationSchema },
    },
    handler: async (request) => {
      const { locationId } = request.params as { locationId: string };
      const { actor } = requirePermission(request, 'kernel:locations.manage', locationId);
      const input = request.body as { name?: string; addressLines?: string[]; taxId?: string | null; timezone?: string | null };
      return db.transaction({ tenantId: actor.tenantId }, async (tx) => {
        // A location this tenant has not (another tenant's too) is 404 whatever the body says.
        const [known] = await tx.query('select 1 from kernel.locations where location_id = $1 for update', [locationId]);
        if (!known)
          throw notFound(
            'tenancy.unknown_location',
            `There is no location ${locationId} in this tenant; GET /api/v1/tenants/current/locations lists them.`,
          );
        if (typeof input.timezone === 'string') checkTimeZone(input.timezone);
        // Each column keeps its value unless the body names it ($n is null and "not given" apart by a flag).
        await tx.query(
          `update kernel.locations set
             name = coalesce($2, name),
             address_lines = coalesce($3, address_lines),
             tax_id = case when $4 then $5 else tax_id end,
             timezone = case when $6 then $7 else timezone end
           where location_id = $1`,
          [
            locationId,
            input.name ?? null,
            input.addressLines === undefined ? null : cleanAddress(input.addressLines),
            'taxId' in input,
            input.taxId ?? null,
            'timezone' in input,
            input.timezone ?? null,
          ],
        );
        // An empty body changes nothing (and answers the location as it is): nothing to audit.
        const fields = Object.keys(input).sort();
        if (fields.length > 0) await auditLog(tx, actor, 'tenancy.location.changed', { locationId, fields });
        const [row] = await tx.query<LocationRow>(`select ${COLUMNS} from kernel.locations l where l.location_id = $1`, [locationId]);
        return locationView(row!);
      });
    },
  });
}
