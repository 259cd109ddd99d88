import { fileURLToPath } from 'node:url';
import { createTestKernel, type TestKernel } from '@kits/kernel/test-kit';
import { shelveVariant, stockAt } from '../../../testing/shop-shelf.ts';

export const PLUGIN = fileURLToPath(new URL('..', import.meta.url));
export const PROBE = fileURLToPath(new URL('./fixtures/sales-probe', import.meta.url));

export const inventoryKit = (db: 'pglite' | 'postgres', env: Record<string, string> = {}, settings: Record<string, unknown> = {}) =>
  createTestKernel({ plugins: [PLUGIN, PROBE], db, env, settings: { 'core-inventory': settings } });

/** Creates a one-variant product (EUR 2.50; `extra` adds to or overrides its variant's fields) and returns its variant id. */
export const makeVariant = async (kit: TestKernel, name = 'Dark Chocolate Bar', extra: Record<string, unknown> = {}): Promise<string> =>
  (await shelveVariant(kit, { name, price: 250, variant: extra })).variantId;

export async function receive(kit: TestKernel, variantId: string, quantity: number, locationId = kit.tenant.locationId): Promise<void> {
  const response = await kit.request('POST', '/api/v1/core-inventory/stock/receive', {
    body: { locationId, lines: [{ variantId, quantity }] },
  });
  if (response.status !== 201) throw new Error(`receive failed: ${JSON.stringify(response.body)}`);
}

/** The variant's stock at a location (the store by default). */
export const level = stockAt;
