import { fileURLToPath } from 'node:url';
import { createTestKernel, type TestKernel } from '@kits/kernel/test-kit';
import { DATABASE_KINDS } from '@kits/plugin-sdk/test-kit';
import { shelveVariant, stockAt } from '../../../testing/shop-shelf.ts';
import type { ShopifySettings } from '../src/server/settings.ts';
import { startShopifyDouble, type ShopifyDouble } from './shopify-double/index.ts';

/**
 * The shopify plugin's test set-up, shared by its test files: a kernel with core-inventory,
 * core-sales and shopify (settings pointing at a fresh Shopify double), listening on a socket so
 * the double's signed webhooks reach it, and helpers that connect the store, map a location and
 * link a product on both sides.
 */

export const SHOPIFY = fileURLToPath(new URL('..', import.meta.url));
export const CORE_INVENTORY = fileURLToPath(new URL('../../core-inventory', import.meta.url));
export const CORE_SALES = fileURLToPath(new URL('../../core-sales', import.meta.url));
export { DATABASE_KINDS };

export const SHOP_DOMAIN = 'kits-test.myshopify.com';
export const CLIENT_ID = 'kits-test-client-id';
export const CLIENT_SECRET = 'kits-test-client-secret-0123456789';

export interface ShopifyKit {
  readonly kit: TestKernel;
  readonly shop: ShopifyDouble;
  /** The kernel's address (it listens: the double's webhooks reach it over a socket). */
  readonly url: string;
  readonly settings: ShopifySettings;
  /** The tenant's webhook URL, as Shopify is given it. */
  readonly webhookUrl: string;
  close(): Promise<void>;
}

/** The path Shopify's webhooks for a tenant arrive at. */
export const webhookPath = (tenantId: string) => `/webhooks/shopify/${tenantId}/events`;

/** A kernel with core-inventory, core-sales and shopify enabled for the test tenant, and a fresh Shopify double. */
export async function shopifyKit(
  db: (typeof DATABASE_KINDS)[number],
  options: { settings?: Partial<ShopifySettings>; bucket?: { maximumAvailable?: number; restoreRate?: number } } = {},
): Promise<ShopifyKit> {
  const shop = await startShopifyDouble({
    shopDomain: SHOP_DOMAIN,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    ...(options.bucket ? { bucket: options.bucket } : {}),
  });
  const settings: ShopifySettings = { appClientId: CLIENT_ID, appClientSecret: CLIENT_SECRET, apiBase: shop.apiBase, ...options.settings };
  const kit = await createTestKernel({
    plugins: [CORE_INVENTORY, CORE_SALES, SHOPIFY],
    db,
    settings: { shopify: settings as Record<string, unknown> },
  });
  const url = await kit.kernel.listen();
  return {
    kit,
    shop,
    url,
    settings,
    webhookUrl: `${url}${webhookPath(kit.tenant.id)}`,
    async close() {
      await kit.close();
      await shop.close();
    },
  };
}

/** Connects the store with a custom app's token (webhooks subscribed at the kernel's address); answers the token. */
export async function connectByToken(s: ShopifyKit): Promise<string> {
  const accessToken = s.shop.issueAccessToken();
  const response = await s.kit.request('POST', '/api/v1/shopify/connection/token', {
    body: { shopDomain: SHOP_DOMAIN, accessToken, publicUrl: s.url },
  });
  if (response.status !== 200) throw new Error(`connect by token: ${response.status} ${JSON.stringify(response.body)}`);
  return accessToken;
}

