import type { OfficePluginContext } from '@kits/plugin-sdk/office';
import { CATALOG_WRITE, searchProducts } from './catalog-api.ts';
import { catalogCard } from './catalog-card.tsx';
import { importExportPage } from './import-export-page.tsx';
import { productListPage } from './product-list-page.tsx';
import { productPage } from './product-page.tsx';

/** The catalog pages of the back office: the product list and page (its editor), import & export, the search box's products, a dashboard card. */
export function registerCatalogPages(context: OfficePluginContext): void {
  const { slots } = context;
  slots.contribute('office.page', productListPage(context), {
    path: 'products',
    title: 'Products',
    nav: { section: 'Catalog', label: 'Products', order: 10, key: 'p' },
  });
  // products/new is this page too (it creates): one route, so the two never compete for a path.
  slots.contribute('office.page', productPage(context), { path: 'products/:productId', title: 'Product' });
  slots.contribute('office.page', importExportPage(context), {
    path: 'catalog/import',
    title: 'Import & export',
    nav: { section: 'Catalog', label: 'Import & export', order: 20 },
    permission: CATALOG_WRITE,
  });
  slots.contribute('office.dashboard.card', catalogCard(context), { title: 'Catalog', order: 20 });
  context.search.provide({
    title: 'Products',
    async find(text, limit, signal) {
      const products = await searchProducts(context.api, text, limit, signal);
      return products.map((product) => ({
        title: product.name,
        detail: product.skus.slice(0, 3).join(', ') + (product.skus.length > 3 ? '…' : ''),
        path: `/${context.plugin.id}/products/${product.productId}`,
      }));
    },
  });
}
