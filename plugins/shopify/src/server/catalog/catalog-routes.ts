import {
  conflict,
  decodeCursor,
  encodeCursor,
  notFound,
  Nullable,
  Type,
  Uuid,
  type RouteRegistrar,
  type TenantTransaction,
} from '@kits/plugin-sdk';
import { openAdminApi, type AdminApi } from '../admin-api/index.ts';
import type { ShopifySettings } from '../settings.ts';
import { continueScan, readScan, startScan } from './catalog-scan.ts';
import { kitsReviewRow, saveReview, shopifyReviewRow } from './catalog-match.ts';
import { importShopifyProducts } from './import-products.ts';
import { productsOf, saveProducts, setDirection } from './kits-products.ts';
import { linkedPage, reviewPage, type LinkItem } from './link-list.ts';
import { publishProducts } from './publish-products.ts';
import { readStoreVariant, saveStoreVariants, shopifyTitleOf, storeVariantsById } from './store-variants.ts';
import { linkOf, removeLinks, saveLinks } from './variant-links.ts';

const ShopifyVariantId = Type.String({
  pattern: '^gid://shopify/ProductVariant/[0-9]{1,20}$',
  description: 'A Shopify variant (gid://shopify/ProductVariant/…)',
});
const ShopifyProductId = Type.String({
  pattern: '^gid://shopify/Product/[0-9]{1,20}$',
  description: 'A Shopify product (gid://shopify/Product/…)',
});
const Cursor = Type.String({ minLength: 1, maxLength: 2000, description: 'The `next` of the previous page, as it came' });
const Limit = Type.Integer({ minimum: 1, maximum: 200, default: 50 });
const Direction = Type.Union([Type.Literal('kits_to_shopify'), Type.Literal('shopify_to_kits')], {
  description: 'Which way price and title changes flow for the product',
});

const LinkItemSchema = Type.Object({
  variantId: Nullable(Uuid),
  sku: Type.String(),
  barcodes: Type.Array(Type.String()),
  productName: Type.String(),
  options: Type.Record(Type.String(), Type.String()),
  shopifyVariantId: Nullable(Type.String()),
  shopifyTitle: Type.String(),
  shopifyProductId: Type.Optional(
    Nullable(Type.String({ description: 'The Shopify product of a Shopify-side or linked row (what POST /catalog/import takes)' })),
  ),
  state: Type.Union([Type.Literal('linked'), Type.Literal('unmatched'), Type.Literal('ambiguous')]),
  reason: Type.String(),
});

const MatchAnswer = Type.Object({
  state: Type.Union([Type.Literal('done'), Type.Literal('reading'), Type.Literal('failed')], {
    description: 'done: matched; reading: the store is large, its catalog is still being read (the job matches when done)',
  }),
  variantsRead: Type.Integer({ description: "Shopify variants read by this match's scan so far" }),
  linked: Type.Integer({ description: 'Links this match made' }),
  alreadyLinked: Type.Integer(),
  unmatched: Type.Integer({ description: 'Variants left unmatched, both sides' }),
  ambiguous: Type.Integer({ description: 'Variants sharing a SKU or barcode, both sides' }),
  error: Nullable(Type.String()),
});

const ProductItem = Type.Object({
  productId: Uuid,
  name: Type.String(),
  direction: Direction,
  linkedVariants: Type.Integer(),
  variants: Type.Integer(),
});

/** How long `POST /catalog/match` reads the store before it answers (the catalog job carries a large store on). */
const MATCH_BUDGET_MS = 8_000;

async function connectedApi(tx: TenantTransaction, settings: ShopifySettings): Promise<AdminApi> {
  const api = await openAdminApi(tx, settings);
  if (!api) throw conflict('shopify.not_connected', 'No Shopify store is connected: connect it first on the Shopify page.');
  return api;
}

/**
 * The catalog routes: the link list with its review of what did not match, matching, a link by hand
 * and its removal, each product's direction, import from Shopify and publishing to it.
 */
