import { randomBytes } from 'node:crypto';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { moneyText, toMinor } from './amounts.ts';
import { type BucketSettings, CostBucket } from './bucket.ts';
import { type GraphqlCall, answerGraphql } from './graphql-endpoint.ts';
import type { GraphContext } from './graph-views.ts';
import { gid, gidNumber } from './ids.ts';
import { OAuthServer } from './oauth.ts';
import {
  type CreateOrderInput,
  type RefundInput,
  cancelOrder,
  createOrder,
  fulfillOrder,
  refundOrder,
  requireOrder,
} from './order-actions.ts';
import { type OrderSnapshot, type RefundSnapshot, orderSnapshot, refundSnapshot } from './snapshots.ts';
import { type ProductSeed, type ProductStatus, ShopStore } from './store.ts';
import { orderPayload, productPayload, refundPayload, shopPayload } from './webhook-payloads.ts';
import { sendSignedWebhook, topicEnum } from './webhook-sender.ts';

/**
 * A Shopify store and its Admin API for the shopify plugin's tests: a real HTTP server the plugin
 * reaches through shopify-api-node (`client.baseUrl` pointed here), answering the 2025-10 GraphQL
 * subset in schema.graphql with Shopify's cost metering and throttling, the OAuth install endpoints,
 * and helpers that act as the merchant or the customer on Shopify (products, stock changes, orders,
 * refunds) and send signed webhooks.
 */

export const DOUBLE_API_VERSION = '2025-10';
const GRAPHQL_PATH = `/admin/api/${DOUBLE_API_VERSION}/graphql.json`;
const INVALID_TOKEN = { errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' };

export interface ShopifyDoubleOptions {
  shopDomain: string;
  clientId: string;
  clientSecret: string;
  bucket?: Partial<BucketSettings>;
  /** The shop's currency (Shop.currencyCode, every order's currency); EUR unless given. */
  currencyCode?: string;
  /** The shop's name (Shop.name); the domain's first label unless given. */
  shopName?: string;
}

export interface SeededProduct {
  id: string;
  variants: { id: string; inventoryItemId: string; sku: string | null }[];
}

export type { GraphqlCall, OrderSnapshot, RefundSnapshot, CreateOrderInput, RefundInput };

export type WebhookTopic =
  | 'orders/create'
  | 'orders/cancelled'
  | 'orders/fulfilled'
  | 'orders/updated'
  | 'refunds/create'
  | 'products/update'
  | 'products/create'
  | 'app/uninstalled';

export interface ShopifyDouble {
  readonly apiBase: string;
  readonly shopDomain: string;
  /** Every authenticated GraphQL request, in order. */
  readonly calls: GraphqlCall[];
  /** Webhook subscriptions made with webhookSubscriptionCreate (topic as the REST name, `orders/create`). */
  readonly subscriptions: ReadonlyArray<{ topic: string; callbackUrl: string }>;
  close(): Promise<void>;

  addLocation(input: { name: string; isActive?: boolean }): { id: string };
  addProduct(input: {
    title: string;
    status?: ProductStatus;
    variants: { sku: string | null; barcode?: string | null; price: string; title?: string; options?: { name: string; value: string }[] }[];
  }): SeededProduct;
  seedCatalog(count: number, options: { skuPrefix: string; variantsPerProduct?: number; withBarcodes?: boolean }): SeededProduct[];
  /** The `available` quantity of an item at a location; undefined when the item is not stocked there. */
  level(inventoryItemId: string, locationId: string): number | undefined;
  /** A change made on Shopify (the merchant edits `available`); stocks the item there if it was not. */
  setLevel(inventoryItemId: string, locationId: string, quantity: number): void;
  /** Other named quantities (committed, on_hand) for assertions. */
  quantities(inventoryItemId: string, locationId: string): { available: number; committed: number; on_hand: number } | undefined;
  product(
    productId: string,
  ):
    | { title: string; status: ProductStatus; variants: { id: string; sku: string | null; barcode: string | null; price: string }[] }
    | undefined;
  /** The merchant edits a product on Shopify (title, a variant's price). */
  updateProduct(
    productId: string,
    change: { title?: string; variants?: { id: string; price?: string; sku?: string; barcode?: string }[] },
  ): void;

  createOrder(input: CreateOrderInput): OrderSnapshot;
  order(orderId: string): OrderSnapshot;
  cancelOrder(orderId: string, options?: { restock?: boolean; refund?: boolean }): OrderSnapshot;
  refundOrder(orderId: string, input: RefundInput): RefundSnapshot;
  fulfillOrder(orderId: string): OrderSnapshot;
  webhookPayload(topic: WebhookTopic, subject?: { id: string } | string): Record<string, unknown>;
  sendWebhook(topic: string, payload: unknown, options: { url: string; webhookId?: string; secret?: string }): Promise<Response>;
  deliverSubscribedWebhooks(topic: string, payload: unknown, options?: { webhookId?: string }): Promise<Response[]>;

  /** A custom app's Admin API token (`shpat_…`) for this shop. */
  issueAccessToken(scope?: string): string;
  revokeToken(token: string): void;
  /** The bucket empty, and kept empty, for `ms`: every request is THROTTLED meanwhile. */
  throttleFor(ms: number): void;
  throttleStatus(): { maximumAvailable: number; currentlyAvailable: number; restoreRate: number };
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(body));
}

