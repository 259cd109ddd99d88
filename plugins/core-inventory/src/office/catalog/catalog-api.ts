import type { OfficeApi } from '@kits/plugin-sdk/office';

/** The catalog as the back office reads it from core-inventory's routes (src/server/catalog/schemas.ts). */
export const CATALOG = '/api/v1/core-inventory';
export const CATALOG_WRITE = 'core-inventory:catalog.write';

export interface Price {
  readonly currency: string;
  readonly amount: number;
  readonly locationId: string | null;
}

export interface Variant {
  readonly id: string;
  readonly sku: string;
  readonly options: Readonly<Record<string, string>>;
  readonly barcodes: ReadonlyArray<{ readonly code: string; readonly symbology: string }>;
  readonly cost: { readonly currency: string; readonly amount: number } | null;
  readonly prices: readonly Price[];
  readonly status: string;
}

export interface Product {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly unit: string;
  readonly tracking: string;
  readonly taxClass: string;
  readonly optionAxes: readonly string[];
  readonly status: 'active' | 'archived' | string;
  readonly revision: number;
  readonly variants: readonly Variant[];
  readonly updatedAt: string;
}

export interface Page<Item> {
  readonly items: readonly Item[];
  readonly nextCursor: string | null;
}

export interface SearchHit {
  readonly variantId: string;
  readonly productId: string;
  readonly name: string;
  readonly sku: string;
  readonly options: Readonly<Record<string, string>>;
  readonly score: number;
}

export interface CatalogSummary {
  readonly products: number;
  readonly archivedProducts: number;
  readonly variants: number;
  readonly taxClasses: readonly string[];
  readonly currencies: { readonly shop: string; readonly others: readonly string[] };
}

export interface ImportProblem {
  readonly line: number;
  readonly column: string | null;
  readonly message: string;
}

export interface ImportPreview {
  readonly ready: boolean;
  readonly problems: readonly ImportProblem[];
  readonly totals: { readonly products: number; readonly variants: number };
  readonly products: ReadonlyArray<{ line: number; name: string; action: 'create'; variants: number; skus: readonly string[] }>;
}

export const productPath = (id: string) => `${CATALOG}/products/${encodeURIComponent(id)}`;

/** The search box's products: ranked variant hits folded into one hit per product, best first. */
export async function searchProducts(api: OfficeApi, text: string, limit: number, signal?: AbortSignal) {
  const page = await api.get<Page<SearchHit>>(`${CATALOG}/search`, {
    query: { q: text, limit: Math.min(100, limit * 4) },
    ...(signal ? { signal } : {}),
  });
  const products = new Map<string, { productId: string; name: string; skus: string[] }>();
  for (const hit of page.items) {
    const known = products.get(hit.productId) ?? { productId: hit.productId, name: hit.name, skus: [] };
    known.skus.push(hit.sku);
    products.set(hit.productId, known);
  }
  return [...products.values()].slice(0, limit);
}
