import { createHmac } from 'node:crypto';
import { type IncomingMessage, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Shopify from 'shopify-api-node';
import { afterEach, describe, expect, it } from 'vitest';
import { type ShopifyDouble, startShopifyDouble } from './shopify-double/index.ts';

// The double as the plugin meets it: through shopify-api-node with its base URL pointed at it.

const CLIENT_ID = 'kits-test-client';
const CLIENT_SECRET = 'kits-test-secret-0123456789';
const doubles: ShopifyDouble[] = [];

async function start(bucket?: { maximumAvailable: number; restoreRate: number }) {
  const shop = await startShopifyDouble({
    shopDomain: 'kits-test.myshopify.com',
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    bucket,
  });
  doubles.push(shop);
  return shop;
}

function clientFor(shop: ShopifyDouble, accessToken: string): Shopify {
  const client = new Shopify({ shopName: shop.shopDomain, accessToken, apiVersion: '2025-10', maxRetries: 0 });
  const base = new URL(shop.apiBase);
  (client as unknown as { baseUrl: object }).baseUrl = { protocol: 'http:', hostname: base.hostname, port: Number(base.port) };
  return client;
}

afterEach(async () => {
  await Promise.all(doubles.splice(0).map((shop) => shop.close()));
});

const SET_QUANTITIES = `mutation SetStock($input: InventorySetQuantitiesInput!) {
  inventorySetQuantities(input: $input) {
    inventoryAdjustmentGroup { reason changes { name delta quantityAfterChange item { id } location { id } } }
    userErrors { code field message }
  }
}`;

describe('the Admin GraphQL schema', () => {
  it('refuses a misspelt field as Shopify does, and runs nothing', async () => {
    const shop = await start();
    const client = clientFor(shop, shop.issueAccessToken());
    await expect(client.graphql('{ productVariants(first: 5) { nodes { id skuu } } }')).rejects.toThrow(
      "Field 'skuu' doesn't exist on type 'ProductVariant'",
    );
    expect(shop.calls).toHaveLength(1);
    expect(shop.calls[0]).toMatchObject({ operation: 'productVariants', requestedCost: 0, actualCost: null, throttled: false });
    expect(shop.throttleStatus().currentlyAvailable).toBe(2000);
  });

  it('answers the shop and pages locations with opaque cursors', async () => {
    const shop = await start();
    const client = clientFor(shop, shop.issueAccessToken());
    for (const name of ['Warehouse', 'Main Street', 'Airport']) shop.addLocation({ name });
    const shopInfo = await client.graphql('{ shop { id name myshopifyDomain currencyCode } }');
    expect(shopInfo).toEqual({
      shop: { id: 'gid://shopify/Shop/1', name: 'kits-test', myshopifyDomain: 'kits-test.myshopify.com', currencyCode: 'EUR' },
    });

    const query =
      'query Locations($after: String) { locations(first: 2, after: $after) { nodes { id name isActive } pageInfo { hasNextPage endCursor } } }';
    const first = (await client.graphql(query)) as {
      locations: { nodes: { name: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string } };
    };
    expect(first.locations.nodes.map((l) => l.name)).toEqual(['Airport', 'Main Street']);
    expect(first.locations.pageInfo.hasNextPage).toBe(true);
    const second = (await client.graphql(query, { after: first.locations.pageInfo.endCursor })) as typeof first;
    expect(second.locations.nodes.map((l) => l.name)).toEqual(['Warehouse']);
    expect(second.locations.pageInfo.hasNextPage).toBe(false);
  });
});

describe('costs and throttling', () => {
  it('charges the requested cost up front and refunds down to the actual cost', async () => {
    const shop = await start();
    const client = clientFor(shop, shop.issueAccessToken());
    shop.seedCatalog(3, { skuPrefix: 'C-' });
    // productVariants(first: 50): 2 + 50 × (1 variant + 1 inventoryItem + 1 product) = 152 requested;
    // 3 variants came back: 2 + 3 × 3 = 11 actual.
    await client.graphql(
      '{ productVariants(first: 50) { nodes { id sku inventoryItem { id tracked } product { id title } } pageInfo { hasNextPage } } }',
    );
    expect(shop.calls.at(-1)).toMatchObject({ requestedCost: 152, actualCost: 11 });
    expect(client.callGraphqlLimits).toMatchObject({ requestedQueryCost: 152, actualQueryCost: 11, max: 2000, restoreRate: 100 });
    expect(client.callGraphqlLimits.remaining).toBeGreaterThanOrEqual(2000 - 11);

    // A mutation costs 10 whatever its payload selects.
    await client.graphql(SET_QUANTITIES, {
      input: { name: 'available', reason: 'correction', ignoreCompareQuantity: true, quantities: [] },
    });
    expect(shop.calls.at(-1)).toMatchObject({ operation: 'inventorySetQuantities', requestedCost: 10, actualCost: 10 });

    // Over 1000 requested is refused before it runs, whatever the bucket holds.
    await expect(client.graphql('{ products(first: 250) { nodes { id variants(first: 100) { nodes { id } } } } }')).rejects.toThrow(
      /exceeds the single query max cost limit \(1000\)/,
    );
  });

  it('answers THROTTLED when the bucket is short, and serves again once it has refilled', async () => {
    const shop = await start({ maximumAvailable: 100, restoreRate: 50 });
    const client = clientFor(shop, shop.issueAccessToken());
    shop.addLocation({ name: 'Shop' });
    const expensive = '{ locations(first: 40) { nodes { id name } } }'; // 2 + 40 × 1 = 42 requested, 3 actual

    // Each call keeps only its actual cost, so pay with a query whose actual cost is all of it.
    const full =
      '{ a: shop { id } b: shop { id } c: shop { id } d: shop { id } e: shop { id } f: shop { id } g: shop { id } h: shop { id } i: shop { id } j: shop { id } }';
    for (let i = 0; i < 10; i += 1) {
      try {
        await client.graphql(full);
      } catch {
        break;
      }
    }
    await expect(client.graphql(expensive)).rejects.toThrow('Throttled');
    const throttled = shop.calls.at(-1)!;
    expect(throttled).toMatchObject({ throttled: true, requestedCost: 42, actualCost: null });
    expect(client.callGraphqlLimits.remaining).toBeLessThan(42);

    // The bucket refills at 50 points/s: the same call goes through once it holds 42 again.
    await expect
      .poll(
        async () =>
          client.graphql(expensive).then(
            () => 'served',
            () => 'throttled',
          ),
        { timeout: 5000, interval: 100 },
      )
      .toBe('served');
  });

  it('keeps every call THROTTLED while throttleFor lasts', async () => {
    const shop = await start();
    const client = clientFor(shop, shop.issueAccessToken());
    shop.throttleFor(60_000);
    await expect(client.graphql('{ shop { id } }')).rejects.toThrow('Throttled');
    expect(client.callGraphqlLimits).toMatchObject({ remaining: 0, max: 2000 });
    expect(shop.calls.map((c) => c.throttled)).toEqual([true]);
  });

  it('answers THROTTLED in Shopify’s shape: HTTP 200, the code in errors[0].extensions, the cost beside it', async () => {
    const shop = await start();
    const token = shop.issueAccessToken();
    shop.throttleFor(60_000);
    const response = await fetch(`${shop.apiBase}/admin/api/2025-10/graphql.json`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Shopify-Access-Token': token },
      body: JSON.stringify({ query: '{ shop { id } }' }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      errors: [{ message: 'Throttled', extensions: { code: 'THROTTLED' } }],
      extensions: {
        cost: {
          requestedQueryCost: 1,
          actualQueryCost: null,
          throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 0, restoreRate: 100 },
        },
      },
    });
    expect(body).not.toHaveProperty('data');
  });
});

