import { createHmac, randomUUID } from 'node:crypto';

/**
 * Sends a webhook the way Shopify does: POST of the JSON body with `X-Shopify-Hmac-Sha256` =
 * base64 HMAC-SHA256 of the exact raw body with the app's client secret, and the topic, shop,
 * webhook id (the dedupe key), API version and trigger time in headers.
 */

export interface WebhookDelivery {
  url: string;
  topic: string;
  /** An object is sent as JSON; a string is sent as the raw body, byte for byte. */
  payload: unknown;
  secret: string;
  shopDomain: string;
  apiVersion: string;
  webhookId?: string;
}

export function webhookSignature(rawBody: string | Buffer, secret: string): string {
  return createHmac('sha256', secret).update(rawBody).digest('base64');
}

export async function sendSignedWebhook(delivery: WebhookDelivery): Promise<Response> {
  const body = typeof delivery.payload === 'string' ? delivery.payload : JSON.stringify(delivery.payload);
  return fetch(delivery.url, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'X-Shopify-Topic': delivery.topic,
      'X-Shopify-Hmac-Sha256': webhookSignature(body, delivery.secret),
      'X-Shopify-Shop-Domain': delivery.shopDomain,
      'X-Shopify-Webhook-Id': delivery.webhookId ?? randomUUID(),
      'X-Shopify-Event-Id': randomUUID(),
      'X-Shopify-API-Version': delivery.apiVersion,
      'X-Shopify-Triggered-At': new Date().toISOString(),
    },
    body,
  });
}

/** `orders/create` → `ORDERS_CREATE`, the GraphQL enum a subscription was made with. */
export function topicEnum(topic: string): string {
  return topic.replace(/\//g, '_').toUpperCase();
}
