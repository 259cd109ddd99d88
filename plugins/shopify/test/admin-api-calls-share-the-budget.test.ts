import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminGraphql, createShopifyClient, ShopifyThrottledError } from '../src/server/admin-api/index.ts';
import { startShopifyDouble, type ShopifyDouble } from './shopify-double/index.ts';

// Calls of one store made at the same time (the stock push, the order poll, a catalog page) share
// Shopify's cost budget: each takes its expected points off the known budget as it is sent, so a
// call that would overdraw it waits or is refused here (the caller reschedules) instead of being
// answered THROTTLED by Shopify.
describe('Admin API calls made at once', () => {
  let shop: ShopifyDouble;
  beforeAll(async () => {
    shop = await startShopifyDouble({
      shopDomain: 'budget-test.myshopify.com',
      clientId: 'client-id-budget',
      clientSecret: 'client-secret-budget',
      // Room for three 10-point calls, refilled slowly: waiting cannot cover a fourth in time.
      bucket: { maximumAvailable: 35, restoreRate: 1 },
    });
  });
  afterAll(async () => shop?.close());

  it('never overdraw the budget: those that do not fit are refused locally with the wait, none is THROTTLED', async () => {
    const client = createShopifyClient({
      shopDomain: 'budget-test.myshopify.com',
      accessToken: shop.issueAccessToken(),
      apiBase: shop.apiBase,
    });
    const document =
      'mutation Tag($input: InventorySetQuantitiesInput!) { inventorySetQuantities(input: $input) { userErrors { code field message } } }';
    const variables = { input: { name: 'available', reason: 'correction', ignoreCompareQuantity: true, quantities: [] } };
    // The first call teaches the client the budget and the document's cost.
    await adminGraphql(client, document, variables).catch(() => undefined);
    const outcomes = await Promise.all(
      Array.from({ length: 6 }, () =>
        adminGraphql(client, document, variables).then(
          () => 'sent',
          (error: unknown) => (error instanceof ShopifyThrottledError ? 'waits' : `failed: ${String(error)}`),
        ),
      ),
    );
    expect(outcomes.filter((o) => o === 'sent').length).toBe(2);
    expect(outcomes.filter((o) => o === 'waits').length).toBe(4);
    expect(shop.calls.filter((call) => call.throttled)).toEqual([]);
  });
});