describe('inventorySetQuantities', () => {
  it('refuses a stale compareQuantity with COMPARE_QUANTITY_STALE and changes nothing', async () => {
    const shop = await start();
    const client = clientFor(shop, shop.issueAccessToken());
    const location = shop.addLocation({ name: 'Shop' });
    const product = shop.addProduct({
      title: 'Mug',
      variants: [
        { sku: 'MUG-1', price: '12.50' },
        { sku: 'MUG-2', price: '12.50' },
      ],
    });
    const [one, two] = product.variants.map((v) => v.inventoryItemId) as [string, string];
    shop.setLevel(one, location.id, 7); // the merchant changed it on Shopify
    shop.setLevel(two, location.id, 3);

    const stale = (await client.graphql(SET_QUANTITIES, {
      input: {
        name: 'available',
        reason: 'correction',
        referenceDocumentUri: 'gid://kits/Sale/1',
        quantities: [
          { inventoryItemId: two, locationId: location.id, quantity: 2, compareQuantity: 3 },
          { inventoryItemId: one, locationId: location.id, quantity: 4, compareQuantity: 5 },
        ],
      },
    })) as { inventorySetQuantities: { inventoryAdjustmentGroup: unknown; userErrors: { code: string; field: string[] }[] } };
    expect(stale.inventorySetQuantities.inventoryAdjustmentGroup).toBeNull();
    expect(stale.inventorySetQuantities.userErrors).toEqual([
      {
        code: 'COMPARE_QUANTITY_STALE',
        field: ['input', 'quantities', '1', 'compareQuantity'],
        message: 'The compareQuantity value does not match persisted value.',
      },
    ]);
    expect([shop.level(one, location.id), shop.level(two, location.id)]).toEqual([7, 3]);

    const missing = (await client.graphql(SET_QUANTITIES, {
      input: { name: 'available', reason: 'correction', quantities: [{ inventoryItemId: one, locationId: location.id, quantity: 4 }] },
    })) as typeof stale;
    expect(missing.inventorySetQuantities.userErrors[0]!.code).toBe('COMPARE_QUANTITY_REQUIRED');
    expect(shop.level(one, location.id)).toBe(7);

    const fresh = (await client.graphql(SET_QUANTITIES, {
      input: {
        name: 'available',
        reason: 'correction',
        quantities: [{ inventoryItemId: one, locationId: location.id, quantity: 4, compareQuantity: 7 }],
      },
    })) as { inventorySetQuantities: { inventoryAdjustmentGroup: { reason: string; changes: unknown[] }; userErrors: unknown[] } };
    expect(fresh.inventorySetQuantities.userErrors).toEqual([]);
    expect(fresh.inventorySetQuantities.inventoryAdjustmentGroup.changes).toEqual([
      { name: 'available', delta: -3, quantityAfterChange: 4, item: { id: one }, location: { id: location.id } },
      { name: 'on_hand', delta: -3, quantityAfterChange: 4, item: { id: one }, location: { id: location.id } },
    ]);
    expect(shop.level(one, location.id)).toBe(4);
  });

  it('reads levels through nodes(ids:) on InventoryItem', async () => {
    const shop = await start();
    const client = clientFor(shop, shop.issueAccessToken());
    const north = shop.addLocation({ name: 'North' });
    const south = shop.addLocation({ name: 'South' });
    const { variants } = shop.addProduct({ title: 'Cap', variants: [{ sku: 'CAP', price: '9.00' }] });
    const item = variants[0]!.inventoryItemId;
    shop.setLevel(item, north.id, 5);
    shop.setLevel(item, south.id, 2);
    const answer = (await client.graphql(
      `query Levels($ids: [ID!]!) { nodes(ids: $ids) { ... on InventoryItem { id inventoryLevels(first: 50) { nodes { location { id } quantities(names: ["available"]) { name quantity } } } } } }`,
      { ids: [item, 'gid://shopify/InventoryItem/999999'] },
    )) as { nodes: unknown[] };
    expect(answer.nodes).toEqual([
      {
        id: item,
        inventoryLevels: {
          nodes: [
            { location: { id: north.id }, quantities: [{ name: 'available', quantity: 5 }] },
            { location: { id: south.id }, quantities: [{ name: 'available', quantity: 2 }] },
          ],
        },
      },
      null,
    ]);
  });
});

