import { fileURLToPath } from 'node:url';
import { createTestKernel, type TestKernel } from '@kits/plugin-sdk/test-kit';

export const PLUGIN = fileURLToPath(new URL('..', import.meta.url));
export const PROBE = fileURLToPath(new URL('./fixtures/sales-probe', import.meta.url));

export const inventoryKit = (db: 'pglite' | 'postgres', env: Record<string, string> = {}, settings: Record<string, unknown> = {}) =>
  createTestKernel({ plugins: [PLUGIN, PROBE], db, env, settings: { 'core-inventory': settings } });

let skuCounter = 0;
/** Creates a one-variant product and returns its variant id. */
export async function makeVariant(kit: TestKernel, name = 'Dark Chocolate Bar', extra: Record<string, unknown> = {}): Promise<string> {
  skuCounter += 1;
  const response = await kit.request<{ variants: Array<{ id: string }> }>('POST', '/api/v1/core-inventory/products', {
    body: {
      name,
      unit: 'piece',
      variants: [{ sku: `SKU-${Date.now()}-${skuCounter}`, prices: [{ currency: 'EUR', amount: 250 }], ...extra }],
    },
  });
  if (response.status !== 201) throw new Error(`product creation failed: ${JSON.stringify(response.body)}`);
  return response.body.variants[0]!.id;
}

export async function receive(kit: TestKernel, variantId: string, quantity: number, locationId = kit.tenant.locationId): Promise<void> {
  const response = await kit.request('POST', '/api/v1/core-inventory/stock/receive', {
    body: { locationId, lines: [{ variantId, quantity }] },
  });
  if (response.status !== 201) throw new Error(`receive failed: ${JSON.stringify(response.body)}`);
}

export async function level(kit: TestKernel, variantId: string, locationId = kit.tenant.locationId) {
  const response = await kit.request<{ items: Array<{ locationId: string; onHand: number; reserved: number; available: number }> }>(
    'GET',
    `/api/v1/core-inventory/variants/${variantId}/stock`,
  );
  return response.body.items.find((item) => item.locationId === locationId) ?? { locationId, onHand: 0, reserved: 0, available: 0 };
}
