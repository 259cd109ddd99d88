import {
  badRequest,
  CalendarDate,
  CurrencyCode,
  NonBlankText,
  notFound,
  Quantity,
  requireAcceptedCurrency,
  Timestamp,
  Type,
  Uuid,
  type RouteRegistrar,
  type TenantTransaction,
} from '@kits/plugin-sdk';
import { inventoryCurrencies } from '../catalog/currencies.ts';
import { requireLocations } from '../catalog/product-store.ts';
import type { InventorySettings } from '../settings.ts';
import { registerStockListRoutes } from './list-routes.ts';
import { createStockLedger } from './stock-ledger.ts';

const Level = Type.Object({
  variantId: Uuid,
  locationId: Uuid,
  onHand: Type.Integer(),
  reserved: Type.Integer(),
  available: Type.Integer(),
  version: Type.Integer(),
  reorderPoint: Type.Union([Type.Integer(), Type.Null()]),
  reorderMax: Type.Union([Type.Integer(), Type.Null()]),
});
const Movement = Type.Object({
  id: Uuid,
  variantId: Uuid,
  locationId: Uuid,
  kind: Type.String(),
  quantity: Type.Integer(),
  reason: Type.Union([Type.String(), Type.Null()]),
  reference: Type.Union([Type.Object({ kind: Type.String(), id: Type.String() }), Type.Null()]),
  occurredAt: Timestamp,
  unitCost: Type.Optional(Type.Union([Type.Object({ amount: Type.Integer(), currency: Type.String() }), Type.Null()])),
});

const ledger = (tx: TenantTransaction, settings: InventorySettings) =>
  createStockLedger(tx, { lowStockEvents: settings.lowStockEvents !== false });

