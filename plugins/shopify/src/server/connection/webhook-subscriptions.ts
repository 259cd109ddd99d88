import type { TenantTransaction } from '@kits/plugin-sdk';
import { ShopifyUserErrors, shopifySays, type AdminApi } from '../admin-api/index.ts';
import { recordFailure, resolveFailures, retriesAsked, retryTakenUp } from '../sync-status/failures.ts';
import { readConnection, saveWebhookSubscriptions } from './connection-store.ts';

/** The topics KiTS subscribes to on connecting (Shopify's WebhookSubscriptionTopic values). */
export const WEBHOOK_TOPICS = [
  'ORDERS_CREATE',
  'ORDERS_CANCELLED',
  'ORDERS_FULFILLED',
  'REFUNDS_CREATE',
  'APP_UNINSTALLED',
  'PRODUCTS_UPDATE',
] as const;

const SUBSCRIBE = /* GraphQL */ `
  mutation KitsSubscribe($topic: WebhookSubscriptionTopic!, $webhookSubscription: WebhookSubscriptionInput!) {
    webhookSubscriptionCreate(topic: $topic, webhookSubscription: $webhookSubscription) {
      webhookSubscription {
        id
        topic
      }
      userErrors {
        field
        message
      }
    }
  }
`;

/** The path Shopify's webhooks for a tenant arrive at (after the kernel's public address). */
export const webhookPath = (tenantId: string) => `/webhooks/shopify/${tenantId}/events`;

/**
 * Subscribes the store's webhooks to `callbackUrl`. A topic Shopify refuses does not undo the
 * connection (polling still brings orders in within a minute): it is recorded as a sync failure
 * with Shopify's message, and the topics that worked are kept on the connection.
 */
export async function subscribeWebhooks(tx: TenantTransaction, api: AdminApi, callbackUrl: string): Promise<string[]> {
  const subscribed = await subscribeTopics(tx, api, callbackUrl, WEBHOOK_TOPICS);
  await saveWebhookSubscriptions(tx, callbackUrl, subscribed);
  return subscribed;
}

/** Subscribes each topic; answers those Shopify took (a refusal is a sync failure of the connection, `webhook <TOPIC>`). */
async function subscribeTopics(tx: TenantTransaction, api: AdminApi, callbackUrl: string, topics: readonly string[]): Promise<string[]> {
  const subscribed: string[] = [];
  for (const topic of topics) {
    try {
      // `uri` is 2025-10's field for the endpoint (callbackUrl is deprecated there).
      await tx.savepoint(() => api.graphql(SUBSCRIBE, { topic, webhookSubscription: { uri: callbackUrl, format: 'JSON' } }));
      await resolveFailures(tx, 'connection', [`webhook ${topic}`]);
      subscribed.push(topic);
    } catch (error) {
      if (alreadySubscribed(error)) {
        await resolveFailures(tx, 'connection', [`webhook ${topic}`]);
        subscribed.push(topic);
        continue;
      }
      const said = shopifySays(error);
      await recordFailure(tx, { area: 'connection', target: `webhook ${topic}`, message: said.message, shopifyCode: said.code });
    }
  }
  return subscribed;
}

/**
 * Shopify refuses a second subscription of a topic to the same address ("Address for this topic has
 * already been taken"): on connecting again, that topic is subscribed already.
 */
const alreadySubscribed = (error: unknown): boolean =>
  error instanceof ShopifyUserErrors &&
  error.userErrors.length > 0 &&
  error.userErrors.every((userError) => /already been taken/i.test(userError.message));

/**
 * The office asked to retry a topic Shopify refused on connecting: subscribed again at the
 * connection's callback URL (the job of the connection area takes these up).
 */
export async function retrySubscriptions(tx: TenantTransaction, api: AdminApi): Promise<void> {
  const asked = (await retriesAsked(tx, 'connection')).filter((a) => a.target.startsWith('webhook '));
  if (asked.length === 0) return;
  await retryTakenUp(
    tx,
    asked.map((a) => a.failureId),
  );
  const connection = await readConnection(tx);
  if (!connection?.webhookCallbackUrl) return;
  const topics = asked.map((a) => a.target.slice('webhook '.length)).filter((t) => (WEBHOOK_TOPICS as readonly string[]).includes(t));
  const subscribed = await subscribeTopics(tx, api, connection.webhookCallbackUrl, topics);
  await saveWebhookSubscriptions(tx, connection.webhookCallbackUrl, [...new Set([...connection.webhookTopics, ...subscribed])]);
}
