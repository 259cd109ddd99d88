// Part of the till context ('@kits/plugin-sdk/till'): bundled into one module for the till (till/vite.config.ts).

/** A variant as the till sells it, replicated from the `inventory@1` provider's `catalog` source. */
export interface TillVariant {
  id: string;
  productId: string;
  name: string;
  sku: string;
  options: Record<string, string>;
  unit: string;
  taxClass: string;
  tracking: string;
  categoryId: string | null;
  barcodes: string[];
  prices: Array<{ currency: string; amount: number; locationId: string | null }>;
}

/** Stock of a variant at the till's location (`id` is the variant id), replicated from `stock`. */
export interface TillStockLevel {
  id: string;
  locationId: string;
  onHand: number;
  reserved: number;
  available: number;
}

/** The till's local catalog and stock: answers offline. */
export interface TillCatalog {
  /** The variant a barcode or SKU means, exactly. */
  lookup(code: string): Promise<TillVariant | undefined>;
  /** The variant with this id, if the till has it. */
  get(variantId: string): Promise<TillVariant | undefined>;
  /**
   * Calls `listener` with the variants of these ids the till has (a map by id), now and whenever one
   * of them changes (a first start fills the catalog after the till opens); returns an unsubscribe.
   */
  watchVariants(variantIds: readonly string[], listener: (found: ReadonlyMap<string, TillVariant>) => void): () => void;
  /** Variants whose name contains the text (any case), by name. */
  search(text: string, limit?: number): Promise<TillVariant[]>;
  /** Calls `listener` with the stock here now and whenever it moves; returns an unsubscribe. */
  watchStock(variantId: string, listener: (level: TillStockLevel | undefined) => void): () => void;
}
