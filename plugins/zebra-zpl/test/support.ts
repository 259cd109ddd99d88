import { fileURLToPath } from 'node:url';
import { createTestKernel, type TestKernel } from '@kits/kernel/test-kit';
import { DATABASE_KINDS } from '@kits/plugin-sdk/test-kit';
import { firstPartyPlugin } from '../../../testing/first-party-plugins.ts';
import { ean13, shelveVariant } from '../../../testing/shop-shelf.ts';

export const ZEBRA = fileURLToPath(new URL('..', import.meta.url));
export const INVENTORY = firstPartyPlugin('core-inventory');
export const PURCHASING = firstPartyPlugin('purchasing');
export { DATABASE_KINDS, ean13 };

export const API = '/api/v1/zebra-zpl';

/** A kernel with core-inventory (catalog@1) and zebra-zpl, on one database; purchasing too when asked. */
export const labelKit = (db: (typeof DATABASE_KINDS)[number], options: { withPurchasing?: boolean } = {}) =>
  createTestKernel({ plugins: options.withPurchasing ? [INVENTORY, PURCHASING, ZEBRA] : [INVENTORY, ZEBRA], db });

export interface Template {
  id: string;
  name: string;
  kind: string;
  stock: string;
  dpi: number;
  symbology: string;
  showPrice: boolean;
  showSku: boolean;
}

export interface LabelVariant {
  readonly productId: string;
  readonly variantId: string;
  readonly sku: string;
  readonly barcode: string;
}

let made = 0;

/** A one-variant product (EUR `price`) with `barcode` (a fresh EAN-13 unless given). */
export async function labelVariant(kit: TestKernel, name: string, price: number, barcode = ean13()): Promise<LabelVariant> {
  const { productId, variantId, sku } = await shelveVariant(kit, {
    name,
    price,
    barcode,
    sku: `LBL-${Date.now().toString(36)}-${(made += 1)}`,
  });
  return { productId, variantId, sku, barcode };
}

/** Saves the product with a new tenant-wide price (and location prices), as the office's product editor does. */
export async function reprice(
  kit: TestKernel,
  item: LabelVariant,
  name: string,
  amount: number,
  locationPrices: Array<{ locationId: string; amount: number }> = [],
): Promise<void> {
  const saved = await kit.request('PUT', `/api/v1/core-inventory/products/${item.productId}`, {
    body: {
      name,
      variants: [
        {
          id: item.variantId,
          sku: item.sku,
          barcodes: [{ code: item.barcode }],
          prices: [
            { currency: 'EUR', amount },
            ...locationPrices.map((p) => ({ currency: 'EUR', amount: p.amount, locationId: p.locationId })),
          ],
        },
      ],
    },
  });
  if (saved.status !== 200) throw new Error(`reprice: ${JSON.stringify(saved.body)}`);
}

export async function templates(kit: TestKernel): Promise<Template[]> {
  const answer = await kit.request<{ items: Template[] }>('GET', `${API}/templates`);
  if (answer.status !== 200) throw new Error(`templates: ${JSON.stringify(answer.body)}`);
  return answer.body.items;
}

/** Waits until `check` holds (events are delivered after their transaction commits). */
export async function until<T>(check: () => Promise<T | undefined | false>, what: string): Promise<T> {
  for (let i = 0; i < 300; i++) {
    const value = await check();
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

/** Row counts of the plugin's tables and its stale shelves: a refused request must leave them as they were. */
export async function footprint(kit: TestKernel): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const table of ['zebra.templates', 'zebra.printers', 'zebra.shelf_prices'])
    out[table] = await kit.kernel.db.query(`select * from ${table} order by 1, 2, 3`);
  return out;
}
