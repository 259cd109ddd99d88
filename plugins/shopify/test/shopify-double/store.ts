import { toMinor } from './amounts.ts';

/**
 * The shop's state as Shopify keeps it, in memory: locations, products with their variants and
 * inventory items, inventory levels per (item, location) with their named quantities, orders with
 * their line items, fulfillment orders and refunds, and webhook subscriptions. Ids are numbers here;
 * the GraphQL and REST layers turn them into gids.
 */

export type ProductStatus = 'ACTIVE' | 'ARCHIVED' | 'DRAFT';

export interface LocationRecord {
  id: number;
  name: string;
  isActive: boolean;
  createdAt: Date;
}

export interface ProductRecord {
  id: number;
  title: string;
  status: ProductStatus;
  options: { id: number; name: string; values: string[] }[];
  variantIds: number[];
  createdAt: Date;
  updatedAt: Date;
}

export interface VariantRecord {
  id: number;
  productId: number;
  sku: string | null;
  barcode: string | null;
  /** Minor units of the shop currency. */
  price: number;
  selectedOptions: { name: string; value: string }[];
  inventoryItemId: number;
  createdAt: Date;
  updatedAt: Date;
}

/** Named quantities Shopify keeps per level; `on_hand` = available + committed + reserved + … */
export interface LevelRecord {
  id: number;
  inventoryItemId: number;
  locationId: number;
  available: number;
  committed: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface InventoryItemRecord {
  id: number;
  variantId: number;
  tracked: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface LineItemRecord {
  id: number;
  variantId: number | null;
  productId: number | null;
  title: string;
  variantTitle: string | null;
  sku: string | null;
  quantity: number;
  /** Unit price, minor units. */
  price: number;
  /** Whole line's discount, minor units. */
  discount: number;
  /** Whole line's tax, minor units (included in the price when the order's taxesIncluded). */
  tax: number;
  taxRate: number;
  /** How many of the line were fulfilled. */
  fulfilled: number;
}

export interface ShippingLineRecord {
  id: number;
  title: string;
  price: number;
  tax: number;
}

export interface TransactionRecord {
  id: number;
  kind: 'SALE' | 'REFUND';
  status: 'SUCCESS';
  gateway: string;
  amount: number;
  createdAt: Date;
}

export interface RefundLineRecord {
  id: number;
  lineItemId: number;
  quantity: number;
  restockType: 'CANCEL' | 'NO_RESTOCK' | 'RETURN';
  /** Whether these units had shipped (a return) or not yet (cancelled or removed from the order). */
  shipped: boolean;
  locationId: number | null;
  subtotal: number;
  tax: number;
}

export interface RefundRecord {
  id: number;
  orderId: number;
  createdAt: Date;
  lines: RefundLineRecord[];
  shipping: number;
  transactions: TransactionRecord[];
}

export interface OrderRecord {
  id: number;
  number: number;
  name: string;
  currency: string;
  taxesIncluded: boolean;
  locationId: number;
  fulfillmentOrderId: number;
  lineItems: LineItemRecord[];
  shippingLines: ShippingLineRecord[];
  transactions: TransactionRecord[];
  refunds: RefundRecord[];
  createdAt: Date;
  updatedAt: Date;
  cancelledAt: Date | null;
  cancelReason: 'CUSTOMER' | 'DECLINED' | 'FRAUD' | 'INVENTORY' | 'OTHER' | 'STAFF' | null;
  fulfilledAt: Date | null;
}

export interface WebhookSubscriptionRecord {
  id: number;
  topic: string;
  uri: string;
  format: 'JSON' | 'XML';
  createdAt: Date;
}

export interface VariantSeed {
  sku: string | null;
  barcode?: string | null;
  price: string;
  title?: string;
  options?: { name: string; value: string }[];
}

export interface ProductSeed {
  title: string;
  status?: ProductStatus;
  variants: VariantSeed[];
}

export class ShopStore {
  readonly currency: string;
  readonly locations = new Map<number, LocationRecord>();
  readonly products = new Map<number, ProductRecord>();
  readonly variants = new Map<number, VariantRecord>();
  readonly inventoryItems = new Map<number, InventoryItemRecord>();
  /** Keyed `${inventoryItemId}:${locationId}`. */
  readonly levels = new Map<string, LevelRecord>();
  /** The same levels by item, so reading one item's levels stays cheap in a 10,000-variant catalog. */
  private readonly levelsByItem = new Map<number, LevelRecord[]>();
  readonly orders = new Map<number, OrderRecord>();
  readonly subscriptions: WebhookSubscriptionRecord[] = [];
  private nextId = 1000;
  private nextOrderNumber = 1001;
  /** Shopify's timestamps have second precision; a monotonic clock keeps `updated_at:>` queries exact. */
  private lastTime = 0;

  constructor(currency: string) {
    this.currency = currency;
  }

  newId(): number {
    this.nextId += 1;
    return this.nextId;
  }

  newOrderNumber(): number {
    return this.nextOrderNumber++;
  }

  /** Now, strictly after every earlier timestamp the store handed out (whole milliseconds). */
  now(): Date {
    const time = Math.max(Date.now(), this.lastTime + 1);
    this.lastTime = time;
    return new Date(time);
  }

  addLocation(name: string, isActive = true): LocationRecord {
    const location = { id: this.newId(), name, isActive, createdAt: this.now() };
    this.locations.set(location.id, location);
    return location;
  }

  /** A product with its variants, each stocked (quantity 0) at every active location. */
  addProduct(seed: ProductSeed): ProductRecord {
    const at = this.now();
    const product: ProductRecord = {
      id: this.newId(),
      title: seed.title,
      status: seed.status ?? 'ACTIVE',
      options: [],
      variantIds: [],
      createdAt: at,
      updatedAt: at,
    };
    const variants = seed.variants.length > 0 ? seed.variants : [{ sku: null, price: '0.00' }];
    for (const seedVariant of variants) {
      const options = seedVariant.options?.length ? seedVariant.options : [{ name: 'Title', value: seedVariant.title ?? 'Default Title' }];
      for (const { name, value } of options) {
        let option = product.options.find((o) => o.name === name);
        if (!option) {
          option = { id: this.newId(), name, values: [] };
          product.options.push(option);
        }
        if (!option.values.includes(value)) option.values.push(value);
      }
      this.addVariant(product, {
        sku: seedVariant.sku,
        barcode: seedVariant.barcode ?? null,
        price: toMinor(seedVariant.price, this.currency, 'price'),
        selectedOptions: options.map((o) => ({ ...o })),
      });
    }
    this.products.set(product.id, product);
    return product;
  }

  addVariant(
    product: ProductRecord,
    fields: {
      sku: string | null;
      barcode: string | null;
      price: number;
      selectedOptions: { name: string; value: string }[];
      tracked?: boolean;
    },
  ): VariantRecord {
    const at = this.now();
    const variant: VariantRecord = {
      id: this.newId(),
      productId: product.id,
      sku: fields.sku,
      barcode: fields.barcode,
      price: fields.price,
      selectedOptions: fields.selectedOptions,
      inventoryItemId: this.newId(),
      createdAt: at,
      updatedAt: at,
    };
    this.inventoryItems.set(variant.inventoryItemId, {
      id: variant.inventoryItemId,
      variantId: variant.id,
      tracked: fields.tracked ?? true,
      createdAt: at,
      updatedAt: at,
    });
    for (const location of this.locations.values()) {
      if (location.isActive) this.stock(variant.inventoryItemId, location.id);
    }
    this.variants.set(variant.id, variant);
    product.variantIds.push(variant.id);
    return variant;
  }

  removeVariant(variantId: number): void {
    const variant = this.variants.get(variantId);
    if (!variant) return;
    this.variants.delete(variantId);
    this.inventoryItems.delete(variant.inventoryItemId);
    for (const level of this.levelsOf(variant.inventoryItemId)) this.levels.delete(`${level.inventoryItemId}:${level.locationId}`);
    this.levelsByItem.delete(variant.inventoryItemId);
    const product = this.products.get(variant.productId);
    if (product) product.variantIds = product.variantIds.filter((id) => id !== variantId);
  }

  variantTitle(variant: VariantRecord): string {
    return variant.selectedOptions.map((o) => o.value).join(' / ') || 'Default Title';
  }

  level(inventoryItemId: number, locationId: number): LevelRecord | undefined {
    return this.levels.get(`${inventoryItemId}:${locationId}`);
  }

  /** Stocks an item at a location (an inventory level with every quantity 0), once. */
  stock(inventoryItemId: number, locationId: number): LevelRecord {
    const existing = this.level(inventoryItemId, locationId);
    if (existing) return existing;
    const at = this.now();
    const level = { id: this.newId(), inventoryItemId, locationId, available: 0, committed: 0, createdAt: at, updatedAt: at };
    this.levels.set(`${inventoryItemId}:${locationId}`, level);
    this.levelsByItem.set(inventoryItemId, [...(this.levelsByItem.get(inventoryItemId) ?? []), level]);
    return level;
  }

  levelsOf(inventoryItemId: number): LevelRecord[] {
    return this.levelsByItem.get(inventoryItemId) ?? [];
  }

  /** Moves a level's quantities (deltas may be negative; Shopify lets `available` go below zero). */
  moveLevel(inventoryItemId: number, locationId: number, change: { available?: number; committed?: number }): LevelRecord {
    const level = this.stock(inventoryItemId, locationId);
    level.available += change.available ?? 0;
    level.committed += change.committed ?? 0;
    level.updatedAt = this.now();
    const item = this.inventoryItems.get(inventoryItemId);
    if (item) item.updatedAt = level.updatedAt;
    return level;
  }

  touchProduct(product: ProductRecord): void {
    product.updatedAt = this.now();
  }

  variantsOf(product: ProductRecord): VariantRecord[] {
    return product.variantIds.map((id) => this.variants.get(id)).filter((v): v is VariantRecord => v !== undefined);
  }
}
