import { moneyText } from './amounts.ts';
import { gid } from './ids.ts';
import { financialStatus, fulfillmentStatus, iso, orderTotals } from './graph-views.ts';
import type { LineItemRecord, OrderRecord, ProductRecord, RefundRecord, ShopStore } from './store.ts';
import type { ShopIdentity } from './graph-views.ts';

/**
 * Webhook bodies in Shopify's REST JSON shape (snake_case, numeric `id` beside
 * `admin_graphql_api_id`, money as "12.50" strings with `*_set` twins), for the topics the plugin
 * subscribes to. Only the fields a receiver reasonably reads are filled; Shopify sends more.
 */

type Json = Record<string, unknown>;

function set(store: ShopStore, minor: number): Json {
  const money = { amount: moneyText(minor, store.currency), currency_code: store.currency };
  return { shop_money: money, presentment_money: money };
}

function lineItemPayload(store: ShopStore, order: OrderRecord, line: LineItemRecord): Json {
  const taxLines =
    line.tax === 0
      ? []
      : [
          {
            title: 'VAT',
            price: moneyText(line.tax, store.currency),
            rate: line.taxRate,
            price_set: set(store, line.tax),
            channel_liable: false,
          },
        ];
  const refunded = order.refunds
    .flatMap((r) => r.lines)
    .filter((r) => r.lineItemId === line.id)
    .reduce((s, r) => s + r.quantity, 0);
  const variant = line.variantId === null ? undefined : store.variants.get(line.variantId);
  return {
    id: line.id,
    admin_graphql_api_id: gid('LineItem', line.id),
    variant_id: line.variantId,
    product_id: line.productId,
    title: line.title,
    variant_title: line.variantTitle,
    name: line.variantTitle ? `${line.title} - ${line.variantTitle}` : line.title,
    sku: line.sku,
    quantity: line.quantity,
    current_quantity: line.quantity - refunded,
    fulfillable_quantity: Math.max(0, line.quantity - line.fulfilled - refunded),
    fulfillment_status: line.fulfilled === 0 ? null : line.fulfilled >= line.quantity ? 'fulfilled' : 'partial',
    price: moneyText(line.price, store.currency),
    price_set: set(store, line.price),
    total_discount: moneyText(line.discount, store.currency),
    total_discount_set: set(store, line.discount),
    tax_lines: taxLines,
    taxable: line.tax > 0,
    requires_shipping: true,
    gift_card: false,
    product_exists: variant !== undefined,
    vendor: null,
    grams: 0,
  };
}

export function refundPayload(store: ShopStore, order: OrderRecord, refund: RefundRecord): Json {
  return {
    id: refund.id,
    admin_graphql_api_id: gid('Refund', refund.id),
    order_id: order.id,
    created_at: iso(refund.createdAt),
    processed_at: iso(refund.createdAt),
    note: null,
    restock: refund.lines.some((l) => l.restockType !== 'NO_RESTOCK'),
    user_id: null,
    refund_line_items: refund.lines.map((line) => {
      const item = order.lineItems.find((l) => l.id === line.lineItemId)!;
      return {
        id: line.id,
        line_item_id: line.lineItemId,
        location_id: line.locationId,
        quantity: line.quantity,
        restock_type: line.restockType.toLowerCase(),
        subtotal: Number(moneyText(line.subtotal, store.currency)),
        subtotal_set: set(store, line.subtotal),
        total_tax: Number(moneyText(line.tax, store.currency)),
        total_tax_set: set(store, line.tax),
        line_item: lineItemPayload(store, order, item),
      };
    }),
    transactions: refund.transactions.map((t) => ({
      id: t.id,
      admin_graphql_api_id: gid('OrderTransaction', t.id),
      order_id: order.id,
      kind: 'refund',
      gateway: t.gateway,
      status: 'success',
      amount: moneyText(t.amount, store.currency),
      currency: store.currency,
      created_at: iso(t.createdAt),
      processed_at: iso(t.createdAt),
    })),
    order_adjustments:
      refund.shipping > 0
        ? [
            {
              id: refund.id,
              order_id: order.id,
              refund_id: refund.id,
              kind: 'shipping_refund',
              reason: 'Shipping refund',
              amount: moneyText(-refund.shipping, store.currency),
              amount_set: set(store, -refund.shipping),
              tax_amount: '0.00',
            },
          ]
        : [],
  };
}

