import { LineQuantity, Type, Uuid, notFound, type RouteRegistrar } from '@kits/plugin-sdk';
import type { LabelSettings } from '../settings.ts';
import { readTemplate } from '../templates/template-store.ts';
import { labelBatch } from './label-batch.ts';
import { variantTitle } from './variant-price.ts';

const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';

const Money = Type.Object({ amount: Type.Integer(), currency: Type.String() });
const Answer = Type.Object({
  labels: Type.Array(
    Type.Object({
      variantId: Uuid,
      locationId: Type.Union([Uuid, Type.Null()]),
      quantity: Type.Integer(),
      productName: Type.String(),
      code: Type.String(),
      price: Type.Union([Money, Type.Null()]),
      zpl: Type.String(),
    }),
  ),
  refused: Type.Array(Type.Object({ variantId: Uuid, code: Type.String(), reason: Type.String() })),
});

/** Labels as printer bytes: the office sends them to the printer (the server reaches no printer). */
export function registerLabelRoutes(routes: RouteRegistrar<LabelSettings>): void {
  routes.get('/variants', {
    schema: {
      summary: 'What labels name these variants (through catalog@1): for a print dialog over a selection',
      querystring: Type.Object(
        { ids: Type.String({ pattern: `^${UUID}(,${UUID}){0,499}$`, description: 'Variant ids, comma-separated (at most 500)' }) },
        { additionalProperties: false },
      ),
      response: { 200: Type.Object({ items: Type.Array(Type.Object({ variantId: Uuid, name: Type.String(), sku: Type.String() })) }) },
    },
    async handler(request) {
      const variants = await request.services.use('catalog@1').variantsById([...new Set(request.query.ids.toLowerCase().split(','))]);
      return { items: variants.map((v) => ({ variantId: v.variantId, name: variantTitle(v), sku: v.sku })) };
    },
  });

  routes.post('/labels', {
    permission: 'zebra-zpl:print',
    schema: {
      summary:
        'The ZPL of labels for variants × quantities with a template; variants it cannot print are refused one by one, with the reason',
      body: Type.Object(
        {
          templateId: Uuid,
          locationId: Type.Optional(Type.With(Uuid, { description: "Prices are this location's (its own, else the tenant-wide price)" })),
          items: Type.Array(
            Type.Object(
              {
                variantId: Uuid,
                quantity: Type.With(LineQuantity, { description: 'Labels of this variant (printed with ^PQ)' }),
                locationId: Type.Optional(
                  Type.Union([Uuid, Type.Null()], { description: 'This line priced at another location (null: the tenant-wide price)' }),
                ),
              },
              { additionalProperties: false },
            ),
            { minItems: 1, maxItems: 5000 },
          ),
        },
        { additionalProperties: false },
      ),
      response: { 200: Answer },
    },
    async handler(request) {
      const { templateId, locationId, items } = request.body;
      const wanted = [
        ...new Set([locationId, ...items.map((item) => item.locationId)].filter((id): id is string => typeof id === 'string')),
      ];
      const known = new Set((await request.tx.directory.locations(wanted)).map((location) => location.id));
      const unknown = wanted.find((id) => !known.has(id));
      if (unknown) throw notFound('zebra.unknown_location', `There is no location ${unknown}: pick one of the shop's locations.`);
      const template = await readTemplate(request.tx, templateId);
      const orders = items.map((item) => ({
        variantId: item.variantId,
        quantity: item.quantity,
        locationId: item.locationId === undefined ? (locationId ?? null) : item.locationId,
      }));
      return labelBatch(request.tx, request.services.use('catalog@1'), template, orders, request.settings.priceLocale);
    },
  });
}
