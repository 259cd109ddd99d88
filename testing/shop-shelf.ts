import type { RequestOptions, TestResponse } from '@kits/plugin-sdk/test-kit';

/** What these helpers need of a test kernel (`createTestKernel`'s kit) running core-inventory. */
export interface ShopKit {
  request<Body = unknown>(method: string, url: string, options?: RequestOptions): Promise<TestResponse<Body>>;
  readonly tenant: { readonly locationId: string };
}

/** A product with one variant for the test shop's shelf (EUR, the test tenant's currency). */
export interface ShelfItem {
  /** EUR, minor units. */
  readonly price: number;
  /** Units received at `locationId` (default none). */
  readonly stock?: number;
  readonly name?: string;
  readonly sku?: string;
  readonly barcode?: string;
  readonly taxClass?: string;
  readonly tracking?: 'none' | 'lot' | 'serial';
  /** Where the stock goes (default the test tenant's store). */
  readonly locationId?: string;
  /** Whose request it is (default the kit's admin). */
  readonly token?: string;
  /** More fields of the product, and of its variant (a variant's override its sku and prices). */
  readonly product?: Readonly<Record<string, unknown>>;
  readonly variant?: Readonly<Record<string, unknown>>;
}

export interface ShelvedVariant {
  readonly productId: string;
  readonly variantId: string;
  readonly sku: string;
}

let made = 0;
const unique = () => `${Date.now().toString(36)}-${(made += 1)}`;

/** An EAN-13 with its check digit, different each call. */
export function ean13(): string {
  const body = `20${String(Date.now() % 1e8).padStart(8, '0')}${String((made += 1) % 100).padStart(2, '0')}`.slice(0, 12);
  const sum = [...body].reduce((n, digit, i) => n + Number(digit) * (i % 2 === 0 ? 1 : 3), 0);
  return `${body}${(10 - (sum % 10)) % 10}`;
}

function created<Body>(response: TestResponse<Body>, what: string): Body {
  if (response.status !== 201) throw new Error(`${what} failed with ${response.status}: ${JSON.stringify(response.body)}`);
  return response.body;
}

/** Creates the product through core-inventory's API and receives its stock; set-up, so any refusal throws. */
export async function shelveVariant(kit: ShopKit, item: ShelfItem): Promise<ShelvedVariant> {
  const sku = item.sku ?? `ITEM-${unique()}`;
  const as: RequestOptions = item.token === undefined ? {} : { token: item.token };
  const product = created(
    await kit.request<{ id: string; variants: Array<{ id: string }> }>('POST', '/api/v1/core-inventory/products', {
      ...as,
      body: {
        name: item.name ?? `Item ${(made += 1)}`,
        unit: 'piece',
        ...(item.taxClass ? { taxClass: item.taxClass } : {}),
        ...(item.tracking ? { tracking: item.tracking } : {}),
        ...item.product,
        variants: [
          {
            sku,
            ...(item.barcode ? { barcodes: [{ code: item.barcode }] } : {}),
            prices: [{ currency: 'EUR', amount: item.price }],
            ...item.variant,
          },
        ],
      },
    }),
    'create product',
  );
  const variantId = product.variants[0]!.id;
  if (item.stock)
    created(
      await kit.request('POST', '/api/v1/core-inventory/stock/receive', {
        ...as,
        body: { locationId: item.locationId ?? kit.tenant.locationId, lines: [{ variantId, quantity: item.stock }] },
      }),
      'receive stock',
    );
  return { productId: product.id, variantId, sku };
}

export interface StockLevel {
  readonly locationId: string;
  readonly onHand: number;
  readonly reserved: number;
  readonly available: number;
}

/** A variant's stock at a location (the test tenant's store by default), as core-inventory answers it; zeros where it has none. */
export async function stockAt(kit: ShopKit, variantId: string, locationId = kit.tenant.locationId): Promise<StockLevel> {
  const response = await kit.request<{ items: StockLevel[] }>('GET', `/api/v1/core-inventory/variants/${variantId}/stock`);
  return response.body.items.find((item) => item.locationId === locationId) ?? { locationId, onHand: 0, reserved: 0, available: 0 };
}
