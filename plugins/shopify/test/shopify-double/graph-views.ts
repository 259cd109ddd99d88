import { GraphQLError } from 'graphql';
import { decimalText, moneyText } from './amounts.ts';
import { gid, gidNumber, gidType } from './ids.ts';
import { type Connection, type PageArgs, type SortValue, firstOf, paginate } from './pagination.ts';
import { type SearchFields, matchesSearch, parseSearchQuery } from './search-query.ts';
import type {
  InventoryItemRecord,
  LevelRecord,
  LineItemRecord,
  LocationRecord,
  OrderRecord,
  ProductRecord,
  RefundLineRecord,
  RefundRecord,
  ShopStore,
  TransactionRecord,
  VariantRecord,
} from './store.ts';

/**
 * GraphQL-shaped views of the store's records for graphql-js's default resolver: plain values for
 * scalar fields, functions `(args) => …` for fields with arguments or that lead to other objects
 * (resolved only when selected), `__typename` for the Node interface.
 */

export interface ShopIdentity {
  name: string;
  domain: string;
}

export interface GraphContext {
  store: ShopStore;
  shop: ShopIdentity;
}

type View = Record<string, unknown> & { __typename: string };

const QUANTITY_NAMES = ['available', 'committed', 'damaged', 'incoming', 'on_hand', 'quality_control', 'reserved', 'safety_stock'];

