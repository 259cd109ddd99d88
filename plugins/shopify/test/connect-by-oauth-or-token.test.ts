import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_SECRET, connectByToken, DATABASE_KINDS, SHOP_DOMAIN, shopifyKit, webhookPath, type ShopifyKit } from './support.ts';

interface Connection {
  status: string;
  shopDomain: string | null;
  shopName: string | null;
  mode: string | null;
  scopes: string[];
  currency: string | null;
  disconnectedReason: string | null;
  webhookPath: string;
  webhookTopics: string[];
  appConfigured: boolean;
}

/** The connection row as stored (read as the kernel). */
async function stored(s: ShopifyKit) {
  const [row] = await s.kit.kernel.db.query<{ status: string; access_token: string | null; mode: string }>(
    'select status, access_token, mode from shopify.connections where tenant_id = $1',
    [s.kit.tenant.id],
  );
  return row;
}

/** Where Shopify sends the merchant back: the office page on the kernel (its origin is where webhooks are subscribed). */
const redirectOf = (s: ShopifyKit) => `${s.url}/office/shopify/connect`;

/** Starts the install and follows the double's consent redirect: the callback query the office page receives. */
async function installCallback(s: ShopifyKit, shopDomain = SHOP_DOMAIN): Promise<Record<string, string>> {
  const start = await s.kit.request<{ authorizeUrl: string }>('POST', '/api/v1/shopify/connection/oauth/start', {
    body: { shopDomain, redirectUri: redirectOf(s) },
  });
  expect(start.status).toBe(200);
  const consent = await fetch(start.body.authorizeUrl, { redirect: 'manual' });
  expect(consent.status).toBe(302);
  const back = new URL(consent.headers.get('location')!);
  expect(back.origin + back.pathname).toBe(redirectOf(s));
  return Object.fromEntries(back.searchParams);
}

const complete = (s: ShopifyKit, query: Record<string, string>) =>
  s.kit.request<Connection & { code?: string }>('POST', '/api/v1/shopify/connection/oauth/complete', { body: { query } });

/** The callback signed again with the app secret after a change (so only the change is wrong). */
function resigned(query: Record<string, string>, change: Record<string, string>): Record<string, string> {
  const next: Record<string, string> = { ...query, ...change };
  delete next.hmac;
  const message = Object.keys(next)
    .sort()
    .map((k) => `${k}=${next[k]}`)
    .join('&');
  return { ...next, hmac: createHmac('sha256', CLIENT_SECRET).update(message).digest('hex') };
}

