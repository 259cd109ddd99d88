import { conflict, Nullable, Type, type RouteRegistrar, type TenantTransaction } from '@kits/plugin-sdk';
import { openAdminApi } from '../admin-api/index.ts';
import { beginOrderIntake } from '../orders/order-polls.ts';
import type { ShopifySettings } from '../settings.ts';
import { disconnect, readConnection, saveConnection } from './connection-store.ts';
import { exchangeCode, proveCallback, SHOP_DOMAIN_PATTERN, startOAuth } from './oauth.ts';
import { checkShop } from './shop-check.ts';
import { subscribeWebhooks, webhookPath } from './webhook-subscriptions.ts';

const ShopDomain = Type.String({
  pattern: SHOP_DOMAIN_PATTERN,
  maxLength: 255,
  description: "The store's permanent domain, <name>.myshopify.com (Settings → Domains in Shopify), lower case",
});
/** An absolute http(s) URL (where Shopify sends the merchant back, or reaches this server). */
const publicUrl = (description: string) => Type.String({ pattern: '^https?://[^\\s/?#]+(/[^\\s]*)?$', maxLength: 500, description });

const Connection = Type.Object({
  status: Type.Union([Type.Literal('not_connected'), Type.Literal('connected'), Type.Literal('disconnected')]),
  shopDomain: Nullable(Type.String()),
  shopName: Nullable(Type.String()),
  mode: Nullable(Type.Union([Type.Literal('oauth'), Type.Literal('token')])),
  scopes: Type.Array(Type.String()),
  currency: Nullable(Type.String()),
  connectedAt: Nullable(Type.String({ format: 'date-time' })),
  disconnectedReason: Nullable(Type.String()),
  webhookPath: Type.String({ description: 'The path Shopify sends webhooks to (after this server’s public address)' }),
  webhookTopics: Type.Array(Type.String(), {
    description: 'Topics subscribed on connecting (empty: webhooks not subscribed, polling only)',
  }),
  appConfigured: Type.Boolean({
    description: 'Whether appClientId and appClientSecret are set (the OAuth install and webhook checks need them)',
  }),
});

/** The connection as the office shows it; the token is never answered. */
async function connectionView(tx: TenantTransaction, settings: ShopifySettings) {
  const row = await readConnection(tx);
  return {
    status: row?.status ?? ('not_connected' as const),
    shopDomain: row?.shopDomain ?? null,
    shopName: row?.shopName ?? null,
    mode: row?.mode ?? null,
    scopes: [...(row?.scopes ?? [])],
    currency: row?.currency ?? null,
    connectedAt: row?.connectedAt ?? null,
    disconnectedReason: row?.disconnectedReason ?? null,
    webhookPath: webhookPath(tx.tenantId),
    webhookTopics: [...(row?.webhookTopics ?? [])],
    appConfigured: Boolean(settings.appClientId && settings.appClientSecret),
  };
}

/** Subscribes webhooks at `origin` when one is known; the connection works without them (polling). */
async function subscribeAt(tx: TenantTransaction, settings: ShopifySettings, origin: string | undefined): Promise<void> {
  if (!origin) return;
  const api = await openAdminApi(tx, settings);
  if (api) await subscribeWebhooks(tx, api, `${origin}${webhookPath(tx.tenantId)}`);
}

/** The origin Shopify reaches this server at, from a URL the caller gave or the browser's Origin header. */
function originOf(url: string | undefined, headers: Readonly<Record<string, string | string[] | undefined>>): string | undefined {
  if (url) return new URL(url).origin;
  const header = headers.origin;
  return typeof header === 'string' && /^https?:\/\/[^\s/]+$/.test(header) ? header : undefined;
}