/** Shopify's DateTime: ISO 8601 in UTC to the second. */
export function iso(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function money(store: ShopStore, minor: number) {
  return { amount: decimalText(minor, store.currency), currencyCode: store.currency };
}

export function moneyBag(store: ShopStore, minor: number) {
  return { shopMoney: money(store, minor), presentmentMoney: money(store, minor) };
}

function connection<T>(
  items: readonly T[],
  position: (item: T) => { id: number; value: SortValue },
  args: PageArgs,
  view: (item: T) => View,
): Connection<View> {
  const page = paginate(items, position, args);
  return {
    nodes: page.nodes.map(view),
    edges: page.edges.map((edge) => ({ cursor: edge.cursor, node: view(edge.node) })),
    pageInfo: page.pageInfo,
  };
}

/** Position in an ordered child list (a product's variants, an order's lines). */
function byIndex<T extends { id: number }>(items: readonly T[]) {
  const index = new Map(items.map((item, i) => [item.id, i]));
  return (item: T) => ({ id: item.id, value: index.get(item.id) ?? 0 });
}

export function shopView({ store, shop }: GraphContext): View {
  return { __typename: 'Shop', id: gid('Shop', 1), name: shop.name, myshopifyDomain: shop.domain, currencyCode: store.currency };
}

export function locationView(store: ShopStore, location: LocationRecord): View {
  return {
    __typename: 'Location',
    id: gid('Location', location.id),
    name: location.name,
    isActive: location.isActive,
    inventoryLevel: ({ inventoryItemId }: { inventoryItemId: string }) => {
      const itemId = gidNumber(inventoryItemId, 'InventoryItem');
      const level = itemId === undefined ? undefined : store.level(itemId, location.id);
      return level ? levelView(store, level) : null;
    },
  };
}

export function productView(store: ShopStore, product: ProductRecord): View {
  return {
    __typename: 'Product',
    id: gid('Product', product.id),
    title: product.title,
    status: product.status,
    createdAt: iso(product.createdAt),
    updatedAt: iso(product.updatedAt),
    options: ({ first }: { first?: number | null }) =>
      firstOf(product.options, first).map((option, i) => ({
        __typename: 'ProductOption',
        id: gid('ProductOption', option.id),
        name: option.name,
        position: i + 1,
        values: option.values,
      })),
    variants: (args: PageArgs) => {
      const variants = store.variantsOf(product);
      return connection(variants, byIndex(variants), args, (variant) => variantView(store, variant));
    },
  };
}

export function variantView(store: ShopStore, variant: VariantRecord): View {
  const product = store.products.get(variant.productId)!;
  const title = store.variantTitle(variant);
  return {
    __typename: 'ProductVariant',
    id: gid('ProductVariant', variant.id),
    sku: variant.sku,
    barcode: variant.barcode,
    title,
    displayName: `${product.title} - ${title}`,
    price: moneyText(variant.price, store.currency),
    position: product.variantIds.indexOf(variant.id) + 1,
    selectedOptions: variant.selectedOptions.map((o) => ({ name: o.name, value: o.value })),
    inventoryItem: () => inventoryItemView(store, store.inventoryItems.get(variant.inventoryItemId)!),
    inventoryQuantity: () => store.levelsOf(variant.inventoryItemId).reduce((sum, level) => sum + level.available, 0),
    product: () => productView(store, product),
    createdAt: iso(variant.createdAt),
    updatedAt: iso(variant.updatedAt),
  };
}

export function inventoryItemView(store: ShopStore, item: InventoryItemRecord): View {
  const variant = store.variants.get(item.variantId)!;
  return {
    __typename: 'InventoryItem',
    id: gid('InventoryItem', item.id),
    sku: variant.sku,
    tracked: item.tracked,
    variant: () => variantView(store, variant),
    inventoryLevel: ({ locationId }: { locationId: string }) => {
      const location = gidNumber(locationId, 'Location');
      const level = location === undefined ? undefined : store.level(item.id, location);
      return level ? levelView(store, level) : null;
    },
    inventoryLevels: (args: PageArgs & { query?: string | null }) => {
      const levels = store
        .levelsOf(item.id)
        .filter((level) => matchesSearch(parseSearchQuery(args.query ?? ''), levelFields(store, level)));
      return connection(
        levels,
        (level) => ({ id: level.id, value: level.id }),
        args,
        (level) => levelView(store, level),
      );
    },
    createdAt: iso(item.createdAt),
    updatedAt: iso(item.updatedAt),
  };
}

function levelFields(store: ShopStore, level: LevelRecord): SearchFields {
  return (field) => {
    if (field === 'location_id') return level.locationId;
    if (field === 'updated_at') return level.updatedAt;
    if (field === 'default') return store.locations.get(level.locationId)?.name;
    return undefined;
  };
}

export function quantityOf(level: LevelRecord, name: string): number {
  switch (name) {
    case 'available':
      return level.available;
    case 'committed':
      return level.committed;
    case 'on_hand':
      return level.available + level.committed;
    default:
      return 0;
  }
}

export function levelView(store: ShopStore, level: LevelRecord): View {
  return {
    __typename: 'InventoryLevel',
    id: `${gid('InventoryLevel', level.id)}?inventory_item_id=${level.inventoryItemId}`,
    item: () => inventoryItemView(store, store.inventoryItems.get(level.inventoryItemId)!),
    location: () => locationView(store, store.locations.get(level.locationId)!),
    quantities: ({ names }: { names: string[] }) =>
      names.map((name) => {
        if (!QUANTITY_NAMES.includes(name)) {
          throw new GraphQLError(`The quantity name '${name}' is not valid. Valid names are: ${QUANTITY_NAMES.join(', ')}.`, {
            extensions: { code: 'BAD_REQUEST' },
          });
        }
        return {
          __typename: 'InventoryQuantity',
          id: `gid://shopify/InventoryQuantity/${level.id}?inventory_item_id=${level.inventoryItemId}&name=${name}`,
          name,
          quantity: quantityOf(level, name),
          updatedAt: iso(level.updatedAt),
        };
      }),
    createdAt: iso(level.createdAt),
    updatedAt: iso(level.updatedAt),
  };
}

// ------------------------------------------------------------------ orders

function lineRefunded(order: OrderRecord, line: LineItemRecord): number {
  return order.refunds
    .flatMap((r) => r.lines)
    .filter((r) => r.lineItemId === line.id)
    .reduce((sum, r) => sum + r.quantity, 0);
}

export function orderTotals(order: OrderRecord) {
  const lines = order.lineItems.reduce((sum, line) => sum + line.price * line.quantity, 0);
  const discounts = order.lineItems.reduce((sum, line) => sum + line.discount, 0);
  const tax = order.lineItems.reduce((sum, line) => sum + line.tax, 0) + order.shippingLines.reduce((sum, s) => sum + s.tax, 0);
  const shipping = order.shippingLines.reduce((sum, s) => sum + s.price, 0);
  const total = lines - discounts + shipping + (order.taxesIncluded ? 0 : tax);
  const refunded = order.refunds.flatMap((r) => r.transactions).reduce((sum, t) => sum + t.amount, 0);
  return { lines, discounts, tax, shipping, total, refunded };
}

export function fulfillmentStatus(order: OrderRecord): 'FULFILLED' | 'PARTIALLY_FULFILLED' | 'UNFULFILLED' {
  const fulfilled = order.lineItems.reduce((sum, line) => sum + line.fulfilled, 0);
  if (fulfilled === 0) return 'UNFULFILLED';
  const open = order.lineItems.reduce((sum, line) => sum + line.quantity - line.fulfilled - unfulfilledRemoved(order, line), 0);
  return open > 0 ? 'PARTIALLY_FULFILLED' : 'FULFILLED';
}

export function financialStatus(order: OrderRecord): 'PAID' | 'PARTIALLY_REFUNDED' | 'REFUNDED' {
  const { total, refunded } = orderTotals(order);
  if (refunded === 0) return 'PAID';
  return refunded >= total ? 'REFUNDED' : 'PARTIALLY_REFUNDED';
}

/** Units of a line refunded before they were fulfilled (cancelled or removed): no longer to ship. */
export function unfulfilledRemoved(order: OrderRecord, line: LineItemRecord): number {
  return order.refunds
    .flatMap((r) => r.lines)
    .filter((r) => r.lineItemId === line.id && !r.shipped)
    .reduce((sum, r) => sum + r.quantity, 0);
}

function taxLines(store: ShopStore, tax: number, rate: number) {
  if (tax === 0) return [];
  return [{ title: 'VAT', rate, ratePercentage: Math.round(rate * 10000) / 100, priceSet: moneyBag(store, tax) }];
}

function transactionView(store: ShopStore, transaction: TransactionRecord): View {
  return {
    __typename: 'OrderTransaction',
    id: gid('OrderTransaction', transaction.id),
    gateway: transaction.gateway,
    kind: transaction.kind,
    status: transaction.status,
    amountSet: moneyBag(store, transaction.amount),
    createdAt: iso(transaction.createdAt),
  };
}

export function lineItemView(store: ShopStore, order: OrderRecord, line: LineItemRecord): View {
  const variant = line.variantId === null ? undefined : store.variants.get(line.variantId);
  return {
    __typename: 'LineItem',
    id: gid('LineItem', line.id),
    title: line.title,
    name: line.variantTitle ? `${line.title} - ${line.variantTitle}` : line.title,
    sku: line.sku,
    quantity: line.quantity,
    currentQuantity: line.quantity - lineRefunded(order, line),
    variant: () => (variant ? variantView(store, variant) : null),
    originalUnitPriceSet: moneyBag(store, line.price),
    totalDiscountSet: moneyBag(store, line.discount),
    taxLines: ({ first }: { first?: number | null }) => firstOf(taxLines(store, line.tax, line.taxRate), first),
  };
}

function refundLineView(store: ShopStore, order: OrderRecord, refundLine: RefundLineRecord): View {
  const line = order.lineItems.find((l) => l.id === refundLine.lineItemId)!;
  const location = refundLine.locationId === null ? undefined : store.locations.get(refundLine.locationId);
  return {
    __typename: 'RefundLineItem',
    id: gid('RefundLineItem', refundLine.id),
    lineItem: () => lineItemView(store, order, line),
    quantity: refundLine.quantity,
    restockType: refundLine.restockType,
    restocked: refundLine.restockType !== 'NO_RESTOCK',
    location: () => (location ? locationView(store, location) : null),
    priceSet: moneyBag(store, line.price),
    subtotalSet: moneyBag(store, refundLine.subtotal),
    totalTaxSet: moneyBag(store, refundLine.tax),
  };
}

export function refundView(store: ShopStore, order: OrderRecord, refund: RefundRecord): View {
  return {
    __typename: 'Refund',
    id: gid('Refund', refund.id),
    createdAt: iso(refund.createdAt),
    updatedAt: iso(refund.createdAt),
    note: null,
    order: () => orderView(store, order),
    totalRefundedSet: moneyBag(
      store,
      refund.transactions.reduce((sum, t) => sum + t.amount, 0),
    ),
    refundLineItems: (args: PageArgs) =>
      connection(refund.lines, byIndex(refund.lines), args, (line) => refundLineView(store, order, line)),
    transactions: (args: PageArgs) => connection(refund.transactions, byIndex(refund.transactions), args, (t) => transactionView(store, t)),
  };
}

export function orderView(store: ShopStore, order: OrderRecord): View {
  const totals = orderTotals(order);
  const location = store.locations.get(order.locationId);
  return {
    __typename: 'Order',
    id: gid('Order', order.id),
    name: order.name,
    createdAt: iso(order.createdAt),
    updatedAt: iso(order.updatedAt),
    processedAt: iso(order.createdAt),
    cancelledAt: order.cancelledAt ? iso(order.cancelledAt) : null,
    cancelReason: order.cancelReason,
    closed: order.cancelledAt !== null || fulfillmentStatus(order) === 'FULFILLED',
    taxesIncluded: order.taxesIncluded,
    currencyCode: order.currency,
    displayFulfillmentStatus: fulfillmentStatus(order),
    displayFinancialStatus: financialStatus(order),
    totalPriceSet: moneyBag(store, totals.total),
    totalTaxSet: moneyBag(store, totals.tax),
    lineItems: (args: PageArgs) => connection(order.lineItems, byIndex(order.lineItems), args, (line) => lineItemView(store, order, line)),
    shippingLines: (args: PageArgs) =>
      connection(order.shippingLines, byIndex(order.shippingLines), args, (shipping) => ({
        __typename: 'ShippingLine',
        id: gid('ShippingLine', shipping.id),
        title: shipping.title,
        originalPriceSet: moneyBag(store, shipping.price),
        taxLines: taxLines(store, shipping.tax, shipping.price === 0 ? 0 : shipping.tax / shipping.price),
      })),
    transactions: ({ first }: { first?: number | null }) => firstOf(order.transactions, first).map((t) => transactionView(store, t)),
    fulfillmentOrders: (args: PageArgs) =>
      connection([{ id: order.fulfillmentOrderId }], byIndex([{ id: order.fulfillmentOrderId }]), args, () => ({
        __typename: 'FulfillmentOrder',
        id: gid('FulfillmentOrder', order.fulfillmentOrderId),
        status: order.cancelledAt ? 'CANCELLED' : fulfillmentStatus(order) === 'FULFILLED' ? 'CLOSED' : 'OPEN',
        assignedLocation: { name: location?.name ?? '', location: () => (location ? locationView(store, location) : null) },
      })),
    refunds: ({ first }: { first?: number | null }) => firstOf(order.refunds, first).map((refund) => refundView(store, order, refund)),
  };
}

// ------------------------------------------------------------------ node(id:)

export function nodeView(store: ShopStore, context: GraphContext, id: string): View | null {
  const parsed = gidType(id);
  if (!parsed) {
    throw new GraphQLError(`Invalid global id '${id}'`, {
      extensions: { code: 'argumentLiteralsIncompatible', typeName: 'CoercionError' },
    });
  }
  switch (parsed.type) {
    case 'Shop':
      return parsed.id === 1 ? shopView(context) : null;
    case 'Location': {
      const location = store.locations.get(parsed.id);
      return location ? locationView(store, location) : null;
    }
    case 'Product': {
      const product = store.products.get(parsed.id);
      return product ? productView(store, product) : null;
    }
    case 'ProductVariant': {
      const variant = store.variants.get(parsed.id);
      return variant ? variantView(store, variant) : null;
    }
    case 'InventoryItem': {
      const item = store.inventoryItems.get(parsed.id);
      return item ? inventoryItemView(store, item) : null;
    }
    case 'InventoryLevel': {
      const level = [...store.levels.values()].find((l) => l.id === parsed.id);
      return level ? levelView(store, level) : null;
    }
    case 'Order': {
      const order = store.orders.get(parsed.id);
      return order ? orderView(store, order) : null;
    }
    case 'Refund': {
      for (const order of store.orders.values()) {
        const refund = order.refunds.find((r) => r.id === parsed.id);
        if (refund) return refundView(store, order, refund);
      }
      return null;
    }
    case 'LineItem': {
      for (const order of store.orders.values()) {
        const line = order.lineItems.find((l) => l.id === parsed.id);
        if (line) return lineItemView(store, order, line);
      }
      return null;
    }
    default:
      return null;
  }
}
