import { Page, PageQuery, pageRequest, Timestamp, Type, Uuid, type RouteRegistrar } from '@kits/plugin-sdk';
import type { InventorySettings } from '../settings.ts';
import { listProducts, listVariants } from './catalog-lists.ts';
import { Product, VariantListItem } from './schemas.ts';

const catalogFilters = {
  barcode: Type.Optional(Type.String({ minLength: 1, maxLength: 80, description: 'A barcode of a variant, exactly' })),
  sku: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'The SKU of a variant, in any case' })),
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Text in the product name or a SKU, in any case' })),
  archived: Type.Optional(Type.Boolean({ default: false, description: 'Include archived rows (left out by default)' })),
  status: Type.Optional(
    Type.Union([Type.Literal('active'), Type.Literal('archived')], { description: 'Only rows of this status (wins over archived)' }),
  ),
  updatedSince: Type.Optional(
    Type.With(Timestamp, { description: 'Changed at or after this time (ISO 8601 with offset), variants and prices too' }),
  ),
};

/** The catalog a page at a time, for scripts and back offices (the till replicates it through sync). */
export function registerCatalogListRoutes(routes: RouteRegistrar<InventorySettings>): void {
  routes.get('/products', {
    schema: {
      summary: 'Products with their variants, oldest first, a page at a time; by barcode, SKU, text, status or change time',
      querystring: PageQuery(catalogFilters),
      response: { 200: Page(Product) },
    },
    handler: (request) => listProducts(request.tx, request.query, pageRequest(request.query)),
  });

  routes.get('/variants', {
    schema: {
      summary: 'Variants with their product’s name, oldest first, a page at a time; by barcode, SKU, text, status, change time or product',
      querystring: PageQuery({ ...catalogFilters, productId: Type.Optional(Uuid) }),
      response: { 200: Page(VariantListItem) },
    },
    handler: (request) => listVariants(request.tx, request.query, pageRequest(request.query)),
  });
}