describe('search queries', () => {
  it('finds variants by sku or barcode, and orders updated after an instant', async () => {
    const shop = await start();
    const client = clientFor(shop, shop.issueAccessToken());
    const location = shop.addLocation({ name: 'Shop' });
    shop.addProduct({
      title: 'Tea',
      variants: [
        { sku: 'TEA-1', barcode: '4006381333931', price: '3.20' },
        { sku: 'TEA-2', price: '3.20' },
      ],
    });
    shop.addProduct({ title: 'Coffee', variants: [{ sku: 'COF-1', barcode: '5012345678900', price: '7.90' }] });
    const variantsQuery =
      'query Find($query: String) { productVariants(first: 10, query: $query) { nodes { sku barcode price product { title } } } }';
    const found = (await client.graphql(variantsQuery, { query: 'sku:TEA-2 OR barcode:5012345678900' })) as {
      productVariants: { nodes: { sku: string }[] };
    };
    expect(found.productVariants.nodes.map((v) => v.sku)).toEqual(['TEA-2', 'COF-1']);
    const none = (await client.graphql(variantsQuery, { query: 'sku:TEA' })) as typeof found;
    expect(none.productVariants.nodes).toEqual([]);
    const priced = (await client.graphql(variantsQuery, { query: 'sku:TEA-1' })) as { productVariants: { nodes: unknown[] } };
    expect(priced.productVariants.nodes).toEqual([{ sku: 'TEA-1', barcode: '4006381333931', price: '3.20', product: { title: 'Tea' } }]);

    const tea = (await client.graphql('{ productVariants(first: 1, query: "sku:TEA-1") { nodes { id } } }')) as {
      productVariants: { nodes: { id: string }[] };
    };
    const first = shop.createOrder({ lineItems: [{ variantId: tea.productVariants.nodes[0]!.id, quantity: 1 }], locationId: location.id });
    // Shopify keeps timestamps to the second: the next order is in a later second.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const second = shop.createOrder({ lineItems: [{ variantId: tea.productVariants.nodes[0]!.id, quantity: 2 }], locationId: location.id });
    const ordersQuery = `query Orders($query: String) { orders(first: 10, query: $query, sortKey: UPDATED_AT) { nodes { id name updatedAt } } }`;
    const since = (await client.graphql(ordersQuery, { query: `updated_at:>'${first.updatedAt as string}'` })) as {
      orders: { nodes: { id: string }[] };
    };
    expect(since.orders.nodes.map((o) => o.id)).toEqual([second.id]);
    const all = (await client.graphql(ordersQuery, { query: `updated_at:>='${first.updatedAt as string}'` })) as typeof since;
    expect(all.orders.nodes.map((o) => o.id)).toEqual([first.id, second.id]);
  });
});

