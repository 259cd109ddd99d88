import { badRequest, NonBlankText, notFound, TillAmount, Type, Uuid, type RouteRegistrar } from '@kits/plugin-sdk';
import { v7 as uuidv7 } from 'uuid';
import { salesSettings, type SalesSettings } from '../settings.ts';

const NO_LOCATION = '00000000-0000-0000-0000-000000000000';

const Promotion = Type.Object({
  id: Uuid,
  name: Type.String(),
  kind: Type.String(),
  variantIds: Type.Array(Uuid),
  buy: Type.Union([Type.Integer(), Type.Null()]),
  get: Type.Union([Type.Integer(), Type.Null()]),
  quantity: Type.Union([Type.Integer(), Type.Null()]),
  price: Type.Union([Type.Integer(), Type.Null()]),
  active: Type.Boolean(),
});

/** Automatic promotions: buy X get Y (the cheapest free) and bundle prices, over a set of variants. */
export function registerPromotionRoutes(routes: RouteRegistrar<SalesSettings>): void {
  routes.post('/promotions', {
    permission: 'core-sales:promotions.write',
    schema: {
      summary: 'Add a promotion: buy X get Y, or N of these for a price',
      body: Type.Union([
        Type.Object(
          {
            name: NonBlankText(200),
            kind: Type.Literal('buy_x_get_y'),
            variantIds: Type.Array(Uuid, { minItems: 1, maxItems: 1000 }),
            buy: Type.Integer({ minimum: 1, maximum: 1000 }),
            get: Type.Integer({ minimum: 1, maximum: 1000 }),
          },
          { additionalProperties: false },
        ),
        Type.Object(
          {
            name: NonBlankText(200),
            kind: Type.Literal('bundle'),
            variantIds: Type.Array(Uuid, { minItems: 1, maxItems: 1000 }),
            quantity: Type.Integer({ minimum: 2, maximum: 1000 }),
            price: TillAmount,
          },
          { additionalProperties: false },
        ),
      ]),
      response: { 201: Promotion },
    },
    async handler(request, reply) {
      const body = request.body;
      // Only whether the variants exist matters here, not their prices.
      const found = await request.services.use('inventory@1').sellable(body.variantIds, {
        currency: salesSettings(request.settings).currency,
        locationId: request.actor.locationId ?? NO_LOCATION,
      });
      const unknown = body.variantIds.filter((id) => !found.some((v) => v.variantId === id));
      if (unknown.length > 0)
        throw badRequest('sales.unknown_variant', `Unknown variants: ${unknown.join(', ')}.`, { variantIds: unknown });
      const id = uuidv7();
      await request.tx.query(
        'insert into sales.promotions (tenant_id, promotion_id, name, kind, variant_ids, buy, get, quantity, price) values ($1, $2, $3, $4, $5, $6, $7, $8, $9)',
        [
          request.tenantId,
          id,
          body.name,
          body.kind,
          body.variantIds,
          body.kind === 'buy_x_get_y' ? body.buy : null,
          body.kind === 'buy_x_get_y' ? body.get : null,
          body.kind === 'bundle' ? body.quantity : null,
          body.kind === 'bundle' ? body.price : null,
        ],
      );
      await request.tx.audit('sales.promotion.created', { promotionId: id, name: body.name });
      reply.status(201);
      return {
        id,
        name: body.name,
        kind: body.kind,
        variantIds: body.variantIds,
        buy: body.kind === 'buy_x_get_y' ? body.buy : null,
        get: body.kind === 'buy_x_get_y' ? body.get : null,
        quantity: body.kind === 'bundle' ? body.quantity : null,
        price: body.kind === 'bundle' ? body.price : null,
        active: true,
      };
    },
  });

  routes.post('/promotions/:promotionId/end', {
    permission: 'core-sales:promotions.write',
    schema: {
      summary: 'End a promotion',
      params: Type.Object({ promotionId: Uuid }),
      response: { 200: Type.Object({ id: Uuid, active: Type.Boolean() }) },
    },
    async handler(request) {
      const ended = await request.tx.query('update sales.promotions set active = false where promotion_id = $1 returning 1', [
        request.params.promotionId,
      ]);
      if (ended.length === 0) throw notFound('sales.unknown_promotion', `There is no promotion ${request.params.promotionId}.`);
      return { id: request.params.promotionId, active: false };
    },
  });
}
