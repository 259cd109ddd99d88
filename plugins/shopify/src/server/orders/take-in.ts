import type { ExternalSale } from '@kits/plugin-sdk';
import type { AdminApi } from '../admin-api/index.ts';
import { noteShopifyAlreadyMoved } from '../stock/known-levels.ts';
import { closeUnmappedLocation, raiseDiscrepancies } from './discrepancies.ts';
import type { IntakeScope } from './intake-scope.ts';
import { orderAsSale, stockLinesOf } from './order-facts.ts';
import { ordersSince } from './order-polls.ts';
import { ORDER_LINES_QUERY, ORDER_QUERY, type PageInfo, type ShopifyLineItem, type ShopifyOrder } from './order-query.ts';
import { recordRefunds } from './refunds.ts';

type Stage = 'new' | 'held' | 'reserved' | 'sold' | 'cancelled' | 'skipped';
type StockLine = { variantId: string; locationId: string; quantity: number };

interface OrderRow {
  order_id: string;
  stage: Stage;
  pending: boolean;
  sale_id: string | null;
  reservation_id: string | null;
  location_id: string | null;
  stock_lines: StockLine[] | null;
}

/** What a take-in did, for the log and the tests. */
export type TakeInOutcome =
  'unchanged' | 'gone' | 'before_connection' | 'cancelled' | 'held' | 'skipped' | 'reserved' | 'sold' | 'refunded' | 'voided';

/** How long stock stays held for an unfulfilled order in reserve mode (an order not fulfilled by then is looked at again when Shopify has news). */
const RESERVATION_DAYS = 60;

/**
 * Takes one order in: reads it from Shopify with order(id:) and brings KiTS in line with it — a
 * sale at its fulfilling location (or a reservation until Shopify fulfils it), its refunds, its
 * cancellation. The order's row is locked first, so a webhook delivered three times and polling
 * finding the same order take it in one after the other, and each later one finds nothing left to
 * do. Every step is recorded once even if repeated (sales@1 records once per source).
 */
export async function takeInOrder(scope: IntakeScope, api: AdminApi, orderId: string): Promise<TakeInOutcome> {
  const { tx } = scope;
  const [row] = await tx.query<OrderRow>(
    'select order_id, stage, pending, sale_id, reservation_id, location_id, stock_lines from shopify.orders where order_id = $1 for update',
    [orderId],
  );
  if (!row || !row.pending) return 'unchanged';
  const { order } = await api.graphql<{ order: ShopifyOrder | null }>(ORDER_QUERY, { id: orderId });
  let outcome: TakeInOutcome;
  if (!order) outcome = 'gone';
  else {
    outcome = await bringInLine(scope, api, row, order);
    await tx.query('update shopify.orders set order_name = $2, shopify_updated_at = $3 where order_id = $1', [
      orderId,
      order.name,
      order.updatedAt,
    ]);
  }
  await tx.query(
    `update shopify.orders set pending = false, attempts = 0, last_error = null, next_attempt_at = now(), taken_in_at = now()
      where order_id = $1`,
    [orderId],
  );
  scope.log.info({ orderId, outcome }, 'Shopify order taken in');
  return outcome;
}

