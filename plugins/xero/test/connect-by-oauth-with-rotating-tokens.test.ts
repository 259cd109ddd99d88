import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveOnXero, connectXero, DATABASE_KINDS, xeroKit, type XeroKit } from './support.ts';

type View = { status: string; organisationName: string | null; currency: string | null; reason: string | null };
const connectionOf = async (s: XeroKit) => (await s.kit.request<View>('GET', '/api/v1/xero/connection')).body;

// Connecting an organisation by OAuth from the office's routes, Xero's refresh tokens rotating
// (each stored as it comes), a refused refresh asking for a reconnect, and disconnecting.
describe.each(DATABASE_KINDS)('xero connects by OAuth, rotates its tokens and asks for a reconnect when Xero refuses (%s)', (db) => {
  let s: XeroKit;
  beforeAll(async () => {
    s = await xeroKit(db);
  });
  afterAll(async () => s?.close());

  it('starts with Xero’s authorize URL: code flow, the scopes, a random state', async () => {
    const started = await s.kit.request<{ authorizeUrl: string }>('POST', '/api/v1/xero/connection/oauth/start', {
      body: { redirectUri: 'http://kits.test/office/xero/connect' },
    });
    const url = new URL(started.body.authorizeUrl);
    expect(`${url.origin}${url.pathname}`).toBe(s.settings.authorizeUrl);
    expect(url.searchParams.get('response_type')).toBe('code');
    expect(url.searchParams.get('scope')).toBe('openid profile email accounting.transactions accounting.settings offline_access');
    expect(url.searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{32}$/);
  });

  it('a state used once, or never issued, is refused and connects nothing', async () => {
    const refused = await s.kit.request<{ code: string }>('POST', '/api/v1/xero/connection/oauth/complete', {
      body: { code: 'abc', state: 'never-issued-state-0123456789' },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe('xero.oauth_state');
    expect((await connectionOf(s)).status).toBe('not_connected');
  });

  it('completes: the organisation and base currency from Xero, tokens sealed (never answered)', async () => {
    const { code, state } = await approveOnXero(s);
    const done = await s.kit.request<View>('POST', '/api/v1/xero/connection/oauth/complete', { body: { code, state } });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'connected', organisationName: 'Harbour Books Ltd', currency: 'EUR', reason: null });
    expect(JSON.stringify(done.body)).not.toMatch(/eyJ|refresh/i);
    const again = await s.kit.request<{ code: string }>('POST', '/api/v1/xero/connection/oauth/complete', { body: { code, state } });
    expect(again.status).toBe(400);
    expect(again.body.code).toBe('xero.oauth_state');
  });

  it('an expired access token is refreshed; the rotated refresh token is the one used next time', async () => {
    s.xero.identity.expireAccessTokens();
    expect((await s.accounting.accounts()).length).toBeGreaterThan(5);
    expect(s.xero.identity.refreshes).toBe(1);
    s.xero.identity.expireAccessTokens();
    expect((await s.accounting.taxRates()).length).toBeGreaterThan(2);
    // The double refuses a refresh token used twice: a second success means the new one was stored.
    expect(s.xero.identity.refreshes).toBe(2);
    expect((await connectionOf(s)).status).toBe('connected');
  });

  it('a refused refresh marks the connection reconnect_required with Xero’s words, and reconnecting clears it', async () => {
    s.xero.identity.expireAccessTokens();
    s.xero.identity.refuseRefresh = true;
    await expect(s.accounting.accounts()).rejects.toMatchObject({ name: 'AccountingNotConnectedError' });
    const view = await connectionOf(s);
    expect(view).toMatchObject({ status: 'reconnect_required', organisationName: 'Harbour Books Ltd' });
    expect(view.reason).toContain('invalid_grant');
    await expect(s.accounting.taxRates()).rejects.toMatchObject({ name: 'AccountingNotConnectedError' });
    await connectXero(s);
    expect(await connectionOf(s)).toMatchObject({ status: 'connected', reason: null });
    expect((await s.accounting.accounts()).length).toBeGreaterThan(5);
  });

  it('disconnect forgets the tokens; a second disconnect is a 409', async () => {
    const done = await s.kit.request<View>('DELETE', '/api/v1/xero/connection');
    expect(done.body).toMatchObject({ status: 'disconnected', reason: 'Disconnected in KiTS.' });
    await expect(s.accounting.accounts()).rejects.toMatchObject({ name: 'AccountingNotConnectedError' });
    const again = await s.kit.request<{ code: string }>('DELETE', '/api/v1/xero/connection');
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('xero.not_connected');
  });

  it('every tenant table is under row-level security', async () => {
    expect(await s.kit.tablesWithoutTenantIsolation()).toEqual([]);
  });
});
