/**
 * What the shopify plugin's API answers, as the office reads it (the routes of
 * src/server/{connection,locations,catalog,sync-status,orders}/, under /api/v1/shopify).
 */
export const API = '/api/v1/shopify';

/** Who may look at the Shopify pages, and who may change anything on them (the kernel checks again). */
export const VIEW = 'shopify:view';
export const MANAGE = 'shopify:manage';

/** The office page Shopify sends the merchant back to after the install (the OAuth `redirect_uri`). */
export const CONNECT_PAGE = 'connect';

/** The plugin's settings as the office is given them (never the client secret). */
export interface ShopifySettingsView {
  readonly appClientId?: string;
  readonly orderHandling?: 'sale' | 'reserve';
  readonly apiBase?: string;
}

export type ConnectionStatus = 'not_connected' | 'connected' | 'disconnected';

/** GET /connection. */
export interface Connection {
  readonly status: ConnectionStatus;
  readonly shopDomain: string | null;
  /** The store's name on Shopify ("KiTS Test Store"). */
  readonly shopName?: string | null;
  readonly mode: 'oauth' | 'token' | null;
  readonly scopes: readonly string[];
  readonly currency?: string | null;
  readonly connectedAt: string | null;
  /** Why KiTS lost the connection, in a sentence for the merchant. */
  readonly disconnectedReason: string | null;
  /** Where Shopify sends its webhooks: `/webhooks/shopify/<tenant>/events`, on this kernel's origin. */
  readonly webhookPath: string;
  /** The webhook topics KiTS subscribed the store to when it connected (`ORDERS_CREATE`); empty: none, orders come by polling. */
  readonly webhookTopics?: readonly string[];
  /** Whether the app's client id and secret are in the plugin's settings (OAuth and webhooks need them). */
  readonly appConfigured: boolean;
}

/** GET /locations. */
export interface LocationMap {
  readonly kits: readonly { readonly id: string; readonly name: string; readonly kind: string }[];
  readonly shopify: readonly { readonly id: string; readonly name: string; readonly isActive: boolean }[];
  readonly links: readonly LocationLink[];
}

export interface LocationLink {
  readonly locationId: string;
  readonly shopifyLocationId: string;
}

export const REVIEW_STATES = ['unmatched', 'ambiguous', 'linked'] as const;
export type ReviewState = (typeof REVIEW_STATES)[number];

/**
 * One row of the catalog review (GET /catalog/links): a KiTS variant, a Shopify variant, or both.
 * A row with no `variantId` is a Shopify variant KiTS has no item for; one with no
 * `shopifyVariantId` is a KiTS item Shopify has no variant for.
 */
export interface ReviewItem {
  readonly variantId: string | null;
  /** '' when the variant has none. */
  readonly sku: string;
  readonly barcodes: readonly string[];
  /** The KiTS product's name, or the Shopify product's title for a Shopify-only row. */
  readonly productName: string;
  /** Option name → value ("Colour" → "Black"). */
  readonly options: Readonly<Record<string, string>>;
  readonly shopifyVariantId: string | null;
  /** The variant's name on Shopify ("Mug - Black"); '' for a KiTS-only row. */
  readonly shopifyTitle: string;
  /** The Shopify product of the variant: what "Import from Shopify" takes. */
  readonly shopifyProductId?: string | null;
  readonly state: ReviewState;
  /** Why it is not linked ("SKU MUG-1 is on 2 Shopify variants"), or how it was ("Matched by SKU."). */
  readonly reason: string;
}

/** A page of a list: `next` is the cursor of the page after it (null on the last). */
export interface ListPage<Item> {
  readonly items: readonly Item[];
  readonly next: string | null;
}

export type Direction = 'kits_to_shopify' | 'shopify_to_kits';

/** GET /catalog/products: a KiTS product, which way its prices and titles flow, how many of its variants are linked. */
export interface CatalogProduct {
  readonly productId: string;
  readonly name: string;
  readonly direction: Direction;
  readonly linkedVariants: number;
  readonly variants: number;
}

