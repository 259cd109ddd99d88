import type { Connection } from '../shopify-api.ts';

/** The webhook topics KiTS takes from Shopify, as Shopify's GraphQL names them (the server subscribes these). */
export const WEBHOOK_TOPICS = [
  'ORDERS_CREATE',
  'ORDERS_CANCELLED',
  'ORDERS_FULFILLED',
  'REFUNDS_CREATE',
  'PRODUCTS_UPDATE',
  'APP_UNINSTALLED',
] as const;

/** A topic as Shopify's admin and its webhook headers spell it: `ORDERS_CREATE` → `orders/create`. */
export const topicName = (topic: string): string => topic.toLowerCase().replace('_', '/');

/** How the store was connected, in a merchant's words. */
export function modeText(mode: Connection['mode']): string {
  return mode === 'oauth' ? 'The KiTS app installed on the store' : mode === 'token' ? 'A custom app’s Admin API token' : '—';
}

/** Why KiTS lost the connection: the server's sentence, or a plain one when it gave none. */
export const disconnectedText = (reason: string | null): string => reason ?? 'The store is not connected any more.';

/** The plugin's settings page, where the app's client ID and secret go (the kernel's marketplace page of the plugin). */
export const settingsHref = (pluginId: string): string => `/office/marketplace/${pluginId}`;
