import { Type, Uuid, type RouteRegistrar } from '@kits/plugin-sdk';
import { readOrder } from '../orders/order-reads.ts';
import type { PurchasingSettings } from '../settings.ts';
import { draftReorders, reorderSuggestions } from './suggestions.ts';

/** Reorder suggestions to look at, and turning them into draft orders now (the job does it on a schedule). */
export function registerReorderRoutes(routes: RouteRegistrar<PurchasingSettings>): void {
  routes.get('/reorder-suggestions', {
    schema: {
      summary: 'What to reorder per variant and location: from reorder points, or sales velocity and lead time',
      querystring: Type.Object({ locationId: Type.Optional(Uuid) }, { additionalProperties: false }),
    },
    handler: async (request) => ({
      items: await reorderSuggestions(request.tx, request.services, request.settings, { locationId: request.query.locationId }),
    }),
  });

  routes.post('/reorder-suggestions/drafts', {
    permission: 'purchasing:orders.write',
    schema: {
      summary: 'Draft purchase orders from the suggestions now, one per supplier and location, for review before sending',
      body: Type.Object({ locationId: Type.Optional(Uuid) }, { additionalProperties: false }),
    },
    async handler(request, reply) {
      const ids = await draftReorders(request.tx, request.services, request.settings, { locationId: request.body.locationId });
      reply.status(201);
      return { items: await Promise.all(ids.map((id) => readOrder(request.tx, request.services, id))) };
    },
  });
}