describe('orders on Shopify', () => {
  it('commits stock when ordered, releases it on a restocking refund, and ships it on fulfilment', async () => {
    const shop = await start();
    const location = shop.addLocation({ name: 'Shop' });
    const { variants } = shop.addProduct({ title: 'Scarf', variants: [{ sku: 'SC-1', price: '20.00' }] });
    const { id: variantId, inventoryItemId } = variants[0]!;
    shop.setLevel(inventoryItemId, location.id, 10);
    const order = shop.createOrder({
      lineItems: [{ variantId, quantity: 3, tax: '11.40' }],
      locationId: location.id,
      shipping: { price: '4.90' },
    });
    expect(order).toMatchObject({
      name: '#1001',
      displayFulfillmentStatus: 'UNFULFILLED',
      totalPriceSet: { shopMoney: { amount: '76.3', currencyCode: 'EUR' } },
    });
    expect(shop.quantities(inventoryItemId, location.id)).toEqual({ available: 7, committed: 3, on_hand: 10 });

    const lineItemId = order.lineItems.nodes[0]!.id;
    const refund = shop.refundOrder(order.id, { lines: [{ lineItemId, quantity: 1, restock: true }] });
    expect(refund.refundLineItems.nodes).toMatchObject([{ quantity: 1, restockType: 'CANCEL' }]);
    expect(shop.quantities(inventoryItemId, location.id)).toEqual({ available: 8, committed: 2, on_hand: 10 });

    shop.fulfillOrder(order.id);
    expect(shop.quantities(inventoryItemId, location.id)).toEqual({ available: 8, committed: 0, on_hand: 8 });
    const returned = shop.refundOrder(order.id, { lines: [{ lineItemId, quantity: 1, restock: true }] });
    expect(returned.refundLineItems.nodes).toMatchObject([{ quantity: 1, restockType: 'RETURN' }]);
    expect(shop.level(inventoryItemId, location.id)).toBe(9);

    const payload = shop.webhookPayload('orders/create', order);
    expect(payload).toMatchObject({
      admin_graphql_api_id: order.id,
      name: '#1001',
      line_items: [
        { admin_graphql_api_id: lineItemId, variant_id: Number(variantId.split('/').pop()), sku: 'SC-1', quantity: 3, price: '20.00' },
      ],
    });
    expect(shop.webhookPayload('refunds/create', refund)).toMatchObject({
      admin_graphql_api_id: refund.id,
      order_id: Number(order.id.split('/').pop()),
      refund_line_items: [{ quantity: 1, restock_type: 'cancel' }],
    });
  });
});