export function orderPayload(store: ShopStore, order: OrderRecord): Json {
  const totals = orderTotals(order);
  const fulfillment = fulfillmentStatus(order);
  const shippingTax = order.shippingLines.reduce((s, l) => s + l.tax, 0);
  return {
    id: order.id,
    admin_graphql_api_id: gid('Order', order.id),
    name: order.name,
    number: order.number - 1000,
    order_number: order.number,
    created_at: iso(order.createdAt),
    updated_at: iso(order.updatedAt),
    processed_at: iso(order.createdAt),
    cancelled_at: order.cancelledAt ? iso(order.cancelledAt) : null,
    cancel_reason: order.cancelReason?.toLowerCase() ?? null,
    closed_at: order.cancelledAt ? iso(order.cancelledAt) : order.fulfilledAt ? iso(order.fulfilledAt) : null,
    currency: order.currency,
    presentment_currency: order.currency,
    taxes_included: order.taxesIncluded,
    financial_status: financialStatus(order).toLowerCase(),
    fulfillment_status: fulfillment === 'FULFILLED' ? 'fulfilled' : fulfillment === 'PARTIALLY_FULFILLED' ? 'partial' : null,
    payment_gateway_names: [...new Set(order.transactions.map((t) => t.gateway))],
    subtotal_price: moneyText(totals.lines - totals.discounts, store.currency),
    subtotal_price_set: set(store, totals.lines - totals.discounts),
    total_line_items_price: moneyText(totals.lines, store.currency),
    total_discounts: moneyText(totals.discounts, store.currency),
    total_tax: moneyText(totals.tax, store.currency),
    total_tax_set: set(store, totals.tax),
    total_price: moneyText(totals.total, store.currency),
    total_price_set: set(store, totals.total),
    line_items: order.lineItems.map((line) => lineItemPayload(store, order, line)),
    shipping_lines: order.shippingLines.map((s) => ({
      id: s.id,
      title: s.title,
      code: s.title,
      price: moneyText(s.price, store.currency),
      price_set: set(store, s.price),
      discounted_price: moneyText(s.price, store.currency),
      tax_lines:
        s.tax === 0
          ? []
          : [
              {
                title: 'VAT',
                price: moneyText(s.tax, store.currency),
                rate: s.price === 0 ? 0 : s.tax / s.price,
                price_set: set(store, s.tax),
              },
            ],
    })),
    tax_lines:
      totals.tax === 0
        ? []
        : [{ title: 'VAT', price: moneyText(totals.tax, store.currency), price_set: set(store, totals.tax), shipping_tax: shippingTax }],
    fulfillments: order.fulfilledAt
      ? [
          {
            id: order.fulfillmentOrderId,
            admin_graphql_api_id: gid('FulfillmentOrder', order.fulfillmentOrderId),
            order_id: order.id,
            status: 'success',
            location_id: order.locationId,
            created_at: iso(order.fulfilledAt),
            line_items: order.lineItems.filter((l) => l.fulfilled > 0).map((l) => lineItemPayload(store, order, l)),
          },
        ]
      : [],
    refunds: order.refunds.map((refund) => refundPayload(store, order, refund)),
  };
}

export function productPayload(store: ShopStore, product: ProductRecord): Json {
  const variants = store.variantsOf(product);
  return {
    id: product.id,
    admin_graphql_api_id: gid('Product', product.id),
    title: product.title,
    status: product.status.toLowerCase(),
    created_at: iso(product.createdAt),
    updated_at: iso(product.updatedAt),
    options: product.options.map((o, i) => ({ id: o.id, product_id: product.id, name: o.name, position: i + 1, values: o.values })),
    variants: variants.map((v, i) => ({
      id: v.id,
      admin_graphql_api_id: gid('ProductVariant', v.id),
      product_id: product.id,
      title: store.variantTitle(v),
      price: moneyText(v.price, store.currency),
      sku: v.sku,
      barcode: v.barcode,
      position: i + 1,
      inventory_item_id: v.inventoryItemId,
      inventory_quantity: store.levelsOf(v.inventoryItemId).reduce((s, l) => s + l.available, 0),
      option1: v.selectedOptions[0]?.value ?? null,
      option2: v.selectedOptions[1]?.value ?? null,
      option3: v.selectedOptions[2]?.value ?? null,
      created_at: iso(v.createdAt),
      updated_at: iso(v.updatedAt),
    })),
  };
}

export function shopPayload(store: ShopStore, shop: ShopIdentity): Json {
  return { id: 1, name: shop.name, domain: shop.domain, myshopify_domain: shop.domain, currency: store.currency };
}