export function registerCatalogRoutes(routes: RouteRegistrar<ShopifySettings>): void {
  routes.get('/catalog/links', {
    permission: 'shopify:view',
    schema: {
      summary: 'Linked variants, or those the last match left for review (unmatched or ambiguous, both sides)',
      tags: ['shopify'],
      querystring: Type.Object(
        {
          state: Type.Optional(
            Type.Union([Type.Literal('linked'), Type.Literal('unmatched'), Type.Literal('ambiguous')], { default: 'linked' }),
          ),
          after: Type.Optional(Cursor),
          limit: Type.Optional(Limit),
        },
        { additionalProperties: false },
      ),
      response: { 200: Type.Object({ items: Type.Array(LinkItemSchema), next: Nullable(Type.String()) }) },
    },
    handler: async ({ tx, services, query }) => {
      const page = { after: query.after, limit: query.limit ?? 50 };
      const state = query.state ?? 'linked';
      return state === 'linked' ? linkedPage(tx, services.use('catalog@1'), page) : reviewPage(tx, state, page);
    },
  });

  routes.post('/catalog/match', {
    permission: 'shopify:manage',
    schema: {
      summary: "Reads the store's catalog and links variants one to one by SKU, then barcode; the rest goes to review",
      tags: ['shopify'],
      response: { 200: MatchAnswer },
    },
    handler: async (request) => {
      await connectedApi(request.tx, request.settings);
      await startScan(request.tx);
      const counts = await continueScan(request, { budgetMs: MATCH_BUDGET_MS });
      const scan = await readScan(request.tx);
      await request.tx.audit('shopify.catalog.matched', { state: scan.state, linked: counts?.linked ?? 0 });
      return {
        state: scan.state === 'idle' ? 'reading' : scan.state,
        variantsRead: scan.variantsRead,
        linked: counts?.linked ?? 0,
        alreadyLinked: counts?.alreadyLinked ?? 0,
        unmatched: counts?.unmatched ?? 0,
        ambiguous: counts?.ambiguous ?? 0,
        error: scan.error,
      };
    },
  });

  routes.put('/catalog/links/:variantId', {
    permission: 'shopify:manage',
    schema: {
      summary: 'Links a KiTS variant to a Shopify variant by hand (replacing its link, if any)',
      tags: ['shopify'],
      params: Type.Object({ variantId: Uuid }),
      body: Type.Object({ shopifyVariantId: ShopifyVariantId }, { additionalProperties: false }),
      response: { 200: LinkItemSchema },
    },
    handler: async ({ tx, settings, services, params, body }) => {
      const catalog = services.use('catalog@1');
      const [variant] = await catalog.variantsById([params.variantId]);
      if (!variant)
        throw notFound('shopify.unknown_variant', `There is no KiTS variant ${params.variantId}.`, { variantId: params.variantId });
      let shop = (await storeVariantsById(tx, [body.shopifyVariantId]))[0];
      if (!shop) {
        shop = await readStoreVariant(await connectedApi(tx, settings), body.shopifyVariantId);
        if (!shop)
          throw notFound('shopify.unknown_shopify_variant', `The Shopify store has no variant ${body.shopifyVariantId}.`, {
            shopifyVariantId: body.shopifyVariantId,
          });
        await saveStoreVariants(tx, [shop]);
      }
      const taken = await linkOf(tx, { shopifyVariantId: body.shopifyVariantId });
      if (taken && taken.variantId !== variant.variantId)
        throw conflict(
          'shopify.shopify_variant_linked',
          `Shopify variant ${body.shopifyVariantId} is linked to another KiTS variant (${taken.variantId}): unlink that first.`,
          { variantId: taken.variantId },
        );
      const before = await linkOf(tx, { variantId: variant.variantId });
      if (!taken) {
        if (before) await removeLinks(tx, [before], { byHand: false });
        await saveProducts(tx, productsOf([variant]), { mergeVariants: true });
        await saveLinks(tx, [
          {
            variantId: variant.variantId,
            productId: variant.productId,
            shopifyVariantId: shop.shopifyVariantId,
            shopifyProductId: shop.shopifyProductId,
            inventoryItemId: shop.inventoryItemId,
            shopifyTitle: shopifyTitleOf(shop),
            matchedBy: 'manual',
          },
        ]);
        await tx.audit('shopify.catalog.linked', {
          variantId: variant.variantId,
          shopifyVariantId: shop.shopifyVariantId,
          replaced: before?.shopifyVariantId ?? null,
        });
      }
      const item: LinkItem = {
        variantId: variant.variantId,
        sku: variant.sku,
        barcodes: variant.barcodes,
        productName: variant.productName,
        options: variant.options,
        shopifyVariantId: shop.shopifyVariantId,
        shopifyTitle: shopifyTitleOf(shop),
        state: 'linked',
        reason: taken ? 'Linked already.' : 'Linked by hand.',
      };
      return item;
    },
  });

  routes.delete('/catalog/links/:variantId', {
    permission: 'shopify:manage',
    schema: {
      summary: 'Unlinks a KiTS variant from its Shopify variant (matching will not link the pair again)',
      tags: ['shopify'],
      params: Type.Object({ variantId: Uuid }),
    },
    handler: async ({ tx, services, params }, reply) => {
      const link = await linkOf(tx, { variantId: params.variantId });
      if (!link)
        throw notFound('shopify.not_linked', `KiTS variant ${params.variantId} is not linked to Shopify.`, { variantId: params.variantId });
      await removeLinks(tx, [link], { byHand: true });
      const [variant] = await services.use('catalog@1').variantsById([link.variantId]);
      const [shop] = await storeVariantsById(tx, [link.shopifyVariantId]);
      await saveReview(tx, [
        ...(variant ? [kitsReviewRow(variant, 'unmatched', `Unlinked by hand from Shopify variant ${link.shopifyVariantId}.`)] : []),
        ...(shop ? [shopifyReviewRow(shop, 'unmatched', `Unlinked by hand from KiTS variant ${link.variantId}.`)] : []),
      ]);
      await tx.audit('shopify.catalog.unlinked', { variantId: link.variantId, shopifyVariantId: link.shopifyVariantId });
      reply.status(204);
      return undefined;
    },
  });

  routes.get('/catalog/products', {
    permission: 'shopify:view',
    schema: {
      summary: 'KiTS products as the sync knows them: direction, linked variants',
      tags: ['shopify'],
      querystring: Type.Object({ after: Type.Optional(Cursor), limit: Type.Optional(Limit) }, { additionalProperties: false }),
      response: { 200: Type.Object({ items: Type.Array(ProductItem), next: Nullable(Type.String()) }) },
    },
    handler: async ({ tx, query }) => productPage(tx, { after: query.after, limit: query.limit ?? 50 }),
  });

  routes.put('/catalog/products/:productId/direction', {
    permission: 'shopify:manage',
    schema: {
      summary: 'Sets which way price and title changes flow for a product',
      tags: ['shopify'],
      params: Type.Object({ productId: Uuid }),
      body: Type.Object({ direction: Direction }, { additionalProperties: false }),
      response: { 200: Type.Object({ productId: Uuid, direction: Direction }) },
    },
    handler: async ({ tx, services, params, body }) => {
      const found = await setDirection(tx, services.use('catalog@1'), params.productId, body.direction);
      if (!found)
        throw notFound(
          'shopify.unknown_product',
          `KiTS knows no product ${params.productId}: run a match (it reads the catalog), or link one of its variants.`,
          {
            productId: params.productId,
          },
        );
      await tx.audit('shopify.catalog.direction', { productId: params.productId, direction: body.direction });
      return { productId: params.productId, direction: body.direction };
    },
  });

  routes.post('/catalog/import', {
    permission: 'shopify:manage',
    schema: {
      summary: 'Imports Shopify products into KiTS (with their stock at mapped locations), linked, prices and titles flowing from Shopify',
      tags: ['shopify'],
      body: Type.Object(
        { shopifyProductIds: Type.Array(ShopifyProductId, { minItems: 1, maxItems: 20 }) },
        { additionalProperties: false },
      ),
      response: { 200: Type.Object({ created: Type.Array(Type.Object({ productId: Uuid, shopifyProductId: Type.String() })) }) },
    },
    handler: async ({ tx, settings, services, body }) => {
      const api = await connectedApi(tx, settings);
      const created = await importShopifyProducts(
        tx,
        api,
        { catalog: services.use('catalog@1'), inventory: services.use('inventory@1') },
        body.shopifyProductIds,
      );
      await tx.audit('shopify.catalog.imported', { created });
      return { created };
    },
  });

  routes.post('/catalog/publish', {
    permission: 'shopify:manage',
    schema: {
      summary: 'Publishes KiTS products to Shopify, linked, prices and titles flowing from KiTS',
      tags: ['shopify'],
      body: Type.Object({ productIds: Type.Array(Uuid, { minItems: 1, maxItems: 20 }) }, { additionalProperties: false }),
      response: { 200: Type.Object({ published: Type.Array(Type.Object({ productId: Uuid, shopifyProductId: Type.String() })) }) },
    },
    handler: async ({ tx, settings, services, body }) => {
      const api = await connectedApi(tx, settings);
      const published = await publishProducts(tx, api, services.use('catalog@1'), body.productIds);
      await tx.audit('shopify.catalog.published', { published });
      return { published };
    },
  });
}

async function productPage(tx: TenantTransaction, page: { after?: string | undefined; limit: number }) {
  const after = decodeCursor(page.after, ['text', 'uuid'] as const);
  const rows = await tx.query<{
    product_id: string;
    name: string;
    direction: 'kits_to_shopify' | 'shopify_to_kits';
    linked: string;
    variants: number;
  }>(
    `select p.product_id, p.name, p.direction, cardinality(p.variant_ids) as variants,
            (select count(*) from shopify.variant_links vl where vl.product_id = p.product_id) as linked
       from shopify.products p
      where ($1::text is null or (p.name, p.product_id) > ($1::text, $2::uuid))
      order by p.name, p.product_id limit $3`,
    [after?.[0] ?? null, after?.[1] ?? null, page.limit + 1],
  );
  const shown = rows.slice(0, page.limit);
  return {
    items: shown.map((row) => ({
      productId: row.product_id,
      name: row.name,
      direction: row.direction,
      linkedVariants: Number(row.linked),
      variants: Number(row.variants),
    })),
    next: rows.length > page.limit ? encodeCursor([shown.at(-1)!.name, shown.at(-1)!.product_id]) : null,
  };
}
