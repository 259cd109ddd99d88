import {
  badRequest,
  conflict,
  decodeCursor,
  FreeText,
  NonBlankText,
  notFound,
  Page,
  PageCursor,
  pageOf,
  Type,
  Uuid,
  type RouteRegistrar,
} from '@kits/plugin-sdk';
import { v7 as uuidv7 } from 'uuid';
import type { InventorySettings } from '../settings.ts';
import { inventoryCurrencies, requireProductCurrencies } from './currencies.ts';
import { exportCatalog, importCatalog } from './csv.ts';
import { registerCatalogEditorRoutes } from './editor-routes.ts';
import { rememberSearchWords, SEARCH_SQL, searchParameters } from './search-words.ts';
import { createProduct, readProduct } from './product-store.ts';
import { Product, ProductInput } from './schemas.ts';

const WRITE = 'core-inventory:catalog.write';

const Hit = Type.Object({
  variantId: Uuid,
  productId: Uuid,
  name: Type.String(),
  sku: Type.String(),
  options: Type.Record(Type.String(), Type.String()),
  score: Type.Number(),
});

/** Catalog: products with variants, barcodes and prices; exact lookup; fuzzy search. */
export function registerCatalogRoutes(routes: RouteRegistrar<InventorySettings>): void {
  registerCatalogEditorRoutes(routes);
  routes.post('/categories', {
    permission: WRITE,
    schema: {
      summary: 'Add a category',
      body: Type.Object({ name: NonBlankText(200), parentId: Type.Optional(Uuid) }, { additionalProperties: false }),
      response: { 201: Type.Object({ id: Uuid, name: Type.String(), parentId: Type.Union([Uuid, Type.Null()]) }) },
    },
    async handler(request, reply) {
      const { name, parentId } = request.body;
      if (parentId) {
        const [parent] = await request.tx.query('select 1 from inventory.categories where category_id = $1', [parentId]);
        if (!parent) throw badRequest('inventory.unknown_category', `There is no category ${parentId}.`);
      }
      const id = uuidv7();
      await request.tx.query('insert into inventory.categories (tenant_id, category_id, name, parent_id) values ($1, $2, $3, $4)', [
        request.tenantId,
        id,
        name,
        parentId ?? null,
      ]);
      reply.status(201);
      return { id, name, parentId: parentId ?? null };
    },
  });

  routes.post('/products', {
    permission: WRITE,
    schema: { summary: 'Create a product with its variants, barcodes and prices', body: ProductInput, response: { 201: Product } },
    async handler(request, reply) {
      requireProductCurrencies(request.body, await inventoryCurrencies(request.tx, request.settings));
      const productId = await createProduct(request.tx, request.body);
      reply.status(201);
      return readProduct(request.tx, productId);
    },
  });

  routes.post('/catalog/import', {
    permission: WRITE,
    schema: {
      summary: 'Import a catalog CSV (see the export for its columns): all rows or none, every problem listed by line and column',
      body: Type.Object({ csv: NonBlankText(1_000_000, { multiline: true }) }, { additionalProperties: false }),
      response: { 201: Type.Object({ products: Type.Integer(), variants: Type.Integer() }) },
    },
    async handler(request, reply) {
      const imported = await importCatalog(request.tx, request.body.csv, await inventoryCurrencies(request.tx, request.settings));
      await request.tx.audit('inventory.catalog.imported', imported);
      reply.status(201);
      return imported;
    },
  });

  routes.get('/catalog/export', {
    schema: { summary: 'The catalog as CSV, one row per variant' },
    async handler(request, reply) {
      reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="catalog.csv"');
      return exportCatalog(request.tx);
    },
  });

  routes.get('/products/:productId', {
    schema: { summary: 'A product with its variants', params: Type.Object({ productId: Uuid }), response: { 200: Product } },
    handler: async (request) => readProduct(request.tx, request.params.productId),
  });

  routes.patch('/products/:productId', {
    permission: WRITE,
    schema: {
      summary: 'Change a product (last writer wins unless expectedRevision is given)',
      params: Type.Object({ productId: Uuid }),
      body: Type.Object(
        {
          name: Type.Optional(NonBlankText(300)),
          description: Type.Optional(FreeText(5000)),
          taxClass: Type.Optional(NonBlankText(50)),
          status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('archived')])),
          expectedRevision: Type.Optional(Type.Integer({ minimum: 1 })),
        },
        { additionalProperties: false, minProperties: 1 },
      ),
      response: { 200: Product },
    },
    async handler(request) {
      const { productId } = request.params;
      const { expectedRevision, ...changes } = request.body;
      const [updated] = await request.tx.query<{ revision: string }>(
        `update inventory.products set name = coalesce($2, name), description = coalesce($3, description), tax_class = coalesce($4, tax_class),
                status = coalesce($5, status), revision = revision + 1, updated_at = now()
          where product_id = $1 and ($6::bigint is null or revision = $6) returning revision`,
        [
          productId,
          changes.name ?? null,
          changes.description ?? null,
          changes.taxClass ?? null,
          changes.status ?? null,
          expectedRevision ?? null,
        ],
      );
      if (!updated) {
        const [exists] = await request.tx.query<{ revision: string }>('select revision from inventory.products where product_id = $1', [
          productId,
        ]);
        if (!exists) throw notFound('inventory.unknown_product', `There is no product ${productId}.`);
        throw conflict(
          'inventory.revision_conflict',
          `The product changed since revision ${expectedRevision} (now ${exists.revision}); reload it and apply your change again.`,
        );
      }
      if (changes.name || changes.status) await rememberSearchWords(request.tx, productId);
      await request.tx.publish({
        type: 'inventory.product.changed',
        payload: { productId, change: 'updated', fields: Object.keys(changes) },
      });
      await request.tx.audit('inventory.product.updated', { productId, fields: Object.keys(changes) });
      return readProduct(request.tx, productId);
    },
  });

  routes.get('/lookup', {
    schema: {
      summary: 'Exact lookup of a variant by barcode or SKU (what a scan does)',
      querystring: Type.Object({ code: Type.String({ minLength: 1, maxLength: 80 }) }, { additionalProperties: false }),
      response: { 200: Type.Object({ variantId: Uuid, product: Product }) },
    },
    async handler(request) {
      const { code } = request.query;
      const [found] = await request.tx.query<{ variant_id: string; product_id: string }>(
        `select v.variant_id, v.product_id from inventory.barcodes b join inventory.variants v on v.tenant_id = b.tenant_id and v.variant_id = b.variant_id where b.code = $1
         union all
         select variant_id, product_id from inventory.variants where sku = $1
         limit 1`,
        [code],
      );
      if (!found) throw notFound('inventory.unknown_code', `No variant has the barcode or SKU "${code}".`);
      return { variantId: found.variant_id, product: await readProduct(request.tx, found.product_id) };
    },
  });

  routes.get('/search', {
    schema: {
      summary: 'Search variants by name, SKU or barcode, tolerating typos and partial words; ranked',
      // The pagination shape of every list; a ranked search's cursor holds the place in the ranking.
      querystring: Type.Object(
        {
          q: Type.String({ minLength: 1, maxLength: 100 }),
          limit: Type.Optional(
            Type.Integer({ minimum: 1, maximum: 100, default: 20, description: 'Hits per page, 1 to 100 (default 20)' }),
          ),
          cursor: Type.Optional(PageCursor),
        },
        { additionalProperties: false },
      ),
      response: { 200: Page(Hit) },
    },
    async handler(request) {
      const { q } = request.query;
      const limit = request.query.limit ?? 20;
      const [offset] = decodeCursor(request.query.cursor, ['integer']) ?? [0];
      const rows = await request.tx.query<{
        variant_id: string;
        product_id: string;
        name: string;
        sku: string;
        options: Record<string, string>;
        score: number;
      }>(SEARCH_SQL, searchParameters(q, limit + 1, offset));
      return pageOf(
        rows,
        limit,
        (r) => ({ variantId: r.variant_id, productId: r.product_id, name: r.name, sku: r.sku, options: r.options, score: Number(r.score) }),
        () => [offset + limit],
      );
    },
  });
}