export function registerConnectionRoutes(routes: RouteRegistrar<ShopifySettings>): void {
  routes.get('/connection', {
    permission: 'shopify:view',
    schema: { summary: 'The Shopify store connection', tags: ['shopify'], response: { 200: Connection } },
    handler: async ({ tx, settings }) => connectionView(tx, settings),
  });

  routes.post('/connection/oauth/start', {
    permission: 'shopify:manage',
    schema: {
      summary: "Starts installing the app on a store: answers the store's consent URL to send the merchant to",
      tags: ['shopify'],
      body: Type.Object(
        {
          shopDomain: ShopDomain,
          redirectUri: publicUrl(
            'Where Shopify sends the merchant back (the office page /office/shopify/connect); must be an allowed redirect URL of the app',
          ),
        },
        { additionalProperties: false },
      ),
      response: { 200: Type.Object({ authorizeUrl: Type.String() }) },
    },
    handler: async ({ tx, settings, body, actor }) =>
      startOAuth(tx, settings, { shopDomain: body.shopDomain, redirectUri: body.redirectUri, userId: actor.id }),
  });

  routes.post('/connection/oauth/complete', {
    permission: 'shopify:manage',
    schema: {
      summary: "Finishes the install with Shopify's redirect query: verified, the token exchanged, sealed and stored, webhooks subscribed",
      tags: ['shopify'],
      body: Type.Object(
        {
          query: Type.Record(Type.String({ maxLength: 64 }), Type.String({ maxLength: 2000 }), {
            description: 'The query of the redirect, as it arrived (code, hmac, host, shop, state, timestamp)',
            maxProperties: 20,
          }),
        },
        { additionalProperties: false },
      ),
      response: { 200: Connection },
    },
    handler: async ({ tx, settings, body, actor }) => {
      const proven = await proveCallback(tx, settings, body.query, actor.id);
      const token = await exchangeCode(settings, proven.shopDomain, proven.code);
      const shop = await checkShop(settings, proven.shopDomain, token.accessToken);
      await saveConnection(tx, {
        shopDomain: proven.shopDomain,
        shopName: shop.name,
        mode: 'oauth',
        accessToken: token.accessToken,
        scopes: token.scopes,
        currency: shop.currency,
      });
      await beginOrderIntake(tx);
      await subscribeAt(tx, settings, new URL(proven.redirectUri).origin);
      await tx.audit('shopify.connected', { shopDomain: proven.shopDomain, mode: 'oauth', scopes: token.scopes });
      return connectionView(tx, settings);
    },
  });

  routes.post('/connection/token', {
    permission: 'shopify:manage',
    schema: {
      summary: "Connects a store with its custom app's Admin API access token (checked with Shopify before it is stored)",
      tags: ['shopify'],
      body: Type.Object(
        {
          shopDomain: ShopDomain,
          accessToken: Type.String({
            pattern: '^shp[a-z]{2}_[A-Za-z0-9]{16,}$',
            maxLength: 200,
            description: "The custom app's Admin API access token (shpat_…)",
          }),
          publicUrl: Type.Optional(
            publicUrl("This server's address as Shopify reaches it, for the webhooks (by default the office's own origin)"),
          ),
        },
        { additionalProperties: false },
      ),
      response: { 200: Connection },
    },
    handler: async ({ tx, settings, body, headers }) => {
      const shop = await checkShop(settings, body.shopDomain, body.accessToken);
      await saveConnection(tx, {
        shopDomain: body.shopDomain,
        shopName: shop.name,
        mode: 'token',
        accessToken: body.accessToken,
        scopes: [],
        currency: shop.currency,
      });
      await beginOrderIntake(tx);
      // Webhooks are signed with the app's secret: without it, deliveries could not be checked, so none are asked for.
      if (settings.appClientSecret) await subscribeAt(tx, settings, originOf(body.publicUrl, headers));
      await tx.audit('shopify.connected', { shopDomain: body.shopDomain, mode: 'token' });
      return connectionView(tx, settings);
    },
  });

  routes.delete('/connection', {
    permission: 'shopify:manage',
    schema: { summary: 'Disconnects the store: the token is forgotten, syncing stops', tags: ['shopify'], response: { 200: Connection } },
    handler: async ({ tx, settings }) => {
      const row = await readConnection(tx);
      if (!row || row.status !== 'connected') throw conflict('shopify.not_connected', 'No Shopify store is connected.');
      await disconnect(tx, 'Disconnected in KiTS.');
      await tx.audit('shopify.disconnected', { shopDomain: row.shopDomain });
      return connectionView(tx, settings);
    },
  });
}
