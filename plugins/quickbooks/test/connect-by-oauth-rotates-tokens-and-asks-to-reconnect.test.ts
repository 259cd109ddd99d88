import { AccountingNotConnectedError } from '@kits/plugin-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorize, connect, connection, DATABASE_KINDS, quickBooksKit, type QuickBooksKit } from './support.ts';

const API = '/api/v1/quickbooks';

// The merchant connects a QuickBooks company from the office (authorization code through Intuit's
// consent, here the double's), KiTS keeps both tokens sealed, renews the access token with the
// rotating refresh token (storing the new one every time), and when Intuit refuses a refresh the
// connection asks to be reconnected, with Intuit's words, until the merchant connects again.
describe.each(DATABASE_KINDS)('connecting QuickBooks by OAuth on %s', (db) => {
  let s: QuickBooksKit;
  const row = async () =>
    (
      await s.kit.kernel.db.query<{ status: string; access_token: string | null; refresh_token: string | null; reason: string | null }>(
        'select status, access_token, refresh_token, reason from quickbooks.connections where tenant_id = $1',
        [s.kit.tenant.id],
      )
    )[0];

  beforeAll(async () => {
    s = await quickBooksKit(db);
  });
  afterAll(async () => s?.close());

  it('is disconnected before anything is connected, and accounting@1 says how to connect', async () => {
    expect(await connection(s)).toMatchObject({ status: 'disconnected', companyName: null, reason: null });
    expect(await s.accounting.connection()).toMatchObject({ status: 'disconnected', companyName: null, currency: null });
    await expect(s.accounting.accounts()).rejects.toBeInstanceOf(AccountingNotConnectedError);
  });

  it('connects with the code Intuit sends back: the company named, its currency, both tokens sealed', async () => {
    const start = await s.kit.request<{ authorizeUrl: string }>('POST', `${API}/connection/oauth/start`, {
      body: { redirectUri: 'https://shop.example/office/quickbooks' },
    });
    expect(start.status).toBe(200);
    const url = new URL(start.body.authorizeUrl);
    expect(url.origin + url.pathname).toBe(s.qbo.authorizeUrl);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      client_id: s.settings.clientId,
      response_type: 'code',
      scope: 'com.intuit.quickbooks.accounting',
      redirect_uri: 'https://shop.example/office/quickbooks',
    });
    expect(url.searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{32}$/);

    await connect(s);
    expect(await connection(s)).toMatchObject({ status: 'connected', companyName: 'Front Street Goods', currency: 'EUR', reason: null });
    expect(await s.accounting.connection()).toEqual({
      status: 'connected',
      companyName: 'Front Street Goods',
      currency: 'EUR',
      reason: null,
    });
    const stored = (await row())!;
    const issued = s.qbo.oauth.issuedRefreshTokens.at(-1)!;
    expect(stored.refresh_token).not.toContain(issued);
    expect(stored.access_token).not.toMatch(/^eyJ/);
  });

  it('spends the state once: the same redirect again is refused and changes nothing', async () => {
    const redirect = await authorize(s);
    const first = await s.kit.request('POST', `${API}/connection/oauth/complete`, { body: redirect });
    expect(first.status).toBe(200);
    const before = await row();
    const again = await s.kit.request<{ code: string }>('POST', `${API}/connection/oauth/complete`, { body: redirect });
    expect(again.status).toBe(400);
    expect(again.body.code).toBe('quickbooks.oauth_state');
    expect(await row()).toEqual(before);
  });

  it('refuses a state older than ten minutes', async () => {
    const redirect = await authorize(s);
    await s.kit.kernel.db.query("update quickbooks.oauth_states set expires_at = now() - interval '1 second' where state = $1", [
      redirect.state,
    ]);
    const late = await s.kit.request<{ code: string }>('POST', `${API}/connection/oauth/complete`, { body: redirect });
    expect(late.status).toBe(400);
    expect(late.body.code).toBe('quickbooks.oauth_state');
  });

  it('renews an expired access token once with the refresh token, stores the rotated one, and the old one no longer works', async () => {
    const issuedBefore = s.qbo.oauth.issuedRefreshTokens.length;
    const sealedBefore = (await row())!.refresh_token;
    s.qbo.oauth.expireAccessTokens();
    const accounts = await s.accounting.accounts();
    expect(accounts.length).toBeGreaterThan(0);
    expect(s.qbo.oauth.issuedRefreshTokens.length).toBe(issuedBefore + 1);
    expect((await row())!.refresh_token).not.toBe(sealedBefore);

    // The refresh token used is gone at Intuit: sending it again is invalid_grant.
    const used = s.qbo.oauth.issuedRefreshTokens[issuedBefore - 1]!;
    const replay = await fetch(s.qbo.tokenUrl, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${s.settings.clientId}:${s.settings.clientSecret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: used }).toString(),
    });
    expect(replay.status).toBe(400);
    expect(await replay.json()).toEqual({ error: 'invalid_grant' });

    // And KiTS goes on with the new one: a second expiry renews again.
    s.qbo.oauth.expireAccessTokens();
    expect((await s.accounting.taxRates()).length).toBeGreaterThan(0);
    expect(s.qbo.oauth.issuedRefreshTokens.length).toBe(issuedBefore + 2);
    expect((await connection(s)).status).toBe('connected');
  });

  it('asks to reconnect, with Intuit’s words, when a refresh is refused; the tokens are forgotten', async () => {
    s.qbo.failNextWith('revoked');
    const failure = await s.accounting.accounts().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(AccountingNotConnectedError);
    expect((failure as AccountingNotConnectedError).reason).toContain('invalid_grant');
    const after = await connection(s);
    expect(after.status).toBe('reconnect_required');
    expect(after.reason).toContain('invalid_grant');
    expect(await s.accounting.connection()).toMatchObject({ status: 'reconnect_required', companyName: null });
    expect(await row()).toMatchObject({ status: 'reconnect_required', access_token: null, refresh_token: null });
    // Nothing more is sent to Intuit until the merchant reconnects.
    const refused = s.qbo.oauth.refusedRefreshes;
    await expect(s.accounting.taxRates()).rejects.toBeInstanceOf(AccountingNotConnectedError);
    expect(s.qbo.oauth.refusedRefreshes).toBe(refused);

    await connect(s);
    expect(await connection(s)).toMatchObject({ status: 'connected', reason: null });
    expect((await s.accounting.accounts()).length).toBeGreaterThan(0);
  });

  it('disconnects: the tokens are forgotten, accounting@1 is not connected, and a second disconnect is a 409', async () => {
    const gone = await s.kit.request<{ status: string; reason: string }>('DELETE', `${API}/connection`);
    expect(gone.status).toBe(200);
    expect(gone.body).toMatchObject({ status: 'disconnected', reason: 'Disconnected in KiTS.' });
    expect(await row()).toMatchObject({ status: 'disconnected', access_token: null, refresh_token: null });
    await expect(s.accounting.accounts()).rejects.toBeInstanceOf(AccountingNotConnectedError);
    const again = await s.kit.request<{ code: string }>('DELETE', `${API}/connection`);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('quickbooks.not_connected');
  });

  it('keeps every table behind row-level security', async () => {
    expect(await s.kit.tablesWithoutTenantIsolation()).toEqual([]);
  });
});