describe.each(DATABASE_KINDS)('connecting a Shopify store on %s', (db) => {
  let s: ShopifyKit;
  beforeAll(async () => {
    s = await shopifyKit(db);
  });
  afterAll(async () => s?.close());

  it('every table of the plugin is isolated per tenant', async () => {
    expect((await s.kit.tablesWithoutTenantIsolation()).filter((t) => t.startsWith('shopify.'))).toEqual([]);
  });

  it('before connecting, the connection says so and names the webhook path', async () => {
    const response = await s.kit.request<Connection>('GET', '/api/v1/shopify/connection');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      status: 'not_connected',
      shopDomain: null,
      appConfigured: true,
      webhookPath: webhookPath(s.kit.tenant.id),
    });
  });

  it('a tampered callback (bad HMAC) is refused and connects nothing; the state is still good for the real callback', async () => {
    const query = await installCallback(s);
    for (const bad of [
      { ...query, timestamp: String(Number(query.timestamp) + 1) },
      { ...query, hmac: '0'.repeat(64) },
      { ...query, hmac: 'not-hex' },
      Object.fromEntries(Object.entries(query).filter(([k]) => k !== 'hmac')),
    ]) {
      const refused = await complete(s, bad);
      expect(refused.status).toBe(400);
      expect(refused.body.code).toBe('shopify.oauth_signature');
      expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    }
    expect(await stored(s)).toBeUndefined();

    const connected = await complete(s, query);
    expect(connected.status).toBe(200);
    expect(connected.body).toMatchObject({ status: 'connected', shopDomain: SHOP_DOMAIN, mode: 'oauth', currency: 'EUR' });
    expect(connected.body.scopes).toContain('write_inventory');
    expect(JSON.stringify(connected.body)).not.toMatch(/shp[a-z]{2}_/);
    // The token is stored sealed, never as Shopify gave it.
    const row = await stored(s);
    expect(row).toMatchObject({ status: 'connected', mode: 'oauth' });
    expect(row!.access_token).not.toMatch(/shp[a-z]{2}_/);
    // Every topic is subscribed at the origin of the redirect URI.
    expect(connected.body.webhookTopics).toEqual(
      expect.arrayContaining([
        'ORDERS_CREATE',
        'ORDERS_CANCELLED',
        'ORDERS_FULFILLED',
        'REFUNDS_CREATE',
        'APP_UNINSTALLED',
        'PRODUCTS_UPDATE',
      ]),
    );
    expect(s.shop.subscriptions.map((x) => x.callbackUrl)).toContain(s.webhookUrl);
  });

  it('a callback replayed (its state used), an expired state or another store is refused and changes nothing', async () => {
    const first = await installCallback(s);
    expect((await complete(s, first)).status).toBe(200);
    const replayed = await complete(s, first);
    expect(replayed.status).toBe(400);
    expect(replayed.body.code).toBe('shopify.oauth_state');

    const late = await installCallback(s);
    await s.kit.kernel.db.query(`update shopify.oauth_states set expires_at = now() - interval '1 second' where state = $1`, [late.state]);
    const expired = await complete(s, late);
    expect(expired.status).toBe(400);
    expect(expired.body.code).toBe('shopify.oauth_state');

    const unknown = await complete(s, resigned(first, { state: 'made-up-state' }));
    expect(unknown.status).toBe(400);
    expect(unknown.body.code).toBe('shopify.oauth_state');

    // Started for another store; the double answers for its own: the shop does not match.
    const other = await installCallback(s, 'someone-else.myshopify.com');
    const wrongShop = await complete(s, other);
    expect(wrongShop.status).toBe(400);
    expect(wrongShop.body.code).toBe('shopify.oauth_wrong_shop');
    const malformedShop = await complete(s, resigned(other, { shop: 'evil.example.com' }));
    expect(malformedShop.status).toBe(400);
    expect(malformedShop.body.code).toBe('shopify.oauth_wrong_shop');

    expect(await stored(s)).toMatchObject({ status: 'connected', mode: 'oauth' });
  });

  it('bad input to the install routes is a 400 problem that stores nothing', async () => {
    const states = async () => Number((await s.kit.kernel.db.query<{ n: string }>('select count(*) as n from shopify.oauth_states'))[0]!.n);
    const before = await states();
    for (const body of [
      { shopDomain: 'kits-test.example.com', redirectUri: redirectOf(s) },
      { shopDomain: 'KITS-TEST.myshopify.com', redirectUri: redirectOf(s) },
      { shopDomain: SHOP_DOMAIN, redirectUri: 'javascript:alert(1)' },
      { shopDomain: SHOP_DOMAIN },
      { shopDomain: SHOP_DOMAIN, redirectUri: redirectOf(s), extra: 1 },
    ]) {
      const response = await s.kit.request('POST', '/api/v1/shopify/connection/oauth/start', { body });
      expect(response.status).toBe(400);
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    }
    for (const body of [{}, { query: 'code=1' }, { query: { code: 1 } }]) {
      const response = await s.kit.request('POST', '/api/v1/shopify/connection/oauth/complete', { body });
      expect(response.status).toBe(400);
    }
    expect(await states()).toBe(before);
  });

  it("a custom app's token is checked with Shopify before it is stored; a refused or malformed one changes nothing", async () => {
    const revoked = s.shop.issueAccessToken();
    s.shop.revokeToken(revoked);
    const before = await stored(s);
    const refused = await s.kit.request<{ code: string }>('POST', '/api/v1/shopify/connection/token', {
      body: { shopDomain: SHOP_DOMAIN, accessToken: revoked },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe('shopify.token_rejected');
    for (const body of [
      { shopDomain: SHOP_DOMAIN, accessToken: 'not-a-token' },
      { shopDomain: 'nope', accessToken: s.shop.issueAccessToken() },
      { accessToken: s.shop.issueAccessToken() },
      { shopDomain: SHOP_DOMAIN, accessToken: s.shop.issueAccessToken(), publicUrl: 'ftp://x' },
    ]) {
      const response = await s.kit.request('POST', '/api/v1/shopify/connection/token', { body });
      expect(response.status).toBe(400);
    }
    expect(await stored(s)).toEqual(before);

    await connectByToken(s);
    const connection = await s.kit.request<Connection>('GET', '/api/v1/shopify/connection');
    expect(connection.body).toMatchObject({ status: 'connected', mode: 'token', shopDomain: SHOP_DOMAIN, shopName: 'kits-test' });
    expect(s.shop.subscriptions.filter((x) => x.callbackUrl === s.webhookUrl).map((x) => x.topic)).toEqual(
      expect.arrayContaining(['orders/create', 'app/uninstalled']),
    );
  });

  it('the app uninstalled on Shopify disconnects the store (token forgotten, reason shown); a replay changes nothing more', async () => {
    const payload = s.shop.webhookPayload('app/uninstalled');
    const [delivered] = await s.shop.deliverSubscribedWebhooks('app/uninstalled', payload, { webhookId: 'uninstall-1' });
    expect(delivered!.status).toBe(200);
    expect(await delivered!.json()).toMatchObject({ outcome: 'applied' });
    const connection = await s.kit.request<Connection>('GET', '/api/v1/shopify/connection');
    expect(connection.body).toMatchObject({ status: 'disconnected' });
    expect(connection.body.disconnectedReason).toMatch(/uninstalled/);
    expect((await stored(s))!.access_token).toBeNull();

    const again = await s.shop.sendWebhook('app/uninstalled', payload, { url: s.webhookUrl, webhookId: 'uninstall-1' });
    expect(await again.json()).toMatchObject({ outcome: 'duplicate' });
  });

  it('disconnecting forgets the token; disconnecting what is not connected is a 409', async () => {
    // Connected again to the same address: the webhooks Shopify holds already are no failure.
    await connectByToken(s);
    const status = await s.kit.request<{ failures: Array<{ area: string; target: string }> }>('GET', '/api/v1/shopify/sync/status');
    expect(status.body.failures.filter((failure) => failure.area === 'connection')).toEqual([]);
    const gone = await s.kit.request<Connection>('DELETE', '/api/v1/shopify/connection');
    expect(gone.status).toBe(200);
    expect(gone.body).toMatchObject({ status: 'disconnected', disconnectedReason: 'Disconnected in KiTS.' });
    expect((await stored(s))!.access_token).toBeNull();
    const again = await s.kit.request<{ code: string }>('DELETE', '/api/v1/shopify/connection');
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('shopify.not_connected');
  });
});