async function bringInLine(scope: IntakeScope, api: AdminApi, row: OrderRow, order: ShopifyOrder): Promise<TakeInOutcome> {
  const { tx } = scope;
  const setStage = (
    stage: Stage,
    extra: { saleId?: string; reservationId?: string | null; locationId?: string; stockLines?: StockLine[] } = {},
  ) =>
    tx.query(
      `update shopify.orders set stage = $2, sale_id = coalesce($3, sale_id), reservation_id = case when $4::boolean then $5 else reservation_id end,
              location_id = coalesce($6, location_id), stock_lines = coalesce($7::jsonb, stock_lines)
        where order_id = $1`,
      [
        row.order_id,
        stage,
        extra.saleId ?? null,
        'reservationId' in extra,
        extra.reservationId ?? null,
        extra.locationId ?? null,
        extra.stockLines ? JSON.stringify(extra.stockLines) : null,
      ],
    );
  const fulfilled = order.displayFulfillmentStatus === 'FULFILLED';

  if (row.stage === 'new' || row.stage === 'held') {
    if (order.cancelledAt) {
      await setStage('cancelled');
      return 'cancelled';
    }
    // Shopify's times are whole seconds: an order of the second the store was connected in counts.
    if (row.stage === 'new' && Date.parse(order.createdAt) < Math.floor((await ordersSince(tx)).getTime() / 1000) * 1000) {
      await setStage('skipped');
      return 'before_connection';
    }
    const located = await fulfillingLocation(scope, order);
    if (!located.locationId) {
      await raiseDiscrepancies(tx, [
        {
          orderId: order.id,
          orderName: order.name,
          reason: 'unmapped_location',
          shopifyLocationId: located.shopifyLocationId,
          title: order.name,
        },
      ]);
      await setStage('held');
      return 'held';
    }
    if (row.stage === 'held') await closeUnmappedLocation(tx, order.id);
    const lineItems = await allLineItems(api, order);
    const links = await variantLinks(
      scope,
      lineItems.flatMap((l) => (l.variant ? [l.variant.id] : [])),
    );
    const { sale, unlinked } = orderAsSale(order, lineItems, links, located.locationId);
    await raiseDiscrepancies(
      tx,
      unlinked.map((u) => ({
        orderId: order.id,
        orderName: order.name,
        reason: 'unlinked_variant' as const,
        shopifyVariantId: u.shopifyVariantId,
        locationId: located.locationId,
        title: u.title,
        wanted: u.quantity,
      })),
    );
    // No line is a linked variant: there are no goods KiTS could record (a sale needs one line).
    if (sale.lines.length === 0) {
      await setStage('skipped');
      return 'skipped';
    }
    if ((scope.settings.orderHandling ?? 'sale') === 'reserve' && !fulfilled) {
      const held = await reserve(scope, order, sale);
      await setStage('reserved', { reservationId: held.reservationId, locationId: sale.locationId, stockLines: held.lines });
      await noteShopifyAlreadyMoved(
        tx,
        held.lines.map((l) => ({ ...l, delta: -l.quantity })),
      );
      return 'reserved';
    }
    const saleId = await recordSale(scope, order, sale, true);
    await setStage('sold', { saleId, locationId: sale.locationId, stockLines: stockLinesOf(sale) });
    return afterSale(scope, api, order, { saleId, locationId: sale.locationId, stockLines: stockLinesOf(sale) }, links);
  }

  if (row.stage === 'reserved') {
    const locationId = row.location_id!;
    const heldLines = row.stock_lines ?? [];
    if (order.cancelledAt) {
      if (row.reservation_id) await releaseQuietly(scope, row.reservation_id);
      await setStage('cancelled', { reservationId: null });
      await noteShopifyAlreadyMoved(
        tx,
        heldLines.map((l) => ({ ...l, delta: l.quantity })),
      );
      return 'cancelled';
    }
    if (!fulfilled) return 'reserved';
    const lineItems = await allLineItems(api, order);
    const links = await variantLinks(
      scope,
      lineItems.flatMap((l) => (l.variant ? [l.variant.id] : [])),
    );
    const { sale } = orderAsSale(order, lineItems, links, locationId, row.reservation_id ?? undefined);
    // Shopify's available did not change on fulfilment (the order took it when placed): only
    // what the reservation did not hold (stock that was short then) is news for the stock sync.
    const saleId = await recordSale(scope, order, sale, false);
    const held = new Map(heldLines.map((l) => [l.variantId, l.quantity]));
    await noteShopifyAlreadyMoved(
      tx,
      stockLinesOf(sale).map((l) => ({ ...l, delta: -(l.quantity - Math.min(l.quantity, held.get(l.variantId) ?? 0)) })),
    );
    await setStage('sold', { saleId, reservationId: null, stockLines: stockLinesOf(sale) });
    return afterSale(scope, api, order, { saleId, locationId, stockLines: stockLinesOf(sale) }, links);
  }

  if (row.stage === 'sold' && row.sale_id && row.location_id) {
    const lineItems = order.cancelledAt || order.refunds.length > 0 ? await allLineItems(api, order) : order.lineItems.nodes;
    const links = await variantLinks(
      scope,
      lineItems.flatMap((l) => (l.variant ? [l.variant.id] : [])),
    );
    return afterSale(scope, api, order, { saleId: row.sale_id, locationId: row.location_id, stockLines: row.stock_lines ?? [] }, links);
  }
  return 'unchanged';
}

/**
 * What follows a sale: its refunds, then its cancellation. A canceled order whose sale has
 * refunds is not voided (sales@1 refuses): the refunds already carry the money and the goods back.
 */
async function afterSale(
  scope: IntakeScope,
  api: AdminApi,
  order: ShopifyOrder,
  sale: { saleId: string; locationId: string; stockLines: readonly StockLine[] },
  links: Map<string, string>,
): Promise<TakeInOutcome> {
  const { tx, services } = scope;
  const refunded = await recordRefunds(scope, api, order, sale, async (gids) => {
    const missing = gids.filter((g) => !links.has(g));
    if (missing.length > 0) for (const [k, v] of await variantLinks(scope, missing)) links.set(k, v);
    return links;
  });
  if (order.cancelledAt) {
    const [{ n } = { n: 0 }] = await tx.query<{ n: string | number }>(
      'select count(*) as n from shopify.order_refunds where order_id = $1',
      [order.id],
    );
    if (Number(n) === 0) {
      const { voided } = await services.use('sales@1').voidExternalSale(sale.saleId, `Canceled on Shopify (${order.name}).`);
      if (voided)
        await noteShopifyAlreadyMoved(
          tx,
          sale.stockLines.map((l) => ({ ...l, delta: l.quantity })),
        );
    }
    await tx.query(`update shopify.orders set stage = 'cancelled' where order_id = $1`, [order.id]);
    return 'voided';
  }
  return refunded > 0 ? 'refunded' : 'sold';
}