describe('authentication', () => {
  it('answers 401 as Shopify does for an unknown or revoked token', async () => {
    const shop = await start();
    const token = shop.issueAccessToken();
    const client = clientFor(shop, token);
    await expect(client.graphql('{ shop { id } }')).resolves.toEqual({ shop: { id: 'gid://shopify/Shop/1' } });
    shop.revokeToken(token);
    const revoked = await client
      .graphql('{ shop { id } }')
      .catch((error: unknown) => error as { response?: { statusCode: number; body: unknown } });
    expect(revoked).toMatchObject({
      response: { statusCode: 401, body: { errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' } },
    });
    await expect(clientFor(shop, 'shpat_unknown').graphql('{ shop { id } }')).rejects.toThrow(/401/);
    expect(shop.calls).toHaveLength(1);
  });

  it('installs through OAuth: a signed redirect, and a one-time code for the token', async () => {
    const shop = await start();
    const authorize = new URL('/admin/oauth/authorize', shop.apiBase);
    authorize.search = new URLSearchParams({
      client_id: CLIENT_ID,
      scope: 'read_products,write_inventory',
      redirect_uri: 'http://127.0.0.1:9/office/shopify/connect',
      state: 'nonce-1',
    }).toString();
    const redirect = await fetch(authorize, { redirect: 'manual' });
    expect(redirect.status).toBe(302);
    const callback = new URL(redirect.headers.get('location')!);
    expect(callback.pathname).toBe('/office/shopify/connect');
    const query = Object.fromEntries(callback.searchParams);
    expect(query).toMatchObject({ shop: 'kits-test.myshopify.com', state: 'nonce-1' });
    const { hmac, ...rest } = query;
    const message = Object.keys(rest)
      .sort()
      .map((key) => `${key}=${rest[key]}`)
      .join('&');
    expect(hmac).toBe(createHmac('sha256', CLIENT_SECRET).update(message).digest('hex'));

    const exchange = (code: string, secret = CLIENT_SECRET) =>
      fetch(new URL('/admin/oauth/access_token', shop.apiBase), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ client_id: CLIENT_ID, client_secret: secret, code }),
      });
    expect((await exchange(query.code!, 'wrong-secret')).status).toBe(400);
    const granted = await exchange(query.code!);
    expect(granted.status).toBe(200);
    const { access_token, scope } = (await granted.json()) as { access_token: string; scope: string };
    expect(scope).toBe('read_products,write_inventory');
    await expect(clientFor(shop, access_token).graphql('{ shop { name } }')).resolves.toEqual({ shop: { name: 'kits-test' } });
    const again = await exchange(query.code!);
    expect(again.status).toBe(400);
    expect(await again.json()).toMatchObject({ error: 'invalid_request' });

    const wrongClient = new URL(authorize);
    wrongClient.searchParams.set('client_id', 'someone-else');
    expect((await fetch(wrongClient, { redirect: 'manual' })).status).toBe(400);
  });
});

