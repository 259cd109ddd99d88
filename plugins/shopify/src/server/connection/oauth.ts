import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { badRequest, DomainError, type TenantTransaction } from '@kits/plugin-sdk';
import { shopOrigin } from '../admin-api/index.ts';
import type { ShopifySettings } from '../settings.ts';

/** What the app asks the merchant to allow: catalog, stock, orders (read), locations and fulfilments (read). */
export const OAUTH_SCOPES = [
  'read_products',
  'write_products',
  'read_inventory',
  'write_inventory',
  'read_orders',
  'read_locations',
  'read_fulfillments',
] as const;

/** A store's permanent domain as Shopify gives it: `<name>.myshopify.com`, lower case. */
export const SHOP_DOMAIN_PATTERN = '^[a-z0-9][a-z0-9-]*\\.myshopify\\.com$';
const SHOP_DOMAIN = new RegExp(SHOP_DOMAIN_PATTERN);

/** How long the install may take between start and Shopify's redirect back. */
const STATE_MINUTES = 10;
/** How long KiTS waits for Shopify to exchange the code for a token. */
const EXCHANGE_TIMEOUT_MS = 15_000;

/** The app's credentials from the settings, or a 409 naming what to fill in. */
export function appCredentials(settings: ShopifySettings): { clientId: string; clientSecret: string } {
  if (!settings.appClientId || !settings.appClientSecret)
    throw new DomainError(
      'shopify.app_not_configured',
      409,
      'The Shopify app is not set up: fill in the appClientId and appClientSecret settings of the Shopify plugin (from the app in your Partner Dashboard, or Settings → Apps → Develop apps in your store).',
      { settings: ['appClientId', 'appClientSecret'] },
    );
  return { clientId: settings.appClientId, clientSecret: settings.appClientSecret };
}

/**
 * Starts the install: a random state bound to the tenant and the user, kept 10 minutes, and the
 * URL of the store's consent screen (offline access: no per-user grant option).
 */
export async function startOAuth(
  tx: TenantTransaction,
  settings: ShopifySettings,
  request: { shopDomain: string; redirectUri: string; userId: string },
): Promise<{ authorizeUrl: string }> {
  const { clientId } = appCredentials(settings);
  const state = randomBytes(24).toString('base64url');
  await tx.query('delete from shopify.oauth_states where expires_at < now()');
  await tx.query(
    `insert into shopify.oauth_states (tenant_id, state, user_id, shop_domain, redirect_uri, expires_at)
     values ($1, $2, $3, $4, $5, now() + make_interval(mins => $6))`,
    [tx.tenantId, state, request.userId, request.shopDomain, request.redirectUri, STATE_MINUTES],
  );
  const url = new URL('/admin/oauth/authorize', shopOrigin(request.shopDomain, settings.apiBase));
  url.searchParams.set('client_id', clientId);
  url.searchParams.set('scope', OAUTH_SCOPES.join(','));
  url.searchParams.set('redirect_uri', request.redirectUri);
  url.searchParams.set('state', state);
  return { authorizeUrl: url.toString() };
}

/**
 * Shopify's signature of its redirect: hex HMAC-SHA256, with the app secret, of the query without
 * `hmac` (and the legacy `signature`), its pairs sorted by name and joined `name=value&…`.
 * Compared in constant time.
 */
export function callbackHmacMatches(query: Readonly<Record<string, string>>, clientSecret: string): boolean {
  const given = query.hmac;
  if (typeof given !== 'string' || !/^[0-9a-f]{64}$/i.test(given)) return false;
  const message = Object.keys(query)
    .filter((key) => key !== 'hmac' && key !== 'signature')
    .sort()
    .map((key) => `${key}=${query[key]}`)
    .join('&');
  const expected = createHmac('sha256', clientSecret).update(message).digest();
  return timingSafeEqual(expected, Buffer.from(given, 'hex'));
}

/** The callback proven and its state spent: the shop, the code to exchange and where the install started. */
export interface ProvenCallback {
  readonly shopDomain: string;
  readonly code: string;
  readonly redirectUri: string;
}

/**
 * Checks Shopify's redirect as the office received it: the HMAC with the app secret, then the state
 * (issued to this tenant and user, unexpired, used once — it is spent here), then that the shop is
 * the one the install started for. Any failure is a 400 that leaves the state as it was.
 */
export async function proveCallback(
  tx: TenantTransaction,
  settings: ShopifySettings,
  query: Readonly<Record<string, string>>,
  userId: string,
): Promise<ProvenCallback> {
  const { clientSecret } = appCredentials(settings);
  if (!callbackHmacMatches(query, clientSecret))
    throw badRequest(
      'shopify.oauth_signature',
      "Shopify's signature (hmac) of this install callback does not match the appClientSecret setting: nothing was connected. Start the install again from KiTS.",
    );
  const { state, shop, code } = query;
  if (!state || !code || !shop)
    throw badRequest('shopify.oauth_incomplete', 'The install callback lacks its state, code or shop: start the install again from KiTS.');
  if (!SHOP_DOMAIN.test(shop))
    throw badRequest('shopify.oauth_wrong_shop', `"${shop}" is not a Shopify store domain (<name>.myshopify.com): nothing was connected.`);
  const [issued] = await tx.query<{ user_id: string; shop_domain: string; redirect_uri: string; live: boolean }>(
    'select user_id, shop_domain, redirect_uri, expires_at > now() as live from shopify.oauth_states where state = $1 for update',
    [state],
  );
  if (!issued || !issued.live || issued.user_id !== userId)
    throw badRequest(
      'shopify.oauth_state',
      'This install callback is not one KiTS is waiting for (already used, more than 10 minutes old, or started by someone else): start the install again.',
    );
  if (issued.shop_domain !== shop)
    throw badRequest(
      'shopify.oauth_wrong_shop',
      `The install was started for ${issued.shop_domain} but Shopify answered for ${shop}: nothing was connected. Start again with the right store.`,
    );
  await tx.query('delete from shopify.oauth_states where state = $1', [state]);
  return { shopDomain: shop, code, redirectUri: issued.redirect_uri };
}

/** Exchanges the callback's code for the store's offline access token (`POST /admin/oauth/access_token`). */
export async function exchangeCode(
  settings: ShopifySettings,
  shopDomain: string,
  code: string,
): Promise<{ accessToken: string; scopes: string[] }> {
  const { clientId, clientSecret } = appCredentials(settings);
  let response: Response;
  try {
    response = await fetch(new URL('/admin/oauth/access_token', shopOrigin(shopDomain, settings.apiBase)), {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ client_id: clientId, client_secret: clientSecret, code }),
      signal: AbortSignal.timeout(EXCHANGE_TIMEOUT_MS),
    });
  } catch (error) {
    throw new DomainError(
      'shopify.oauth_exchange_failed',
      502,
      `Shopify could not be reached to finish the install: ${(error as Error).message}`,
    );
  }
  const text = await response.text();
  let body: { access_token?: unknown; scope?: unknown; error_description?: unknown; errors?: unknown } = {};
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    // Shopify answers JSON; anything else is reported as it came.
  }
  if (!response.ok || typeof body.access_token !== 'string')
    throw new DomainError(
      'shopify.oauth_exchange_failed',
      502,
      `Shopify did not give an access token for the install (${response.status}: ${String(body.error_description ?? body.errors ?? text.slice(0, 200))}). Start the install again.`,
    );
  const scopes = typeof body.scope === 'string' ? body.scope.split(',').filter(Boolean) : [];
  return { accessToken: body.access_token, scopes };
}
