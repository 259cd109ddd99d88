import { NonBlankText, Type, Uuid, type RouteRegistrar } from '@kits/plugin-sdk';
import type { InventorySettings } from '../settings.ts';
import { inventoryCurrencies, requireProductCurrencies } from './currencies.ts';
import { checkCatalogImport, CSV_COLUMNS } from './csv.ts';
import { saveProduct } from './product-edit.ts';
import { readProduct } from './product-store.ts';
import { CatalogSummary, Product, ProductChange } from './schemas.ts';

const WRITE = 'core-inventory:catalog.write';

const ImportProblem = Type.Object({
  line: Type.Integer({ description: 'Line of the file (1 is the header)' }),
  column: Type.Union([Type.Union(CSV_COLUMNS.map((column) => Type.Literal(column))), Type.Null()], {
    description: 'The column, or null for a problem of the whole line or file',
  }),
  message: Type.String(),
});

const ImportPreview = Type.Object({
  ready: Type.Boolean({ description: 'true when the file has no problem: importing it would create what `products` lists' }),
  problems: Type.Array(ImportProblem, { description: 'Every problem, by line; nothing is imported while there is one' }),
  totals: Type.Object({ products: Type.Integer(), variants: Type.Integer() }),
  products: Type.Array(
    Type.Object({
      line: Type.Integer({ description: 'The line of its first variant' }),
      name: Type.String(),
      action: Type.Literal('create'),
      variants: Type.Integer(),
      skus: Type.Array(Type.String()),
    }),
    { description: 'What the import would create, in file order (an import never changes existing products: their SKUs are problems)' },
  ),
});

/** What the back office's product editor, import page and dashboard need beyond the catalog routes. */
export function registerCatalogEditorRoutes(routes: RouteRegistrar<InventorySettings>): void {
  routes.put('/products/:productId', {
    permission: WRITE,
    schema: {
      summary:
        'Save a whole product: details, option axes, variants with their barcodes and prices (stored variants left out are archived)',
      params: Type.Object({ productId: Uuid }),
      body: ProductChange,
      response: { 200: Product },
    },
    async handler(request) {
      requireProductCurrencies(request.body, await inventoryCurrencies(request.tx, request.settings));
      await saveProduct(request.tx, request.params.productId, request.body);
      return readProduct(request.tx, request.params.productId);
    },
  });

  routes.post('/catalog/import/preview', {
    permission: WRITE,
    schema: {
      summary: 'Check a catalog CSV without importing it: every problem by line and column, and what the import would create',
      body: Type.Object({ csv: NonBlankText(1_000_000, { multiline: true }) }, { additionalProperties: false }),
      response: { 200: ImportPreview },
    },
    async handler(request) {
      const { products, problems } = await checkCatalogImport(
        request.tx,
        request.body.csv,
        await inventoryCurrencies(request.tx, request.settings),
      );
      return {
        ready: problems.length === 0,
        problems,
        totals: { products: products.length, variants: products.reduce((n, p) => n + p.variants.length, 0) },
        products: products.map((p) => ({
          line: p.line,
          name: p.name,
          action: 'create' as const,
          variants: p.variants.length,
          skus: p.variants.map((v) => v.sku),
        })),
      };
    },
  });

  routes.get('/catalog/summary', {
    schema: {
      summary: 'The catalog at a glance: products and variants on sale, tax classes in use, currencies prices may be in',
      querystring: Type.Object({}, { additionalProperties: false }),
      response: { 200: CatalogSummary },
    },
    async handler(request) {
      const [counts] = await request.tx.query<{ products: string; archived: string; variants: string; tax_classes: string[] }>(
        `select (select count(*) from inventory.products where status = 'active') as products,
                (select count(*) from inventory.products where status = 'archived') as archived,
                (select count(*) from inventory.variants v join inventory.products p on p.tenant_id = v.tenant_id and p.product_id = v.product_id
                  where v.status = 'active' and p.status = 'active') as variants,
                array(select distinct tax_class from inventory.products union select 'standard' order by 1) as tax_classes`,
      );
      const accepted = await inventoryCurrencies(request.tx, request.settings);
      return {
        products: Number(counts!.products),
        archivedProducts: Number(counts!.archived),
        variants: Number(counts!.variants),
        taxClasses: counts!.tax_classes,
        currencies: { shop: accepted.tenant, others: [...accepted.others] },
      };
    },
  });
}
