import type { ExternalRefund } from '@kits/plugin-sdk';
import type { AdminApi } from '../admin-api/index.ts';
import { noteShopifyAlreadyMoved } from '../stock/known-levels.ts';
import { minorOf } from './order-facts.ts';
import { REFUND_QUERY, type ShopifyOrder, type ShopifyRefund } from './order-query.ts';
import type { IntakeScope } from './intake-scope.ts';

/** Shopify's restock types that put the goods back at the location (a return, a cancel, the legacy restock). */
const RESTOCKED = new Set(['RETURN', 'CANCEL', 'LEGACY_RESTOCK']);

/**
 * A Shopify refund as sales@1 refunds: one part per way the goods went (back on the shelf, or not),
 * because a KiTS refund restocks all its lines or none. The money goes with the first part; lines
 * of variants KiTS does not link are left out (their money stays in the tenders).
 */
export function refundParts(
  refund: ShopifyRefund,
  order: Pick<ShopifyOrder, 'name' | 'taxesIncluded' | 'currencyCode' | 'createdAt'>,
  saleId: string,
  links: ReadonlyMap<string, string>,
): ExternalRefund[] {
  const currency = order.currencyCode;
  const tenders = refund.transactions.nodes
    .filter((t) => t.kind === 'REFUND' && (t.status === undefined || t.status === 'SUCCESS'))
    .map((t) => ({ method: (t.gateway || 'shopify').slice(0, 40), amount: minorOf(t.amountSet.shopMoney.amount, currency) }))
    .filter((t) => t.amount > 0);
  const lines = { restocked: [] as ExternalRefund['lines'][number][], kept: [] as ExternalRefund['lines'][number][] };
  for (const item of refund.refundLineItems.nodes) {
    const variantId = item.lineItem.variant ? links.get(item.lineItem.variant.id) : undefined;
    if (!variantId || item.quantity <= 0) continue;
    const subtotal = minorOf(item.subtotalSet.shopMoney.amount, currency);
    const tax = minorOf(item.totalTaxSet.shopMoney.amount, currency);
    // sales@1 takes a refund line's amount with its tax in it.
    const line = { variantId, quantity: item.quantity, amount: order.taxesIncluded ? subtotal : subtotal + tax, tax };
    (RESTOCKED.has(item.restockType) ? lines.restocked : lines.kept).push(line);
  }
  const occurredAt = refund.createdAt ?? new Date().toISOString();
  const name = `${order.name} refund`.slice(0, 200);
  const parts: ExternalRefund[] = [];
  const first = lines.restocked.length > 0 || lines.kept.length === 0 ? 'restocked' : 'kept';
  for (const way of [first, first === 'restocked' ? 'kept' : 'restocked'] as const) {
    const ofWay = lines[way];
    const carriesMoney = parts.length === 0;
    if (ofWay.length === 0 && !(carriesMoney && tenders.length > 0)) continue;
    parts.push({
      // The second part's own id: sales@1 records each source once.
      source: { channel: 'shopify', id: parts.length === 0 ? refund.id : `${refund.id}#${way}`, name },
      saleId,
      occurredAt,
      lines: ofWay,
      tenders: carriesMoney ? tenders : [],
      restock: way === 'restocked',
    });
  }
  return parts;
}

/**
 * Records the order's refunds KiTS has not recorded yet (each read with node(id:), each recorded
 * once), and tells the stock sync which goods Shopify already put back. Answers how many were recorded.
 */
export async function recordRefunds(
  scope: IntakeScope,
  api: AdminApi,
  order: ShopifyOrder,
  sale: { saleId: string; locationId: string },
  links: (variantGids: readonly string[]) => Promise<Map<string, string>>,
): Promise<number> {
  const { tx, services } = scope;
  if (order.refunds.length === 0) return 0;
  const done = new Set(
    (await tx.query<{ refund_id: string }>('select refund_id from shopify.order_refunds where order_id = $1', [order.id])).map(
      (r) => r.refund_id,
    ),
  );
  let recorded = 0;
  for (const { id } of order.refunds) {
    if (done.has(id)) continue;
    const { node: refund } = await api.graphql<{ node: ShopifyRefund | null }>(REFUND_QUERY, { id });
    if (!refund) continue;
    const gids = refund.refundLineItems.nodes.flatMap((n) => (n.lineItem.variant ? [n.lineItem.variant.id] : []));
    const parts = refundParts(refund, order, sale.saleId, await links(gids));
    let restocked = false;
    let kitsRefundId: string | undefined;
    for (const part of parts) {
      const answer = await services.use('sales@1').recordExternalRefund(part);
      kitsRefundId ??= answer.refundId;
      if (answer.created && part.restock) {
        restocked = true;
        await noteShopifyAlreadyMoved(
          tx,
          part.lines.map((l) => ({ variantId: l.variantId, locationId: sale.locationId, delta: l.quantity })),
        );
      }
    }
    await tx.query(
      `insert into shopify.order_refunds (tenant_id, refund_id, order_id, kits_refund_id, restocked)
       values ($1, $2, $3, $4, $5) on conflict do nothing`,
      [tx.tenantId, id, order.id, kitsRefundId ?? '', restocked],
    );
    recorded += 1;
  }
  return recorded;
}