/** POST /catalog/match: a large store is read on in the background (`reading`), and matched when read. */
export interface MatchOutcome {
  readonly state: 'done' | 'reading' | 'failed';
  readonly variantsRead: number;
  readonly linked: number;
  readonly alreadyLinked: number;
  readonly unmatched: number;
  readonly ambiguous: number;
  readonly error: string | null;
}

/** A level the reconciliation found different on Shopify and set to KiTS's. */
export interface Repair {
  readonly variantId: string;
  readonly locationId: string;
  /** What Shopify held. */
  readonly shopify: number;
  /** What KiTS thought Shopify held (null: nothing was known). */
  readonly expected: number | null;
  /** KiTS's quantity, which Shopify was set to. */
  readonly kits: number;
  /** The KiTS item as a person calls it ("Ceramic Mug — Black"). */
  readonly itemName?: string | null;
  readonly sku?: string | null;
}

/** A reconciliation run (POST /sync/reconcile answers one; a large catalog goes on in the background). */
export interface Reconciliation {
  readonly runId: string;
  readonly state: 'running' | 'done' | 'failed';
  readonly trigger: 'schedule' | 'manual';
  readonly startedAt: string;
  /** When it finished. */
  readonly at: string | null;
  readonly checked: number;
  readonly repaired: readonly Repair[];
  readonly error: string | null;
}

export type SyncArea = 'stock' | 'catalog' | 'orders' | 'connection';

export interface SyncFailure {
  readonly failureId: string;
  readonly area: SyncArea;
  /** What failed, as the sync names it: `variant:<id>@location:<id>`, `product:<id>`, an order's gid, `polling`, `webhook ORDERS_CREATE`, `shop`. */
  readonly target: string;
  /** The KiTS item or product a stock or catalog failure is about ("Ceramic Mug — Black"). */
  readonly itemName?: string | null;
  /** Shopify's own message. */
  readonly message: string;
  readonly shopifyCode: string | null;
  readonly attempts: number;
  readonly failedAt: string;
}

/** GET /sync/status. */
export interface SyncStatus {
  readonly connection: Pick<Connection, 'status' | 'shopDomain' | 'connectedAt' | 'disconnectedReason'>;
  readonly lastStockPushAt: string | null;
  readonly pendingStock: number;
  /** Shopify throttled the push, or could not be reached: it resumes then. */
  readonly stockPausedUntil?: string | null;
  readonly lastReconciliation: Reconciliation | null;
  readonly runningReconciliation?: Reconciliation | null;
  readonly lastOrderPollAt: string | null;
  readonly ordersWaiting: number;
  readonly failures: readonly SyncFailure[];
}

export const DISCREPANCY_REASONS = ['short_stock', 'unlinked_variant', 'unmapped_location'] as const;
export type DiscrepancyReason = (typeof DISCREPANCY_REASONS)[number];

export const RESOLUTIONS = ['stock_adjusted', 'order_cancelled_on_shopify', 'accepted'] as const;
export type Resolution = (typeof RESOLUTIONS)[number];

/** GET /orders/discrepancies: a Shopify order KiTS could not take in as it was. */
export interface Discrepancy {
  readonly discrepancyId: string;
  /** gid://shopify/Order/… */
  readonly orderId: string;
  /** The order as people call it (#1001). */
  readonly orderName: string | null;
  readonly reason: DiscrepancyReason;
  readonly variantId: string | null;
  readonly locationId: string | null;
  readonly shopifyVariantId?: string | null;
  readonly shopifyLocationId?: string | null;
  /** The line as Shopify sold it ("Mug - Black"), or the order for a location. */
  readonly title: string | null;
  readonly wanted: number | null;
  readonly available: number | null;
  readonly raisedAt: string;
  readonly resolution: Resolution | null;
  readonly note: string | null;
  readonly resolvedAt?: string | null;
}
