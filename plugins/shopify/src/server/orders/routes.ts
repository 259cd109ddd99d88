import { conflict, FreeText, Nullable, Type, Uuid, type RouteRegistrar } from '@kits/plugin-sdk';
import type { ShopifySettings } from '../settings.ts';
import { listDiscrepancies, resolveDiscrepancy } from './discrepancies.ts';
import { runOrderIntake } from './intake.ts';

const Reason = Type.Union([Type.Literal('short_stock'), Type.Literal('unlinked_variant'), Type.Literal('unmapped_location')]);
const Resolution = Type.Union([Type.Literal('stock_adjusted'), Type.Literal('order_cancelled_on_shopify'), Type.Literal('accepted')]);

const Discrepancy = Type.Object({
  discrepancyId: Uuid,
  orderId: Type.String({ description: 'The Shopify order (gid://shopify/Order/…)' }),
  orderName: Nullable(Type.String({ description: 'The order as people call it (#1001)' })),
  reason: Reason,
  variantId: Nullable(Uuid),
  locationId: Nullable(Uuid),
  shopifyVariantId: Nullable(Type.String()),
  shopifyLocationId: Nullable(Type.String()),
  title: Nullable(Type.String({ description: 'The line as Shopify sold it, or the order for a location' })),
  wanted: Nullable(Type.Integer()),
  available: Nullable(Type.Integer()),
  raisedAt: Type.String({ format: 'date-time' }),
  resolution: Nullable(Resolution),
  note: Nullable(Type.String()),
  resolvedAt: Nullable(Type.String({ format: 'date-time' })),
});

export function registerOrderRoutes(routes: RouteRegistrar<ShopifySettings>): void {
  routes.get('/orders/discrepancies', {
    permission: 'shopify:view',
    schema: {
      summary: 'What Shopify orders could not do as Shopify asked: stock short, a line not linked, a location not mapped',
      tags: ['shopify'],
      querystring: Type.Object(
        {
          state: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('resolved')], { default: 'open' })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 200 })),
        },
        { additionalProperties: false },
      ),
      response: { 200: Type.Object({ items: Type.Array(Discrepancy) }) },
    },
    handler: async ({ tx, query }) => ({ items: await listDiscrepancies(tx, query.state ?? 'open', query.limit ?? 200) }),
  });

  routes.post('/orders/discrepancies/:discrepancyId/resolve', {
    permission: 'shopify:manage',
    schema: {
      summary: 'Resolves a discrepancy: the stock was adjusted, the order canceled on Shopify, or the difference accepted',
      tags: ['shopify'],
      params: Type.Object({ discrepancyId: Uuid }),
      body: Type.Object({ resolution: Resolution, note: Type.Optional(FreeText(500)) }, { additionalProperties: false }),
      response: { 200: Discrepancy },
    },
    handler: async ({ tx, params, body, actor }) =>
      resolveDiscrepancy(tx, params.discrepancyId, body.resolution, body.note?.trim() || null, actor.id),
  });

  routes.post('/orders/poll', {
    permission: 'shopify:manage',
    schema: {
      summary: 'Checks Shopify for orders now (polling runs every minute by itself) and takes in those waiting',
      tags: ['shopify'],
      response: { 200: Type.Object({ marked: Type.Integer(), taken: Type.Integer() }) },
    },
    handler: async ({ tx, services, settings, log }) => {
      const ran = await runOrderIntake({ tx, services, settings, log }, { forcePoll: true });
      if (ran.polled === undefined)
        throw conflict(
          'shopify.not_connected',
          'No Shopify store is connected, or Shopify could not be asked just now: see the sync status.',
        );
      return { marked: ran.polled, taken: ran.taken };
    },
  });
}
