import { MinorUnits, Timestamp, Type, Uuid, type RouteRegistrar } from '@kits/plugin-sdk';
import type { LabelSettings } from '../settings.ts';
import { markShelvesPrinted, staleShelves } from './price-queue.ts';

const Money = Type.Object({ amount: Type.Integer(), currency: Type.String() });
const Shelf = Type.Object({
  variantId: Uuid,
  locationId: Type.Union([Uuid, Type.Null()]),
  productName: Type.String(),
  sku: Type.String(),
  price: Money,
  labelledPrice: Type.Union([Money, Type.Null()]),
  staleSince: Timestamp,
});
const Printed = Type.Object(
  {
    variantId: Uuid,
    locationId: Type.Union([Uuid, Type.Null()], { description: 'As the queue lists it (null: the tenant-wide price)' }),
    amount: Type.With(MinorUnits, { description: 'The price the printed label carries' }),
  },
  { additionalProperties: false },
);

/** The price-change queue: shelves whose label is stale since the price moved, and marking them printed. */
export function registerPriceChangeRoutes(routes: RouteRegistrar<LabelSettings>): void {
  routes.get('/price-changes', {
    schema: {
      summary: 'Shelves whose label shows an old price, oldest change first',
      querystring: Type.Object(
        {
          locationId: Type.Optional(Type.With(Uuid, { description: "Only this location's shelves" })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000, default: 500 })),
        },
        { additionalProperties: false },
      ),
      response: { 200: Type.Object({ items: Type.Array(Shelf) }) },
    },
    handler: async (request) => ({
      items: await staleShelves(request.tx, request.services.use('catalog@1'), {
        ...(request.query.locationId ? { locationId: request.query.locationId } : {}),
        limit: request.query.limit ?? 500,
      }),
    }),
  });

  routes.post('/price-changes/printed', {
    permission: 'zebra-zpl:print',
    schema: {
      summary: 'Mark shelf labels printed (the person confirmed the printer took them); a price that moved again stays queued',
      body: Type.Object({ items: Type.Array(Printed, { minItems: 1, maxItems: 5000 }) }, { additionalProperties: false }),
      response: {
        200: Type.Object({ printed: Type.Array(Printed), stillStale: Type.Array(Printed), notQueued: Type.Array(Printed) }),
      },
    },
    handler: async (request) => markShelvesPrinted(request.tx, request.body.items),
  });
}
