/**
 * The store's Admin GraphQL API through the official client (`shopify-api-node`), within its cost
 * budget, with Shopify's refusals as typed errors. Every area of the plugin calls Shopify through here.
 */
export { createShopifyClient, shopOrigin, type ShopifyClientOptions } from './client.ts';
export { adminGraphql, type AdminCallOptions } from './graphql.ts';
export {
  ShopifyAuthError,
  ShopifyRequestError,
  ShopifyThrottledError,
  ShopifyUserErrors,
  shopifySays,
  type ShopifyUserError,
} from './errors.ts';
export { markTokenRefused, openAdminApi, type AdminApi } from './open-admin-api.ts';
