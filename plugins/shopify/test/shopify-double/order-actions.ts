import { toMinor } from './amounts.ts';
import { gidNumber } from './ids.ts';
import type { LineItemRecord, OrderRecord, RefundLineRecord, RefundRecord, ShopStore } from './store.ts';
import { orderTotals, unfulfilledRemoved } from './graph-views.ts';

/**
 * What happens on Shopify when a customer orders, and when the merchant cancels, refunds or
 * fulfils — with the inventory moves Shopify makes: an order commits its units at the fulfilling
 * location (available − n, committed + n; on_hand unchanged); fulfilment ships them (committed − n,
 * so on_hand − n); cancelling with restock, or refunding unfulfilled units with restock, releases
 * them (committed − n, available + n); refunding shipped units with restock returns them
 * (available + n, on_hand + n); a refund without restock of unfulfilled units removes them
 * (committed − n). `available` may go below zero, as for an order Shopify accepted while overselling.
 */

export interface OrderLineInput {
  variantId: string;
  quantity: number;
  /** Unit price (decimal text); the variant's price when left out. */
  price?: string;
  /** The whole line's discount (decimal text). */
  discount?: string;
  /** The whole line's tax (decimal text), as Shopify computed it. */
  tax?: string;
}

export interface CreateOrderInput {
  lineItems: OrderLineInput[];
  locationId: string;
  taxesIncluded?: boolean;
  gateway?: string;
  shipping?: { title?: string; price: string; tax?: string };
}

export interface RefundInput {
  lines: { lineItemId: string; quantity: number; restock: boolean }[];
  /** Shipping refunded (decimal text), or the whole shipping with `fullRefund`. */
  shipping?: { amount?: string; fullRefund?: boolean };
}

export function requireOrder(store: ShopStore, orderId: string | number): OrderRecord {
  const id = typeof orderId === 'number' ? orderId : gidNumber(orderId, 'Order');
  const order = id === undefined ? undefined : store.orders.get(id);
  if (!order) throw new Error(`No such order: ${orderId}`);
  return order;
}

export function createOrder(store: ShopStore, input: CreateOrderInput): OrderRecord {
  const locationId = gidNumber(input.locationId, 'Location');
  if (locationId === undefined || !store.locations.has(locationId)) throw new Error(`No such location: ${input.locationId}`);
  if (input.lineItems.length === 0) throw new Error('An order needs at least one line item');
  const lines: LineItemRecord[] = input.lineItems.map((line) => {
    const variant = store.variants.get(gidNumber(line.variantId, 'ProductVariant') ?? -1);
    if (!variant) throw new Error(`No such variant: ${line.variantId}`);
    if (!Number.isInteger(line.quantity) || line.quantity <= 0)
      throw new Error(`Quantity must be a positive whole number, got ${line.quantity}`);
    const product = store.products.get(variant.productId)!;
    const price = line.price === undefined ? variant.price : toMinor(line.price, store.currency, 'price');
    const tax = line.tax === undefined ? 0 : toMinor(line.tax, store.currency, 'tax');
    const discount = line.discount === undefined ? 0 : toMinor(line.discount, store.currency, 'discount');
    const base = price * line.quantity - discount;
    const title = store.variantTitle(variant);
    return {
      id: store.newId(),
      variantId: variant.id,
      productId: product.id,
      title: product.title,
      variantTitle: title === 'Default Title' ? null : title,
      sku: variant.sku,
      quantity: line.quantity,
      price,
      discount,
      tax,
      taxRate: base <= 0 ? 0 : Math.round((tax / (input.taxesIncluded ? base - tax : base)) * 10000) / 10000,
      fulfilled: 0,
    };
  });
  const at = store.now();
  const number = store.newOrderNumber();
  const order: OrderRecord = {
    id: store.newId(),
    number,
    name: `#${number}`,
    currency: store.currency,
    taxesIncluded: input.taxesIncluded ?? false,
    locationId,
    fulfillmentOrderId: store.newId(),
    lineItems: lines,
    shippingLines: input.shipping
      ? [
          {
            id: store.newId(),
            title: input.shipping.title ?? 'Standard',
            price: toMinor(input.shipping.price, store.currency, 'shipping.price'),
            tax: input.shipping.tax === undefined ? 0 : toMinor(input.shipping.tax, store.currency, 'shipping.tax'),
          },
        ]
      : [],
    transactions: [],
    refunds: [],
    createdAt: at,
    updatedAt: at,
    cancelledAt: null,
    cancelReason: null,
    fulfilledAt: null,
  };
  order.transactions.push({
    id: store.newId(),
    kind: 'SALE',
    status: 'SUCCESS',
    gateway: input.gateway ?? 'shopify_payments',
    amount: orderTotals(order).total,
    createdAt: at,
  });
  for (const line of lines) {
    const variant = store.variants.get(line.variantId!)!;
    store.moveLevel(variant.inventoryItemId, locationId, { available: -line.quantity, committed: line.quantity });
  }
  store.orders.set(order.id, order);
  return order;
}

/** Units of a line still waiting to ship (neither fulfilled nor cancelled/removed). */
function unfulfilled(order: OrderRecord, line: LineItemRecord): number {
  return line.quantity - line.fulfilled - unfulfilledRemoved(order, line);
}

