/**
 * The Shopify Admin API version every call names (`/admin/api/<version>/graphql.json`). Shopify
 * supports a stable version for twelve months: moving to a newer one is a deliberate change,
 * checked against the double's SDL and the release notes, never a floating "latest".
 */
export const SHOPIFY_API_VERSION = '2025-10';
