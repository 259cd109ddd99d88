import { shelveVariant } from '../../../testing/shop-shelf.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectByToken, DATABASE_KINDS, mapLocation, shopifyKit, syncStatus, until, type ShopifyKit } from './support.ts';

describe.each(DATABASE_KINDS)('the sync status, its failures and their retry on %s', (db) => {
  let s: ShopifyKit;
  let shopifyLocation: string;
  let vase: { variantId: string; inventoryItemId: string };
  let jug: { variantId: string; inventoryItemId: string };

  beforeAll(async () => {
    s = await shopifyKit(db);
    await connectByToken(s);
    // The vase exists on Shopify before the location does: Shopify does not stock it there.
    const vaseProduct = s.shop.addProduct({ title: 'Vase', variants: [{ sku: 'VASE-1', price: '30.00' }] });
    shopifyLocation = await mapLocation(s);
    const jugProduct = s.shop.addProduct({ title: 'Jug', variants: [{ sku: 'JUG-1', price: '25.00' }] });
    vase = {
      variantId: (await shelveVariant(s.kit, { name: 'Vase', sku: 'VASE-1', price: 3000, stock: 5 })).variantId,
      inventoryItemId: vaseProduct.variants[0]!.inventoryItemId,
    };
    jug = {
      variantId: (await shelveVariant(s.kit, { name: 'Jug', sku: 'JUG-1', price: 2500, stock: 3 })).variantId,
      inventoryItemId: jugProduct.variants[0]!.inventoryItemId,
    };
    const match = await s.kit.request('POST', '/api/v1/shopify/catalog/match');
    expect(match.status).toBe(200);
  });
  afterAll(async () => s?.close());

  it('a level Shopify refuses is a failure with Shopify’s message; the others of the same push go through', async () => {
    await until(() => s.shop.level(jug.inventoryItemId, shopifyLocation) === 3, 'the jug on Shopify');
    await until(async () => (await syncStatus(s)).failures.some((f) => f.area === 'stock'), 'the vase’s failure');
    // The jug's level reaches Shopify before the push that sent it commits: wait for its pending row to go.
    await until(async () => (await syncStatus(s)).pendingStock === 1, 'only the vase pending');
    const status = await syncStatus(s);
    expect(status.failures.filter((f) => f.area === 'stock')).toEqual([
      expect.objectContaining({
        target: `variant:${vase.variantId}@location:${s.kit.tenant.locationId}`,
        shopifyCode: 'ITEM_NOT_STOCKED_AT_LOCATION',
        message: expect.stringMatching(/not stocked at the location/),
      }),
    ]);
    // The vase still waits; the jug does not.
    expect(status.pendingStock).toBe(1);
    expect(status.connection).toMatchObject({ status: 'connected', shopDomain: 'kits-test.myshopify.com' });
    expect(status.lastStockPushAt).not.toBeNull();
    expect(s.shop.level(vase.inventoryItemId, shopifyLocation)).toBeUndefined();
  });

  it('retried once the merchant stocked it on Shopify, it goes through and the failure is resolved', async () => {
    s.shop.setLevel(vase.inventoryItemId, shopifyLocation, 0);
    const failure = (await syncStatus(s)).failures.find((f) => f.area === 'stock')!;
    const retry = await s.kit.request<{ failureId: string; area: string }>(
      'POST',
      `/api/v1/shopify/sync/failures/${failure.failureId}/retry`,
    );
    expect(retry.status).toBe(202);
    expect(retry.body).toMatchObject({ failureId: failure.failureId, area: 'stock' });
    await until(() => s.shop.level(vase.inventoryItemId, shopifyLocation) === 5, 'the vase on Shopify');
    await until(async () => !(await syncStatus(s)).failures.some((f) => f.area === 'stock'), 'the failure resolved');
    expect((await syncStatus(s)).pendingStock).toBe(0);

    // A resolved failure is not retried again; an unknown one is not found; a malformed id is bad input.
    const resolved = await s.kit.request<{ code: string }>('POST', `/api/v1/shopify/sync/failures/${failure.failureId}/retry`);
    expect(resolved.status).toBe(409);
    expect(resolved.body.code).toBe('shopify.failure_resolved');
    const unknown = await s.kit.request<{ code: string }>(
      'POST',
      '/api/v1/shopify/sync/failures/01a24e7c-0000-7000-8000-000000000000/retry',
    );
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('shopify.unknown_failure');
    const malformed = await s.kit.request('POST', '/api/v1/shopify/sync/failures/not-a-uuid/retry');
    expect(malformed.status).toBe(400);
    expect(malformed.headers['content-type']).toMatch(/application\/problem\+json/);
  });

  it('every table of the catalog and stock sync is isolated per tenant', async () => {
    expect(await s.kit.tablesWithoutTenantIsolation()).toEqual([]);
    const other = await s.kit.createTenant();
    const seen = await s.kit.request<{ failures: unknown[]; pendingStock: number }>('GET', '/api/v1/shopify/sync/status', {
      token: other.admin.token,
    });
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({ failures: [], pendingStock: 0, connection: { status: 'not_connected' } });
    const links = await s.kit.request<{ items: unknown[] }>('GET', '/api/v1/shopify/catalog/links', { token: other.admin.token });
    expect(links.body.items).toEqual([]);
  });

  it('the status and the reconciliation ask for the permissions the plugin declares', async () => {
    const till = await s.kit.signInTill({ permissions: ['core-sales:checkout'] });
    const status = await s.kit.request('GET', '/api/v1/shopify/sync/status', { token: till.token });
    expect(status.status).toBe(403);
    const runs = await s.kit.kernel.db.query('select 1 from shopify.reconciliation_runs where tenant_id = $1', [s.kit.tenant.id]);
    const reconcile = await s.kit.request('POST', '/api/v1/shopify/sync/reconcile', { token: till.token });
    expect(reconcile.status).toBe(403);
    expect(await s.kit.kernel.db.query('select 1 from shopify.reconciliation_runs where tenant_id = $1', [s.kit.tenant.id])).toHaveLength(
      runs.length,
    );
  });

  it('without a connected store, a reconciliation is refused and starts nothing', async () => {
    const disconnected = await s.kit.request('DELETE', '/api/v1/shopify/connection');
    expect(disconnected.status).toBeLessThan(300);
    const calls = s.shop.calls.length;
    const reconcile = await s.kit.request<{ code: string }>('POST', '/api/v1/shopify/sync/reconcile');
    expect(reconcile.status).toBe(409);
    expect(reconcile.body.code).toBe('shopify.not_connected');
    expect(
      await s.kit.kernel.db.query(`select 1 from shopify.reconciliation_runs where tenant_id = $1 and state = 'running'`, [
        s.kit.tenant.id,
      ]),
    ).toEqual([]);
    expect(s.shop.calls.length).toBe(calls);
    expect((await syncStatus(s)).connection.status).toBe('disconnected');
  });
});