/** A Shopify location mapped to the test tenant's store (or `locationId`). */
export async function mapLocation(s: ShopifyKit, locationId = s.kit.tenant.locationId, name = 'Main Street Store'): Promise<string> {
  const { id } = s.shop.addLocation({ name });
  // A test with a small cost bucket may find it spent by the connection's first order poll: the
  // answer is then 503 shopify.throttled saying how long to wait; the merchant saves again after it, as here.
  for (let attempt = 1; ; attempt += 1) {
    const response = await s.kit.request<{ code?: string; retryAfterMs?: number }>('PUT', '/api/v1/shopify/locations', {
      body: { links: [{ locationId, shopifyLocationId: id }] },
    });
    if (response.status === 200) return id;
    if (response.body.code !== 'shopify.throttled' || attempt === 10) {
      throw new Error(`map location: ${response.status} ${JSON.stringify(response.body)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, Math.max(response.body.retryAfterMs ?? 0, 250)));
  }
}

export interface LinkedItem {
  readonly variantId: string;
  readonly productId: string;
  readonly sku: string;
  readonly shopifyVariantId: string;
  readonly shopifyProductId: string;
  readonly inventoryItemId: string;
}

let items = 0;

/**
 * The same product on both sides, linked: a KiTS variant (EUR `price`, `stock` received at the
 * store) and a Shopify product with its SKU. The link is written as the catalog's matching writes it
 * (shopify.variant_links): the order tests need a link, not the matching, which the catalog tests prove.
 */
export async function linkedItem(
  s: ShopifyKit,
  options: { price?: number; stock?: number; locationId?: string } = {},
): Promise<LinkedItem> {
  const sku = `SHOP-${(items += 1)}-${Date.now().toString(36)}`;
  const price = options.price ?? 1250;
  const kits = await shelveVariant(s.kit, {
    name: `Shopify item ${items}`,
    sku,
    price,
    stock: options.stock ?? 0,
    ...(options.locationId ? { locationId: options.locationId } : {}),
  });
  const product = s.shop.addProduct({ title: `Shopify item ${items}`, variants: [{ sku, price: (price / 100).toFixed(2) }] });
  const variant = product.variants[0]!;
  await s.kit.kernel.db.query(
    `insert into shopify.variant_links (tenant_id, variant_id, product_id, shopify_variant_id, shopify_product_id, inventory_item_id, matched_by)
     values ($1, $2, $3, $4, $5, $6, 'sku')`,
    [s.kit.tenant.id, kits.variantId, kits.productId, variant.id, product.id, variant.inventoryItemId],
  );
  return {
    variantId: kits.variantId,
    productId: kits.productId,
    sku,
    shopifyVariantId: variant.id,
    shopifyProductId: product.id,
    inventoryItemId: variant.inventoryItemId,
  };
}

/** KiTS's stock of a variant (on hand, reserved, available) at the store (or `locationId`). */
export const stock = (s: ShopifyKit, variantId: string, locationId?: string) => stockAt(s.kit, variantId, locationId);

/** Waits for `check` (up to 10 s): webhooks are taken in after the delivery commits. */
export async function until(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** The order's row as the intake keeps it (read as the kernel, outside any request). */
export async function orderRow(s: ShopifyKit, orderId: string) {
  const [row] = await s.kit.kernel.db.query<{
    stage: string;
    pending: boolean;
    sale_id: string | null;
    reservation_id: string | null;
    last_error: string | null;
  }>('select stage, pending, sale_id, reservation_id, last_error from shopify.orders where tenant_id = $1 and order_id = $2', [
    s.kit.tenant.id,
    orderId,
  ]);
  return row;
}

/** Sales recorded for a Shopify order (there must never be more than one). */
export async function salesOfOrder(s: ShopifyKit, orderId: string) {
  return s.kit.kernel.db.query<{ sale_id: string; status: string; total: string | number }>(
    `select sale_id, status, total from sales.sales where tenant_id = $1 and channel = 'shopify' and source_id = $2`,
    [s.kit.tenant.id, orderId],
  );
}

/** Asks the plugin to check Shopify for orders now and take in those waiting (`POST /orders/poll`). */
export async function pollNow(s: ShopifyKit): Promise<{ marked: number; taken: number }> {
  const response = await s.kit.request<{ marked: number; taken: number }>('POST', '/api/v1/shopify/orders/poll');
  if (response.status !== 200) throw new Error(`poll: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

// ---- catalog, stock and sync status (the catalog-stock tests' helpers) ----

/** A till at the test tenant's store with a cashier allowed to sell, and an open shift: the token to sell with. */
export async function tillWithShift(s: ShopifyKit): Promise<string> {
  const till = await s.kit.signInTill({ permissions: ['core-sales:checkout', 'core-sales:shift'] });
  const shift = await s.kit.request('POST', '/api/v1/core-sales/shifts', { token: till.token, body: { openingFloat: 10_000 } });
  if (shift.status !== 201) throw new Error(`open shift: ${shift.status} ${JSON.stringify(shift.body)}`);
  return till.token;
}

/** A cash sale at the till (core-sales' checkout), paid exactly; answers the sale id. */
export async function sellAtTill(
  s: ShopifyKit,
  tillToken: string,
  lines: ReadonlyArray<{ variantId: string; quantity: number; price: number }>,
): Promise<string> {
  const total = lines.reduce((sum, line) => sum + line.price * line.quantity, 0);
  const sale = await s.kit.request<{ id: string }>('POST', '/api/v1/core-sales/sales', {
    token: tillToken,
    body: { lines: lines.map(({ variantId, quantity }) => ({ variantId, quantity })), tenders: [{ method: 'cash', amount: total }] },
  });
  if (sale.status !== 201) throw new Error(`till sale: ${sale.status} ${JSON.stringify(sale.body)}`);
  return sale.body.id;
}

/** The `inventorySetQuantities` calls Shopify answered (not throttled), optionally only those naming an inventory item. */
export function stockCalls(s: ShopifyKit, inventoryItemId?: string) {
  return s.shop.calls.filter(
    (call) =>
      call.operation === 'inventorySetQuantities' &&
      !call.throttled &&
      (inventoryItemId === undefined ||
        ((call.variables.input as { quantities?: Array<{ inventoryItemId: string }> } | undefined)?.quantities ?? []).some(
          (q) => q.inventoryItemId === inventoryItemId,
        )),
  );
}

export interface SyncStatus {
  readonly connection: { readonly status: string; readonly shopDomain: string | null };
  readonly lastStockPushAt: string | null;
  readonly pendingStock: number;
  readonly stockPausedUntil: string | null;
  readonly catalogScan: {
    readonly state: string;
    readonly variantsRead: number;
    readonly linked: number;
    readonly unmatched: number;
    readonly ambiguous: number;
  };
  readonly lastReconciliation: {
    at: string;
    checked: number;
    repaired: Array<{ variantId: string; locationId: string; shopify: number; kits: number }>;
  } | null;
  readonly runningReconciliation: unknown;
  readonly lastOrderPollAt: string | null;
  readonly failures: Array<{
    failureId: string;
    area: string;
    target: string;
    message: string;
    shopifyCode: string | null;
    attempts: number;
  }>;
}

export async function syncStatus(s: ShopifyKit): Promise<SyncStatus> {
  const response = await s.kit.request<SyncStatus>('GET', '/api/v1/shopify/sync/status');
  if (response.status !== 200) throw new Error(`sync status: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

/**
 * Waits until the connected store is quiet: every event of the tenant handed to its plugins, no
 * stock level waiting to go, the orders polled (now) and no reconciliation running — so a test
 * that then changes Shopify (revokes the token, say) knows which call meets the change first.
 */
export async function settled(s: ShopifyKit): Promise<void> {
  await pollNow(s);
  await until(async () => {
    const [row] = await s.kit.kernel.db.query<{ waiting: number }>(
      `select (select count(*) from kernel.outbox where tenant_id = $1 and relayed_at is null)
            + (select count(*) from kernel.event_deliveries where tenant_id = $1) as waiting`,
      [s.kit.tenant.id],
    );
    if (Number(row?.waiting ?? 0) > 0) return false;
    const status = await syncStatus(s);
    return status.pendingStock === 0 && status.lastOrderPollAt !== null && status.runningReconciliation === null;
  }, 'the store to settle', 30_000);
}

/** Matches the catalogs (`POST /catalog/match`) and waits until every new link's stock reached Shopify. */
export async function matchCatalogs(s: ShopifyKit): Promise<{ linked: number; unmatched: number; ambiguous: number; state: string }> {
  const response = await s.kit.request<{ linked: number; unmatched: number; ambiguous: number; state: string }>(
    'POST',
    '/api/v1/shopify/catalog/match',
  );
  if (response.status !== 200) throw new Error(`match: ${response.status} ${JSON.stringify(response.body)}`);
  await until(async () => (await syncStatus(s)).pendingStock === 0, 'the first push of the new links');
  return response.body;
}
