/** The Admin GraphQL documents the order intake reads, and the shapes they answer (Shopify's names). */

interface Money {
  readonly shopMoney: { readonly amount: string; readonly currencyCode?: string };
}

export interface ShopifyTransaction {
  readonly id: string;
  readonly gateway: string | null;
  readonly kind: string;
  readonly status: string;
  readonly amountSet: Money;
}

export interface ShopifyLineItem {
  readonly id: string;
  readonly title: string;
  readonly sku: string | null;
  readonly quantity: number;
  readonly variant: { readonly id: string } | null;
  readonly originalUnitPriceSet: Money;
  readonly totalDiscountSet: Money;
  readonly taxLines: ReadonlyArray<{ readonly priceSet: Money }>;
}

export interface ShopifyRefund {
  readonly id: string;
  readonly createdAt: string | null;
  readonly refundLineItems: {
    readonly nodes: ReadonlyArray<{
      readonly lineItem: { readonly id: string; readonly title: string; readonly variant: { readonly id: string } | null };
      readonly quantity: number;
      readonly restockType: 'CANCEL' | 'LEGACY_RESTOCK' | 'NO_RESTOCK' | 'RETURN';
      readonly subtotalSet: Money;
      readonly totalTaxSet: Money;
    }>;
  };
  readonly transactions: { readonly nodes: ReadonlyArray<Omit<ShopifyTransaction, 'status' | 'id'> & { readonly status?: string }> };
}

/** An order as order(id:) and orders(…) answer it. */
export interface ShopifyOrder {
  readonly id: string;
  readonly name: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly cancelledAt: string | null;
  readonly taxesIncluded: boolean;
  readonly currencyCode: string;
  readonly displayFulfillmentStatus: string;
  readonly lineItems: { readonly nodes: readonly ShopifyLineItem[]; readonly pageInfo: PageInfo };
  readonly shippingLines: {
    readonly nodes: ReadonlyArray<{
      readonly title: string;
      readonly originalPriceSet: Money;
      readonly taxLines: ReadonlyArray<{ readonly priceSet: Money }>;
    }>;
  };
  readonly transactions: readonly ShopifyTransaction[];
  readonly fulfillmentOrders: {
    readonly nodes: ReadonlyArray<{ readonly assignedLocation: { readonly location: { readonly id: string } | null } }>;
  };
  readonly refunds: ReadonlyArray<{ readonly id: string }>;
}

/**
 * Page sizes keep each query under Shopify's 1,000-point limit for one query (a connection costs
 * 2 + first × one node): the order with 50 lines costs about 550; its refunds are read one by one
 * (node(id:), about 390) and only those KiTS has not recorded yet; more lines are read page by page.
 */
const LINE_FIELDS = /* GraphQL */ `
  fragment KitsLine on LineItem {
    id
    title
    sku
    quantity
    variant {
      id
    }
    originalUnitPriceSet {
      shopMoney {
        amount
        currencyCode
      }
    }
    totalDiscountSet {
      shopMoney {
        amount
      }
    }
    taxLines {
      priceSet {
        shopMoney {
          amount
        }
      }
    }
  }
`;

export const ORDER_QUERY = /* GraphQL */ `
  query KitsOrder($id: ID!) {
    order(id: $id) {
      id
      name
      createdAt
      updatedAt
      cancelledAt
      taxesIncluded
      currencyCode
      displayFulfillmentStatus
      lineItems(first: 50) {
        nodes {
          ...KitsLine
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
      shippingLines(first: 5) {
        nodes {
          title
          originalPriceSet {
            shopMoney {
              amount
            }
          }
          taxLines {
            priceSet {
              shopMoney {
                amount
              }
            }
          }
        }
      }
      transactions(first: 10) {
        id
        gateway
        kind
        status
        amountSet {
          shopMoney {
            amount
          }
        }
      }
      fulfillmentOrders(first: 5) {
        nodes {
          assignedLocation {
            location {
              id
            }
          }
        }
      }
      refunds(first: 20) {
        id
      }
    }
  }
  ${LINE_FIELDS}
`;

/** The order's further lines, past the first 50. */
export const ORDER_LINES_QUERY = /* GraphQL */ `
  query KitsOrderLines($id: ID!, $after: String) {
    order(id: $id) {
      lineItems(first: 50, after: $after) {
        nodes {
          ...KitsLine
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
  ${LINE_FIELDS}
`;

export const REFUND_QUERY = /* GraphQL */ `
  query KitsRefund($id: ID!) {
    node(id: $id) {
      ... on Refund {
        id
        createdAt
        refundLineItems(first: 50) {
          nodes {
            lineItem {
              id
              title
              variant {
                id
              }
            }
            quantity
            restockType
            subtotalSet {
              shopMoney {
                amount
              }
            }
            totalTaxSet {
              shopMoney {
                amount
              }
            }
          }
        }
        transactions(first: 10) {
          nodes {
            gateway
            kind
            status
            amountSet {
              shopMoney {
                amount
              }
            }
          }
        }
      }
    }
  }
`;

/** Polling lists only which orders changed (about 100 points a page); each is then taken in with ORDER_QUERY. */
export const ORDERS_UPDATED_SINCE = /* GraphQL */ `
  query KitsOrdersSince($first: Int!, $after: String, $query: String!) {
    orders(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {
      nodes {
        id
        name
        updatedAt
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;

export interface PageInfo {
  readonly hasNextPage: boolean;
  readonly endCursor: string | null;
}

export interface OrdersPage {
  readonly orders: {
    readonly nodes: ReadonlyArray<{ readonly id: string; readonly name: string; readonly updatedAt: string }>;
    readonly pageInfo: PageInfo;
  };
}
