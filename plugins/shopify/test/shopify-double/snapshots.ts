import { executeSync, parse } from 'graphql';
import { schema } from './graphql-endpoint.ts';
import { queryRoot } from './graph-queries.ts';
import type { GraphContext } from './graph-views.ts';

/**
 * What the seeding helpers hand back to a test: the same GraphQL shape the plugin reads, produced
 * by running these documents against the double's own schema (not metered, not logged).
 */

const MONEY = 'shopMoney { amount currencyCode }';

const ORDER_FIELDS = `
  id name createdAt updatedAt cancelledAt taxesIncluded currencyCode displayFulfillmentStatus displayFinancialStatus
  totalPriceSet { ${MONEY} }
  lineItems(first: 250) { nodes { id title sku quantity currentQuantity variant { id } originalUnitPriceSet { ${MONEY} } totalDiscountSet { ${MONEY} } taxLines { priceSet { ${MONEY} } } } }
  shippingLines(first: 10) { nodes { title originalPriceSet { ${MONEY} } taxLines { priceSet { ${MONEY} } } } }
  transactions(first: 20) { gateway kind status amountSet { ${MONEY} } }
  fulfillmentOrders(first: 10) { nodes { id status assignedLocation { location { id } } } }
  refunds(first: 20) { id }
`;

const REFUND_FIELDS = `
  id createdAt order { id }
  refundLineItems(first: 100) { nodes { lineItem { id variant { id } } quantity restockType subtotalSet { ${MONEY} } totalTaxSet { ${MONEY} } } }
  transactions(first: 10) { nodes { gateway kind amountSet { ${MONEY} } } }
`;

const ORDER_DOCUMENT = parse(`query ($id: ID!) { order(id: $id) { ${ORDER_FIELDS} } }`);
const REFUND_DOCUMENT = parse(`query ($id: ID!) { node(id: $id) { ... on Refund { ${REFUND_FIELDS} } } }`);

export type OrderSnapshot = {
  id: string;
  name: string;
  lineItems: { nodes: { id: string; quantity: number; sku: string | null; variant: { id: string } | null }[] };
  refunds: { id: string }[];
} & Record<string, unknown>;

export type RefundSnapshot = {
  id: string;
  order: { id: string };
  refundLineItems: { nodes: { lineItem: { id: string }; quantity: number; restockType: string }[] };
} & Record<string, unknown>;

function run(context: GraphContext, document: ReturnType<typeof parse>, id: string): Record<string, unknown> {
  const result = executeSync({ schema, document, rootValue: queryRoot(context), contextValue: context, variableValues: { id } });
  if ('errors' in result && result.errors?.length) throw result.errors[0];
  return (result as { data: Record<string, unknown> }).data;
}

export function orderSnapshot(context: GraphContext, id: string): OrderSnapshot {
  return run(context, ORDER_DOCUMENT, id).order as OrderSnapshot;
}

export function refundSnapshot(context: GraphContext, id: string): RefundSnapshot {
  return run(context, REFUND_DOCUMENT, id).node as RefundSnapshot;
}