function parseForm(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (contentType?.includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(raw));
  try {
    const parsed: unknown = JSON.parse(raw);
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export async function startShopifyDouble(options: ShopifyDoubleOptions): Promise<ShopifyDouble> {
  const store = new ShopStore(options.currencyCode ?? 'EUR');
  const shop = { name: options.shopName ?? options.shopDomain.split('.')[0]!, domain: options.shopDomain };
  const context: GraphContext = { store, shop };
  const bucket = new CostBucket({
    maximumAvailable: options.bucket?.maximumAvailable ?? 2000,
    restoreRate: options.bucket?.restoreRate ?? 100,
  });
  const tokens = new Map<string, { scope: string; revoked: boolean }>();
  const calls: GraphqlCall[] = [];
  const issueToken = (scope: string, prefix: string) => {
    const token = `${prefix}${randomBytes(16).toString('hex')}`;
    tokens.set(token, { scope, revoked: false });
    return token;
  };
  const oauth = new OAuthServer(
    { clientId: options.clientId, clientSecret: options.clientSecret, shopDomain: options.shopDomain },
    issueToken,
  );

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      sendJson(response, 500, { errors: `Internal error in the Shopify double: ${(error as Error).message}` });
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://double');
    if (request.method === 'GET' && url.pathname === '/admin/oauth/authorize') {
      const answer = oauth.authorize(url.searchParams);
      if (answer.status === 302) {
        response.writeHead(302, { Location: answer.location });
        response.end();
      } else {
        response.writeHead(400, { 'Content-Type': 'text/plain' });
        response.end(answer.message);
      }
      return;
    }
    if (request.method === 'POST' && url.pathname === '/admin/oauth/access_token') {
      const answer = oauth.exchange(parseForm(await readBody(request), request.headers['content-type']));
      sendJson(response, answer.status, answer.body);
      return;
    }
    const version = /^\/admin\/api\/([^/]+)\/graphql\.json$/.exec(url.pathname);
    if (request.method === 'POST' && version) {
      const raw = await readBody(request);
      const token = request.headers['x-shopify-access-token'];
      const known = typeof token === 'string' ? tokens.get(token) : undefined;
      if (!known || known.revoked) return sendJson(response, 401, INVALID_TOKEN);
      // Only the version the plugin is written for is served: another one is a mistake to notice.
      if (url.pathname !== GRAPHQL_PATH) return sendJson(response, 404, { errors: 'Not Found' });
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        return sendJson(response, 400, { errors: { query: 'Required parameter missing or invalid' } });
      }
      const answer = await answerGraphql(body, context, bucket);
      calls.push(answer.call);
      return sendJson(response, answer.status, answer.body);
    }
    sendJson(response, 404, { errors: 'Not Found' });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  const seeded = (product: ReturnType<ShopStore['addProduct']>): SeededProduct => ({
    id: gid('Product', product.id),
    variants: store
      .variantsOf(product)
      .map((v) => ({ id: gid('ProductVariant', v.id), inventoryItemId: gid('InventoryItem', v.inventoryItemId), sku: v.sku })),
  });
  const itemAndLocation = (inventoryItemId: string, locationId: string) => {
    const item = gidNumber(inventoryItemId, 'InventoryItem');
    const location = gidNumber(locationId, 'Location');
    if (item === undefined || !store.inventoryItems.has(item)) throw new Error(`No such inventory item: ${inventoryItemId}`);
    if (location === undefined || !store.locations.has(location)) throw new Error(`No such location: ${locationId}`);
    return { item, location };
  };
  const requireProduct = (productId: string) => {
    const product = store.products.get(gidNumber(productId, 'Product') ?? -1);
    if (!product) throw new Error(`No such product: ${productId}`);
    return product;
  };
  const send = (topic: string, payload: unknown, url: string, webhookId?: string, secret?: string) =>
    sendSignedWebhook({
      url,
      topic,
      payload,
      secret: secret ?? options.clientSecret,
      shopDomain: options.shopDomain,
      apiVersion: DOUBLE_API_VERSION,
      webhookId,
    });

  return {
    apiBase: `http://127.0.0.1:${port}`,
    shopDomain: options.shopDomain,
    calls,
    get subscriptions() {
      return store.subscriptions.map((s) => ({ topic: s.topic.toLowerCase().replace('_', '/'), callbackUrl: s.uri }));
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),

    addLocation: ({ name, isActive }) => ({ id: gid('Location', store.addLocation(name, isActive ?? true).id) }),
    addProduct: (input) => seeded(store.addProduct(input as ProductSeed)),
    seedCatalog: (count, { skuPrefix, variantsPerProduct = 1, withBarcodes = false }) => {
      const products: SeededProduct[] = [];
      const width = String(count).length;
      for (let start = 0; start < count; start += variantsPerProduct) {
        const size = Math.min(variantsPerProduct, count - start);
        const variants = Array.from({ length: size }, (_, k) => {
          const n = start + k + 1;
          return {
            sku: `${skuPrefix}${String(n).padStart(width, '0')}`,
            barcode: withBarcodes ? String(4000000000000 + n) : null,
            price: `${(n % 50) + 1}.${String(n % 100).padStart(2, '0')}`,
            options: size > 1 ? [{ name: 'Size', value: `S${k + 1}` }] : undefined,
          };
        });
        products.push(seeded(store.addProduct({ title: `${skuPrefix} product ${start / variantsPerProduct + 1}`, variants })));
      }
      return products;
    },
    level: (inventoryItemId, locationId) => {
      const { item, location } = itemAndLocation(inventoryItemId, locationId);
      return store.level(item, location)?.available;
    },
    setLevel: (inventoryItemId, locationId, quantity) => {
      const { item, location } = itemAndLocation(inventoryItemId, locationId);
      const level = store.stock(item, location);
      store.moveLevel(item, location, { available: quantity - level.available });
    },
    quantities: (inventoryItemId, locationId) => {
      const { item, location } = itemAndLocation(inventoryItemId, locationId);
      const level = store.level(item, location);
      return level ? { available: level.available, committed: level.committed, on_hand: level.available + level.committed } : undefined;
    },
    product: (productId) => {
      const product = store.products.get(gidNumber(productId, 'Product') ?? -1);
      if (!product) return undefined;
      return {
        title: product.title,
        status: product.status,
        variants: store
          .variantsOf(product)
          .map((v) => ({ id: gid('ProductVariant', v.id), sku: v.sku, barcode: v.barcode, price: moneyText(v.price, store.currency) })),
      };
    },
    updateProduct: (productId, change) => {
      const product = requireProduct(productId);
      if (change.title !== undefined) product.title = change.title;
      for (const edit of change.variants ?? []) {
        const variant = store.variants.get(gidNumber(edit.id, 'ProductVariant') ?? -1);
        if (!variant || variant.productId !== product.id) throw new Error(`No such variant on ${productId}: ${edit.id}`);
        if (edit.price !== undefined) variant.price = toMinor(edit.price, store.currency, 'price');
        if (edit.sku !== undefined) variant.sku = edit.sku;
        if (edit.barcode !== undefined) variant.barcode = edit.barcode;
        variant.updatedAt = store.now();
      }
      store.touchProduct(product);
    },

    createOrder: (input) => orderSnapshot(context, gid('Order', createOrder(store, input).id)),
    order: (orderId) => orderSnapshot(context, gid('Order', requireOrder(store, orderId).id)),
    cancelOrder: (orderId, cancelOptions) => orderSnapshot(context, gid('Order', cancelOrder(store, orderId, cancelOptions).id)),
    refundOrder: (orderId, input) => refundSnapshot(context, gid('Refund', refundOrder(store, orderId, input).id)),
    fulfillOrder: (orderId) => orderSnapshot(context, gid('Order', fulfillOrder(store, orderId).id)),
    webhookPayload: (topic, subject) => {
      const id = typeof subject === 'string' ? subject : subject?.id;
      if (topic === 'app/uninstalled') return shopPayload(store, shop);
      if (!id) throw new Error(`${topic} needs the order, refund or product it is about`);
      if (topic === 'refunds/create') {
        const refundId = gidNumber(id, 'Refund');
        for (const order of store.orders.values()) {
          const refund = order.refunds.find((r) => r.id === refundId);
          if (refund) return refundPayload(store, order, refund);
        }
        throw new Error(`No such refund: ${id}`);
      }
      if (topic === 'products/update' || topic === 'products/create') return productPayload(store, requireProduct(id));
      return orderPayload(store, requireOrder(store, id));
    },
    sendWebhook: (topic, payload, { url, webhookId, secret }) => send(topic, payload, url, webhookId, secret),
    deliverSubscribedWebhooks: (topic, payload, deliveryOptions) =>
      Promise.all(
        store.subscriptions.filter((s) => s.topic === topicEnum(topic)).map((s) => send(topic, payload, s.uri, deliveryOptions?.webhookId)),
      ),

    issueAccessToken: (
      scope = 'read_products,write_products,read_inventory,write_inventory,read_orders,read_locations,read_fulfillments',
    ) => issueToken(scope, 'shpat_'),
    revokeToken: (token) => {
      const known = tokens.get(token);
      if (known) known.revoked = true;
    },
    throttleFor: (ms) => bucket.drainFor(ms),
    throttleStatus: () => bucket.status(),
  };
}