describe('webhooks', () => {
  it('delivers to subscribed callbacks, signed with the client secret over the raw body', async () => {
    const shop = await start();
    const client = clientFor(shop, shop.issueAccessToken());
    const received: { headers: IncomingMessage['headers']; body: string }[] = [];
    const receiver = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
        response.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    try {
      const callbackUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/shopify/t1/events`;
      const subscribe = `mutation Subscribe($topic: WebhookSubscriptionTopic!, $callbackUrl: URL!) {
        webhookSubscriptionCreate(topic: $topic, webhookSubscription: { callbackUrl: $callbackUrl, format: JSON }) { webhookSubscription { id topic } userErrors { field message } }
      }`;
      const created = (await client.graphql(subscribe, { topic: 'ORDERS_CREATE', callbackUrl })) as {
        webhookSubscriptionCreate: { webhookSubscription: { topic: string }; userErrors: unknown[] };
      };
      expect(created.webhookSubscriptionCreate).toMatchObject({ webhookSubscription: { topic: 'ORDERS_CREATE' }, userErrors: [] });
      const twice = (await client.graphql(subscribe, { topic: 'ORDERS_CREATE', callbackUrl })) as {
        webhookSubscriptionCreate: { userErrors: { message: string }[] };
      };
      expect(twice.webhookSubscriptionCreate.userErrors[0]!.message).toBe('Address for this topic has already been taken');
      expect(shop.subscriptions).toEqual([{ topic: 'orders/create', callbackUrl }]);

      const location = shop.addLocation({ name: 'Shop' });
      const { variants } = shop.addProduct({ title: 'Pen', variants: [{ sku: 'PEN', price: '1.50' }] });
      const order = shop.createOrder({ lineItems: [{ variantId: variants[0]!.id, quantity: 2 }], locationId: location.id });
      const responses = await shop.deliverSubscribedWebhooks('orders/create', shop.webhookPayload('orders/create', order), {
        webhookId: 'wh-1',
      });
      expect(responses.map((r) => r.status)).toEqual([200]);
      await shop.sendWebhook('orders/create', { id: 1 }, { url: callbackUrl, secret: 'not-the-secret' });

      expect(received).toHaveLength(2);
      const [good, forged] = received as [(typeof received)[0], (typeof received)[0]];
      expect(good.headers).toMatchObject({
        'x-shopify-topic': 'orders/create',
        'x-shopify-shop-domain': 'kits-test.myshopify.com',
        'x-shopify-webhook-id': 'wh-1',
        'x-shopify-api-version': '2025-10',
      });
      expect(good.headers['x-shopify-triggered-at']).toMatch(/^\d{4}-\d\d-\d\dT/);
      const sign = (body: string) => createHmac('sha256', CLIENT_SECRET).update(body).digest('base64');
      expect(good.headers['x-shopify-hmac-sha256']).toBe(sign(good.body));
      expect(JSON.parse(good.body)).toMatchObject({ admin_graphql_api_id: order.id, line_items: [{ sku: 'PEN', quantity: 2 }] });
      expect(forged.headers['x-shopify-hmac-sha256']).not.toBe(sign(forged.body));
    } finally {
      await new Promise((resolve) => receiver.close(resolve));
    }
  });
});
