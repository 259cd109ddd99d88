/**
 * `catalog@1`: the product catalog as other plugins (a sales channel, labels, accounting) read and
 * change it — never through core-inventory's tables. Provided by core-inventory. Money is integer
 * minor units with its currency; every call runs in the caller's transaction, as its plugin.
 */

/** A price of a variant: the tenant-wide one (locationId null) or a location's own. */
export interface CatalogPrice {
  readonly amount: number;
  readonly currency: string;
  readonly locationId: string | null;
}

/** One sellable variant with what a channel needs to match, list and price it. */
export interface CatalogVariant {
  readonly variantId: string;
  readonly productId: string;
  readonly productName: string;
  /** The variant's option values in the product's axis order (`{ Size: 'M', Colour: 'Blue' }`). */
  readonly options: Readonly<Record<string, string>>;
  readonly sku: string;
  readonly barcodes: readonly string[];
  readonly prices: readonly CatalogPrice[];
  readonly categoryId: string | null;
  readonly taxClass: string;
  /** Both the variant and its product are active. */
  readonly active: boolean;
  /** The last change to the variant, its barcodes, prices or product (ISO 8601). */
  readonly updatedAt: string;
}

/** A page of the catalog in a stable order; `next` continues it (null: the last page). */
export interface CatalogPage {
  readonly variants: readonly CatalogVariant[];
  readonly next: string | null;
}

/** A product a channel brings into the catalog (a Shopify product imported). */
export interface NewCatalogProduct {
  readonly name: string;
  readonly description?: string;
  readonly categoryId?: string;
  readonly taxClass?: string;
  /** Axis names, in order, when the variants have options. */
  readonly optionAxes?: readonly string[];
  readonly variants: ReadonlyArray<{
    readonly sku: string;
    readonly options?: Readonly<Record<string, string>>;
    /** Codes only; the catalog works out the symbology (EAN-13, UPC-A, EAN-8, else Code 128). */
    readonly barcodes?: readonly string[];
    /** The tenant-wide price. */
    readonly price?: { readonly amount: number; readonly currency: string };
  }>;
}

/** A change a channel makes to one variant; what is left out stays. */
export interface CatalogVariantChange {
  /** The tenant-wide price in this currency (a location's own price is left alone). */
  readonly price?: { readonly amount: number; readonly currency: string };
  /** The product's name (it changes for every variant of the product). */
  readonly productName?: string;
}

export interface CatalogService {
  /**
   * The catalog page by page (active and archived), oldest first; `updatedSince` keeps the
   * variants changed at or after it. `limit` 1–500. A bad `after` is a 400 (`catalog.bad_cursor`).
   */
  variants(page: { readonly after?: string | null; readonly limit: number; readonly updatedSince?: Date }): Promise<CatalogPage>;
  /** Those of `ids` that exist (unknown ids are left out). */
  variantsById(ids: readonly string[]): Promise<CatalogVariant[]>;
  /** The variants whose SKU or one of whose barcodes is one of `codes` (exact match), each once. */
  variantsByCode(codes: readonly string[]): Promise<CatalogVariant[]>;
  /**
   * Creates a product with its variants (publishing `inventory.product.changed`, audited). A SKU
   * or barcode already in the catalog is refused: 409 `inventory.duplicate_code` naming it.
   */
  createProduct(product: NewCatalogProduct): Promise<{ readonly productId: string; readonly variantIds: readonly string[] }>;
  /** Changes one variant (publishing `inventory.product.changed`, audited); 404 `inventory.unknown_variant` when there is none. */
  updateVariant(variantId: string, change: CatalogVariantChange): Promise<CatalogVariant>;
}

declare module './capabilities.ts' {
  interface CapabilityMap {
    'catalog@1': CatalogService;
  }
}