function shipped(order: OrderRecord, line: LineItemRecord): number {
  const refunded = order.refunds
    .flatMap((r) => r.lines)
    .filter((r) => r.lineItemId === line.id && r.shipped)
    .reduce((sum, r) => sum + r.quantity, 0);
  return line.fulfilled - refunded;
}

/** A line's share of its discount or tax for `quantity` of its units, rounded to the minor unit. */
function share(total: number, quantity: number, lineQuantity: number): number {
  return Math.round((total * quantity) / lineQuantity);
}

function record(store: ShopStore, order: OrderRecord, lines: RefundLineRecord[], shipping: number): RefundRecord {
  const at = store.now();
  const amount = lines.reduce((sum, l) => sum + l.subtotal + (order.taxesIncluded ? 0 : l.tax), 0) + shipping;
  const refund: RefundRecord = {
    id: store.newId(),
    orderId: order.id,
    createdAt: at,
    lines,
    shipping,
    transactions:
      amount > 0
        ? [
            {
              id: store.newId(),
              kind: 'REFUND',
              status: 'SUCCESS',
              gateway: order.transactions[0]?.gateway ?? 'manual',
              amount,
              createdAt: at,
            },
          ]
        : [],
  };
  order.refunds.push(refund);
  order.updatedAt = at;
  return refund;
}

export function refundOrder(store: ShopStore, orderId: string | number, input: RefundInput): RefundRecord {
  const order = requireOrder(store, orderId);
  const refundLines: RefundLineRecord[] = [];
  for (const wanted of input.lines) {
    const line = order.lineItems.find((l) => l.id === gidNumber(wanted.lineItemId, 'LineItem'));
    if (!line) throw new Error(`No such line item on ${order.name}: ${wanted.lineItemId}`);
    const left = wanted.quantity;
    // Unfulfilled units go first (cancelled, or removed without restock); then shipped ones (returned).
    const fromOpen = Math.min(left, unfulfilled(order, line));
    const fromShipped = Math.min(left - fromOpen, shipped(order, line));
    if (fromOpen + fromShipped < left) throw new Error(`Only ${fromOpen + fromShipped} of line ${wanted.lineItemId} can be refunded`);
    const variant = line.variantId === null ? undefined : store.variants.get(line.variantId);
    for (const [quantity, isShipped] of [
      [fromOpen, false],
      [fromShipped, true],
    ] as const) {
      if (quantity === 0) continue;
      const restockType = !wanted.restock ? 'NO_RESTOCK' : isShipped ? 'RETURN' : 'CANCEL';
      refundLines.push({
        id: store.newId(),
        lineItemId: line.id,
        quantity,
        restockType,
        shipped: isShipped,
        locationId: restockType === 'NO_RESTOCK' ? null : order.locationId,
        subtotal: line.price * quantity - share(line.discount, quantity, line.quantity),
        tax: share(line.tax, quantity, line.quantity),
      });
      if (!variant) continue;
      if (restockType === 'RETURN') store.moveLevel(variant.inventoryItemId, order.locationId, { available: quantity });
      else if (restockType === 'CANCEL')
        store.moveLevel(variant.inventoryItemId, order.locationId, { available: quantity, committed: -quantity });
      else if (!isShipped) store.moveLevel(variant.inventoryItemId, order.locationId, { committed: -quantity });
    }
  }
  const shippingTotal = order.shippingLines.reduce((sum, s) => sum + s.price, 0);
  const shipping = input.shipping?.fullRefund
    ? shippingTotal
    : input.shipping?.amount
      ? toMinor(input.shipping.amount, store.currency, 'shipping.amount')
      : 0;
  return record(store, order, refundLines, shipping);
}

export function cancelOrder(
  store: ShopStore,
  orderId: string | number,
  options: { restock?: boolean; refund?: boolean; reason?: OrderRecord['cancelReason'] } = {},
): OrderRecord {
  const order = requireOrder(store, orderId);
  if (order.cancelledAt) throw new Error(`${order.name} is already cancelled`);
  const restock = options.restock ?? true;
  const lines = order.lineItems
    .map((line) => ({ lineItemId: `gid://shopify/LineItem/${line.id}`, quantity: unfulfilled(order, line), restock }))
    .filter((line) => line.quantity > 0);
  // Cancelling a paid order refunds it (and releases what was not shipped) in one refund.
  if (options.refund ?? true) refundOrder(store, order.id, { lines, shipping: { fullRefund: true } });
  else {
    for (const line of order.lineItems) {
      const variant = line.variantId === null ? undefined : store.variants.get(line.variantId);
      const open = unfulfilled(order, line);
      if (variant && open > 0 && restock) store.moveLevel(variant.inventoryItemId, order.locationId, { available: open, committed: -open });
    }
  }
  const at = store.now();
  order.cancelledAt = at;
  order.cancelReason = options.reason ?? 'CUSTOMER';
  order.updatedAt = at;
  return order;
}

export function fulfillOrder(store: ShopStore, orderId: string | number): OrderRecord {
  const order = requireOrder(store, orderId);
  if (order.cancelledAt) throw new Error(`${order.name} is cancelled`);
  for (const line of order.lineItems) {
    const open = unfulfilled(order, line);
    if (open <= 0) continue;
    const variant = line.variantId === null ? undefined : store.variants.get(line.variantId);
    if (variant) store.moveLevel(variant.inventoryItemId, order.locationId, { committed: -open });
    line.fulfilled += open;
  }
  const at = store.now();
  order.fulfilledAt = at;
  order.updatedAt = at;
  return order;
}