/** Records the sale once (sales@1 answers the first one on a repeat); its short lines become discrepancies. */
async function recordSale(scope: IntakeScope, order: ShopifyOrder, sale: ExternalSale, noteMoved: boolean): Promise<string> {
  const { tx, services } = scope;
  const result = await services.use('sales@1').recordExternalSale(sale);
  if (result.created) {
    if (noteMoved)
      await noteShopifyAlreadyMoved(
        tx,
        stockLinesOf(sale).map((l) => ({ ...l, delta: -l.quantity })),
      );
    await raiseDiscrepancies(
      tx,
      result.discrepancies.map((d) => ({
        orderId: order.id,
        orderName: order.name,
        reason: 'short_stock' as const,
        variantId: d.variantId,
        locationId: d.locationId,
        wanted: d.quantity,
        available: d.available,
      })),
    );
  }
  return result.sale.id;
}

/**
 * Holds the order's stock at its location until Shopify fulfils it: what is available of each line
 * (the hold never takes available below zero); the rest is a short-stock discrepancy.
 */
async function reserve(
  scope: IntakeScope,
  order: ShopifyOrder,
  sale: ExternalSale,
): Promise<{ reservationId: string | null; lines: StockLine[] }> {
  const inventory = scope.services.use('inventory@1');
  const wanted = stockLinesOf(sale);
  const levels = await inventory.levels(
    wanted.map((l) => l.variantId),
    sale.locationId,
  );
  const available = new Map(levels.map((l) => [l.variantId, Math.max(0, l.available)]));
  const lines = wanted.flatMap((l) => {
    const quantity = Math.min(l.quantity, available.get(l.variantId) ?? 0);
    return quantity > 0 ? [{ ...l, quantity }] : [];
  });
  await raiseDiscrepancies(
    scope.tx,
    wanted
      .filter((l) => (available.get(l.variantId) ?? 0) < l.quantity)
      .map((l) => ({
        orderId: order.id,
        orderName: order.name,
        reason: 'short_stock' as const,
        variantId: l.variantId,
        locationId: l.locationId,
        wanted: l.quantity,
        available: available.get(l.variantId) ?? 0,
      })),
  );
  if (lines.length === 0) return { reservationId: null, lines };
  const expiresAt = new Date(Date.now() + RESERVATION_DAYS * 86_400_000);
  const reservation = await inventory.reserve(lines, expiresAt, { kind: 'shopify-order', id: order.id });
  return { reservationId: reservation.id, lines };
}

/** Releases a hold; one already released (expired) is fine. */
async function releaseQuietly(scope: IntakeScope, reservationId: string): Promise<void> {
  try {
    await scope.tx.savepoint(() => scope.services.use('inventory@1').release(reservationId));
  } catch (error) {
    if ((error as { code?: string }).code !== 'inventory.unknown_reservation') throw error;
  }
}

/** The KiTS location of the order's first fulfilment order, through the location map; the Shopify location when it is not mapped. */
async function fulfillingLocation(
  scope: IntakeScope,
  order: ShopifyOrder,
): Promise<{ locationId?: string; shopifyLocationId: string | null }> {
  const shopifyLocationId = order.fulfillmentOrders.nodes.find((f) => f.assignedLocation.location)?.assignedLocation.location?.id ?? null;
  if (!shopifyLocationId) return { shopifyLocationId };
  const [link] = await scope.tx.query<{ location_id: string }>(
    'select location_id from shopify.location_links where shopify_location_id = $1',
    [shopifyLocationId],
  );
  return link ? { locationId: link.location_id, shopifyLocationId } : { shopifyLocationId };
}

/** Shopify variant gid → linked KiTS variant id (shopify.variant_links, the catalog's links). */
async function variantLinks(scope: IntakeScope, gids: readonly string[]): Promise<Map<string, string>> {
  if (gids.length === 0) return new Map();
  const rows = await scope.tx.query<{ shopify_variant_id: string; variant_id: string }>(
    'select shopify_variant_id, variant_id from shopify.variant_links where shopify_variant_id = any($1::text[])',
    [[...new Set(gids)]],
  );
  return new Map(rows.map((r) => [r.shopify_variant_id, r.variant_id]));
}

/** Every line of the order: the first 50 came with it, the rest page by page. */
async function allLineItems(api: AdminApi, order: ShopifyOrder): Promise<ShopifyLineItem[]> {
  const lines = [...order.lineItems.nodes];
  let page: PageInfo = order.lineItems.pageInfo;
  while (page.hasNextPage && page.endCursor) {
    const { order: more } = await api.graphql<{ order: { lineItems: { nodes: ShopifyLineItem[]; pageInfo: PageInfo } } | null }>(
      ORDER_LINES_QUERY,
      {
        id: order.id,
        after: page.endCursor,
      },
    );
    if (!more) break;
    lines.push(...more.lineItems.nodes);
    page = more.lineItems.pageInfo;
  }
  return lines;
}
