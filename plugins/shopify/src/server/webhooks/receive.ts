import { badRequest, DomainError, type WebhookRequest } from '@kits/plugin-sdk';
import { receiveProductUpdate } from '../catalog/product-webhook.ts';
import { disconnect, readConnection } from '../connection/connection-store.ts';
import { noticeOrder } from '../orders/order-queue.ts';
import type { ShopifySettings } from '../settings.ts';
import { webhookSignatureMatches } from './signature.ts';

export interface WebhookAnswer {
  readonly received: true;
  readonly topic: string;
  /** applied; `duplicate`: this webhook id was applied before; `ignored`: a topic or store KiTS does not act on. */
  readonly outcome: 'applied' | 'duplicate' | 'ignored';
}

/** The order topics: each tells KiTS an order has news, which the order intake brings in with order(id:). */
const ORDER_TOPICS = new Set(['orders/create', 'orders/updated', 'orders/cancelled', 'orders/fulfilled', 'orders/paid', 'refunds/create']);

/**
 * Shopify's webhooks for the tenant (`POST /webhooks/shopify/<tenant>/events`, topic in
 * `X-Shopify-Topic`). The signature over the raw body is checked before anything else: a missing
 * or wrong one is a 401 problem and nothing is written. Each `X-Shopify-Webhook-Id` is applied once.
 * Order topics only note the order to take in (answered at once; the intake fetches it with
 * order(id:) after commit), so Shopify's 5-second limit is never near.
 */
export async function receiveShopifyWebhook(request: WebhookRequest<ShopifySettings>): Promise<WebhookAnswer> {
  const { tx, settings, headers } = request;
  if (!settings.appClientSecret || !webhookSignatureMatches(request.rawBody, headers['x-shopify-hmac-sha256'], settings.appClientSecret)) {
    throw new DomainError(
      'shopify.webhook_signature',
      401,
      settings.appClientSecret
        ? 'X-Shopify-Hmac-Sha256 is missing or is not the signature of this body with the appClientSecret setting: nothing was changed.'
        : 'The Shopify plugin has no appClientSecret setting, so no webhook can be checked: nothing was changed.',
    );
  }
  const topic = header(headers['x-shopify-topic']);
  const webhookId = header(headers['x-shopify-webhook-id']);
  if (!topic || !webhookId)
    throw badRequest('shopify.webhook_headers', 'A Shopify webhook carries X-Shopify-Topic and X-Shopify-Webhook-Id.');
  let payload: Record<string, unknown>;
  try {
    payload = JSON.parse(Buffer.from(request.rawBody).toString('utf8')) as Record<string, unknown>;
  } catch {
    throw badRequest('shopify.webhook_body', 'The webhook body is not JSON.');
  }
  if (payload === null || typeof payload !== 'object') throw badRequest('shopify.webhook_body', 'The webhook body is not a JSON object.');

  const connection = await readConnection(tx);
  const shop = header(headers['x-shopify-shop-domain']);
  // A delivery for another store than the connected one (an old install's subscription) changes nothing here.
  if (!connection || (shop && shop !== connection.shopDomain)) return { received: true, topic, outcome: 'ignored' };
  if (!ORDER_TOPICS.has(topic) && topic !== 'app/uninstalled' && topic !== 'products/update')
    return { received: true, topic, outcome: 'ignored' };

  const fresh = await tx.query(
    'insert into shopify.webhook_deliveries (tenant_id, webhook_id, topic) values ($1, $2, $3) on conflict do nothing returning 1',
    [tx.tenantId, webhookId, topic],
  );
  if (fresh.length === 0) return { received: true, topic, outcome: 'duplicate' };

  if (topic === 'app/uninstalled') {
    if (await disconnect(tx, 'The KiTS app was uninstalled from the Shopify store: install it again to sync.'))
      await tx.audit('shopify.disconnected', { shopDomain: connection.shopDomain, why: 'app/uninstalled' });
  } else if (topic === 'products/update') {
    await receiveProductUpdate(request, payload);
  } else {
    const orderId = orderIdOf(topic, payload);
    if (!orderId) throw badRequest('shopify.webhook_body', `A ${topic} webhook names its order (admin_graphql_api_id, id or order_id).`);
    await noticeOrder(tx, { orderId, orderName: typeof payload.name === 'string' ? payload.name : null, via: 'webhook' });
  }
  request.log.info({ topic, webhookId }, 'Shopify webhook applied');
  return { received: true, topic, outcome: 'applied' };
}

function header(value: string | string[] | undefined): string | undefined {
  const one = Array.isArray(value) ? value[0] : value;
  return one && one.length <= 500 ? one : undefined;
}

/** The order's gid: an order webhook's `admin_graphql_api_id` (or numeric id), a refund's `order_id`. */
function orderIdOf(topic: string, payload: Record<string, unknown>): string | undefined {
  const numeric = topic === 'refunds/create' ? payload.order_id : payload.id;
  const gid = topic === 'refunds/create' ? undefined : payload.admin_graphql_api_id;
  if (typeof gid === 'string' && /^gid:\/\/shopify\/Order\/\d+$/.test(gid)) return gid;
  if (
    (typeof numeric === 'number' && Number.isSafeInteger(numeric) && numeric > 0) ||
    (typeof numeric === 'string' && /^\d{1,20}$/.test(numeric))
  )
    return `gid://shopify/Order/${numeric}`;
  return undefined;
}