/** Stock: levels across locations (now or as of any instant), receiving, adjustments, reservations. */
export function registerStockRoutes(routes: RouteRegistrar<InventorySettings>): void {
  registerStockListRoutes(routes);
  routes.get('/variants/:variantId/stock', {
    schema: {
      summary: "A variant's stock at every location; with `at`, rebuilt from the ledger as it was then",
      params: Type.Object({ variantId: Uuid }),
      querystring: Type.Object({ at: Type.Optional(Timestamp) }, { additionalProperties: false }),
      response: {
        200: Type.Object({
          items: Type.Array(
            Type.Object({
              locationId: Uuid,
              onHand: Type.Integer(),
              reserved: Type.Optional(Type.Integer()),
              available: Type.Optional(Type.Integer()),
            }),
          ),
        }),
      },
    },
    async handler(request) {
      const { variantId } = request.params;
      if (request.query.at) {
        const [variant] = await request.tx.query('select 1 from inventory.variants where variant_id = $1', [variantId]);
        if (!variant) throw notFound('inventory.unknown_variant', `There is no variant ${variantId}.`);
        const rows = await request.tx.query<{ location_id: string; on_hand: string }>(
          `select location_id, sum(quantity) as on_hand from inventory.stock_movements
            where variant_id = $1 and occurred_at <= $2 group by location_id order by location_id`,
          [variantId, request.query.at],
        );
        return { items: rows.map((r) => ({ locationId: r.location_id, onHand: Number(r.on_hand) })) };
      }
      // One round trip: the variant (to tell "unknown" from "no stock yet") with its levels.
      const rows = await request.tx.query<{ location_id: string | null; on_hand: string; reserved: string }>(
        `select l.location_id, l.on_hand, l.reserved from inventory.variants v
           left join inventory.stock_levels l on l.tenant_id = v.tenant_id and l.variant_id = v.variant_id
          where v.variant_id = $1 order by l.location_id`,
        [variantId],
      );
      if (rows.length === 0) throw notFound('inventory.unknown_variant', `There is no variant ${variantId}.`);
      return {
        items: rows
          .filter((r) => r.location_id !== null)
          .map((r) => ({
            locationId: r.location_id!,
            onHand: Number(r.on_hand),
            reserved: Number(r.reserved),
            available: Number(r.on_hand) - Number(r.reserved),
          })),
      };
    },
  });

  routes.get('/stock', {
    schema: {
      summary: 'Stock levels of some variants, optionally at one location',
      querystring: Type.Object(
        { variantIds: Type.Array(Uuid, { minItems: 1, maxItems: 200 }), locationId: Type.Optional(Uuid) },
        { additionalProperties: false },
      ),
      response: { 200: Type.Object({ items: Type.Array(Level) }) },
    },
    handler: async (request) => ({
      items: await ledger(request.tx, request.settings).levels(request.query.variantIds, request.query.locationId),
    }),
  });

  routes.post('/stock/receive', {
    permission: 'core-inventory:stock.receive',
    schema: {
      summary: 'Receive stock at a location',
      body: Type.Object(
        {
          locationId: Uuid,
          lines: Type.Array(
            Type.Object(
              {
                variantId: Uuid,
                quantity: Quantity,
                lot: Type.Optional(
                  Type.Object({ code: NonBlankText(64), expiresOn: Type.Optional(CalendarDate) }, { additionalProperties: false }),
                ),
                serials: Type.Optional(Type.Array(NonBlankText(100), { minItems: 1, maxItems: 1000, uniqueItems: true })),
                unitCost: Type.Optional(
                  Type.Object(
                    { amount: Type.Integer({ minimum: 0 }), currency: CurrencyCode },
                    {
                      additionalProperties: false,
                      description: 'What one unit cost (minor units): moves the variant cost to the weighted average',
                    },
                  ),
                ),
              },
              { additionalProperties: false },
            ),
            { minItems: 1, maxItems: 1000 },
          ),
          reference: Type.Optional(Type.Object({ kind: NonBlankText(40), id: NonBlankText(100) }, { additionalProperties: false })),
        },
        { additionalProperties: false },
      ),
      response: { 201: Type.Object({ movements: Type.Array(Movement) }) },
    },
    async handler(request, reply) {
      const { locationId, lines, reference } = request.body;
      if (lines.some((line) => line.unitCost)) {
        const accepted = await inventoryCurrencies(request.tx, request.settings);
        lines.forEach((line, index) => {
          if (line.unitCost) requireAcceptedCurrency(line.unitCost.currency, `body.lines.${index}.unitCost.currency`, accepted);
        });
      }
      await requireLocations(request.tx, [locationId]);
      const movements = await ledger(request.tx, request.settings).receive(
        lines.map((l) => ({ ...l, locationId })),
        reference,
      );
      reply.status(201);
      return { movements };
    },
  });

  routes.get('/variants/:variantId/lots', {
    schema: {
      summary: 'Lots of a variant in stock at a location (or at every location), the one to sell first (first expiry) first',
      params: Type.Object({ variantId: Uuid }),
      querystring: Type.Object(
        { locationId: Type.Optional(Type.With(Uuid, { description: 'One location; every location when left out' })) },
        { additionalProperties: false },
      ),
      response: {
        200: Type.Object({
          items: Type.Array(
            Type.Object({
              code: Type.String(),
              expiresOn: Type.Union([Type.String(), Type.Null()]),
              onHand: Type.Integer(),
              locationId: Uuid,
            }),
          ),
        }),
      },
    },
    async handler(request) {
      // One round trip: the variant (to tell "unknown", another tenant's included, from "no lots") with its lots.
      const rows = await request.tx.query<{
        lot_code: string | null;
        expires_on: string | Date | null;
        on_hand: string | null;
        location_id: string | null;
      }>(
        `select l.lot_code, l.expires_on, l.on_hand, l.location_id
           from inventory.variants v
           left join inventory.lots l on l.variant_id = v.variant_id and ($2::uuid is null or l.location_id = $2) and l.on_hand > 0
          where v.variant_id = $1
          order by l.expires_on nulls last, l.lot_code, l.location_id`,
        [request.params.variantId, request.query.locationId ?? null],
      );
      if (rows.length === 0) throw notFound('inventory.unknown_variant', `There is no variant ${request.params.variantId}.`);
      return {
        items: rows
          .filter((r) => r.lot_code !== null)
          .map((r) => ({
            code: r.lot_code!,
            expiresOn: r.expires_on === null ? null : new Date(r.expires_on).toISOString().slice(0, 10),
            onHand: Number(r.on_hand),
            locationId: r.location_id!,
          })),
      };
    },
  });

  routes.get('/serials/:serial', {
    schema: {
      summary: 'Where a serial number is, or went: its status and every movement that carried it',
      params: Type.Object({ serial: Type.String({ minLength: 1, maxLength: 100 }) }),
      response: {
        200: Type.Object({
          items: Type.Array(
            Type.Object({
              variantId: Uuid,
              serial: Type.String(),
              status: Type.String(),
              locationId: Type.Union([Uuid, Type.Null()]),
              movements: Type.Array(Movement),
            }),
          ),
        }),
      },
    },
    async handler(request) {
      const serials = await request.tx.query<{ variant_id: string; serial: string; status: string; location_id: string | null }>(
        'select variant_id, serial, status, location_id from inventory.serials where serial = $1 order by variant_id',
        [request.params.serial],
      );
      if (serials.length === 0) throw notFound('inventory.unknown_serial', `No variant has the serial number ${request.params.serial}.`);
      const movements = await request.tx.query<{
        movement_id: string;
        variant_id: string;
        location_id: string;
        kind: string;
        quantity: string;
        reason: string | null;
        reference_kind: string | null;
        reference_id: string | null;
        occurred_at: Date;
      }>(
        `select movement_id, variant_id, location_id, kind, quantity, reason, reference_kind, reference_id, occurred_at from inventory.stock_movements
          where serials @> array[$1]::text[] order by movement_id`,
        [request.params.serial],
      );
      return {
        items: serials.map((s) => ({
          variantId: s.variant_id,
          serial: s.serial,
          status: s.status,
          locationId: s.location_id,
          movements: movements
            .filter((m) => m.variant_id === s.variant_id)
            .map((m) => ({
              id: m.movement_id,
              variantId: m.variant_id,
              locationId: m.location_id,
              kind: m.kind,
              quantity: Number(m.quantity),
              reason: m.reason,
              reference: m.reference_kind ? { kind: m.reference_kind, id: m.reference_id ?? '' } : null,
              occurredAt: new Date(m.occurred_at).toISOString(),
            })),
        })),
      };
    },
  });

  routes.post('/stock/adjust', {
    permission: 'core-inventory:stock.adjust',
    schema: {
      summary: 'Adjust stock up or down with a reason (damage, theft, found, …)',
      body: Type.Object(
        {
          locationId: Uuid,
          variantId: Uuid,
          quantity: Type.Integer({ minimum: -1_000_000_000, maximum: 1_000_000_000, not: { const: 0 } }),
          reason: NonBlankText(200, { multiline: true }),
        },
        { additionalProperties: false },
      ),
      response: { 201: Type.Object({ movement: Movement }) },
    },
    async handler(request, reply) {
      await requireLocations(request.tx, [request.body.locationId]);
      const movement = await ledger(request.tx, request.settings).adjust(request.body);
      await request.tx.audit('inventory.stock.adjusted', { ...request.body, movementId: movement.id });
      reply.status(201);
      return { movement };
    },
  });

  routes.put('/stock/reorder', {
    permission: 'core-inventory:stock.adjust',
    schema: {
      summary: 'Set the reorder point and maximum of a variant at a location',
      body: Type.Object(
        {
          locationId: Uuid,
          variantId: Uuid,
          reorderPoint: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]),
          reorderMax: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]),
        },
        { additionalProperties: false },
      ),
      response: { 200: Level },
    },
    async handler(request) {
      const { locationId, variantId, reorderPoint, reorderMax } = request.body;
      if (reorderPoint !== null && reorderMax !== null && reorderMax < reorderPoint) {
        throw badRequest(
          'inventory.invalid_reorder_range',
          `The reorder maximum (${reorderMax}) cannot be below the reorder point (${reorderPoint}).`,
        );
      }
      await requireLocations(request.tx, [locationId]);
      const [variant] = await request.tx.query('select 1 from inventory.variants where variant_id = $1', [variantId]);
      if (!variant) throw notFound('inventory.unknown_variant', `There is no variant ${variantId}.`);
      await request.tx.query(
        `insert into inventory.stock_levels (tenant_id, location_id, variant_id, reorder_point, reorder_max) values ($1, $2, $3, $4, $5)
         on conflict (tenant_id, location_id, variant_id) do update set reorder_point = excluded.reorder_point, reorder_max = excluded.reorder_max, updated_at = now()`,
        [request.tenantId, locationId, variantId, reorderPoint, reorderMax],
      );
      const [level] = await ledger(request.tx, request.settings).levels([variantId], locationId);
      return level!;
    },
  });

  routes.post('/reservations', {
    permission: 'core-inventory:stock.reserve',
    schema: {
      summary: 'Hold stock for a parked sale or an online order until it expires',
      body: Type.Object(
        {
          lines: Type.Array(Type.Object({ variantId: Uuid, locationId: Uuid, quantity: Quantity }, { additionalProperties: false }), {
            minItems: 1,
            maxItems: 500,
          }),
          expiresInSeconds: Type.Integer({ minimum: 10, maximum: 30 * 86_400 }),
          reference: Type.Object({ kind: NonBlankText(40), id: NonBlankText(100) }, { additionalProperties: false }),
        },
        { additionalProperties: false },
      ),
      response: { 201: Type.Object({ id: Uuid, expiresAt: Timestamp }) },
    },
    async handler(request, reply) {
      const { lines, expiresInSeconds, reference } = request.body;
      await requireLocations(
        request.tx,
        lines.map((l) => l.locationId),
      );
      const reservation = await ledger(request.tx, request.settings).reserve(
        lines,
        new Date(Date.now() + expiresInSeconds * 1000),
        reference,
      );
      reply.status(201);
      return { id: reservation.id, expiresAt: reservation.expiresAt };
    },
  });

  routes.delete('/reservations/:reservationId', {
    permission: 'core-inventory:stock.reserve',
    schema: { summary: 'Release a reservation', params: Type.Object({ reservationId: Uuid }) },
    async handler(request, reply) {
      await ledger(request.tx, request.settings).release(request.params.reservationId);
      reply.status(204);
      return undefined;
    },
  });
}
