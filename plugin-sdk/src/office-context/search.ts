// Part of the office context ('@kits/plugin-sdk/office'): bundled into one module for the office (office/vite.config.ts).

/** One answer of the office's search box: what it is, and the office path that opens it. */
export interface OfficeSearchHit {
  readonly title: string;
  /** A second line: a SKU, a receipt number and date, an e-mail. */
  readonly detail?: string;
  /** Office path (`/core-inventory/products/0193…`). */
  readonly path: string;
}

/**
 * What a plugin finds for the office's one search box (`/` focuses it): products, suppliers,
 * sales, customers. The office asks every provider at once as the person types and lists the
 * answers under each provider's `title`; a provider that fails is left out with a note.
 */
export interface OfficeSearchProvider {
  /** The heading of its answers: `Products`, `Suppliers`. */
  readonly title: string;
  /** Only asked for people who hold this permission. */
  readonly permission?: string;
  /** At most `limit` hits for `text`; `signal` aborts when the person typed on. */
  find(text: string, limit: number, signal: AbortSignal): Promise<readonly OfficeSearchHit[]>;
}

export interface OfficeSearch {
  provide(provider: OfficeSearchProvider): void;
}
