// Part of the till context ('@kits/plugin-sdk/till'): bundled into one module for the till (till/vite.config.ts).

/**
 * The schema of a plugin's own documents on the till (RxDB's JSON Schema rules): every document
 * has a string `id`; `properties` are the other top-level fields. Raise `version` whenever the
 * schema changes, with a migration from the version before (tills in shops hold old documents).
 */
export interface TillCollectionSchema {
  readonly version: number;
  readonly properties: Readonly<Record<string, unknown>>;
  readonly required?: readonly string[];
  /** Fields (or field lists) queried or sorted by; each must be a string with `maxLength`, or a number with bounds. */
  readonly indexes?: ReadonlyArray<string | readonly string[]>;
  /** Top-level fields kept encrypted at rest: personal data (they cannot be queried). */
  readonly encrypted?: readonly string[];
}

export interface TillCollectionOptions {
  /** For each version above 0, how a document of the version before becomes one of it (null drops it). */
  readonly migrations?: Readonly<Record<number, (previous: Record<string, unknown>) => Record<string, unknown> | null>>;
  /**
   * Fill the collection from one of the plugin's own sync sources on the server (`sync.source(name, …)`
   * in its server entry): pulled in checkpointed pages, and again whenever the server publishes one
   * of `changedBy` (the source's own list). Documents the source says are deleted are removed.
   */
  readonly pull?: { readonly source: string; readonly changedBy: readonly string[] };
}

/** A plugin's own collection in the till's database: answers offline, kept across restarts. */
export interface TillCollection<Doc extends { id: string }> {
  get(id: string): Promise<Doc | undefined>;
  /** Documents matching a Mango selector (`{ status: 'open' }`, `{ total: { $gt: 100 } }`), optionally sorted and limited. */
  find(query?: {
    readonly selector?: Readonly<Record<string, unknown>>;
    readonly sort?: ReadonlyArray<Readonly<Record<string, 'asc' | 'desc'>>>;
    readonly limit?: number;
  }): Promise<Doc[]>;
  upsert(doc: Doc): Promise<void>;
  remove(id: string): Promise<void>;
  /** Calls `listener` with the matching documents now and after every change; returns an unsubscribe. */
  watch(selector: Readonly<Record<string, unknown>>, listener: (docs: Doc[]) => void): () => void;
}

export interface TillCollections {
  /**
   * Opens one of the plugin's collections (created on first use; the same one when opened again).
   * `name`: lower-case letters and digits, starting with a letter. Names are the plugin's own: two
   * plugins never share a collection.
   */
  open<Doc extends { id: string }>(
    name: string,
    schema: TillCollectionSchema,
    options?: TillCollectionOptions,
  ): Promise<TillCollection<Doc>>;
}
