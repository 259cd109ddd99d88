import { gidNumber } from './ids.ts';
import type { PageArgs, SortValue } from './pagination.ts';
import { paginate } from './pagination.ts';
import { type SearchFields, matchesSearch, parseSearchQuery } from './search-query.ts';
import type { LocationRecord, OrderRecord, ProductRecord, ShopStore, VariantRecord } from './store.ts';
import {
  type GraphContext,
  financialStatus,
  fulfillmentStatus,
  inventoryItemView,
  locationView,
  nodeView,
  orderView,
  productView,
  shopView,
  variantView,
} from './graph-views.ts';

/** QueryRoot: each field filters with Shopify's search syntax, sorts by its sortKey and pages. */

type ListArgs = PageArgs & { query?: string | null; sortKey?: string | null };

function page<T>(
  items: readonly T[],
  args: ListArgs,
  fields: (item: T) => SearchFields,
  sortValue: (item: T) => { id: number; value: SortValue },
  view: (item: T) => Record<string, unknown>,
) {
  const tree = parseSearchQuery(args.query ?? '');
  const matching = items.filter((item) => matchesSearch(tree, fields(item)));
  const result = paginate(matching, sortValue, args);
  return {
    nodes: result.nodes.map(view),
    edges: result.edges.map((edge) => ({ cursor: edge.cursor, node: view(edge.node) })),
    pageInfo: result.pageInfo,
  };
}

function variantFields(store: ShopStore, variant: VariantRecord): SearchFields {
  const product = store.products.get(variant.productId)!;
  return (field) => {
    switch (field) {
      case 'default':
        return [product.title, store.variantTitle(variant), variant.sku ?? '', variant.barcode ?? ''].join(' ');
      case 'sku':
        return variant.sku;
      case 'barcode':
        return variant.barcode;
      case 'id':
        return variant.id;
      case 'product_id':
        return variant.productId;
      case 'title':
        return store.variantTitle(variant);
      case 'product_status':
        return product.status.toLowerCase();
      case 'updated_at':
        return variant.updatedAt;
      case 'created_at':
        return variant.createdAt;
      case 'inventory_item_id':
        return variant.inventoryItemId;
      default:
        return undefined;
    }
  };
}

function productFields(store: ShopStore, product: ProductRecord): SearchFields {
  const variants = store.variantsOf(product);
  return (field) => {
    switch (field) {
      case 'default':
      case 'title':
        return product.title;
      case 'id':
        return product.id;
      case 'status':
        return product.status.toLowerCase();
      case 'sku':
        return variants.map((v) => v.sku);
      case 'barcode':
        return variants.map((v) => v.barcode);
      case 'updated_at':
        return product.updatedAt;
      case 'created_at':
        return product.createdAt;
      default:
        return undefined;
    }
  };
}

function orderFields(order: OrderRecord): SearchFields {
  return (field) => {
    switch (field) {
      case 'default':
      case 'name':
        return [order.name, String(order.number)];
      case 'id':
        return order.id;
      case 'updated_at':
        return order.updatedAt;
      case 'created_at':
      case 'processed_at':
        return order.createdAt;
      case 'status':
        return order.cancelledAt ? 'cancelled' : fulfillmentStatus(order) === 'FULFILLED' ? 'closed' : 'open';
      case 'fulfillment_status':
        return { FULFILLED: 'shipped', PARTIALLY_FULFILLED: 'partial', UNFULFILLED: 'unshipped' }[fulfillmentStatus(order)];
      case 'financial_status':
        return financialStatus(order).toLowerCase();
      default:
        return undefined;
    }
  };
}

function locationFields(location: LocationRecord): SearchFields {
  return (field) => {
    if (field === 'default' || field === 'name') return location.name;
    if (field === 'id') return location.id;
    if (field === 'active') return location.isActive;
    return undefined;
  };
}

export function queryRoot(context: GraphContext) {
  const { store } = context;
  return {
    shop: () => shopView(context),
    node: ({ id }: { id: string }) => nodeView(store, context, id),
    nodes: ({ ids }: { ids: string[] }) => ids.map((id) => nodeView(store, context, id)),
    location: ({ id }: { id?: string | null }) => {
      const location = id ? store.locations.get(gidNumber(id, 'Location') ?? -1) : [...store.locations.values()][0];
      return location ? locationView(store, location) : null;
    },
    locations: (args: ListArgs & { includeInactive?: boolean }) =>
      page(
        [...store.locations.values()].filter((l) => args.includeInactive || l.isActive),
        args,
        locationFields,
        (l) => ({ id: l.id, value: args.sortKey === 'ID' ? l.id : l.name }),
        (l) => locationView(store, l),
      ),
    product: ({ id }: { id: string }) => {
      const product = store.products.get(gidNumber(id, 'Product') ?? -1);
      return product ? productView(store, product) : null;
    },
    products: (args: ListArgs) =>
      page(
        [...store.products.values()],
        args,
        (p) => productFields(store, p),
        (p) => ({
          id: p.id,
          value:
            args.sortKey === 'TITLE'
              ? p.title
              : args.sortKey === 'UPDATED_AT'
                ? p.updatedAt.getTime()
                : args.sortKey === 'CREATED_AT'
                  ? p.createdAt.getTime()
                  : p.id,
        }),
        (p) => productView(store, p),
      ),
    productVariant: ({ id }: { id: string }) => {
      const variant = store.variants.get(gidNumber(id, 'ProductVariant') ?? -1);
      return variant ? variantView(store, variant) : null;
    },
    productVariants: (args: ListArgs) =>
      page(
        [...store.variants.values()],
        args,
        (v) => variantFields(store, v),
        (v) => ({ id: v.id, value: args.sortKey === 'SKU' ? (v.sku ?? '') : args.sortKey === 'TITLE' ? store.variantTitle(v) : v.id }),
        (v) => variantView(store, v),
      ),
    inventoryItem: ({ id }: { id: string }) => {
      const item = store.inventoryItems.get(gidNumber(id, 'InventoryItem') ?? -1);
      return item ? inventoryItemView(store, item) : null;
    },
    order: ({ id }: { id: string }) => {
      const order = store.orders.get(gidNumber(id, 'Order') ?? -1);
      return order ? orderView(store, order) : null;
    },
    orders: (args: ListArgs) =>
      page(
        [...store.orders.values()],
        args,
        orderFields,
        (o) => ({
          id: o.id,
          value:
            args.sortKey === 'UPDATED_AT'
              ? o.updatedAt.getTime()
              : args.sortKey === 'ID'
                ? o.id
                : args.sortKey === 'ORDER_NUMBER'
                  ? o.number
                  : o.createdAt.getTime(),
        }),
        (o) => orderView(store, o),
      ),
  };
}
