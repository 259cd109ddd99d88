import {
  badRequest,
  decodeCursor,
  NonBlankText,
  notFound,
  Page,
  PageQuery,
  pageOf,
  pageRequest,
  SqlConditions,
  Timestamp,
  TillAmount,
  timestampKeySql,
  Type,
  Uuid,
  type RouteRegistrar,
  type Static,
} from '@kits/plugin-sdk';
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
  createdAt: Timestamp,
});

interface PromotionRow {
  promotion_id: string;
  name: string;
  kind: string;
  variant_ids: string[];
  buy: number | null;
  get: number | null;
  quantity: number | null;
  price: string | null;
  active: boolean;
  created_at: Date | string;
  sort_time: string;
}

// One object, not a union of the two kinds: a union's refusal names the fields of the kind not meant
// ("must be equal to constant"), where a person needs to hear which of their numbers is missing.
const PromotionInput = Type.Object(
  {
    name: NonBlankText(200),
    kind: Type.Union([Type.Literal('buy_x_get_y'), Type.Literal('bundle')], { description: 'buy_x_get_y or bundle' }),
    variantIds: Type.Array(Uuid, { minItems: 1, maxItems: 1000, description: 'The variants it covers' }),
    buy: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, description: 'buy_x_get_y: how many are bought at full price' })),
    get: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, description: 'buy_x_get_y: how many of the cheapest come free' })),
    quantity: Type.Optional(Type.Integer({ minimum: 2, maximum: 1000, description: 'bundle: how many items' })),
    price: Type.Optional(TillAmount),
  },
  { additionalProperties: false },
);

type PromotionTerms =
  | { name: string; kind: 'buy_x_get_y'; variantIds: string[]; buy: number; get: number }
  | { name: string; kind: 'bundle'; variantIds: string[]; quantity: number; price: number };

/** The terms of the promotion's kind, all there and none of the other kind's; a 400 naming each field otherwise. */
function promotionTerms(input: Static<typeof PromotionInput>): PromotionTerms {
  const [needed, foreign] =
    input.kind === 'buy_x_get_y'
      ? [
          ['buy', 'get'],
          ['quantity', 'price'],
        ]
      : [
          ['quantity', 'price'],
          ['buy', 'get'],
        ];
  const what = input.kind === 'buy_x_get_y' ? 'buy X get Y' : 'a bundle';
  const errors = [
    ...needed
      .filter((field) => input[field as keyof typeof input] === undefined)
      .map((field) => ({ field: `body.${field}`, message: `is required for ${what}` })),
    ...foreign
      .filter((field) => input[field as keyof typeof input] !== undefined)
      .map((field) => ({ field: `body.${field}`, message: `is not a term of ${what}; remove it` })),
  ];
  if (errors.length > 0)
    throw badRequest(
      'request.invalid',
      `The promotion's terms are incomplete: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}.`,
      { errors },
    );
  const { name, variantIds } = input;
  return input.kind === 'buy_x_get_y'
    ? { name, kind: 'buy_x_get_y', variantIds, buy: input.buy!, get: input.get! }
    : { name, kind: 'bundle', variantIds, quantity: input.quantity!, price: input.price! };
}

/** Automatic promotions: buy X get Y (the cheapest free) and bundle prices, over a set of variants. */
export function registerPromotionRoutes(routes: RouteRegistrar<SalesSettings>): void {
  routes.post('/promotions', {
    permission: 'core-sales:promotions.write',
    schema: {
      summary: 'Add a promotion: buy X get Y, or N of these for a price',
      description:
        'Buy X get Y needs `buy` and `get`; a bundle needs `quantity` and `price` (minor units). A term of the other kind is refused, naming it.',
      body: PromotionInput,
      response: { 201: Promotion },
    },
    async handler(request, reply) {
      const body = promotionTerms(request.body);
      // Only whether the variants exist matters here, not their prices.
      const found = await request.services.use('inventory@1').sellable(body.variantIds, {
        currency: salesSettings(request.settings).currency,
        locationId: request.actor.locationId ?? NO_LOCATION,
      });
      const unknown = body.variantIds.filter((id) => !found.some((v) => v.variantId === id));
      if (unknown.length > 0)
        throw badRequest('sales.unknown_variant', `Unknown variants: ${unknown.join(', ')}.`, { variantIds: unknown });
      const id = uuidv7();
      const [created] = await request.tx.query<{ created_at: Date | string }>(
        'insert into sales.promotions (tenant_id, promotion_id, name, kind, variant_ids, buy, get, quantity, price) values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning created_at',
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
        createdAt: new Date(created!.created_at).toISOString(),
      };
    },
  });

  routes.get('/promotions', {
    schema: {
      summary: 'Promotions, newest first, a page at a time: all of them, or only the running (active=true) or ended (active=false) ones',
      querystring: PageQuery({ active: Type.Optional(Type.Boolean({ description: 'true: running; false: ended; left out: both' })) }),
      response: { 200: Page(Promotion) },
    },
    async handler(request) {
      const page = pageRequest(request.query);
      const after = decodeCursor(page.cursor, ['timestamp', 'uuid']);
      const sql = new SqlConditions();
      if (request.query.active !== undefined) sql.and(`active = ${sql.param(request.query.active)}`);
      if (after) sql.and(`(created_at, promotion_id) < (${sql.param(after[0])}::timestamptz, ${sql.param(after[1])}::uuid)`);
      const rows = await request.tx.query<PromotionRow>(
        `select promotion_id, name, kind, variant_ids, buy, get, quantity, price, active, created_at, ${timestampKeySql('created_at')} as sort_time
           from sales.promotions ${sql.where} order by created_at desc, promotion_id desc limit ${sql.param(page.limit + 1)}`,
        sql.params,
      );
      return pageOf(
        rows,
        page.limit,
        (r) => ({
          id: r.promotion_id,
          name: r.name,
          kind: r.kind,
          variantIds: r.variant_ids,
          buy: r.buy,
          get: r.get,
          quantity: r.quantity,
          price: r.price === null ? null : Number(r.price),
          active: r.active,
          createdAt: new Date(r.created_at).toISOString(),
        }),
        (r) => [r.sort_time, r.promotion_id],
      );
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
      await request.tx.audit('sales.promotion.ended', { promotionId: request.params.promotionId });
      return { id: request.params.promotionId, active: false };
    },
  });
}
